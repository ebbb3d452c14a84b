// Shared pieces of the data generators: numpy's linspace, the generator
// argument (numpy's global RandomState stands behind `random_state=None`),
// and sklearn's `shuffle(X, y)` order of draws.
import { assertInt, checkRng, checkSeed } from "../errors";
import { RandomState } from "../random/random";
import { fillLinspace, Matrix } from "../tensor/matrix";

/** A labelled data set, features x examples: X is n_x x m, Y is 1 x m. */
export interface Dataset {
  X: Matrix;
  Y: Matrix;
}

export interface GeneratorOptions {
  /** The generator to draw from (advanced in place), like numpy's global one after `np.random.seed`. */
  rng?: RandomState;
  /** Seed for a fresh generator when no `rng` is given (default 0). */
  seed?: number;
  /** Shuffle the examples (sklearn's default true). */
  shuffle?: boolean;
}

/** The generator `opts` asks for, its seed and rng checked under the name of `where` (the function a learner called). */
export function generator(opts: GeneratorOptions, where: string): RandomState {
  checkRng(where, opts.rng);
  checkSeed(where, opts.seed);
  return opts.rng ?? new RandomState(opts.seed ?? 0);
}

/** numpy's `linspace(start, stop, num, endpoint)`: `start + k·step`, the last point exactly `stop` when endpoint. */
export function linspaceNp(start: number, stop: number, num: number, endpoint = true): Float64Array {
  assertInt("num", num, 0, 1e9, "linspace");
  return fillLinspace(new Float64Array(num), start, stop, endpoint);
}

/** sklearn's `shuffle(X, y, random_state=generator)`: `indices = arange(m); generator.shuffle(indices)`, then `X[indices]`. */
export function shuffleExamples(rng: RandomState, xs: Float64Array[], y: Float64Array): { xs: Float64Array[]; y: Float64Array } {
  const m = y.length;
  const idx = Array.from({ length: m }, (_, k) => k);
  rng.shuffle(idx);
  return { xs: xs.map((x) => Float64Array.from(idx, (i) => x[i]!)), y: Float64Array.from(idx, (i) => y[i]!) };
}

/** Add `normal(scale=noise, size=(m, n))` in numpy's C order (example by example, feature by feature). */
export function addNoise(rng: RandomState, xs: Float64Array[], noise: number): void {
  const m = xs[0]!.length;
  for (let i = 0; i < m; i++) for (const x of xs) x[i] += 0 + noise * rng.nextGaussian();
}

/** Stack feature rows into an n x m matrix and labels into 1 x m. */
export function toDataset(xs: Float64Array[], y: Float64Array): Dataset {
  const m = y.length, X = new Matrix(xs.length, m);
  xs.forEach((x, f) => X.data.set(x, f * m));
  return { X, Y: new Matrix(1, m, y) };
}
