// Regularization: L2 (weight decay), L1 (sparsity) and inverted dropout.
// Only weight matrices (W1, W2, …) are penalized, as in the course: biases,
// γ and β are few and do not cause overfitting.
import { ShapeError, ValueError, assertInRange, assertInt, checkMatrix, fmtShape, kindOf } from "../errors";
import type { Params } from "../tensor/params";
import type { RandomState } from "../random/random";
import { Matrix } from "../tensor/matrix";
import { pairwiseSum } from "../tensor/pairwise";

const isWeight = (name: string): boolean => /^W\d+$/.test(name);

/** The weight matrices W1, W2, … in layer order (the course adds their terms in that order). */
function weightsInOrder(params: Params): Matrix[] {
  return Object.keys(params).filter(isWeight).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))).map((k) => params[k]!);
}

/** `Σ_l f(W[l])` with each layer's Σ in numpy's pairwise order, layers added left to right. */
function sumOverWeights(params: Params, square: boolean): number {
  let total = 0, first = true;
  for (const W of weightsInOrder(params)) {
    const d = W.data, t = new Float64Array(d.length);
    for (let k = 0; k < d.length; k++) t[k] = square ? d[k]! * d[k]! : Math.abs(d[k]!);
    const s = pairwiseSum(t);
    total = first ? s : total + s;
    first = false;
  }
  return total;
}

/**
 * L2 term of the cost: `λ/(2m) Σ_l ‖W[l]‖²_F`, computed in the course's order
 * `(1/m) · (λ/2) · (np.sum(np.square(W1)) + np.sum(np.square(W2)) + …)`.
 */
export function l2Cost(params: Params, lambda: number, m: number): number {
  if (!lambda) return 0;
  return (1 / m) * (lambda / 2) * sumOverWeights(params, true);
}

/** L1 term of the cost: `λ₁/(2m) Σ_l Σ|W[l]|` (the lecture's λ/(2m)‖w‖₁; its gradient is `λ₁/(2m) sign(W)`), in the same order as {@link l2Cost}. */
export function l1Cost(params: Params, l1: number, m: number): number {
  if (!l1) return 0;
  return (1 / m) * (l1 / 2) * sumOverWeights(params, false);
}

/**
 * Adds the regularization gradients in place: `dW[l] += λ/m W[l] + λ₁/(2m) sign(W[l])`
 * (weight decay: each step shrinks W by a factor 1 − αλ/m before the data's pull).
 */
export function addRegularizationGradients(grads: Params, params: Params, lambda: number, l1: number, m: number): void {
  assertInRange("lambda", lambda, 0, Infinity, "[)", "addRegularizationGradients");
  assertInRange("l1", l1, 0, Infinity, "[)", "addRegularizationGradients");
  assertInt("m", m, 1, Number.MAX_SAFE_INTEGER, "addRegularizationGradients");
  if (!lambda && !l1) return;
  const a = lambda / m, b = l1 / (2 * m);
  for (const [name, W] of Object.entries(params)) {
    if (!isWeight(name)) continue;
    // Named like the parameter (the library's) or as the course names it (dW1).
    const g = grads[name] ?? grads[`d${name}`];
    if (!g) throw new ValueError(`addRegularizationGradients: expected a gradient for ${name}, named ${name} or d${name}; got ${Object.keys(grads).join(", ") || "none"}`);
    if (g.rows !== W.rows || g.cols !== W.cols) throw new ShapeError(`addRegularizationGradients: the gradient of ${name} has shape ${fmtShape(g.rows, g.cols)}, ${name} ${fmtShape(W.rows, W.cols)}`);
    const w = W.data, d = g.data;
    for (let k = 0; k < d.length; k++) {
      const v = w[k]!;
      d[k] += a * v + (v > 0 ? b : v < 0 ? -b : 0);
    }
  }
}

/** A dropout mask `D = rand(rows, cols) < keepProb` (1 keeps a unit, 0 drops it), drawn from `rng` as the course does. */
export function dropoutMask(rng: RandomState, rows: number, cols: number, keepProb: number): Matrix {
  if (typeof (rng as { rand?: unknown } | null)?.rand !== "function") {
    throw new ValueError(`dropoutMask: the generator comes first, dropoutMask(seed(1), rows, cols, keepProb); got ${kindOf(rng)}`);
  }
  assertInRange("keepProb", keepProb, 0, 1, "(]", "dropoutMask");
  const D = rng.rand(rows, cols), d = D.data;
  for (let k = 0; k < d.length; k++) d[k] = d[k]! < keepProb ? 1 : 0;
  return D;
}

/** Inverted dropout in place: `A = A ∗ D / keepProb`, so E[A] is unchanged and test time needs no rescaling. */
export function applyDropout(A: Matrix, D: Matrix, keepProb: number): Matrix {
  checkMatrix("applyDropout", "A", A);
  checkMatrix("applyDropout", "D", D);
  if (D.rows !== A.rows || D.cols !== A.cols) throw new ShapeError(`applyDropout: the mask D has shape ${fmtShape(D.rows, D.cols)} but A has ${fmtShape(A.rows, A.cols)}`);
  assertInRange("keepProb", keepProb, 0, 1, "(]", "applyDropout");
  const a = A.data, d = D.data, inv = 1 / keepProb;
  for (let k = 0; k < a.length; k++) a[k] = d[k] ? (a[k]! * d[k]!) * inv : 0;
  return A;
}
