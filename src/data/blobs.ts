// Isotropic Gaussian blobs, drawn exactly as scikit-learn's make_blobs draws
// them from numpy's generator: centers (uniform in the box), then each
// blob's points, then the shuffle.
import { ValueError, assertFinite, assertInt, assertInRange, checkOptions, kindOf } from "../errors";
import { Matrix } from "../tensor/matrix";
import { generator, shuffleExamples, toDataset, type Dataset, type GeneratorOptions } from "./common";

export interface BlobsOptions extends GeneratorOptions {
  /** Number of points (default 100), split as evenly as possible (the first blobs get the extra ones). */
  nSamples?: number;
  /** Features per point (default 2). */
  nFeatures?: number;
  /** How many centers to draw (default 3), or the centers themselves (one array per center). */
  centers?: number | number[][];
  /** Standard deviation of each blob (default 1), one number or one per center. */
  clusterStd?: number | number[];
  /** Box the random centers are drawn from (default [−10, 10]). */
  centerBox?: [number, number];
}

/** sklearn's `make_blobs`: point ~ N(center[k], std[k]² I), label k. Returns X (n_features x m), Y (1 x m) and the centers (n_centers x n_features). */
export function makeBlobs(opts: BlobsOptions = {}): Dataset & { centers: Matrix } {
  checkOptions("makeBlobs", opts, ["nSamples", "nFeatures", "centers", "clusterStd", "centerBox", "rng", "seed", "shuffle"], "{ nSamples: 300, centers: 3 }");
  const n = opts.nSamples ?? 100;
  assertInt("nSamples", n, 1, 1e8, "makeBlobs");
  const rng = generator(opts, "makeBlobs");
  let nFeatures = opts.nFeatures ?? 2;
  assertInt("nFeatures", nFeatures, 1, 1e6, "makeBlobs");
  let centers: Matrix;
  const c = opts.centers ?? 3;
  if (typeof c === "number") {
    assertInt("centers", c, 1, 1e6, "makeBlobs");
    const box = opts.centerBox ?? [-10, 10];
    if (!Array.isArray(box) || box.length !== 2) throw new ValueError(`makeBlobs: centerBox must be [lo, hi] like [-10, 10], got ${kindOf(box)}`);
    const [lo, hi] = box;
    assertFinite("centerBox[0]", lo, "makeBlobs");
    assertFinite("centerBox[1]", hi, "makeBlobs");
    if (!(lo < hi)) throw new ValueError(`makeBlobs: centerBox must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
    centers = rng.uniform(lo, hi, c, nFeatures);
  } else {
    if (!Array.isArray(c) || c.length === 0) throw new ValueError(`makeBlobs: centers must be a count or a non-empty list of points like [[0, 0], [3, 3]], got ${kindOf(c)}`);
    c.forEach((p, k) => {
      if (!Array.isArray(p) || p.length === 0) throw new ValueError(`makeBlobs: centers[${k}] must be a point like [0, 0], got ${kindOf(p)}`);
    });
    nFeatures = c[0]!.length;
    c.forEach((p, k) => {
      if (p.length !== nFeatures) throw new ValueError(`makeBlobs: center ${k} has ${p.length} coordinates, center 0 has ${nFeatures}`);
      p.forEach((v, f) => assertFinite(`centers[${k}][${f}]`, v, "makeBlobs"));
    });
    centers = new Matrix(c.length, nFeatures, Float64Array.from(c.flat()));
  }
  const k = centers.rows;
  const stds = Array.isArray(opts.clusterStd) ? opts.clusterStd : Array(k).fill(opts.clusterStd ?? 1);
  if (stds.length !== k) throw new ValueError(`makeBlobs: clusterStd has ${stds.length} values for ${k} centers`);
  stds.forEach((s, i) => assertInRange(`clusterStd[${i}]`, s, 0, Infinity, "[)", "makeBlobs"));
  const per = Array(k).fill(Math.floor(n / k));
  for (let i = 0; i < n % k; i++) per[i]++;
  const xs = Array.from({ length: nFeatures }, () => new Float64Array(n)), y = new Float64Array(n);
  let row = 0;
  for (let i = 0; i < k; i++) {
    for (let r = 0; r < per[i]; r++, row++) {
      for (let f = 0; f < nFeatures; f++) xs[f]![row] = centers.data[i * nFeatures + f]! + stds[i]! * rng.nextGaussian();
      y[row] = i;
    }
  }
  let out: { xs: Float64Array[]; y: Float64Array } = { xs, y };
  if (opts.shuffle ?? true) out = shuffleExamples(rng, xs, y);
  return { ...toDataset(out.xs, out.y), centers };
}
