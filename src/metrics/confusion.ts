// How a classifier errs, class by class: the confusion matrix counts, for each
// true class, which class was predicted; its rows give each class's accuracy
// (recall) and its columns each prediction's precision.
import { ShapeError, ValueError, assertInt, fmtShape, kindOf } from "../errors";
import { Matrix, isArrayLike, isMatrix } from "../tensor/matrix";

/** Class labels: a 1 x m Matrix of class indices, a C x m one-hot Matrix, or an array of class indices. */
export type Labels = Matrix | ArrayLike<number>;

/** Class indices 0 … C−1 of each example; one-hot columns become the row of their 1. */
function classIndices(y: Labels, what: string, where: string): number[] {
  if (isMatrix(y)) {
    if (y.rows === 1) return Array.from(y.data);
    // C x m one-hot (columns are examples).
    const out: number[] = [];
    for (let j = 0; j < y.cols; j++) {
      let k = -1;
      for (let i = 0; i < y.rows; i++) {
        const v = y.data[i * y.cols + j]!;
        if (v === 1 && k < 0) k = i;
        else if (v !== 0) { k = -2; break; }
      }
      if (k < 0) throw new ValueError(`${where}: ${what} has shape ${fmtShape(y.rows, y.cols)}, so it must be one-hot (one 1 per column), but column ${j} is not; for probabilities (a softmax output), take the classes first with argmax(${what}, 0)`);
      out.push(k);
    }
    return out;
  }
  if (!isArrayLike(y)) {
    throw new ValueError(`${where}: ${what} must be a 1 x m Matrix of class indices, a one-hot Matrix or an array of class indices, got ${kindOf(y)}`);
  }
  if (Array.isArray(y) && y.some((v) => typeof v !== "number")) {
    const k = y.findIndex((v) => typeof v !== "number");
    const hint = Array.isArray(y[k]) ? "; a nested array is not taken: give a flat array [0, 2, 1] or a Matrix, matrix([[0, 2, 1]])" : "";
    throw new ValueError(`${where}: ${what}[${k}] must be a class index (a number), got ${kindOf(y[k])}${hint}`);
  }
  return Array.from(y as ArrayLike<number>);
}

/**
 * The C x C confusion matrix: `C[i][j]` = the number of examples of true class i predicted as class j
 * (rows true, columns predicted, as scikit-learn's `confusion_matrix`). Its diagonal holds the right
 * answers; `Σ C[i][i] / m` is the accuracy. `numClasses` defaults to 1 + the largest label seen.
 */
export function confusionMatrix(yTrue: Labels, yPred: Labels, numClasses?: number): Matrix {
  const where = "confusionMatrix";
  const t = classIndices(yTrue, "yTrue", where), p = classIndices(yPred, "yPred", where);
  if (t.length !== p.length) throw new ShapeError(`${where}: yTrue has ${t.length} examples but yPred has ${p.length}`);
  if (t.length === 0) throw new ValueError(`${where}: no examples (yTrue is empty)`);
  let C = numClasses ?? 0;
  if (numClasses !== undefined) assertInt("numClasses", numClasses, 1, 1e6, where);
  const check = (v: number, k: number, what: string): void => {
    if (!Number.isInteger(v) || v < 0) {
      const hint = v > 0 && v < 1 ? "; these look like probabilities: take the predicted classes first, e.g. predict(net, X)" : "";
      throw new ValueError(`${where}: ${what}[${k}] = ${v} is not a class index (an integer ≥ 0)${hint}`);
    }
    if (numClasses !== undefined && v >= numClasses) throw new ValueError(`${where}: ${what}[${k}] = ${v}, but numClasses = ${numClasses} allows 0 … ${numClasses - 1}`);
    if (numClasses === undefined) C = Math.max(C, v + 1);
  };
  t.forEach((v, k) => check(v, k, "yTrue"));
  p.forEach((v, k) => check(v, k, "yPred"));
  const cm = new Matrix(C, C);
  for (let k = 0; k < t.length; k++) cm.data[t[k]! * C + p[k]!]! += 1;
  return cm;
}

function checkConfusion(cm: Matrix, where: string): number {
  if (!isMatrix(cm)) throw new ValueError(`${where}: cm must be a confusion matrix from confusionMatrix(yTrue, yPred), got ${kindOf(cm)}`);
  if (cm.rows !== cm.cols) throw new ShapeError(`${where}: cm must be a square confusion matrix (C x C) from confusionMatrix(yTrue, yPred), got shape ${fmtShape(cm.rows, cm.cols)}`);
  for (let k = 0; k < cm.data.length; k++) {
    const v = cm.data[k]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`${where}: cm holds counts, so every entry must be a finite number ≥ 0, got cm[${Math.floor(k / cm.cols)}, ${k % cm.cols}] = ${v}`);
  }
  return cm.rows;
}

/**
 * Accuracy on each true class (its recall): `C[k][k] / Σ_j C[k][j]`, the fraction of class k's
 * examples predicted as k. NaN for a class with no examples. A high overall accuracy can hide a
 * small class that is always wrong; this shows it.
 */
export function perClassAccuracy(cm: Matrix): number[] {
  const C = checkConfusion(cm, "perClassAccuracy");
  return Array.from({ length: C }, (_, k) => {
    let row = 0;
    for (let j = 0; j < C; j++) row += cm.data[k * C + j]!;
    return row === 0 ? NaN : cm.data[k * C + k]! / row;
  });
}

/** Precision of each predicted class: `C[k][k] / Σ_i C[i][k]`, how often a prediction of k is right. NaN if k is never predicted. */
export function perClassPrecision(cm: Matrix): number[] {
  const C = checkConfusion(cm, "perClassPrecision");
  return Array.from({ length: C }, (_, k) => {
    let column = 0;
    for (let i = 0; i < C; i++) column += cm.data[i * C + k]!;
    return column === 0 ? NaN : cm.data[k * C + k]! / column;
  });
}

/** Overall accuracy from a confusion matrix: `Σ_k C[k][k] / Σ_ij C[i][j]`. */
export function confusionAccuracy(cm: Matrix): number {
  const C = checkConfusion(cm, "confusionAccuracy");
  let diag = 0, all = 0;
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) { const v = cm.data[i * C + j]!; all += v; if (i === j) diag += v; }
  if (all === 0) throw new ValueError("confusionAccuracy: the confusion matrix counts no examples");
  return diag / all;
}
