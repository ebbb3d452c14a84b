// A large circle around a smaller one, drawn exactly as scikit-learn's
// make_circles draws them from numpy's generator.
import { assertInRange, assertInt, checkOptions } from "../errors";
import { RandomState } from "../random/random";
import { addNoise, generator, linspaceNp, shuffleExamples, toDataset, type Dataset, type GeneratorOptions } from "./common";

export interface CirclesOptions extends GeneratorOptions {
  /** Number of points (default 100): ⌊m/2⌋ on the outer circle, the rest on the inner one (label 1). */
  nSamples?: number;
  noise?: number;
  /** Inner radius relative to the outer (default 0.8), in [0, 1). */
  factor?: number;
}

/** sklearn's `make_circles`: `(cos t, sin t)` and `factor·(cos t, sin t)`, t ∈ [0, 2π) without the endpoint. */
export function makeCircles(opts: CirclesOptions = {}): Dataset {
  checkOptions("makeCircles", opts, ["nSamples", "noise", "factor", "rng", "seed", "shuffle"], "{ nSamples: 300, noise: 0.05 }");
  const n = opts.nSamples ?? 100;
  assertInt("nSamples", n, 1, 1e8, "makeCircles");
  const factor = opts.factor ?? 0.8;
  assertInRange("factor", factor, 0, 1, "[)", "makeCircles");
  const rng = generator(opts, "makeCircles");
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const x = new Float64Array(n), yy = new Float64Array(n), y = new Float64Array(n);
  const to = linspaceNp(0, 2 * Math.PI, nOut, false), ti = linspaceNp(0, 2 * Math.PI, nIn, false);
  for (let k = 0; k < nOut; k++) { x[k] = Math.cos(to[k]!); yy[k] = Math.sin(to[k]!); }
  for (let k = 0; k < nIn; k++) { x[nOut + k] = Math.cos(ti[k]!) * factor; yy[nOut + k] = Math.sin(ti[k]!) * factor; y[nOut + k] = 1; }
  let xs: Float64Array[] = [x, yy], labels: Float64Array = y;
  if (opts.shuffle ?? true) ({ xs, y: labels } = shuffleExamples(rng, xs, y));
  if (opts.noise !== undefined && opts.noise !== null) {
    assertInRange("noise", opts.noise, 0, Infinity, "[)", "makeCircles");
    addNoise(rng, xs, opts.noise);
  }
  return toDataset(xs, labels);
}

/** The course's circles (initialization assignment): train `np.random.seed(1); make_circles(300, noise=.05)`, test seed 2 with 100 points. */
export function loadCircles(): { train: Dataset; test: Dataset } {
  return {
    train: makeCircles({ nSamples: 300, noise: 0.05, rng: new RandomState(1) }),
    test: makeCircles({ nSamples: 100, noise: 0.05, rng: new RandomState(2) }),
  };
}
