// Tabulator (MIT), from its WebJar at the version of the root pom: the planner's grid.
export { TabulatorFull as Tabulator } from '/webjars/tabulator-tables/@tabulator.version@/dist/js/tabulator_esm.min.js';
