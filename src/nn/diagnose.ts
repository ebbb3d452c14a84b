// Bias and variance, measured: train a network, report its error on the
// training and dev sets, sweep its capacity, and read the two numbers against
// the Bayes (optimal) error as the course does.
import { ValueError, assertInRange, checkOptions, isPlainObject, kindOf } from "../errors";
import { Matrix } from "../tensor/matrix";
import { dataCost } from "./costs";
import { accuracy, forward, type Network } from "./model";
import { train, type TrainOptions, type TrainResult } from "./train";

/** A labelled set, features x examples. */
export interface LabelledSet {
  X: Matrix;
  Y: Matrix;
}

/** Cost and classification error of a network on one set. */
export interface SetScore {
  /** The data cost J (cross-entropy or mse), without the regularization term: comparable across sets. */
  cost: number;
  /** Fraction misclassified, `1 − mean(ŷ = y)` (NaN for an mse network). */
  error: number;
}

/** Classification error `1 − mean(ŷ⁽ⁱ⁾ = y⁽ⁱ⁾)` at test time (no dropout). */
export function errorRate(net: Network, X: Matrix, Y: Matrix): number {
  return 1 - accuracy(net, X, Y);
}

/** The data cost `J` (no regularization term) and the error on each named set, at test time. */
export function evaluate(net: Network, sets: Record<string, LabelledSet>): Record<string, SetScore> {
  if (!isPlainObject(sets) || Object.values(sets).some((s) => !isPlainObject(s) || !("X" in s))) {
    throw new ValueError(`evaluate: sets must name each data set, e.g. evaluate(net, { train: { X, Y }, dev: { X: Xdev, Y: Ydev } }), got ${kindOf(sets)}`);
  }
  const out: Record<string, SetScore> = {};
  for (const [name, s] of Object.entries(sets)) {
    const { AL } = forward(net, s.X);
    out[name] = { cost: dataCost(net.cost, AL, s.Y), error: net.cost === "mse" ? NaN : errorRate(net, s.X, s.Y) };
  }
  return out;
}

/** What {@link trainAndEvaluate} returns. */
export interface TrainReport {
  net: Network;
  result: TrainResult;
  train: SetScore;
  dev: SetScore;
}

/** Train `net` on `data.train` (options as {@link train}), then score it on the training and dev sets. */
export function trainAndEvaluate(net: Network, data: { train: LabelledSet; dev: LabelledSet }, opts: TrainOptions): TrainReport {
  if (!data || !data.train || !data.dev) throw new ValueError("trainAndEvaluate: data must be { train: { X, Y }, dev: { X, Y } }");
  const result = train(net, data.train, opts);
  const s = evaluate(net, { train: data.train, dev: data.dev });
  return { net, result, train: s.train!, dev: s.dev! };
}

/** One row of a capacity sweep. */
export interface SweepRow extends TrainReport {
  /** The capacity setting (hidden units, layers, degree, …). */
  value: number;
}

/**
 * Train one network per capacity value, `build(value)`, on the same data with the same options, and
 * report train and dev error for each: the curves of the bias–variance picture (train error falls as
 * capacity grows; dev error falls, then rises once the network fits the training set's noise).
 */
export function capacitySweep(values: number[], build: (value: number) => Network, data: { train: LabelledSet; dev: LabelledSet }, opts: TrainOptions): SweepRow[] {
  if (!Array.isArray(values) || values.length === 0) throw new ValueError("capacitySweep: values must be a non-empty list of capacities, e.g. [1, 2, 4, 8, 16]");
  if (typeof build !== "function") throw new ValueError("capacitySweep: build must be a function value → network");
  return values.map((value) => ({ value, ...trainAndEvaluate(build(value), data, opts) }));
}

/** The course's reading of a train and a dev error. */
export interface BiasVarianceReading {
  /** `train error − Bayes error`: what a better fit of the training set could still gain. */
  avoidableBias: number;
  /** `dev error − train error`: how much worse the network does on data it did not see. */
  variance: number;
  highBias: boolean;
  highVariance: boolean;
  /** "high bias", "high variance", "high bias and high variance" or "low bias and low variance". */
  diagnosis: string;
  /** What the course suggests trying, in order. */
  remedies: string[];
}

/**
 * Read train and dev errors against the Bayes (optimal) error: avoidable bias = train − Bayes,
 * variance = dev − train, each "high" when above `threshold` (default 0.02, two percentage points).
 * With Bayes ≈ 0: train 1% / dev 11% is high variance; 15% / 16% high bias; 15% / 30% both; 0.5% / 1% neither.
 */
export function diagnoseBiasVariance(errors: { train: number; dev: number; bayes?: number }, threshold = 0.02): BiasVarianceReading {
  const where = "diagnoseBiasVariance";
  if (!isPlainObject(errors)) throw new ValueError(`${where}: errors must be { train, dev } (fractions, e.g. { train: 0.01, dev: 0.11 }), got ${kindOf(errors)}`);
  checkOptions(where, errors, ["train", "dev", "bayes"], "{ train: 0.01, dev: 0.11, bayes: 0 }");
  assertInRange("train error", errors.train, 0, 1, "[]", where);
  assertInRange("dev error", errors.dev, 0, 1, "[]", where);
  const bayes = errors.bayes ?? 0;
  assertInRange("Bayes error", bayes, 0, 1, "[]", where);
  assertInRange("threshold", threshold, 0, 1, "[)", where);
  const avoidableBias = errors.train - bayes, variance = errors.dev - errors.train;
  const highBias = avoidableBias > threshold, highVariance = variance > threshold;
  const diagnosis = highBias && highVariance ? "high bias and high variance" : highBias ? "high bias" : highVariance ? "high variance" : "low bias and low variance";
  const remedies: string[] = [];
  if (highBias) remedies.push("a bigger network (more units or layers)", "train longer or with a better optimizer", "another architecture");
  if (highVariance) remedies.push("more training data", "regularization (L2, dropout, data augmentation, early stopping)", "another architecture");
  if (!highBias && !highVariance) remedies.push("done: the network fits the training set and generalizes");
  return { avoidableBias, variance, highBias, highVariance, diagnosis, remedies: [...new Set(remedies)] };
}

/** `(x₁, x₂) ↦ a[L]`, the output of a 2-input, 1-output network at one point (what decision-boundary plots draw). */
export function probabilityAt(net: Network): (x1: number, x2: number) => number {
  if (net.layerDims[0] !== 2 || net.layerDims[net.layerDims.length - 1] !== 1) {
    throw new ValueError(`probabilityAt: the network must have 2 inputs and 1 output, its layerDims are ${JSON.stringify(net.layerDims)}`);
  }
  const X = new Matrix(2, 1);
  return (x1, x2) => {
    X.data[0] = x1;
    X.data[1] = x2;
    return forward(net, X).AL.data[0]!;
  };
}
