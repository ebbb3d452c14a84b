import { describe, expect, it } from "vitest";
import { fitNormalizer, loadCircles, loadMoons, makeBlobs, makeCircles, makeMoons, normalize, seattleTemperatures, seattleWeather, trainDevTestSplit } from "../../src/data";
import { randomMiniBatches } from "../../src/nn/minibatch";
import { seed } from "../../src/random/random";
import { Matrix } from "../../src/tensor/matrix";
import { fx, mat, maxRel } from "./fixture";

describe("randomMiniBatches equals the course's random_mini_batches", () => {
  const X = mat(fx.minibatches.X), Y = mat(fx.minibatches.Y);
  for (const s of [0, 1]) {
    it(`seed ${s}: 64, 64 and a last batch of 20`, () => {
      const batches = randomMiniBatches(X, Y, 64, s);
      const want = fx.minibatches[`seed${s}`];
      expect(batches.map(([bx]) => bx.cols)).toEqual([64, 64, 20]);
      batches.forEach(([bx, by], k) => {
        expect(maxRel(bx, mat(want[k][0]))).toBe(0);
        expect(maxRel(by, mat(want[k][1]))).toBe(0);
      });
    });
  }
  it("rejects mismatched or empty data", () => {
    expect(() => randomMiniBatches(X, new Matrix(1, 3))).toThrow(/148 examples .* Y has 3/);
    expect(() => randomMiniBatches(new Matrix(2, 0), new Matrix(1, 0))).toThrow(/empty/);
    expect(() => randomMiniBatches(X, Y, 0)).toThrow(/miniBatchSize/);
  });
});

describe("data sets equal scikit-learn's for the same numpy seed", () => {
  const check = (got: { X: Matrix; Y: Matrix }, want: { X: never; Y: never }): void => {
    expect(maxRel(got.Y, mat(want.Y))).toBe(0);
    expect(maxRel(got.X, mat(want.X))).toBeLessThan(1e-13);
  };
  it("np.random.seed(3); make_moons(300, noise=.2)", () => check(loadMoons(), fx.data.moons));
  it("make_moons without noise or shuffle", () => check(makeMoons({ nSamples: 11, shuffle: false }), fx.data.moonsPlain));
  it("np.random.seed(1); make_circles(300, noise=.05) and the seed-2 test set", () => {
    const { train, test } = loadCircles();
    check(train, fx.data.circles);
    check(test, fx.data.circlesTest);
    check(makeCircles({ nSamples: 300, noise: 0.05, rng: seed(1) }), fx.data.circles);
  });
  it("np.random.seed(0); make_blobs(50, centers=3, cluster_std=1.5)", () => {
    const b = makeBlobs({ nSamples: 50, centers: 3, clusterStd: 1.5, rng: seed(0) });
    check(b, fx.data.blobs);
    expect(maxRel(b.centers, mat(fx.data.blobs.centers))).toBeLessThan(1e-14);
  });
});

