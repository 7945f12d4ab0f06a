// The one place that names the front-end libraries and their WebJar versions (the build fills them in from the root
// pom). Pages import libraries from here, not from /webjars directly: there is no import map, because the hub's
// Content-Security-Policy allows no inline script.
export { default as uPlot } from '/webjars/uplot/@uplot.version@/dist/uPlot.esm.js';
