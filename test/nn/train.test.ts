import { describe, expect, it, vi } from "vitest";
import { loadMoons, makeBlobs, makeCircles } from "../../src/data";
import { accuracy, createNetwork, predict, train, TrainingDivergedError } from "../../src/nn";
import type { Optimizer } from "../../src/optim/types";
import type { Params } from "../../src/tensor/params";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { seed } from "../../src/random/random";
import { betaScale, choiceOf, coarseToFine, gridSearch, intScale, linearScale, logScale, logUniform, randomSearch, sampleBeta } from "../../src/search/search";
import { fx } from "./fixture";

/** A tiny local Adam written against the optimizer contract (the test does not depend on src/optim). */
function localAdam(lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): Optimizer<{ t: number; v: Params; s: Params }> {
  const zeros = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, m]) => [k, new Matrix(m.rows, m.cols)]));
  return {
    name: "local adam",
    init: (p) => ({ t: 0, v: zeros(p), s: zeros(p) }),
    update(grads, state) {
      const t = state.t + 1, v: Params = {}, s: Params = {}, updates: Params = {};
      for (const [k, g] of Object.entries(grads)) {
        const vk = new Matrix(g.rows, g.cols), sk = new Matrix(g.rows, g.cols), u = new Matrix(g.rows, g.cols);
        for (let i = 0; i < g.data.length; i++) {
          vk.data[i] = b1 * state.v[k]!.data[i]! + (1 - b1) * g.data[i]!;
          sk.data[i] = b2 * state.s[k]!.data[i]! + (1 - b2) * g.data[i]! ** 2;
          u.data[i] = (-lr * (vk.data[i]! / (1 - b1 ** t))) / (Math.sqrt(sk.data[i]! / (1 - b2 ** t)) + eps);
        }
        v[k] = vk; s[k] = sk; updates[k] = u;
      }
      return { updates, state: { t, v, s } };
    },
  };
}

