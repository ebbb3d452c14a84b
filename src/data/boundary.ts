// A 2-D classification problem for the regularization lessons, standing in
// for the course's own data file (which is not ours to share): points spread
// over a box, two classes on either side of a wavy boundary, labels noisy near
// it (a logistic band) and a few flipped anywhere (outliers a flexible network
// will chase). Because the label distribution is known, so is the Bayes error,
// the floor no classifier can beat on average.
import { assertInRange, assertInt, assertPositive, checkOptions } from "../errors";
import { RandomState } from "../random/random";
import { Matrix } from "../tensor/matrix";
import type { Dataset } from "./common";

export interface NoisyBoundaryOptions {
  /** Training examples (default 211, as the course's set). */
  nTrain?: number;
  /** Test examples (default 200). */
  nTest?: number;
  /** Boundary `x₂ = amplitude · sin(frequency · x₁)`: default 0.3 … */
  amplitude?: number;
  /** … and 3.5. */
  frequency?: number;
  /** Scale τ of the logistic label noise: `P(y = 1 | x) = σ((x₂ − boundary(x₁)) / τ)` (default 0.05). */
  noise?: number;
  /** Fraction of labels flipped whatever their position (default 0.05). */
  flip?: number;
  /** Half-width of the square the points are drawn from, [−box, box]² (default 0.8). */
  box?: number;
  /** Seed of the generator (default 2). */
  seed?: number;
}

export interface NoisyBoundaryData {
  train: Dataset;
  test: Dataset;
  /** `P(y = 1 | x₁, x₂)`, the distribution the labels are drawn from. */
  probability: (x1: number, x2: number) => number;
  /** The boundary's height at x₁ (where the probability is ½). */
  boundary: (x1: number) => number;
  /**
   * Bayes (optimal) error: the error of the best possible classifier, `E_x[min(p, 1 − p)]` with
   * `p = flip + (1 − 2·flip)·σ(d/τ)`, averaged over the box by a 400 x 400 midpoint rule.
   */
  bayesError: number;
}

/**
 * Draw a seeded 2-D problem: `np.random.seed(seed)`, points `uniform(−box, box, (n, 2))` (n = nTrain + nTest,
 * the first nTrain for training), then `u = rand(n)`, `f = rand(n)`:
 * `y = [u < σ(d/τ)]`, flipped where `f < flip`, with `d = x₂ − amplitude·sin(frequency·x₁)`.
 * An unregularized [2, 20, 3, 1] network trained long enough fits the noise and loses on the test set.
 */
export function makeNoisyBoundary(opts: NoisyBoundaryOptions = {}): NoisyBoundaryData {
  const where = "makeNoisyBoundary";
  checkOptions(where, opts, ["nTrain", "nTest", "amplitude", "frequency", "noise", "flip", "box", "seed"], "{ nTrain: 211, nTest: 200, seed: 1 }");
  const nTrain = opts.nTrain ?? 211, nTest = opts.nTest ?? 200;
  assertInt("nTrain", nTrain, 1, 1e8, where);
  assertInt("nTest", nTest, 0, 1e8, where);
  const amplitude = opts.amplitude ?? 0.3, frequency = opts.frequency ?? 3.5;
  assertInRange("amplitude", amplitude, -Infinity, Infinity, "()", where);
  assertInRange("frequency", frequency, -Infinity, Infinity, "()", where);
  const tau = opts.noise ?? 0.05, flip = opts.flip ?? 0.05, box = opts.box ?? 0.8;
  assertPositive("noise", tau, where);
  assertInRange("flip", flip, 0, 0.5, "[]", where);
  assertPositive("box", box, where);
  const seed = opts.seed ?? 2;
  assertInt("seed", seed, 0, 0xffffffff, where);

  const boundary = (x1: number): number => amplitude * Math.sin(frequency * x1);
  const probability = (x1: number, x2: number): number => {
    const s = 1 / (1 + Math.exp(-(x2 - boundary(x1)) / tau));
    return flip + (1 - 2 * flip) * s;
  };
  const n = nTrain + nTest;
  const rng = new RandomState(seed);
  const P = rng.uniform(-box, box, n, 2);
  const u = rng.rand(1, n), f = rng.rand(1, n);
  const split = (start: number, count: number): Dataset => {
    const X = new Matrix(2, count), Y = new Matrix(1, count);
    for (let j = 0; j < count; j++) {
      const k = start + j, x1 = P.data[2 * k]!, x2 = P.data[2 * k + 1]!;
      X.data[j] = x1;
      X.data[count + j] = x2;
      const s = 1 / (1 + Math.exp(-(x2 - boundary(x1)) / tau));
      let y = u.data[k]! < s ? 1 : 0;
      if (f.data[k]! < flip) y = 1 - y;
      Y.data[j] = y;
    }
    return { X, Y };
  };
  let bayes = 0;
  const N = 400, h = (2 * box) / N;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const p = probability(-box + (i + 0.5) * h, -box + (j + 0.5) * h);
      bayes += Math.min(p, 1 - p);
    }
  }
  return { train: split(0, nTrain), test: split(nTrain, nTest), probability, boundary, bayesError: bayes / (N * N) };
}

/** The lessons' problem: `makeNoisyBoundary()` with its defaults (211 training and 200 test points, seed 2). */
export function loadNoisyBoundary(): NoisyBoundaryData {
  return makeNoisyBoundary();
}
