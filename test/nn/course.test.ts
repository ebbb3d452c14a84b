// The course's own test cases for week 1 (backward pass, L2, dropout, gradient checking), against
// the values it prints and against numpy running its code (test/fixtures/make_course_week1.py).
import { describe, expect, it } from "vitest";
import { gradientCheck, gradientCheckNetwork } from "../../src/gradcheck/gradcheck";
import {
  backward, backwardDictionary, cachesFromDictionary, computeCost, createNetwork, crossEntropyCost, forward, l2Cost, lossAndGradients,
} from "../../src/nn";
import { RandomState } from "../../src/random/random";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { pairwiseSum } from "../../src/tensor/pairwise";
import type { Params } from "../../src/tensor/params";
import { loadFixture, maxRelDiff, toMatrix, type MatJSON } from "../helpers/fixtures";

const fx = loadFixture("course_week1.json");
const mats = (o: Record<string, MatJSON>): Params => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toMatrix(v)]));
/** Largest |a − b| (shapes must match). */
function maxAbs(a: Matrix, b: Matrix | number[][]): number {
  const B = b instanceof Matrix ? b : matrix(b);
  expect([a.rows, a.cols]).toEqual([B.rows, B.cols]);
  let e = 0;
  for (let k = 0; k < a.data.length; k++) e = Math.max(e, Math.abs(a.data[k]! - B.data[k]!));
  return e;
}
const rel = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

describe("numpy's summation order", () => {
  it("pairwiseSum equals np.sum bit for bit, around every block boundary (0 … 1001 values)", () => {
    for (const c of fx.pairwise as { values: number[]; sum: number }[]) expect(pairwiseSum(c.values), `n = ${c.values.length}`).toBe(c.sum);
  });
  it("and differs from a left-to-right sum where the order matters", () => {
    // 2⁵³ + 1 rounds back to 2⁵³: left to right every 1 is lost (0); pairwise, r₁…r₇ add 1s among themselves (6; exact: 7).
    const v = [2 ** 53, 1, 1, 1, 1, 1, 1, 1, -(2 ** 53)];
    let seq = 0;
    for (const x of v) seq += x;
    expect(pairwiseSum(v)).toBe(6);
    expect(seq).toBe(0);
  });
});

describe("the course's gradient check (gradient_check_n_test_case, [4, 5, 3, 1], seed 1)", () => {
  const g = fx.gradientCheck;
  const X = toMatrix(g.X), Y = toMatrix(g.Y), params = mats(g.params);
  const net = createNetwork([4, 5, 3, 1], { params });
  const costFn = (p: Params): number => computeCost(net, forward(net, X, { params: p }).AL, Y, p);

  it("costs each of the 94 perturbed parameter vectors as numpy does (to the last bit, but for one pair that cancels)", () => {
    expect(costFn(params)).toBe(g.cost);
    expect(g.cost).toBe(2.407833389834357);
    let same = 0;
    const jp: number[] = [], jm: number[] = [];
    for (const [name, P] of Object.entries(params)) {
      for (let k = 0; k < P.data.length; k++) {
        const v = P.data[k]!;
        P.data[k] = v + 1e-7; jp.push(costFn(params));
        P.data[k] = v - 1e-7; jm.push(costFn(params));
        P.data[k] = v;
        void name;
      }
    }
    for (let i = 0; i < 47; i++) {
      if (jp[i] === g.buggy.Jplus[i]) same++;
      if (jm[i] === g.buggy.Jminus[i]) same++;
      // Where a cost differs, its partner differs by the same amount: J⁺ − J⁻ is numpy's.
      expect(jp[i]! - jm[i]!, `θ[${i}]`).toBe(g.buggy.Jplus[i] - g.buggy.Jminus[i]);
    }
    expect(same).toBeGreaterThanOrEqual(92);
  });

  it("with its buggy backward pass (dW2 · 2, db1 · 4/m): 0.2850931567761623 to 1e-12", () => {
    const { grads } = lossAndGradients(net, X, Y);
    const bug: Params = { ...grads, W2: grads.W2!.mul(2), b1: grads.b1!.mul(4) };
    for (const k of Object.keys(bug)) expect(maxRelDiff(bug[k]!, toMatrix(g.buggy.grads[`d${k}`])), k).toBeLessThan(1e-14);
    const d = gradientCheck(costFn, params, bug).difference;
    expect(rel(d, 0.2850931567761623)).toBeLessThan(1e-12);     // the course's printed value
    expect(rel(d, g.buggy.difference)).toBeLessThan(1e-12);     // numpy here
  });

  it("with numpy's own gradients, the check's result is numpy's to the last bits (only the costs are descent's)", () => {
    for (const which of ["buggy", "fixed"] as const) {
      const grads = Object.fromEntries(Object.entries(g[which].grads as Record<string, MatJSON>).map(([k, v]) => [k.slice(1), toMatrix(v)]));
      expect(rel(gradientCheck(costFn, params, grads).difference, g[which].difference), which).toBeLessThan(1e-14);
    }
  });

  it("fixed: 1.1890913024229996e-07 to 1e-9 (descent's own backward pass)", () => {
    const r = gradientCheckNetwork(net, X, Y);
    expect(rel(r.difference, 1.1890913024229996e-7)).toBeLessThan(1e-9);
    expect(rel(r.difference, g.fixed.difference)).toBeLessThan(1e-9);
    // What a cost summed −(Σ)/m, the library's former order, gives instead (the 1.1909939e-7): far off.
    const seqCost = (p: Params): number => {
      const a = forward(net, X, { params: p }).AL.data;
      let s = 0;
      for (let k = 0; k < 3; k++) s += Y.data[k] === 1 ? Math.log(a[k]!) : Math.log(1 - a[k]!);
      return -s / 3;
    };
    expect(rel(gradientCheck(seqCost, params, lossAndGradients(net, X, Y).grads).difference, 1.1890913024229996e-7)).toBeGreaterThan(1e-4);
  });
});

