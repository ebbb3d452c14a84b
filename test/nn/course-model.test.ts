// descent's train reproduces the course's regularization model() (reg_utils, full-batch gradient descent,
// lr 0.3) without regularization, with L2 (λ = 0.7) and with the course's dropout (keep_prob = 0.86,
// np.random.seed(1) in every forward pass), run by numpy on makeNoisyBoundary's problem.
import { describe, expect, it } from "vitest";
import { loadNoisyBoundary } from "../../src/data";
import { accuracy, createNetwork, forward, train } from "../../src/nn";
import { initializeParameters } from "../../src/nn/init";
import { sgd } from "../../src/optim";
import type { Params } from "../../src/tensor/params";
import { gatherCols } from "../../src/tensor/slice";
import { loadFixture, maxRelDiff, toMatrix, type MatJSON } from "../helpers/fixtures";

const fx = loadFixture("course_week1.json").courseModel;
const mats = (o: Record<string, MatJSON>): Params => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toMatrix(v)]));
const { train: tr, test: te } = loadNoisyBoundary();

describe("the course's model() on makeNoisyBoundary's data", () => {
  it("its initialize_parameters (seed 3, randn / √n[l−1]) is descent's \"xavier\" (randn · √(1/n[l−1])) to a few ulps", () => {
    const init = mats(fx.runs.plain.init), ours = initializeParameters([2, 20, 3, 1], { method: "xavier", seed: 3 });
    for (const k of Object.keys(init)) expect(maxRelDiff(ours[k]!, init[k]!), k).toBeLessThan(1e-15);
  });

  for (const [name, opts, tol] of [
    ["plain", {}, 2e-15],
    ["l2", { lambda: 0.7 }, 2e-15],
    ["dropout", { keepProb: 0.86, reseedDropout: true }, 2e-15],
  ] as const) {
    it(`${name}: ${fx.iterations} iterations give numpy's costs and parameters`, () => {
      const run = fx.runs[name];
      const net = createNetwork([2, 20, 3, 1], { params: mats(run.init), ...opts });
      const r = train(net, tr, { optimizer: sgd({ learningRate: fx.learningRate }), batchSize: Infinity, epochs: fx.iterations });
      const sampled = [...r.costs.filter((_, i) => i % 10 === 0), r.costs[r.costs.length - 1]!];
      expect(sampled.length).toBe(run.costs.length);
      // Iteration 0 (before any update) to the last bit; afterwards rounding differences of a few ulps
      // (numpy's products use fused multiply-adds) stay within `tol`.
      expect(sampled[0]).toBe(run.costs[0]);
      let worst = 0;
      sampled.forEach((c, i) => { worst = Math.max(worst, Math.abs(c - run.costs[i]) / run.costs[i]); });
      expect(worst).toBeLessThan(tol);
      const want = mats(run.params);
      for (const k of Object.keys(want)) expect(maxRelDiff(net.params[k]!, want[k]!), k).toBeLessThan(1e-12);
      expect(accuracy(net, tr.X, tr.Y)).toBe(run.trainAccuracy);
      expect(accuracy(net, te.X, te.Y)).toBe(run.testAccuracy);
    });
  }

  it("without reseeding, dropout draws new masks every iteration and the run departs from the course's", () => {
    const run = fx.runs.dropout;
    const net = createNetwork([2, 20, 3, 1], { params: mats(run.init), keepProb: 0.86 });
    const r = train(net, tr, { optimizer: sgd({ learningRate: 0.3 }), batchSize: Infinity, epochs: 50 });
    expect(r.costs[0]).toBe(run.costs[0]);                      // the first masks are the same (seed 1) …
    expect(Math.abs(r.costs[10]! - run.costs[1]) / run.costs[1]).toBeGreaterThan(1e-6);  // … the next are not
  });

  it("reseedDropout gives the same masks at every training forward pass, and none at test time", () => {
    const net = createNetwork([2, 20, 3, 1], { seed: 3, init: "xavier", keepProb: 0.86, reseedDropout: true });
    const a = forward(net, tr.X, { training: true }), b = forward(net, tr.X, { training: true });
    expect(Array.from(a.caches[0]!.D!.data)).toEqual(Array.from(b.caches[0]!.D!.data));
    expect(Array.from(a.caches[1]!.D!.data)).toEqual(Array.from(b.caches[1]!.D!.data));
    expect(forward(net, tr.X).caches[0]!.D).toBeUndefined();
    const fresh = createNetwork([2, 20, 3, 1], { seed: 3, init: "xavier", keepProb: 0.86 });
    const c = forward(fresh, tr.X, { training: true }), d = forward(fresh, tr.X, { training: true });
    expect(Array.from(c.caches[0]!.D!.data)).toEqual(Array.from(a.caches[0]!.D!.data));   // seed 1 both
    expect(Array.from(d.caches[0]!.D!.data)).not.toEqual(Array.from(c.caches[0]!.D!.data));
    // Another batch size draws its own masks, the ones a fresh seed-1 generator gives for that shape …
    const X50 = gatherCols(tr.X, Array.from({ length: 50 }, (_, k) => k));
    const e = forward(net, X50, { training: true });
    const want = forward(createNetwork([2, 20, 3, 1], { seed: 3, init: "xavier", keepProb: 0.86 }), X50, { training: true });
    expect(Array.from(e.caches[1]!.D!.data)).toEqual(Array.from(want.caches[1]!.D!.data));
    // … and a changed keep_prob is seen.
    net.keepProb = [0.5, 0.86];
    const f = forward(net, tr.X, { training: true });
    const want2 = forward(createNetwork([2, 20, 3, 1], { seed: 3, init: "xavier", keepProb: [0.5, 0.86] }), tr.X, { training: true });
    expect(Array.from(f.caches[0]!.D!.data)).toEqual(Array.from(want2.caches[0]!.D!.data));
  });
});
