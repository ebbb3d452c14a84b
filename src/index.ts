// descent: the learner's API. Everything a lesson imports comes from here,
// bottom layer first. The tools that drive Jupyter and grade notebooks are
// separate entries: `descent/jupyter` (src/jupyter) and `descent/grading`
// (src/grading).

// --- bottom: matrices (with symmetric eigenvalues) and random numbers
export * from "./tensor";
export { pairwiseSum } from "./tensor/pairwise";
export type { Params } from "./tensor/params";
export { getThreads, setThreads } from "./tensor/parallel";
export { fusedMultiplyAdd, setFusedMultiplyAdd } from "./tensor/wasm/runtime";
export { RandomState, seed, type RandomStateJSON } from "./random";
export { ShapeError, ValueError } from "./errors";

// --- the math: averages, optimizers (with schedules and clipping), networks,
// gradient checking, data, hyperparameter search, classification metrics, and
// test surfaces to run optimizers on
export * from "./ema";
export * from "./optim";
export * from "./optim/schedules";
export * from "./optim/clip";
export * from "./nn";
export * from "./nn/init";
export * from "./nn/minibatch";
export * from "./gradcheck";
export * from "./data";
export * from "./search";
export * from "./metrics";
export * from "./surfaces";

// --- top: plots and what a cell shows
export * as plot from "./plot";
export { Figure, lines, scatter, contour, decisionBoundary, histogram, subplots, show, overlay } from "./plot";
export * from "./cell";