describe("compute_cost_with_regularization (λ = 0.1)", () => {
  const c = fx.costWithRegularization;
  it("1.7864859451590758 = cross-entropy 1.6025016047573226 + L2 0.18398434040175324", () => {
    const A3 = toMatrix(c.A3), Y = toMatrix(c.Y), params = mats(c.params);
    const net = createNetwork([3, 2, 3, 1], { params, lambda: 0.1 });
    const J = computeCost(net, A3, Y);
    expect(rel(J, 1.7864859451590758)).toBeLessThan(1e-15);
    expect(J).toBe(c.cost);
    expect(crossEntropyCost(A3, Y)).toBe(c.crossEntropy);
    expect(l2Cost(params, 0.1, 5)).toBe(c.l2);
    expect(rel(crossEntropyCost(A3, Y), 1.6025016047573226)).toBeLessThan(1e-15);
    expect(rel(l2Cost(params, 0.1, 5), 0.18398434040175324)).toBeLessThan(1e-15);
  });
});

describe("the whole backward dictionary, in the course's names", () => {
  it("backward_propagation_with_regularization (λ = 0.7) on the course's literal cache", () => {
    const b = fx.backwardWithRegularization;
    const cache = mats(b.cache);
    const net = createNetwork([3, 2, 3, 1], { params: { W1: cache.W1!, b1: cache.b1!, W2: cache.W2!, b2: cache.b2!, W3: cache.W3!, b3: cache.b3! }, lambda: b.lambda });
    const d = backwardDictionary(net, cache.A3!, toMatrix(b.Y), cachesFromDictionary(toMatrix(b.X), cache));
    expect(Object.keys(d)).toEqual(["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]);
    for (const k of Object.keys(d)) expect(maxAbs(d[k]!, toMatrix(b.grads[k])), k).toBeLessThan(1e-15);
    // The course's printed expectations (8 decimals).
    const course: Record<string, number[][]> = {
      dZ3: [[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]],
      dW3: [[-1.77691347, -0.11832879, -0.09397446]],
      db3: [[-0.38032981]],
      dA2: [[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836], [0.50135568, 0.83143484, -0.14134288, 0.7596868, -0.34384996], [0.39816708, 0.66030962, -0.11225181, 0.6033287, -0.27307905]],
      dZ2: [[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
      dW2: [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]],
      db2: [[0.26135226], [0], [0]],
      dA1: [[0.2048239, 0.33967447, -0.05774423, 0.31036252, -0.14047649], [0.3672018, 0.60895764, -0.10352203, 0.5564081, -0.25184181]],
      dZ1: [[0, 0.33967447, -0.05774423, 0.31036252, 0], [0, 0.60895764, -0.10352203, 0.5564081, 0]],
      dW1: [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]],
      db1: [[0.11845855], [0.21236874]],
    };
    for (const [k, v] of Object.entries(course)) expect(maxAbs(d[k]!, v), k).toBeLessThan(5e-9);
  });

  it("backward_propagation_with_dropout (keep_prob = 0.8) on the course's literal cache with its masks", () => {
    const b = fx.backwardWithDropout;
    const cache = mats(b.cache);
    const net = createNetwork([3, 2, 3, 1], { params: { W1: cache.W1!, b1: cache.b1!, W2: cache.W2!, b2: cache.b2!, W3: cache.W3!, b3: cache.b3! }, keepProb: b.keepProb });
    const d = backwardDictionary(net, cache.A3!, toMatrix(b.Y), cachesFromDictionary(toMatrix(b.X), cache));
    for (const k of Object.keys(d)) expect(maxAbs(d[k]!, toMatrix(b.grads[k])), k).toBeLessThan(1e-15);
    const course: Record<string, number[][]> = {
      dZ3: [[-0.67733606, -0.50316611, 0.00348883, -0.50316611, 0.32266394]],
      dW3: [[-0.06951191, 0, 0]],
      db3: [[-0.2715031]],
      dA2: [[0.58180856, 0, -0.00299679, 0, -0.27715731], [0, 0.53159854, 0, 0.53159854, -0.34089673], [0, 0, -0.00292733, 0, 0]],
      dZ2: [[0.58180856, 0, -0.00299679, 0, -0.27715731], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
      dW2: [[-0.00256518, -0.0009476], [0, 0], [0, 0]],
      db2: [[0.06033089], [0], [0]],
      dA1: [[0.36544439, 0, -0.00188233, 0, -0.17408748], [0.65515713, 0, -0.00337459, 0, 0]],
      dZ1: [[0, 0, -0.00188233, 0, 0], [0, 0, -0.00337459, 0, 0]],
      dW1: [[0.00019884, 0.00028657, 0.00012138], [0.00035647, 0.00051375, 0.00021761]],
      db1: [[-0.00037647], [-0.00067492]],
    };
    for (const [k, v] of Object.entries(course)) expect(maxAbs(d[k]!, v), k).toBeLessThan(5e-9);
  });

  it("the dictionary's dW/db are backward's, bit for bit, on a network with more units than the fused path takes", () => {
    const rng = new RandomState(5);
    const X = rng.randn(4, 7), Y = matrix([[1, 0, 1, 1, 0, 0, 1]]);
    for (const opts of [{ hidden: "relu" as const }, { hidden: "tanh" as const, lambda: 0.3 }, { keepProb: 0.7 }]) {
      const net = createNetwork([4, 20, 6, 1], { seed: 2, ...opts });
      const { AL, caches } = forward(net, X, { training: true });
      const g = backward(net, AL, Y, caches);
      const d = backwardDictionary(net, AL, Y, caches);
      for (const k of Object.keys(g)) expect(Array.from(d[`d${k}`]!.data), k).toEqual(Array.from(g[k]!.data));
      expect(Object.keys(d)).toEqual(["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]);
      // dZ[l] = dA[l] ∗ g′(Z[l]), the chain the dictionary exposes.
      const c = caches[1]!;
      for (let k = 0; k < c.Z.data.length; k++) {
        const gp = opts.hidden === "tanh" ? 1 - c.A.data[k]! ** 2 : c.Z.data[k]! > 0 ? 1 : 0;
        expect(d.dZ2!.data[k]).toBeCloseTo(d.dA2!.data[k]! * gp, 15);
      }
    }
  });

  it("cachesFromDictionary names what is missing or mis-shaped", () => {
    expect(() => cachesFromDictionary(matrix([[1]]), {})).toThrow(/cachesFromDictionary: the cache has no Z1/);
    expect(() => cachesFromDictionary(matrix([[1, 2]]), { Z1: matrix([[1, 2]]) })).toThrow(/layer 1 needs Z1 and A1/);
    expect(() => cachesFromDictionary(matrix([[1, 2]]), { Z1: matrix([[1, 2]]), A1: matrix([[1, 2]]), D1: matrix([[1]]) })).toThrow(/D1 has shape \(1, 1\) but A1 has \(1, 2\)/);
  });
});

describe("forward_propagation_with_dropout (keep_prob = 0.7, np.random.seed(1) inside)", () => {
  const f = fx.forwardWithDropout;
  const net = createNetwork([3, 2, 3, 1], { params: mats(f.params), keepProb: f.keepProb, reseedDropout: true });
  const run = () => forward(net, toMatrix(f.X), { training: true });

  it("A3 = [[0.36974721 0.00305176 0.04565099 0.49683389 0.36974721]] with the course's masks", () => {
    const { AL, caches } = run();
    expect(maxAbs(AL, [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])).toBeLessThan(5e-9);
    expect(maxAbs(AL, toMatrix(f.cache.A3))).toBeLessThan(1e-15);
    expect(Array.from(caches[0]!.D!.data)).toEqual([1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(caches[1]!.D!.data)).toEqual([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0]);
    // The course stores A[l] after its mask and / keep_prob: descent's next layer reads the same matrix.
    expect(maxAbs(caches[1]!.Aprev, toMatrix(f.cache.A1))).toBeLessThan(1e-15);
    expect(maxAbs(caches[2]!.Aprev, toMatrix(f.cache.A2))).toBeLessThan(1e-15);
    expect(maxAbs(caches[1]!.Z, toMatrix(f.cache.Z2))).toBeLessThan(1e-14);
  });

  it("reseeding: a second call draws the same masks and gives the same A3", () => {
    expect(Array.from(run().AL.data)).toEqual(Array.from(run().AL.data));
  });
});
