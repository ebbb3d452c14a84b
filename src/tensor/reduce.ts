// Reductions over all entries or along one axis. Results along an axis keep
// two dimensions (numpy's keepdims=True), since the lessons always broadcast
// them back: `db = 1/m · sum(dZ, axis=1)` is n x 1, a column.
import { checkMatrix, kindOf, ValueError } from "../errors";
import { Matrix } from "./matrix";
import { maxOf, minOf } from "./ops";

function checkAxis(op: string, axis: unknown): asserts axis is 0 | 1 {
  if (axis !== 0 && axis !== 1) throw new ValueError(`${op}: axis must be 0 or 1, got ${typeof axis === "number" ? String(axis) : kindOf(axis)}`);
}

/** Σ of all entries; with `axis = 0` the 1 x cols column sums, with `axis = 1` the rows x 1 row sums. */
export function sum(a: Matrix): number;
export function sum(a: Matrix, axis: 0 | 1): Matrix;
export function sum(a: Matrix, axis?: 0 | 1): number | Matrix {
  checkMatrix("sum", "first argument", a);
  const d = a.data, rows = a.rows, cols = a.cols;
  if (axis === undefined) {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += d[k]!;
    return s;
  }
  checkAxis("sum", axis);
  if (axis === 0) {
    const out = new Matrix(1, cols);
    const o = out.data;
    for (let i = 0; i < rows; i++) for (let j = 0, k = i * cols; j < cols; j++, k++) o[j] += d[k]!;
    return out;
  }
  const out = new Matrix(rows, 1);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = i * cols, e = k + cols; k < e; k++) s += d[k]!;
    out.data[i] = s;
  }
  return out;
}

/** Mean of all entries, or along an axis (kept as a row or column). */
export function mean(a: Matrix): number;
export function mean(a: Matrix, axis: 0 | 1): Matrix;
export function mean(a: Matrix, axis?: 0 | 1): number | Matrix {
  checkMatrix("mean", "first argument", a);
  if (axis === undefined) {
    if (a.size === 0) throw new ValueError("mean: the matrix is empty");
    return sum(a) / a.size;
  }
  checkAxis("mean", axis);
  const n = axis === 0 ? a.rows : a.cols;
  if (n === 0) throw new ValueError(`mean: axis ${axis} has length 0`);
  const s = sum(a, axis);
  for (let k = 0; k < s.data.length; k++) s.data[k]! /= n;
  return s;
}

/** Population variance (ddof = 0, as `np.var`) of all entries or along an axis. */
export function variance(a: Matrix): number;
export function variance(a: Matrix, axis: 0 | 1): Matrix;
export function variance(a: Matrix, axis?: 0 | 1): number | Matrix {
  checkMatrix("variance", "first argument", a);
  if (axis === undefined) {
    const mu = mean(a);
    let s = 0;
    for (let k = 0; k < a.data.length; k++) s += (a.data[k]! - mu) ** 2;
    return s / a.size;
  }
  const mu = mean(a, axis);
  const out = new Matrix(mu.rows, mu.cols);
  const n = axis === 0 ? a.rows : a.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const r = axis === 0 ? j : i;
      out.data[r] += (a.data[i * a.cols + j]! - mu.data[r]!) ** 2;
    }
  }
  for (let k = 0; k < out.data.length; k++) out.data[k]! /= n;
  return out;
}

// Folded left to right with numpy's own maximum/minimum, so NaN propagates and of two equal
// entries the later wins, as in np.max (which tells only for ±0: np.max([0, −0]) = −0).
function extreme(op: string, a: Matrix, axis: 0 | 1 | undefined, pick: (acc: number, x: number) => number): number | Matrix {
  checkMatrix(op, "first argument", a);
  if (a.size === 0) throw new ValueError(`${op}: the matrix is empty`);
  const d = a.data;
  if (axis === undefined) {
    let m = d[0]!;
    for (let k = 1; k < d.length; k++) m = pick(m, d[k]!);
    return m;
  }
  checkAxis(op, axis);
  const out = axis === 0 ? new Matrix(1, a.cols) : new Matrix(a.rows, 1);
  const o = out.data;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = d[i * a.cols + j]!, r = axis === 0 ? j : i;
      o[r] = (axis === 0 ? i : j) === 0 ? v : pick(o[r]!, v);
    }
  }
  return out;
}

/** Largest entry, or the largest along an axis. NaN propagates, as in numpy. */
export function max(a: Matrix): number;
export function max(a: Matrix, axis: 0 | 1): Matrix;
export function max(a: Matrix, axis?: 0 | 1): number | Matrix {
  return extreme("max", a, axis, maxOf);
}

/** Smallest entry, or the smallest along an axis. NaN propagates, as in numpy. */
export function min(a: Matrix): number;
export function min(a: Matrix, axis: 0 | 1): Matrix;
export function min(a: Matrix, axis?: 0 | 1): number | Matrix {
  return extreme("min", a, axis, minOf);
}

/** Index of the largest entry in each column (axis 0, 1 x cols) or row (axis 1, rows x 1); a NaN counts as the largest. */
export function argmax(a: Matrix, axis: 0 | 1): Matrix {
  checkMatrix("argmax", "first argument", a);
  checkAxis("argmax", axis);
  const outer = axis === 0 ? a.cols : a.rows, inner = axis === 0 ? a.rows : a.cols;
  if (inner === 0) throw new ValueError(`argmax: axis ${axis} has length 0`);
  const out = axis === 0 ? new Matrix(1, a.cols) : new Matrix(a.rows, 1);
  for (let o = 0; o < outer; o++) {
    let best = 0, bv = -Infinity;
    for (let q = 0; q < inner; q++) {
      const v = axis === 0 ? a.data[q * a.cols + o]! : a.data[o * a.cols + q]!;
      // The first largest; a NaN counts as the largest, and the first NaN stays (np.argmax).
      if (v > bv || (Number.isNaN(v) && !Number.isNaN(bv))) { bv = v; best = q; }
    }
    out.data[o] = best;
  }
  return out;
}