describe("train", () => {
  it("the course's [2, 5, 2, 1] model on moons with Adam passes 90% accuracy", () => {
    const { X, Y } = loadMoons();
    const net = createNetwork([2, 5, 2, 1], { hidden: "relu", output: "sigmoid", init: "he", seed: 3 });
    const seen: number[] = [];
    const r = train(net, { X, Y }, { optimizer: localAdam(0.01), epochs: 400, batchSize: 64, onEpoch: (e) => { seen.push(e.epoch); } });
    expect(r.costs.length).toBe(400);
    expect(seen.length).toBe(400);
    expect(r.costs[399]!).toBeLessThan(r.costs[0]!);
    expect(accuracy(net, X, Y)).toBeGreaterThan(0.9);
  });

  it("passes { epoch } to the optimizer and supports a schedule through a factory", () => {
    const { X, Y } = makeCircles({ nSamples: 60, noise: 0.05, rng: seed(1) });
    const epochs: number[] = [];
    const spy = (lr: unknown): Optimizer => ({
      name: "spy", init: () => ({}),
      update(grads, state, _p, ctx) {
        epochs.push(ctx!.epoch!);
        const a = typeof lr === "function" ? (lr as (e: number) => number)(ctx!.epoch!) : (lr as number);
        return { updates: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.map((v) => -a * v)])), state };
      },
    });
    const net = createNetwork([2, 4, 1], { seed: 2 });
    train(net, { X, Y }, { optimizer: spy, schedule: ((e: number) => 0.1 / (1 + e)) as never, epochs: 3, batchSize: 32 });
    expect(epochs).toEqual([0, 0, 1, 1, 2, 2]);
    expect(() => train(net, { X, Y }, { optimizer: localAdam(0.1), schedule: 0.1, epochs: 1 })).toThrow(/schedule needs an optimizer factory/);
  });

  it("early stopping on a dev set restores the best parameters", () => {
    const { X, Y } = makeBlobs({ nSamples: 120, centers: [[0, 0], [1.2, 1.2]], clusterStd: 1, rng: seed(0) });
    const dev = makeBlobs({ nSamples: 60, centers: [[0, 0], [1.2, 1.2]], clusterStd: 1, rng: seed(9) });
    const net = createNetwork([2, 30, 30, 1], { seed: 1 });
    const r = train(net, { X, Y }, { optimizer: localAdam(0.05), epochs: 300, batchSize: 30, dev, earlyStopping: { patience: 10 } });
    expect(r.stoppedEarly).toBe(true);
    expect(r.epochs).toBeLessThan(300);
    expect(r.devCosts.length).toBe(r.epochs);
    expect(r.bestEpoch).toBe(r.epochs - 11);
  });

  it("trains with dropout, L2 and batch norm, and predicts without dropout", () => {
    const { X, Y } = loadMoons();
    const net = createNetwork([2, 10, 5, 1], { seed: 3, keepProb: 0.9, lambda: 0.1, batchNorm: true });
    train(net, { X, Y }, { optimizer: localAdam(0.01), epochs: 60, batchSize: 64 });
    expect(accuracy(net, X, Y)).toBeGreaterThan(0.8);
    expect(Array.from(predict(net, X).data)).toEqual(Array.from(predict(net, X).data));
    expect(net.running.mu1!.data.some((v) => v !== 0)).toBe(true);
  });

  it("softmax on three blobs", () => {
    const { X, Y } = makeBlobs({ nSamples: 150, centers: 3, rng: seed(2) });
    const net = createNetwork([2, 8, 3], { output: "softmax", seed: 1 });
    train(net, { X, Y }, { optimizer: localAdam(0.02), epochs: 100, batchSize: 50 });
    expect(accuracy(net, X, Y)).toBeGreaterThan(0.9);
  });

  it("trains on through an infinite cost with finite gradients, as the course's ×10 initialization does", () => {
    const { X, Y } = makeCircles({ nSamples: 300, noise: 0.05, seed: 1 });
    const net = createNetwork([2, 10, 5, 1], { init: "random", initScale: 10, seed: 3 });
    const gd: Optimizer<null> = {
      name: "gd", init: () => null,
      update: (g) => ({ updates: Object.fromEntries(Object.entries(g).map(([k, m]) => [k, m.mul(-0.01)])), state: null }),
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const run = train(net, { X, Y }, { optimizer: gd, epochs: 3, batchSize: Infinity, onDiverge: "warn" });
    expect(warn).toHaveBeenCalledTimes(1); // once, though every epoch's cost is ∞ here
    expect(String(warn.mock.calls[0]![0])).toMatch(/^train: the cost became Infinity at epoch 0, mini-batch 1 of 1 \(after 0 updates\)\. The starting parameters already give it/);
    warn.mockRestore();
    expect(run.diverged).toEqual({ epoch: 0, batch: 0, step: 0, cost: Infinity });
    expect(run.costs[0]).toBe(Infinity); // some sigmoid outputs are exactly 0 or 1
    expect(run.costs.every((c) => !Number.isNaN(c))).toBe(true);
    expect(accuracy(net, X, Y)).toBeGreaterThan(0.4);
  });

  describe("a dev-set cost of ∞ follows onDiverge", () => {
    // Logistic regression on six separable points; the dev example x = 15 is labelled 0, so as w grows
    // σ(15w + b) reaches exactly 1 in float64 (15w + b > 36.7) and −log(1 − 1) = ∞, though training goes well.
    const X = matrix([[-2, -1, -0.5, 0.5, 1, 2]]), Y = matrix([[0, 0, 0, 1, 1, 1]]);
    const dev = { X: matrix([[15, -1]]), Y: matrix([[0, 0]]) };
    const sgd1: Optimizer<null> = {
      name: "gd(α=1)", init: () => null,
      update: (g) => ({ updates: Object.fromEntries(Object.entries(g).map(([k, m]) => [k, m.mul(-1)])), state: null }),
    };
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    const devCost = (w: number, b: number): number => (-Math.log(1 - sigmoid(15 * w + b)) - Math.log(1 - sigmoid(-w + b))) / 2;

    it("stops by default, naming the epoch and the training cost, with the run before it", () => {
      let err: unknown;
      try {
        train(createNetwork([1, 1], { seed: 1 }), { X, Y }, { optimizer: sgd1, epochs: 40, batchSize: Infinity, dev });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TrainingDivergedError);
      const e = err as TrainingDivergedError;
      expect(e.divergence).toEqual({ epoch: 2, batch: 0, step: 3, cost: Infinity, on: "dev" });
      // The parameters that gave it saturate the dev example's sigmoid; those of epoch 1 did not.
      const w = e.result.params.W1!.data[0]!, b = e.result.params.b1!.data[0]!;
      expect(sigmoid(15 * w + b)).toBe(1);
      expect(e.result.costs.length).toBe(2);
      expect(e.result.devCosts.length).toBe(2);
      expect(e.result.epochs).toBe(2);
      expect(e.result.devCosts.every(Number.isFinite)).toBe(true);
      expect(e.message).toMatch(/^train: the dev-set cost became Infinity after epoch 2 \(after 3 updates\), while the training cost was 0\.11\d\d\. The network is certain and wrong on at least one dev example/);
      expect(e.message).toMatch(/pass onDiverge: "warn" to train on/);
    });

    it("with onDiverge \"warn\": warns once, flags devDiverged, and trains on", () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const net = createNetwork([1, 1], { seed: 1 });
      const run = train(net, { X, Y }, { optimizer: sgd1, epochs: 6, batchSize: Infinity, dev, onDiverge: "warn" });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^train: the dev-set cost became Infinity after epoch 2 .* Training goes on \(onDiverge: "warn"\); result\.devDiverged says where\.$/);
      warn.mockRestore();
      expect(run.devDiverged).toEqual({ epoch: 2, batch: 0, step: 3, cost: Infinity, on: "dev" });
      expect(run.diverged).toBeUndefined(); // the training cost stayed finite
      expect(run.costs.length).toBe(6);
      expect(run.costs.every(Number.isFinite)).toBe(true);
      expect(run.devCosts.slice(2).every((c) => c === Infinity)).toBe(true);
      expect(accuracy(net, X, Y)).toBe(1);
    });

    it("a dev cost that stays finite is recorded as the formula gives it", () => {
      const net = createNetwork([1, 1], { seed: 1 });
      const run = train(net, { X, Y }, { optimizer: sgd1, epochs: 1, batchSize: Infinity, dev });
      expect(run.devCosts[0]).toBeCloseTo(devCost(net.params.W1!.data[0]!, net.params.b1!.data[0]!), 12);
      expect(run.devDiverged).toBeUndefined();
    });
  });

  it("rejects bad input with clear messages", () => {
    const { X, Y } = loadMoons();
    const net = createNetwork([2, 3, 1]);
    const bad = Y.clone(); bad.data[5] = -1;
    expect(() => train(net, { X, Y: bad }, { optimizer: localAdam(0.1), epochs: 1 })).toThrow(/labels must be 0 or 1.*Y\[0, 5\] = -1/);
    expect(() => train(net, { X: new Matrix(2, 0), Y: new Matrix(1, 0) }, { optimizer: localAdam(0.1) })).toThrow(/empty/);
    expect(() => train(net, { X, Y }, { optimizer: localAdam(0.1), earlyStopping: { patience: 3 } })).toThrow(/pass a dev set/);
  });
});

