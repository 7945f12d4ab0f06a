// uPlot's import, with its WebJar version (the build fills it in from the root pom); vendor-<library>.js for the
// others, one module each so a page loads only what it draws with. Pages import libraries from these modules, not
// from /webjars directly: there is no import map, because the hub's Content-Security-Policy allows no inline script.
export { default as uPlot } from '/webjars/uplot/@uplot.version@/dist/uPlot.esm.js';
