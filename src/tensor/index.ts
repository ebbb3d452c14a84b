// The tensor layer: a row-major Float64Array matrix and its operations.
export { Matrix, isMatrix, zeros, ones, full, zerosLike, eye, matrix, column, row, linspace, arange, reshape } from "./matrix";
export type { Operand } from "./matrix";
export {
  broadcastShape, zipWith, add, sub, mul, div, maximum, minimum, pow, less, greater, map,
  exp, log, sqrt, abs, tanh, square, neg, sign, scale, clip,
} from "./ops";
export { matmul, matmulTransA, matmulTransB, transpose, dot, norm, vectorNorm } from "./linalg";
export { sum, mean, variance, max, min, argmax } from "./reduce";
export { sliceCols, sliceRows, gatherCols, gatherRows, col, hstack, vstack } from "./slice";
export { allclose, arrayEqual, maxAbsDiff } from "./compare";
export type { Tolerance } from "./compare";
export { eigh, eigvalsh, type Eigen, type EighOptions } from "./eigen";
export { formatMatrix, formatNumber, makeFormatter } from "./format";
export type { FormatOptions } from "./format";
