// Costs, averaged over the m examples (columns), and the label checks that
// make a wrong Y fail with a message instead of a NaN cost.
import { ShapeError, ValueError, assertInt, checkMatrix, fmtShape } from "../errors";
import type { Params } from "../tensor/params";
import { Matrix } from "../tensor/matrix";
import { pairwiseSum } from "../tensor/pairwise";
import { l1Cost, l2Cost } from "./regularization";

/** Which cost a network's output is scored with. */
export type CostKind = "binary" | "softmax" | "mse";

/** Throw unless Y is 1 x m of 0/1 labels matching AL's shape. */
export function checkBinaryLabels(Y: Matrix, m: number, where: string): void {
  if (Y.rows !== 1 || Y.cols !== m) {
    throw new ShapeError(`${where}: labels Y must have shape ${fmtShape(1, m)} (one 0/1 label per example), got ${fmtShape(Y.rows, Y.cols)}`);
  }
  const y = Y.data;
  for (let k = 0; k < y.length; k++) {
    if (y[k] !== 0 && y[k] !== 1) throw new ValueError(`${where}: labels must be 0 or 1 for the binary cross-entropy cost, got Y[0, ${k}] = ${y[k]}`);
  }
}

/** Y as a C x m one-hot matrix: accepts one-hot already, or 1 x m integer class labels in [0, C). */
export function oneHot(Y: Matrix, C: number, where = "oneHot"): Matrix {
  checkMatrix(where, "Y", Y);
  assertInt("C (the number of classes)", C, 1, 1e9, where);
  if (Y.rows === C && C > 1) {
    for (let j = 0; j < Y.cols; j++) {
      let s = 0;
      for (let i = 0; i < C; i++) {
        const v = Y.data[i * Y.cols + j]!;
        if (v !== 0 && v !== 1) throw new ValueError(`${where}: one-hot labels must be 0 or 1, got Y[${i}, ${j}] = ${v}`);
        s += v;
      }
      if (s !== 1) throw new ValueError(`${where}: column ${j} of the one-hot labels has ${s} ones, expected exactly 1`);
    }
    return Y;
  }
  if (Y.rows !== 1) throw new ShapeError(`${where}: labels must be 1 x m class indices or ${C} x m one-hot, got ${fmtShape(Y.rows, Y.cols)}`);
  const out = new Matrix(C, Y.cols);
  for (let j = 0; j < Y.cols; j++) {
    const c = Y.data[j]!;
    if (!Number.isInteger(c) || c < 0 || c >= C) throw new ValueError(`${where}: class label Y[0, ${j}] = ${c} is not an integer in [0, ${C})`);
    out.data[c * Y.cols + j] = 1;
  }
  return out;
}

let scratch = new Float64Array(64);

/**
 * Binary cross-entropy in the course's arithmetic order,
 * `J = (1/m) · Σ (−y log a − (1 − y) log(1 − a))`: each example's term, then numpy's pairwise Σ, then
 * times the rounded 1/m (as `1./m * np.sum(logprobs)`), so the last bit is the course's and its
 * gradient checks give its numbers.
 */
export function crossEntropyCost(AL: Matrix, Y: Matrix, labelsChecked = false): number {
  if (!labelsChecked) {
    checkMatrix("crossEntropyCost", "AL", AL);
    checkMatrix("crossEntropyCost", "Y", Y);
  }
  // AL's shape first: Y's expected shape is read from it.
  if (AL.rows !== 1) throw new ShapeError(`crossEntropyCost: AL must be 1 x m (one probability per example), got ${fmtShape(AL.rows, AL.cols)}`);
  const a = AL.data, y = Y.data, m = AL.cols;
  if (!labelsChecked) {
    checkBinaryLabels(Y, m, "crossEntropyCost");
    // A value outside [0, 1] makes a log's argument negative: NaN, or a negative "cost", without a word.
    // Most often Z was passed for A = σ(Z). (NaN itself passes: it is a diverged run's, reported as such.)
    for (let k = 0; k < m; k++) {
      if (a[k]! < 0 || a[k]! > 1) throw new ValueError(`crossEntropyCost: AL must hold probabilities in [0, 1] (a sigmoid's output σ(Z): was Z passed, or a tanh output scored with cross-entropy?), got AL[0, ${k}] = ${a[k]}`);
    }
  }
  if (scratch.length < m) scratch = new Float64Array(Math.max(m, 2 * scratch.length));
  const t = scratch;
  // Only the term the label selects (np.nansum's reading: 0 · log(0) would be NaN for a saturated unit);
  // the other term is exactly 0 in the course's sum, so the value is the same.
  for (let k = 0; k < m; k++) t[k] = y[k] === 1 ? -Math.log(a[k]!) : -Math.log(1 - a[k]!);
  return (1 / m) * pairwiseSum(t, 0, m) + 0; // + 0 turns −0 into 0
}

