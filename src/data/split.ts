// Train / dev / test splits of a data set (columns are examples).
import { ShapeError, ValueError, checkMatrix, checkOptions, checkRng, checkSeed, fmtShape, kindOf } from "../errors";
import { RandomState } from "../random/random";
import { gatherCols } from "../tensor/slice";
import type { Dataset } from "./common";

export interface SplitOptions {
  /** Dev set size: a fraction of m (0 < f < 1) or a count. Default 0.2. */
  dev?: number;
  /** Test set size: a fraction of m or a count. Default 0.2. */
  test?: number;
  /** Shuffle before splitting (default true), with `permutation(m)` from this seed (default 0) or `rng`. */
  shuffle?: boolean;
  seed?: number;
  rng?: RandomState;
}

function count(what: string, v: number, m: number): number {
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) throw new ValueError(`trainDevTestSplit: ${what} must be a fraction in [0, 1) or a count, got ${typeof v === "number" ? v : kindOf(v)}`);
  if (v >= 1 && !Number.isInteger(v)) throw new ValueError(`trainDevTestSplit: ${what} must be a fraction in [0, 1) or a whole count of examples, got ${v}`);
  return v < 1 ? Math.round(v * m) : v;
}

/**
 * Split (X, Y) into train, dev and test sets: shuffle the columns, then dev and test take their
 * sizes from the end, train keeps the rest. With big data the course's split is 98/1/1; with
 * small data 60/20/20 (the default).
 */
export function trainDevTestSplit(X: Dataset["X"], Y: Dataset["Y"], opts: SplitOptions = {}): { train: Dataset; dev: Dataset; test: Dataset } {
  checkMatrix("trainDevTestSplit", "X", X);
  const m = X.cols;
  checkMatrix("trainDevTestSplit", "Y", Y);
  checkOptions("trainDevTestSplit", opts, ["dev", "test", "shuffle", "seed", "rng"], "{ dev: 0.2, test: 0.2, seed: 0 }");
  checkSeed("trainDevTestSplit", opts.seed);
  checkRng("trainDevTestSplit", opts.rng);
  if (Y.cols !== m) throw new ShapeError(`trainDevTestSplit: X has ${m} examples but Y has ${Y.cols} (shapes ${fmtShape(X.rows, X.cols)}, ${fmtShape(Y.rows, Y.cols)})`);
  if (m === 0) throw new ValueError("trainDevTestSplit: the data set is empty");
  const nDev = count("dev", opts.dev ?? 0.2, m), nTest = count("test", opts.test ?? 0.2, m);
  if (nDev + nTest >= m) throw new ValueError(`trainDevTestSplit: dev (${nDev}) + test (${nTest}) leave no training examples out of ${m}`);
  const idx = (opts.shuffle ?? true) ? (opts.rng ?? new RandomState(opts.seed ?? 0)).permutation(m) : Array.from({ length: m }, (_, k) => k);
  const nTrain = m - nDev - nTest;
  const part = (a: number, b: number): Dataset => ({ X: gatherCols(X, idx.slice(a, b)), Y: gatherCols(Y, idx.slice(a, b)) });
  return { train: part(0, nTrain), dev: part(nTrain, nTrain + nDev), test: part(nTrain + nDev, m) };
}
