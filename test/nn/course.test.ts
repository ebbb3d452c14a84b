// The course's own test cases for week 1 (backward pass, L2, dropout, gradient checking), against
// the values it prints and against numpy running its code (test/fixtures/make_course_week1.py).
import { describe, expect, it } from "vitest";
import { gradientCheck, gradientCheckNetwork } from "../../src/gradcheck/gradcheck";
import {
  computeCost, createNetwork, crossEntropyCost, forward, l2Cost, lossAndGradients,
} from "../../src/nn";

import { pairwiseSum } from "../../src/tensor/pairwise";
import type { Params } from "../../src/tensor/params";
import { loadFixture, maxRelDiff, toMatrix, type MatJSON } from "../helpers/fixtures";

const fx = loadFixture("course_week1.json");
const mats = (o: Record<string, MatJSON>): Params => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toMatrix(v)]));
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
