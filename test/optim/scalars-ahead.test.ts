// The WebAssembly training loop reads each update's scalars (α, β, 1 − β, bias corrections, ε) from
// a block computed ahead, thousands of updates at a time; the JavaScript loop computes them one update
// at a time. Both must give the same bits, and both the course's formulas.
import { describe, expect, it } from "vitest";
import { adam, momentum, rmsprop, sgd } from "../../src/index";
import { fastUpdateOf } from "../../src/optim/driver";

/** Scalars per update of each rule (the layout src/nn/wasm-epoch.ts reads). */
const K = { sgd: 1, ema: 3, rms: 4, adam: 8 } as const;

const cases: [string, () => object, number][] = [
  ["sgd", () => sgd({ learningRate: 0.05 }), 0.05],
  ["momentum", () => momentum({ learningRate: 0.03, beta: 0.8 }), 0.03],
  ["rmsprop", () => rmsprop({ learningRate: 0.003, beta: 0.95, epsilon: 1e-7 }), 0.003],
  ["adam", () => adam({ learningRate: 0.0007 }), 0.0007],
  ["adam, β₁ 0.8, β₂ 0.99", () => adam({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }), 0.01],
  ["adam, folded", () => adam({ learningRate: 0.01, biasCorrection: "folded" }), 0.01],
  ["adam, none", () => adam({ learningRate: 0.01, biasCorrection: "none" }), 0.01],
];

describe("scalarsAhead", () => {
  it.each(cases)("%s: updates t0 + 1 … t0 + n ahead, bit for bit the per-update scalars, the gaps untouched", (_n, make, lr) => {
    const fast = fastUpdateOf(make())!;
    const k = K[fast.rule], stride = k + 2, t0 = 37, n = 5000;
    // Room for one more update after the n: nothing may be written there.
    const ahead = new Float64Array(3 + (n + 1) * stride).fill(-7);
    fast.scalarsAhead(t0, n, lr, ahead, 3, stride);
    const one = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      fast.scalars(t0 + i + 1, lr, one, 0);
      const at = 3 + i * stride;
      for (let q = 0; q < k; q++) if (!Object.is(ahead[at + q], one[q])) expect.fail(`update ${t0 + i + 1}, scalar ${q}: ${ahead[at + q]} ahead, ${one[q]} one at a time`);
      expect([ahead[at + k], ahead[at + k + 1]]).toEqual([-7, -7]);
    }
    expect([ahead[0], ahead[1], ahead[2]]).toEqual([-7, -7, -7]);
    expect([...ahead.subarray(3 + n * stride)].every((x) => x === -7), "past update t0 + n").toBe(true);
  });

  it("n = 0 writes nothing", () => {
    for (const [, make, lr] of cases) {
      const out = new Float64Array(16).fill(-7);
      fastUpdateOf(make())!.scalarsAhead(0, 0, lr, out, 0, 8);
      expect([...out].every((x) => x === -7)).toBe(true);
    }
  });

  // The course: v_corr = v / (1 − β₁^t), s_corr = s / (1 − β₂^t), W −= α · v_corr / (√s_corr + ε).
  it("adam's corrections are the course's, worked by hand at t = 1, 2, 10, 500 and 30,000", () => {
    const b1 = 0.9, b2 = 0.999, lr = 0.0007, out = new Float64Array(8);
    const fast = fastUpdateOf(adam({ learningRate: lr }))!;
    const folded = fastUpdateOf(adam({ learningRate: lr, biasCorrection: "folded" }))!;
    const none = fastUpdateOf(adam({ learningRate: lr, biasCorrection: "none" }))!;
    for (const t of [1, 2, 10, 500, 30000]) {
      fast.scalarsAhead(t - 1, 1, lr, out, 0, 8);
      expect([...out]).toEqual([lr, b1, 1 - b1, b2, 1 - b2, 1 / (1 - b1 ** t), 1 / (1 - b2 ** t), 1e-8]);
      folded.scalarsAhead(t - 1, 1, lr, out, 0, 8);
      expect([out[0], out[5], out[6]]).toEqual([(lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t), 1, 1]);
      none.scalarsAhead(t - 1, 1, lr, out, 0, 8);
      expect([out[0], out[5], out[6]]).toEqual([lr, 1, 1]);
    }
    // t = 1: 1/(1 − 0.9) = 10 and 1/(1 − 0.999) = 1000, to the rounding of 1 − β.
    fast.scalarsAhead(0, 1, lr, out, 0, 8);
    expect(out[5]).toBeCloseTo(10, 12);
    expect(out[6]).toBeCloseTo(1000, 9);
  });
});
