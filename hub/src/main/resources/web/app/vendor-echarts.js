// ECharts (Apache-2.0), from its WebJar at the version of the root pom: the charts of the reports. A module of its
// own, as vendor.js is uPlot's, so a page loads only the library it draws with.
export * as echarts from '/webjars/echarts/@echarts.version@/dist/echarts.esm.min.js';
