// Steps worked by hand on 1x1 "matrices", so each number can be checked on paper.
import { describe, expect, it } from "vitest";
import { adagrad, adam, adamw, matrix, momentum, nesterov, rmsprop, sgd } from "../../src/index";
import type { Optimizer } from "../../src/index";

const P = (w: number) => ({ W: matrix([[w]]) });
function steps(opt: Optimizer<any>, w0: number, gs: number[]): number[] {
  let w = w0;
  let state = opt.init(P(w0));
  const out: number[] = [];
  for (const g of gs) {
    const r = opt.update({ W: matrix([[g]]) }, state, P(w));
    w = w + r.updates.W!.data[0]!;
    state = r.state;
    out.push(w);
  }
  return out;
}

describe("hand-worked steps", () => {
  it("gradient descent: W = 1 − 0.1·0.5 = 0.95", () => {
    expect(steps(sgd({ learningRate: 0.1 }), 1, [0.5])).toEqual([0.95]);
  });

  it("momentum (course): v₁ = 0.1·1 = 0.1, v₂ = 0.9·0.1 + 0.1·1 = 0.19", () => {
    const [w1, w2] = steps(momentum({ learningRate: 1, beta: 0.9 }), 0, [1, 1]);
    expect(w1).toBeCloseTo(-0.1, 15);
    expect(w2).toBeCloseTo(-0.29, 15);
  });

  it("momentum classic: v₁ = 1, v₂ = 1.9; velocity: v₁ = −α, v₂ = −1.9α", () => {
    const c = steps(momentum({ learningRate: 0.1, beta: 0.9, form: "classic" }), 0, [1, 1]);
    expect(c[0]).toBeCloseTo(-0.1, 15);
    expect(c[1]).toBeCloseTo(-0.29, 15);
    const v = steps(momentum({ learningRate: 0.1, beta: 0.9, form: "velocity" }), 0, [1, 1]);
    expect(v[1]).toBeCloseTo(-0.29, 15);
  });

  it("nesterov classic (PyTorch): v₁ = 1, step g + μv = 1.9 → W = −0.19", () => {
    expect(steps(nesterov({ learningRate: 0.1, beta: 0.9, form: "classic" }), 0, [1])[0]).toBeCloseTo(-0.19, 15);
  });

  it("adagrad: s = 0.25 then 0.5; W −= 0.1·0.5/(√s + ε)", () => {
    const [w1, w2] = steps(adagrad({ learningRate: 0.1, epsilon: 1e-7 }), 1, [0.5, 0.5]);
    expect(w1).toBeCloseTo(1 - 0.05 / (0.5 + 1e-7), 15);
    expect(w2).toBeCloseTo(w1! - 0.05 / (Math.sqrt(0.5) + 1e-7), 15);
  });

  it("rmsprop: s = 0.1·0.25 = 0.025; ε outside √s + ε vs inside √(s + ε)", () => {
    const out = steps(rmsprop({ learningRate: 0.01, beta: 0.9, epsilon: 1e-3 }), 0, [0.5])[0]!;
    const inn = steps(rmsprop({ learningRate: 0.01, beta: 0.9, epsilon: 1e-3, epsilonInside: true }), 0, [0.5])[0]!;
    expect(out).toBeCloseTo(-0.005 / (Math.sqrt(0.025) + 1e-3), 15);
    expect(inn).toBeCloseTo(-0.005 / Math.sqrt(0.025 + 1e-3), 15);
    expect(out).not.toBeCloseTo(inn, 6);
  });

  it("adam, first step: v̂ = g, ŝ = g², so W moves by α·g/(|g| + ε) ≈ α", () => {
    // v = 0.1·0.5 = 0.05, s = 0.001·0.25 = 0.00025; v̂ = 0.05/0.1 = 0.5; ŝ = 0.00025/0.001 = 0.25.
    const [w1] = steps(adam({ learningRate: 0.1 }), 1, [0.5]);
    expect(w1).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 14);
  });

  it("adam, second step with t = 2: 1 − β₁² = 0.19, 1 − β₂² = 0.001999", () => {
    const [, w2] = steps(adam({ learningRate: 0.1 }), 1, [0.5, -1]);
    const v = 0.9 * 0.05 + 0.1 * -1, s = 0.999 * 0.00025 + 0.001 * 1;
    const w1 = 1 - (0.1 * 0.5) / (0.5 + 1e-8);
    expect(w2).toBeCloseTo(w1 - (0.1 * (v / 0.19)) / (Math.sqrt(s / (1 - 0.999 ** 2)) + 1e-8), 14);
  });

  it("adam without bias correction: the first step is α·0.05/(√0.00025 + ε), ~3.16x bigger", () => {
    const [w1] = steps(adam({ learningRate: 0.1, biasCorrection: false }), 1, [0.5]);
    expect(w1).toBeCloseTo(1 - (0.1 * 0.05) / (Math.sqrt(0.00025) + 1e-8), 14);
  });

  it("adam folded (Keras): α_t = α·√(1−β₂)/(1−β₁), ε on the uncorrected root", () => {
    const [w1] = steps(adam({ learningRate: 0.1, epsilon: 1e-3, biasCorrection: "folded" }), 1, [0.5]);
    const at = (0.1 * Math.sqrt(0.001)) / 0.1;
    expect(w1).toBeCloseTo(1 - (at * 0.05) / (Math.sqrt(0.00025) + 1e-3), 14);
    // …which differs from explicit correction because ε meets √s, not √ŝ.
    const [e1] = steps(adam({ learningRate: 0.1, epsilon: 1e-3 }), 1, [0.5]);
    expect(Math.abs(w1! - e1!)).toBeGreaterThan(1e-4);
  });

  it("adamw: W −= α(v̂/(√ŝ + ε) + λW)", () => {
    const [w1] = steps(adamw({ learningRate: 0.1, weightDecay: 0.5 }), 2, [0.5]);
    expect(w1).toBeCloseTo(2 - 0.1 * (0.5 / (0.5 + 1e-8) + 0.5 * 2), 14);
  });

  it("adamw with ε inside the root, three steps on three weights: the formula written out here", () => {
    // v = β₁v + (1−β₁)g; s = β₂s + (1−β₂)g²; W −= α(v̂/√(ŝ + ε) + λW), v̂ = v/(1−β₁ᵗ), ŝ = s/(1−β₂ᵗ).
    // A large ε (0.25) so "inside" differs visibly from "outside".
    const a = 0.1, b1 = 0.9, b2 = 0.999, eps = 0.25, lam = 0.5;
    const gs = [[0.5, -2, 0.1], [1, 0.5, -0.3], [-0.25, 1.5, 0.2]];
    const w = [2, -1, 0.5], v = [0, 0, 0], sq = [0, 0, 0];
    const expected: number[][] = [];
    gs.forEach((g, t) => {
      for (let i = 0; i < 3; i++) {
        v[i] = b1 * v[i]! + (1 - b1) * g[i]!;
        sq[i] = b2 * sq[i]! + (1 - b2) * g[i]! ** 2;
        const vh = v[i]! / (1 - b1 ** (t + 1)), sh = sq[i]! / (1 - b2 ** (t + 1));
        w[i] = w[i]! - a * (vh / Math.sqrt(sh + eps) + lam * w[i]!);
      }
      expected.push([...w]);
    });
    const make = () => adamw({ learningRate: a, beta1: b1, beta2: b2, epsilon: eps, weightDecay: lam, epsilonInside: true });
    // Pure updates …
    const opt = make();
    let W = matrix([[2, -1, 0.5]]), state = opt.init({ W });
    // … and the in-place step, side by side.
    const fastOpt = make(), fast = { W: matrix([[2, -1, 0.5]]) }, fastState = fastOpt.init(fast);
    gs.forEach((g, t) => {
      const G = { W: matrix([g]) };
      const r = opt.update(G, state, { W });
      W = matrix([Array.from(W.data, (x, i) => x + r.updates.W!.data[i]!)]);
      state = r.state;
      fastOpt.step(fast, G, fastState);
      expected[t]!.forEach((e, i) => {
        expect(W.data[i]).toBeCloseTo(e, 14);
        expect(fast.W.data[i]).toBeCloseTo(e, 14);
      });
    });
    expect(Array.from(fastState.v.W!.data)).toEqual(Array.from(state.v.W!.data));
    expect(Array.from(fastState.s.W!.data)).toEqual(Array.from(state.s.W!.data));
  });

  it("Adam's t counts updates from 1 and is kept in the state", () => {
    const opt = adam();
    const s0 = opt.init(P(0));
    expect(s0.t).toBe(0);
    const r = opt.update({ W: matrix([[1]]) }, s0);
    expect(r.state.t).toBe(1);
    expect(s0.t).toBe(0); // the old state is not changed
    expect(Object.keys(r.state)).toEqual(["t", "v", "s"]);
  });
});
