// Gradient clipping (from the lecture notes), with TensorFlow's semantics so results match
// tf.clip_by_value, tf.clip_by_norm and tf.clip_by_global_norm:
//   by value:       t ↦ min(max(t, lo), hi)
//   by norm:        t ↦ t·c / max(‖t‖₂, c)            (each matrix on its own)
//   by global norm: tᵢ ↦ tᵢ·c / max(‖(t₁,…,tₙ)‖₂, c)  (one scale for all, keeps the direction)
import { assertFinite, assertPositive, kindOf, ValueError } from "../errors";
import type { Params } from "../tensor/params";
import { isMatrix, Matrix } from "../tensor/matrix";

function mapParams(where: string, x: Matrix | Params, f: (m: Matrix) => Matrix): Matrix | Params {
  if (isMatrix(x)) return f(x);
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new ValueError(`${where}: expected a Matrix or named matrices like { W1, b1 }, got ${kindOf(x)}`);
  const out: Params = {};
  for (const name of Object.keys(x)) {
    const m = x[name];
    if (!isMatrix(m)) throw new ValueError(`${where}: "${name}" must be a Matrix, got ${kindOf(m)}`);
    out[name] = f(m);
  }
  return out;
}

/** Clip every entry to [min, max]: `min(max(t, min), max)` (tf.clip_by_value). */
export function clipByValue(t: Matrix, min: number, max: number): Matrix;
export function clipByValue(t: Params, min: number, max: number): Params;
export function clipByValue(t: Matrix | Params, min: number, max: number): Matrix | Params {
  const where = "clipByValue";
  assertFinite("min", min, where);
  assertFinite("max", max, where);
  if (min > max) throw new ValueError(`${where}: min must be <= max, got min=${min}, max=${max}`);
  return mapParams(where, t, (m) => {
    const out = new Matrix(m.rows, m.cols), d = m.data, o = out.data;
    // NaN passes through unchanged, as in TensorFlow.
    for (let i = 0; i < d.length; i++) { const x = d[i]!; o[i] = x < min ? min : x > max ? max : x; }
    return out;
  });
}

function sumSquares(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]! * d[i]!;
  return s;
}

/** Rescale so the L2 norm is at most c: `t·c / max(‖t‖₂, c)`, each matrix on its own (tf.clip_by_norm). */
export function clipByNorm(t: Matrix, clipNorm: number): Matrix;
export function clipByNorm(t: Params, clipNorm: number): Params;
export function clipByNorm(t: Matrix | Params, clipNorm: number): Matrix | Params {
  const where = "clipByNorm";
  assertPositive("clipNorm", clipNorm, where);
  return mapParams(where, t, (m) => {
    const norm = Math.sqrt(sumSquares(m.data));
    const den = Math.max(norm, clipNorm);
    const out = new Matrix(m.rows, m.cols), d = m.data, o = out.data;
    // TensorFlow multiplies by c first, then divides: (t·c)/max(‖t‖, c).
    for (let i = 0; i < d.length; i++) o[i] = (d[i]! * clipNorm) / den;
    return out;
  });
}

/** The global L2 norm of all matrices together: `√(Σᵢ ‖tᵢ‖₂²)` (tf.linalg.global_norm). */
export function globalNorm(ts: Params | Matrix[]): number {
  return globalNormOf("globalNorm", ts);
}

/** globalNorm, its errors naming `where` (the function the learner called). */
function globalNormOf(where: string, ts: Params | Matrix[]): number {
  if (isMatrix(ts) || typeof ts !== "object" || ts === null) {
    throw new ValueError(`${where}: expected the gradients, an object of named matrices { dW1, db1, … } or an array of matrices, got ${kindOf(ts)}`);
  }
  const list = Array.isArray(ts) ? ts : Object.values(ts);
  let s = 0;
  list.forEach((m, k) => {
    if (!isMatrix(m)) throw new ValueError(`${where}: entry ${Array.isArray(ts) ? k : JSON.stringify(Object.keys(ts)[k])} must be a Matrix`);
    s += sumSquares(m.data);
  });
  return Math.sqrt(s);
}

/**
 * Scale all matrices by one factor so their global norm is at most c:
 * `tᵢ·c / max(global_norm, c)`; also returns the global norm before clipping
 * (tf.clip_by_global_norm). A non-finite global norm gives NaN everywhere, as in TensorFlow.
 */
export function clipByGlobalNorm(ts: Params, clipNorm: number): { grads: Params; globalNorm: number } {
  const where = "clipByGlobalNorm";
  assertPositive("clipNorm", clipNorm, where);
  const gn = globalNormOf(where, ts);
  // TensorFlow's form: scale = c·min(1/‖t‖, 1/c), which is 1 when ‖t‖ ≤ c.
  const scale = Number.isFinite(gn) ? clipNorm * Math.min(1 / gn, 1 / clipNorm) : NaN;
  const grads = mapParams(where, ts, (m) => {
    const out = new Matrix(m.rows, m.cols), d = m.data, o = out.data;
    for (let i = 0; i < d.length; i++) o[i] = d[i]! * scale;
    return out;
  }) as Params;
  return { grads, globalNorm: gn };
}
