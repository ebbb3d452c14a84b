export * from "./search";
export { ResultTable, trialsTable, distinctValues, gridScores, formatCell, type TrialsTableOptions } from "./table";
