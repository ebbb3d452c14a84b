// Two interleaving half circles, drawn exactly as scikit-learn's make_moons
// draws them from numpy's generator (shuffle first, then the noise).
import { assertInRange, assertInt, checkOptions } from "../errors";
import { RandomState } from "../random/random";
import { addNoise, generator, linspaceNp, shuffleExamples, toDataset, type Dataset, type GeneratorOptions } from "./common";

export interface MoonsOptions extends GeneratorOptions {
  /** Number of points (default 100): ⌊m/2⌋ on the outer moon, the rest on the inner one. */
  nSamples?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default none). */
  noise?: number;
}

/**
 * sklearn's `make_moons`: outer moon `(cos t, sin t)`, inner `(1 − cos t, 1 − sin t − 0.5)`, t ∈ [0, π];
 * `makeMoons({nSamples: 300, noise: 0.2, rng: seed(3)})` equals `np.random.seed(3); make_moons(n_samples=300, noise=.2)`
 * (as X 2 x m, Y 1 x m).
 */
export function makeMoons(opts: MoonsOptions = {}): Dataset {
  checkOptions("makeMoons", opts, ["nSamples", "noise", "rng", "seed", "shuffle"], "{ nSamples: 300, noise: 0.2 }");
  const n = opts.nSamples ?? 100;
  assertInt("nSamples", n, 1, 1e8, "makeMoons");
  const rng = generator(opts, "makeMoons");
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const x = new Float64Array(n), yy = new Float64Array(n), y = new Float64Array(n);
  const to = linspaceNp(0, Math.PI, nOut), ti = linspaceNp(0, Math.PI, nIn);
  for (let k = 0; k < nOut; k++) { x[k] = Math.cos(to[k]!); yy[k] = Math.sin(to[k]!); }
  for (let k = 0; k < nIn; k++) { x[nOut + k] = 1 - Math.cos(ti[k]!); yy[nOut + k] = 1 - Math.sin(ti[k]!) - 0.5; y[nOut + k] = 1; }
  let xs: Float64Array[] = [x, yy], labels: Float64Array = y;
  if (opts.shuffle ?? true) ({ xs, y: labels } = shuffleExamples(rng, xs, y));
  if (opts.noise !== undefined && opts.noise !== null) {
    assertInRange("noise", opts.noise, 0, Infinity, "[)", "makeMoons");
    addNoise(rng, xs, opts.noise);
  }
  return toDataset(xs, labels);
}

/** The course's moons: `np.random.seed(3); make_moons(n_samples=300, noise=.2)` (the optimization assignment's data). */
export function loadMoons(): Dataset {
  return makeMoons({ nSamples: 300, noise: 0.2, rng: new RandomState(3) });
}
