// Equality within a tolerance, with numpy's allclose rule:
// |a − b| <= atol + rtol·|b|, elementwise, with broadcasting of shapes.
import { ValueError, checkMatrix, checkOperand, checkOptions, kindOf } from "../errors";
import { Matrix, type Operand } from "./matrix";
import { broadcastShape } from "./ops";

export interface Tolerance {
  /** Relative tolerance (default 1e-5, numpy's). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8, numpy's). */
  atol?: number;
  /** Treat NaN as equal to NaN (default false). */
  equalNan?: boolean;
}

function close(x: number, y: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (x === y) return true; // also equal infinities
  if (Number.isNaN(x) && Number.isNaN(y)) return equalNan;
  // One NaN is close to nothing; an infinity equals only itself (with y = ±∞ the tolerance rtol·|y|
  // would be ∞ too, and accept anything).
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= atol + rtol * Math.abs(y);
}

/** True when every entry satisfies |a − b| <= atol + rtol·|b| (shapes must broadcast). */
export function allclose(a: Operand, b: Operand, tol: Tolerance = {}): boolean {
  // Plain arrays were read as matrices with undefined rows and compared "equal".
  checkOperand("allclose", "first argument", a);
  checkOperand("allclose", "second argument", b);
  checkOptions("allclose", tol, ["rtol", "atol", "equalNan"], "{ rtol: 1e-5, atol: 1e-8 }");
  for (const key of ["rtol", "atol"] as const) {
    const v = tol[key];
    if (v !== undefined && !(typeof v === "number" && v >= 0)) throw new ValueError(`allclose: ${key} must be a number ≥ 0, got ${kindOf(v)}`);
  }
  const rtol = tol.rtol ?? 1e-5, atol = tol.atol ?? 1e-8, en = tol.equalNan ?? false;
  if (typeof a === "number" && typeof b === "number") return close(a, b, rtol, atol, en);
  const A = typeof a === "number" ? new Matrix(1, 1, Float64Array.of(a)) : a;
  const B = typeof b === "number" ? new Matrix(1, 1, Float64Array.of(b)) : b;
  const [rows, cols] = broadcastShape("allclose", A.rows, A.cols, B.rows, B.cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = A.data[(A.rows === 1 ? 0 : i) * A.cols + (A.cols === 1 ? 0 : j)]!;
      const y = B.data[(B.rows === 1 ? 0 : i) * B.cols + (B.cols === 1 ? 0 : j)]!;
      if (!close(x, y, rtol, atol, en)) return false;
    }
  }
  return true;
}

/** Same shape and every entry exactly equal (NaN never equals NaN). */
export function arrayEqual(a: Matrix, b: Matrix): boolean {
  checkMatrix("arrayEqual", "a", a);
  checkMatrix("arrayEqual", "b", b);
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let k = 0; k < a.data.length; k++) if (a.data[k] !== b.data[k]) return false;
  return true;
}

/** Largest |a − b| over the entries of two same-shaped matrices (Infinity if shapes differ). */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  checkMatrix("maxAbsDiff", "a", a);
  checkMatrix("maxAbsDiff", "b", b);
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  let m = 0;
  for (let k = 0; k < a.data.length; k++) m = Math.max(m, Math.abs(a.data[k]! - b.data[k]!)); // keeps a NaN
  return m;
}