describe("temperatures, splits and normalization", () => {
  it("a year of Seattle's daily max temperatures from vega-datasets", () => {
    const t = seattleTemperatures(2012);
    expect(t.temps.length).toBe(366);
    expect(t.dates[0]).toBe("2012-01-01");
    expect(t.temps[0]).toBe(12.8);
    expect(seattleTemperatures(2013).temps.length).toBe(365);
    expect(seattleWeather().length).toBe(1461);
    expect(() => seattleTemperatures(1999)).toThrow(/2012 to 2015/);
  });

  it("train/dev/test split keeps every example once", () => {
    const { X, Y } = loadMoons();
    const s = trainDevTestSplit(X, Y, { dev: 0.1, test: 30, seed: 1 });
    expect([s.train.X.cols, s.dev.X.cols, s.test.X.cols]).toEqual([240, 30, 30]);
    const sum = (m: Matrix): number => m.data.reduce((a, b) => a + b, 0);
    expect(sum(s.train.X) + sum(s.dev.X) + sum(s.test.X)).toBeCloseTo(sum(X), 10);
    expect(() => trainDevTestSplit(X, Y, { dev: 0.5, test: 0.5 })).toThrow(/no training examples/);
  });

  it("normalization is fitted on train and applied to the others", () => {
    const { X } = makeBlobs({ nSamples: 200, rng: seed(4) });
    const stats = fitNormalizer(X);
    const Xn = normalize(X, stats), again = fitNormalizer(Xn);
    for (let i = 0; i < 2; i++) {
      expect(again.mu.data[i]).toBeCloseTo(0, 12);
      expect(again.sigma2.data[i]).toBeCloseTo(1, 12);
    }
    const dev = normalize(new Matrix(2, 1, Float64Array.from(stats.mu.data)), stats);
    expect(Array.from(dev.data)).toEqual([0, 0]);
    expect(() => normalize(new Matrix(3, 4), stats)).toThrow(/3 features .* fitted on 2/);
  });
});

describe("mini-batches, hand-worked (mutation-tested)", () => {
  const X = new Matrix(2, 5, Float64Array.of(0, 1, 2, 3, 4, 10, 11, 12, 13, 14)), Y = new Matrix(1, 5, Float64Array.of(0, 1, 2, 3, 4));
  it("columns permuted by rng.shuffle, cut into 2, 2, 1; X and Y stay paired", async () => {
    const { partition } = await import("../../src/nn/minibatch");
    const perm = Int32Array.of(0, 1, 2, 3, 4);
    seed(7).shuffle(perm);
    const b = randomMiniBatches(X, Y, 2, 7);
    expect(b.map(([x]) => x.shape)).toEqual([[2, 2], [2, 2], [2, 1]]);
    expect(b.flatMap(([, y]) => Array.from(y.data))).toEqual(Array.from(perm));
    for (const [x, y] of b) for (let j = 0; j < y.cols; j++) {
      expect(x.data[j]).toBe(y.data[j]);
      expect(x.data[x.cols + j]).toBe(y.data[j]! + 10);
    }
    // A running generator instead of a seed: the same draws.
    expect(randomMiniBatches(X, Y, 2, seed(7)).map(([, y]) => Array.from(y.data))).toEqual(b.map(([, y]) => Array.from(y.data)));
    // One batch of everything, or one per example.
    expect(randomMiniBatches(X, Y, 64, 7).map(([x]) => x.cols)).toEqual([5]);
    expect(randomMiniBatches(X, Y, 1, 7).map(([x]) => x.cols)).toEqual([1, 1, 1, 1, 1]);
    // partition: consecutive, unshuffled.
    const p = partition(X, Y, 2);
    expect(p.map(([x]) => Array.from(x.data))).toEqual([[0, 1, 10, 11], [2, 3, 12, 13], [4, 14]]);
    expect(p.map(([, y]) => Array.from(y.data))).toEqual([[0, 1], [2, 3], [4]]);
    // A size that divides m: no empty batch at the end.
    expect(partition(X, Y, 5).map(([x]) => x.cols)).toEqual([5]);
    expect(randomMiniBatches(X, Y, 5, 7).map(([x]) => x.cols)).toEqual([5]);
  });
  it("errors name the function, the shapes and the argument", () => {
    expect(() => randomMiniBatches(X, new Matrix(1, 4))).toThrow(/randomMiniBatches: X has 5 examples \(columns\) but Y has 4; shapes \(2, 5\) and \(1, 4\)/);
    expect(() => randomMiniBatches(new Matrix(2, 0), new Matrix(1, 0))).toThrow(/randomMiniBatches: the data set is empty \(X has 0 columns\)/);
    expect(() => randomMiniBatches(X, Y, 1.5)).toThrow(/randomMiniBatches: miniBatchSize must be an integer, got 1.5/);
  });
});
