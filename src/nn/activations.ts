// Activations g(z) and their derivatives, as fused loops over the matrix data
// (the hot path of every forward and backward pass: no per-entry closures).
import { ShapeError, ValueError, checkMatrix, fmtShape, kindOf } from "../errors";
import { Matrix } from "../tensor/matrix";

/** The activations a layer can use. "softmax" is for the output layer only (columns sum to 1). */
export type Activation = "relu" | "tanh" | "sigmoid" | "linear" | "softmax";

export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "linear", "softmax"];

/** Throw unless `name` is a known activation. */
export function checkActivation(name: unknown, where: string): asserts name is Activation {
  if (!ACTIVATIONS.includes(name as Activation)) {
    throw new ValueError(`${where}: unknown activation ${JSON.stringify(name)}; expected one of ${ACTIVATIONS.map((a) => `"${a}"`).join(", ")}`);
  }
}

/** `out`, where a result is written, must be a Matrix of the result's shape. */
function checkOut(where: string, out: unknown, like: Matrix): void {
  checkMatrix(where, "out", out);
  const o = out as Matrix;
  if (o.rows !== like.rows || o.cols !== like.cols) throw new ShapeError(`${where}: out has shape ${fmtShape(o.rows, o.cols)}, the result ${fmtShape(like.rows, like.cols)}`);
}

/** σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|. */
export function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** A = g(Z), written into `out` (may be Z itself) or a new matrix. */
export function activate(name: Activation, Z: Matrix, out?: Matrix): Matrix {
  if (typeof name !== "string") throw new ValueError(`activate: the activation's name comes first, activate("relu", Z); got ${kindOf(name)}`);
  checkMatrix("activate", "Z", Z);
  if (out !== undefined) checkOut("activate", out, Z);
  const A = out ?? new Matrix(Z.rows, Z.cols);
  const z = Z.data, a = A.data, n = z.length;
  switch (name) {
    case "relu":
      for (let k = 0; k < n; k++) { const v = z[k]!; a[k] = v > 0 ? v : 0; }
      break;
    case "tanh":
      for (let k = 0; k < n; k++) a[k] = Math.tanh(z[k]!);
      break;
    case "sigmoid":
      for (let k = 0; k < n; k++) {
        const v = z[k]!;
        if (v >= 0) a[k] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); a[k] = e / (1 + e); }
      }
      break;
    case "linear":
      if (a !== z) a.set(z);
      break;
    case "softmax": {
      // Subtract each column's max first: e^(z−max) cannot overflow.
      const r = Z.rows, c = Z.cols;
      for (let j = 0; j < c; j++) {
        let mx = -Infinity;
        for (let i = 0; i < r; i++) mx = Math.max(mx, z[i * c + j]!);
        let s = 0;
        for (let i = 0; i < r; i++) { const e = Math.exp(z[i * c + j]! - mx); a[i * c + j] = e; s += e; }
        for (let i = 0; i < r; i++) a[i * c + j] = a[i * c + j]! / s;
      }
      break;
    }
    default:
      checkActivation(name, "activate");
  }
  return A;
}

/**
 * dZ = dA ∗ g′(Z), with g′ read from A = g(Z) where that is cheaper
 * (σ′ = A(1 − A), tanh′ = 1 − A²). Writes into `out` (may be dA) or a new matrix.
 * Softmax is only used with cross-entropy, whose dZ = A − Y is formed directly.
 */
export function activationBackward(name: Activation, dA: Matrix, Z: Matrix, A: Matrix, out?: Matrix): Matrix {
  if (typeof name !== "string") throw new ValueError(`activationBackward: the activation's name comes first, activationBackward("relu", dA, Z, A); got ${kindOf(name)}`);
  checkMatrix("activationBackward", "dA", dA);
  checkMatrix("activationBackward", "Z", Z);
  checkMatrix("activationBackward", "A (g(Z), from the forward pass)", A);
  for (const [label, M] of [["Z", Z], ["A", A]] as const) {
    if (M.rows !== dA.rows || M.cols !== dA.cols) throw new ShapeError(`activationBackward: dA has shape ${fmtShape(dA.rows, dA.cols)} but ${label} has ${fmtShape(M.rows, M.cols)}`);
  }
  if (out !== undefined) checkOut("activationBackward", out, dA);
  const dZ = out ?? new Matrix(dA.rows, dA.cols);
  const d = dA.data, z = Z.data, a = A.data, o = dZ.data, n = d.length;
  switch (name) {
    case "relu":
      for (let k = 0; k < n; k++) o[k] = z[k]! > 0 ? d[k]! : 0;
      break;
    case "tanh":
      for (let k = 0; k < n; k++) { const t = a[k]!; o[k] = d[k]! * (1 - t * t); }
      break;
    case "sigmoid":
      for (let k = 0; k < n; k++) { const s = a[k]!; o[k] = d[k]! * s * (1 - s); }
      break;
    case "linear":
      if (o !== d) o.set(d);
      break;
    case "softmax":
      throw new ValueError("activationBackward: softmax is an output activation; pair it with the softmax cross-entropy cost (dZ = A − Y)");
    default:
      checkActivation(name, "activationBackward");
  }
  return dZ;
}

/** relu(Z) = max(0, Z), elementwise. */
export const relu = (Z: Matrix): Matrix => { checkMatrix("relu", "Z", Z); return activate("relu", Z); };
/** σ(Z) = 1/(1 + e^(−Z)), elementwise. */
export const sigmoid = (Z: Matrix): Matrix => { checkMatrix("sigmoid", "Z", Z); return activate("sigmoid", Z); };
/** softmax(Z): e^Z normalized so each column sums to 1. */
export const softmax = (Z: Matrix): Matrix => { checkMatrix("softmax", "Z", Z); return activate("softmax", Z); };
