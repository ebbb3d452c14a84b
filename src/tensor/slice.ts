// Column and row selection. Columns are examples, so these are how the
// lessons cut mini-batches (`X[:, k*64:(k+1)*64]`) and apply permutations
// (`X[:, permutation]`).
import { checkMatrix, fmtShape, kindOf, ShapeError, ValueError } from "../errors";
import { isArrayLike, Matrix } from "./matrix";

/**
 * Check `start` and `end` as the learner gave them (end may run past the last index: it is clamped,
 * as numpy does) and return the clamped end. Messages name the argument and the matrix's size.
 */
function checkRange(op: string, start: unknown, end: unknown, n: number, what: string, shape: string): number {
  const size = `the matrix has ${n} ${what}${n === 1 ? "" : "s"} (shape ${shape})`;
  if (typeof start !== "number" || !Number.isInteger(start)) throw new ValueError(`${op}: start must be an integer ${what} index, got ${kindOf(start)}`);
  if (end !== undefined && !(Number.isInteger(end) || end === Infinity)) {
    throw new ValueError(`${op}: end must be an integer ${what} index (or left out for "to the last ${what}"), got ${kindOf(end)}`);
  }
  if (start < 0) throw new ShapeError(`${op}: start must be >= 0 (negative indices are not supported), got ${start}; ${size}`);
  if (start > n) throw new ShapeError(`${op}: start = ${start} is past the last ${what}: ${size}, so start must be in [0, ${n}]`);
  const e = end === undefined ? n : Math.min(end as number, n);
  if (e < start) throw new ShapeError(`${op}: end = ${end} is before start = ${start}; the ${what}s taken are start … end − 1`);
  return e;
}

/**
 * Columns `start … end−1` of `a` written into `out` (a.rows x (end − start)), unchecked: `sliceCols`
 * checks first, and the mini-batch code cuts valid ranges, into reused buffers in the training loop.
 */
export function sliceColsInto(a: Matrix, start: number, end: number, out: Matrix): Matrix {
  const w = end - start, n = a.cols;
  for (let i = 0; i < a.rows; i++) out.data.set(a.data.subarray(i * n + start, i * n + end), i * w);
  return out;
}

/** Columns `start … end−1` as a new matrix, like `a[:, start:end]` (end is clamped to cols, as numpy does). */
export function sliceCols(a: Matrix, start: number, end?: number): Matrix {
  checkMatrix("sliceCols", "first argument", a);
  end = checkRange("sliceCols", start, end, a.cols, "column", fmtShape(a.rows, a.cols));
  return sliceColsInto(a, start, end, new Matrix(a.rows, end - start));
}

/** Rows `start … end−1` as a new matrix, like `a[start:end, :]`. */
export function sliceRows(a: Matrix, start: number, end?: number): Matrix {
  checkMatrix("sliceRows", "first argument", a);
  end = checkRange("sliceRows", start, end, a.rows, "row", fmtShape(a.rows, a.cols));
  return new Matrix(end - start, a.cols, a.data.slice(start * a.cols, end * a.cols));
}

function checkIndices(op: string, idx: ArrayLike<number>, n: number, shape: string): void {
  if (!isArrayLike(idx)) {
    throw new ValueError(`${op}: indices must be an array of integers, got ${kindOf(idx)}`);
  }
  for (let t = 0; t < idx.length; t++) {
    const c = idx[t]!;
    if (!Number.isInteger(c) || c < 0 || c >= n) {
      throw new ShapeError(`${op}: index ${c} at position ${t} is out of bounds for axis of size ${n} (shape ${shape})`);
    }
  }
}

/**
 * Columns idx[s], …, idx[e − 1] of `a` written into `out` (a.rows x (e − s)), row by row, unchecked:
 * `gatherCols` checks first; the mini-batch code passes a permutation of the columns.
 */
export function gatherColsInto(a: Matrix, idx: ArrayLike<number>, s: number, e: number, out: Matrix): Matrix {
  const w = e - s, n = a.cols, A = a.data, O = out.data;
  for (let i = 0; i < a.rows; i++) {
    const ai = i * n, oi = i * w - s;
    for (let t = s; t < e; t++) O[oi + t] = A[ai + idx[t]!]!;
  }
  return out;
}

/** The columns listed in `idx`, in that order, like `a[:, idx]`. */
export function gatherCols(a: Matrix, idx: ArrayLike<number>): Matrix {
  checkMatrix("gatherCols", "first argument", a);
  checkIndices("gatherCols", idx, a.cols, fmtShape(a.rows, a.cols));
  return gatherColsInto(a, idx, 0, idx.length, new Matrix(a.rows, idx.length));
}

/** The rows listed in `idx`, in that order, like `a[idx, :]`. */
export function gatherRows(a: Matrix, idx: ArrayLike<number>): Matrix {
  checkMatrix("gatherRows", "first argument", a);
  checkIndices("gatherRows", idx, a.rows, fmtShape(a.rows, a.cols));
  const out = new Matrix(idx.length, a.cols);
  for (let t = 0; t < idx.length; t++) out.data.set(a.data.subarray(idx[t]! * a.cols, (idx[t]! + 1) * a.cols), t * a.cols);
  return out;
}

/** Column j as an n x 1 matrix. */
export function col(a: Matrix, j: number): Matrix {
  checkMatrix("col", "first argument", a);
  if (!Number.isInteger(j) || j < -a.cols || j >= a.cols) throw new ValueError(`col: j must be an integer column index in [${-a.cols}, ${a.cols}) for shape ${fmtShape(a.rows, a.cols)}, got ${kindOf(j)}`);
  return sliceCols(a, j < 0 ? j + a.cols : j, (j < 0 ? j + a.cols : j) + 1);
}

/** Matrices side by side (same rows), like `np.hstack`. */
export function hstack(parts: Matrix[]): Matrix {
  if (!Array.isArray(parts)) throw new ValueError(`hstack: parts must be an array of matrices, e.g. hstack([A, B]), got ${kindOf(parts)}`);
  if (parts.length === 0) throw new ValueError("hstack: need at least one matrix");
  parts.forEach((p, t) => checkMatrix("hstack", `parts[${t}]`, p));
  const rows = parts[0]!.rows;
  let cols = 0;
  for (const [t, p] of parts.entries()) {
    if (p.rows !== rows) throw new ShapeError(`hstack: matrix ${t} has shape ${fmtShape(p.rows, p.cols)}, expected ${rows} rows like matrix 0`);
    cols += p.cols;
  }
  const out = new Matrix(rows, cols);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < rows; i++) out.data.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * cols + off);
    off += p.cols;
  }
  return out;
}

/** Matrices stacked vertically (same cols), like `np.vstack`. */
export function vstack(parts: Matrix[]): Matrix {
  if (!Array.isArray(parts)) throw new ValueError(`vstack: parts must be an array of matrices, e.g. vstack([A, B]), got ${kindOf(parts)}`);
  if (parts.length === 0) throw new ValueError("vstack: need at least one matrix");
  parts.forEach((p, t) => checkMatrix("vstack", `parts[${t}]`, p));
  const cols = parts[0]!.cols;
  let rows = 0;
  for (const [t, p] of parts.entries()) {
    if (p.cols !== cols) throw new ShapeError(`vstack: matrix ${t} has shape ${fmtShape(p.rows, p.cols)}, expected ${cols} columns like matrix 0`);
    rows += p.rows;
  }
  const out = new Matrix(rows, cols);
  let off = 0;
  for (const p of parts) { out.data.set(p.data, off); off += p.data.length; }
  return out;
}
