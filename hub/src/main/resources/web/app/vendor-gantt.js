// frappe-gantt (MIT), vendored: no WebJar of it resolves from Maven Central. Its published ES module, stylesheet and
// licence are in /vendor/frappe-gantt/ (hub/scripts/vendor-frappe-gantt.sh refreshes them).
export { default as Gantt } from '/vendor/frappe-gantt/frappe-gantt.es.js';