describe("hyperparameter search", () => {
  it("ranks a NaN score (a diverged trial) last, ties kept in grid order", () => {
    const scores: Record<number, number> = { 1: NaN, 2: 0.3, 3: NaN, 4: 0.1 };
    const r = gridSearch({ grid: { a: [1, 2, 3, 4] }, evaluate: (hp) => scores[hp.a as number]! });
    expect(r.trials.map((t) => t.hp.a)).toEqual([4, 2, 1, 3]);
    expect(r.best.score).toBe(0.1);
  });

  it("log-uniform α and β through 1 − β reproduce the course's numpy draws", () => {
    const rng = seed(0);
    const alphas = Array.from({ length: 5 }, () => logUniform(1e-4, 1, rng));
    const betas = Array.from({ length: 5 }, () => sampleBeta(0.9, 0.999, rng));
    alphas.forEach((a, i) => expect(a / fx.search.alphas[i]).toBeCloseTo(1, 12));
    betas.forEach((b, i) => expect(b).toBeCloseTo(fx.search.betas[i], 12));
  });

  it("random search, grid search and coarse to fine find the minimum", () => {
    const f = (hp: Record<string, number | string>): number => (Math.log10(hp.alpha as number) + 2) ** 2 + (hp.units === 8 ? 0 : 1);
    const rs = randomSearch({ space: { alpha: logScale(1e-4, 1), units: choiceOf([4, 8]) }, evaluate: f, trials: 30, seed: 1 });
    expect(rs.trials.length).toBe(30);
    expect(rs.best.hp.units).toBe(8);
    expect(rs.trials[0]!.score).toBeLessThanOrEqual(rs.trials[29]!.score);
    const gs = gridSearch({ grid: { alpha: [1e-3, 1e-2, 1e-1], units: [4, 8] }, evaluate: f });
    expect(gs.trials.length).toBe(6);
    expect(gs.best.hp).toEqual({ alpha: 1e-2, units: 8 });
    const cf = coarseToFine({ space: { alpha: logScale(1e-4, 1), beta: betaScale(0.9, 0.999), p: linearScale(0.5, 1), n: intScale(1, 4) }, evaluate: (hp) => (Math.log10(hp.alpha as number) + 2) ** 2, trials: 20, rounds: 3, seed: 2 });
    expect(cf.spaces.length).toBe(3);
    const fine = cf.spaces[2]!.alpha as { low: number; high: number };
    expect(fine.high / fine.low).toBeLessThan(1e4);
    expect(Math.abs(Math.log10(cf.best.hp.alpha as number) + 2)).toBeLessThan(0.3);
  });
});

describe("train with the optimization library's Adam", () => {
  it("reproduces the course's numpy model() cost history and parameters (20 epochs)", async () => {
    const { adam } = await import("../../src/optim");
    const { X, Y } = loadMoons();
    const net = createNetwork([2, 5, 2, 1], { init: "he", seed: 3 });
    const r = train(net, { X, Y }, { optimizer: adam({ learningRate: 0.0007 }), epochs: 20, batchSize: 64, seed: 10 });
    r.costs.forEach((c, i) => expect(c).toBeCloseTo(fx.courseModel.costs[i], 12));
    for (const [k, v] of Object.entries(fx.courseModel.params)) {
      const want = v as { data: number[] };
      net.params[k]!.data.forEach((x, i) => expect(x).toBeCloseTo(want.data[i]!, 11));
    }
  });

  it("reaches > 90% on moons", async () => {
    const { adam } = await import("../../src/optim");
    const { X, Y } = loadMoons();
    const net = createNetwork([2, 5, 2, 1], { init: "he", seed: 3 });
    train(net, { X, Y }, { optimizer: adam({ learningRate: 0.01 }), epochs: 300, batchSize: 64 });
    expect(accuracy(net, X, Y)).toBeGreaterThan(0.9);
  });
});
