// Elementwise arithmetic with numpy's broadcasting rules for 2-D arrays: two
// dimensions are compatible when equal or when one of them is 1. The common
// cases (same shape, scalar, an n x 1 column over n x m as in `W A + b`) run
// as single flat loops.
import { assertFinite, checkMatrix, checkOperand, fmtShape, kindOf, ShapeError, ValueError } from "../errors";
import { Matrix, type Operand } from "./matrix";

type Binary = (x: number, y: number) => number;

/** Shape of the broadcast of (ar, ac) and (br, bc), or a ShapeError naming `op`. */
export function broadcastShape(op: string, ar: number, ac: number, br: number, bc: number): [number, number] {
  const rows = ar === br || br === 1 ? ar : ar === 1 ? br : -1;
  const cols = ac === bc || bc === 1 ? ac : ac === 1 ? bc : -1;
  if (rows < 0 || cols < 0) {
    throw new ShapeError(`${op}: operands could not be broadcast together with shapes ${fmtShape(ar, ac)} ${fmtShape(br, bc)}`);
  }
  return [rows, cols];
}

/** `f(a, b)` elementwise with broadcasting; either side may be a scalar. */
export function zipWith(a: Operand, b: Operand, f: Binary, op = "zipWith"): Matrix {
  checkOperand(op, "first operand", a);
  checkOperand(op, "second operand", b);
  if (typeof f !== "function") throw new ValueError(`${op}: third argument must be a function (x, y) => number, got ${kindOf(f)}`);
  if (typeof a === "number") {
    if (typeof b === "number") return new Matrix(1, 1, Float64Array.of(f(a, b)));
    const out = new Matrix(b.rows, b.cols);
    const bd = b.data, od = out.data;
    for (let k = 0; k < od.length; k++) od[k] = f(a, bd[k]!);
    return out;
  }
  if (typeof b === "number") {
    const out = new Matrix(a.rows, a.cols);
    const ad = a.data, od = out.data;
    for (let k = 0; k < od.length; k++) od[k] = f(ad[k]!, b);
    return out;
  }
  const [rows, cols] = broadcastShape(op, a.rows, a.cols, b.rows, b.cols);
  const out = new Matrix(rows, cols);
  const ad = a.data, bd = b.data, od = out.data;
  if (a.rows === b.rows && a.cols === b.cols) {
    for (let k = 0; k < od.length; k++) od[k] = f(ad[k]!, bd[k]!);
    return out;
  }
  // General case: a stride of 0 repeats a row or column of size 1.
  const ars = a.rows === 1 ? 0 : a.cols, acs = a.cols === 1 ? 0 : 1;
  const brs = b.rows === 1 ? 0 : b.cols, bcs = b.cols === 1 ? 0 : 1;
  let k = 0;
  for (let i = 0; i < rows; i++) {
    let ia = i * ars, ib = i * brs;
    for (let j = 0; j < cols; j++, ia += acs, ib += bcs) od[k++] = f(ad[ia]!, bd[ib]!);
  }
  return out;
}

/** `a + b` with broadcasting. */
export function add(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, (x, y) => x + y, "add");
}

/** `a - b` with broadcasting. */
export function sub(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, (x, y) => x - y, "sub");
}

/** `a * b` elementwise (Hadamard) with broadcasting. */
export function mul(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, (x, y) => x * y, "mul");
}

/** `a / b` elementwise with broadcasting. */
export function div(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, (x, y) => x / y, "div");
}

/** numpy's maximum of two numbers: a NaN on either side wins, and a tie gives y (maximum(0, −0) = −0). */
export const maxOf = (x: number, y: number): number => (x > y || Number.isNaN(x) ? x : y);
/** numpy's minimum of two numbers: a NaN on either side wins, and a tie gives y (minimum(0, −0) = −0). */
export const minOf = (x: number, y: number): number => (x < y || Number.isNaN(x) ? x : y);

/** `max(a, b)` elementwise, as `np.maximum`. */
export function maximum(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, maxOf, "maximum");
}

/** `min(a, b)` elementwise, as `np.minimum`. */
export function minimum(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, minOf, "minimum");
}

/** `a^p` elementwise. */
export function pow(a: Operand, p: Operand): Matrix {
  return zipWith(a, p, (x, y) => x ** y, "pow");
}

/** 1 where `a < b`, else 0 (a boolean mask as float, as the dropout mask `rand < keep_prob`). */
export function less(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, (x, y) => (x < y ? 1 : 0), "less");
}

/** 1 where `a > b`, else 0. */
export function greater(a: Operand, b: Operand): Matrix {
  return zipWith(a, b, (x, y) => (x > y ? 1 : 0), "greater");
}

/** `f` applied to every entry; `f` also gets the row and column. */
export function map(a: Matrix, f: (x: number, i: number, j: number) => number): Matrix {
  checkMatrix("map", "first argument", a);
  if (typeof f !== "function") throw new ValueError(`map: second argument must be a function (x, i, j) => number, got ${typeof f}`);
  const out = new Matrix(a.rows, a.cols);
  const ad = a.data, od = out.data, cols = a.cols;
  for (let i = 0, k = 0; i < a.rows; i++) for (let j = 0; j < cols; j++, k++) od[k] = f(ad[k]!, i, j);
  return out;
}

function unary(a: Matrix, f: (x: number) => number, op: string): Matrix {
  checkMatrix(op, "argument", a);
  const out = new Matrix(a.rows, a.cols);
  const ad = a.data, od = out.data;
  for (let k = 0; k < od.length; k++) od[k] = f(ad[k]!);
  return out;
}

/** `e^a` elementwise. */
export const exp = (a: Matrix): Matrix => unary(a, Math.exp, "exp");
/** Natural log elementwise. */
export const log = (a: Matrix): Matrix => unary(a, Math.log, "log");
/** Square root elementwise. */
export const sqrt = (a: Matrix): Matrix => unary(a, Math.sqrt, "sqrt");
/** `|a|` elementwise. */
export const abs = (a: Matrix): Matrix => unary(a, Math.abs, "abs");
/** `tanh(a)` elementwise. */
export const tanh = (a: Matrix): Matrix => unary(a, Math.tanh, "tanh");
/** `a²` elementwise. */
export const square = (a: Matrix): Matrix => unary(a, (x) => x * x, "square");
/** `−a`. */
export const neg = (a: Matrix): Matrix => unary(a, (x) => -x, "neg");
/** Sign of each entry (−1, 0 or 1). */
export const sign = (a: Matrix): Matrix => unary(a, Math.sign, "sign");

/** `s · a` for a scalar `s`. */
export function scale(a: Matrix, s: number): Matrix {
  checkMatrix("scale", "first argument", a);
  if (typeof s !== "number") throw new ValueError(`scale: the factor must be a number, got ${typeof s === "string" ? `string ${JSON.stringify(s)}` : typeof s}`);
  const out = new Matrix(a.rows, a.cols);
  const ad = a.data, od = out.data;
  for (let k = 0; k < od.length; k++) od[k] = ad[k]! * s;
  return out;
}

/** Entries limited to [lo, hi], as `np.clip`. */
export function clip(a: Matrix, lo: number, hi: number): Matrix {
  checkMatrix("clip", "first argument", a);
  if (typeof lo !== "number" || Number.isNaN(lo)) assertFinite("lo", lo, "clip");
  if (typeof hi !== "number" || Number.isNaN(hi)) assertFinite("hi", hi, "clip");
  if (lo > hi) throw new ValueError(`clip: lo (${lo}) must be <= hi (${hi})`);
  return unary(a, (x) => (x < lo ? lo : x > hi ? hi : x), "clip");
}