/** Softmax cross-entropy `J = −1/m Σ_i Σ_c y_c⁽ⁱ⁾ log a_c⁽ⁱ⁾` (Y one-hot C x m, or 1 x m class indices). */
export function softmaxCrossEntropyCost(AL: Matrix, Y: Matrix, labelsChecked = false): number {
  checkMatrix("softmaxCrossEntropyCost", "AL", AL);
  checkMatrix("softmaxCrossEntropyCost", "Y", Y);
  // The training loop checked its one-hot labels once, not once per mini-batch.
  const Yh = labelsChecked && Y.rows === AL.rows ? Y : oneHot(Y, AL.rows, "softmaxCrossEntropyCost");
  if (Yh.cols !== AL.cols) throw new ShapeError(`softmaxCrossEntropyCost: AL has ${AL.cols} examples, Y has ${Yh.cols}`);
  const a = AL.data, y = Yh.data;
  let s = 0;
  for (let k = 0; k < a.length; k++) if (y[k]) s += Math.log(a[k]!);
  return -s / AL.cols + 0;
}

/** Mean squared error `J = 1/(2m) Σ ‖a⁽ⁱ⁾ − y⁽ⁱ⁾‖²` (for linear outputs). */
export function mseCost(AL: Matrix, Y: Matrix): number {
  checkMatrix("mseCost", "AL", AL);
  checkMatrix("mseCost", "Y", Y);
  if (AL.rows !== Y.rows || AL.cols !== Y.cols) {
    throw new ShapeError(`mseCost: AL has shape ${fmtShape(AL.rows, AL.cols)} but Y has ${fmtShape(Y.rows, Y.cols)}`);
  }
  let s = 0;
  for (let k = 0; k < AL.data.length; k++) { const d = AL.data[k]! - Y.data[k]!; s += d * d; }
  return s / (2 * AL.cols);
}

/** The unregularized cost of kind `kind`. */
export function dataCost(kind: CostKind, AL: Matrix, Y: Matrix, labelsChecked = false): number {
  switch (kind) {
    case "binary": return crossEntropyCost(AL, Y, labelsChecked);
    case "softmax": return softmaxCrossEntropyCost(AL, Y, labelsChecked);
    case "mse": return mseCost(AL, Y);
    default: throw new ValueError(`cost: unknown kind ${JSON.stringify(kind)}; expected "binary", "softmax" or "mse"`);
  }
}

/** What `computeCost` reads from a network. */
export interface CostConfig {
  cost: CostKind;
  lambda?: number;
  l1?: number;
  params: Params;
}

/**
 * The full cost: data cost + `λ/(2m) Σ‖W[l]‖²_F` + `λ₁/(2m) Σ|W[l]|`
 * (the course's `compute_cost_with_regularization`). `params` defaults to the network's.
 */
export function computeCost(net: CostConfig, AL: Matrix, Y: Matrix, params: Params = net?.params, labelsChecked = false): number {
  if (!labelsChecked) {
    if (typeof net !== "object" || net === null) throw new ValueError(`computeCost: net must be a network (or { cost, lambda, params }), got ${net === null ? "null" : typeof net}`);
    // The penalty needs the weights: with λ and no params it failed inside Object.entries.
    if ((net.lambda || net.l1) && (typeof params !== "object" || params === null)) {
      throw new ValueError(`computeCost: the regularization term (lambda ${net.lambda ?? 0}, l1 ${net.l1 ?? 0}) needs the weights: pass params, or a network that has them`);
    }
  }
  const m = AL.cols;
  return dataCost(net.cost, AL, Y, labelsChecked) + l2Cost(params, net.lambda ?? 0, m) + l1Cost(params, net.l1 ?? 0, m);
}
