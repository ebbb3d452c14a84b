// Parameter initialization, layer by layer in the course's order: W1 (drawn),
// b1 (zeros, no draws), W2, b2, … so a seeded generator gives exactly the
// numbers numpy's `initialize_parameters_he` etc. give for the same seed.
import { ValueError, assertInt, assertFinite, checkOptions, checkRng, checkSeed } from "../errors";
import type { Params } from "../tensor/params";
import { RandomState } from "../random/random";
import { Matrix } from "../tensor/matrix";

/**
 * How W[l] is drawn (b[l] is always zeros):
 * - "zeros": W = 0 (every unit computes the same thing: symmetry is never broken)
 * - "random": W = randn · scale (scale 0.01 by default; the course's "large" init uses 10)
 * - "xavier": W = randn · √(1/n[l−1])
 * - "glorot": W = randn · √(2/(n[l−1] + n[l]))   (Xavier's averaged form)
 * - "he": W = randn · √(2/n[l−1])                 (for relu)
 * - "lecun": W = randn · √(1/n[l−1])              (same scale as "xavier"; named for selu/tanh nets)
 */
export type InitMethod = "zeros" | "random" | "xavier" | "glorot" | "he" | "lecun";

export const INIT_METHODS: readonly InitMethod[] = ["zeros", "random", "xavier", "glorot", "he", "lecun"];

export interface InitOptions {
  /** Default "he". */
  method?: InitMethod;
  /** The generator to draw from (advanced in place); default `new RandomState(seed)`. */
  rng?: RandomState;
  /** Seed used when no `rng` is given; default 3 (the course's). */
  seed?: number;
  /** Multiplier for method "random"; default 0.01. */
  scale?: number;
  /** Batch-norm layers: hidden layers get gamma[l] = 1, beta[l] = 0 and no b[l] (β makes b redundant). */
  batchNorm?: boolean;
}

/** The standard deviation W[l] is drawn with: `√(2/n[l−1])` for He, etc. */
export function initScale(method: InitMethod, nPrev: number, nCur: number, scale = 0.01): number {
  switch (method) {
    case "zeros": return 0;
    case "random": return scale;
    case "xavier":
    case "lecun": return Math.sqrt(1 / nPrev);
    case "glorot": return Math.sqrt(2 / (nPrev + nCur));
    case "he": return Math.sqrt(2 / nPrev);
    default:
      throw new ValueError(`initializeParameters: unknown method ${JSON.stringify(method)}; expected one of ${INIT_METHODS.map((m) => `"${m}"`).join(", ")}`);
  }
}

/** Throw unless `layerDims` is a list of at least two positive integers [n_x, n[1], …, n[L]]. */
export function checkLayerDims(layerDims: unknown, where: string): asserts layerDims is number[] {
  if (!Array.isArray(layerDims) || layerDims.length < 2) {
    throw new ValueError(`${where}: layerDims must list at least the input size and one layer, e.g. [2, 5, 2, 1]; got ${JSON.stringify(layerDims)}`);
  }
  layerDims.forEach((n, l) => assertInt(`layerDims[${l}]`, n, 1, 1e7, where));
}

/**
 * `W[l] = randn(n[l], n[l−1]) · scale`, `b[l] = zeros(n[l], 1)` for l = 1 … L, drawn in that order.
 * `initializeParameters([2, 4, 1], {method: "he", seed: 3}).W1` equals numpy's
 * `np.random.seed(3); np.random.randn(4, 2) * np.sqrt(2 / 2)`.
 */
export function initializeParameters(layerDims: number[], opts: InitOptions = {}): Params {
  checkLayerDims(layerDims, "initializeParameters");
  checkOptions("initializeParameters", opts, ["method", "rng", "seed", "scale", "batchNorm"], '{ method: "he", seed: 3 }');
  const method = opts.method ?? "he";
  const scale = opts.scale ?? 0.01;
  assertFinite("scale", scale, "initializeParameters");
  if (!INIT_METHODS.includes(method)) initScale(method, 1, 1); // throws the named error
  checkRng("initializeParameters", opts.rng);
  checkSeed("initializeParameters", opts.seed);
  const rng = opts.rng ?? new RandomState(opts.seed ?? 3);
  const L = layerDims.length - 1;
  const params: Params = {};
  for (let l = 1; l <= L; l++) {
    const n = layerDims[l]!, nPrev = layerDims[l - 1]!;
    const s = initScale(method, nPrev, n, scale);
    const W = method === "zeros" ? new Matrix(n, nPrev) : rng.randn(n, nPrev);
    if (s !== 1) for (let k = 0; k < W.data.length; k++) W.data[k] *= s;
    params[`W${l}`] = W;
    if (opts.batchNorm && l < L) {
      params[`gamma${l}`] = new Matrix(n, 1, new Float64Array(n).fill(1));
      params[`beta${l}`] = new Matrix(n, 1);
    } else params[`b${l}`] = new Matrix(n, 1);
  }
  return params;
}
