import { describe, expect, it } from "vitest";
import { loadNoisyBoundary } from "../../src/data";
import {
  capacitySweep, computeCost, createNetwork, crossEntropyCost, diagnoseBiasVariance, errorRate, evaluate, forward, probabilityAt, train, trainAndEvaluate,
} from "../../src/nn";
import { adam } from "../../src/optim";
import { matrix } from "../../src/tensor/matrix";

const { train: tr, test: dev } = loadNoisyBoundary();

describe("errorRate and evaluate", () => {
  it("a hand-made unit: ŷ = [x₁ > 0] misclassifies exactly the labels that disagree", () => {
    // W = [[100, 0]], b = 0: a = σ(100 x₁).
    const net = createNetwork([2, 1], { activations: ["sigmoid"], params: { W1: matrix([[100, 0]]), b1: matrix([[0]]) } });
    const X = matrix([[-1, -0.5, 0.5, 1], [0, 0, 0, 0]]), Y = matrix([[0, 1, 1, 1]]);
    expect(errorRate(net, X, Y)).toBe(0.25);
    const s = evaluate(net, { a: { X, Y } });
    expect(s.a!.error).toBe(0.25);
    expect(s.a!.cost).toBe(crossEntropyCost(forward(net, X).AL, Y));
  });

  it("reports the data cost without the L2 term, so train and dev costs compare", () => {
    const net = createNetwork([2, 5, 1], { seed: 1, lambda: 5 });
    const { AL } = forward(net, tr.X);
    const s = evaluate(net, { train: tr });
    expect(s.train!.cost).toBe(crossEntropyCost(AL, tr.Y));
    expect(computeCost(net, AL, tr.Y)).toBeGreaterThan(s.train!.cost);
  });
});

describe("trainAndEvaluate and capacitySweep", () => {
  const opts = { optimizer: adam({ learningRate: 0.02 }), epochs: 60, batchSize: Infinity };
  it("trainAndEvaluate = train, then evaluate on both sets", () => {
    const a = trainAndEvaluate(createNetwork([2, 4, 1], { seed: 2 }), { train: tr, dev }, opts);
    const net = createNetwork([2, 4, 1], { seed: 2 });
    const r = train(net, tr, opts);
    expect(a.result.costs).toEqual(r.costs);
    expect(a.train).toEqual(evaluate(net, { t: tr }).t);
    expect(a.dev).toEqual(evaluate(net, { d: dev }).d);
  });

  it("capacitySweep trains one network per value, each as if alone", () => {
    const rows = capacitySweep([1, 3, 9], (h) => createNetwork([2, h, 1], { seed: 2 }), { train: tr, dev }, opts);
    expect(rows.map((r) => r.value)).toEqual([1, 3, 9]);
    expect(rows.map((r) => r.net.layerDims[1])).toEqual([1, 3, 9]);
    const alone = trainAndEvaluate(createNetwork([2, 3, 1], { seed: 2 }), { train: tr, dev }, opts);
    expect(rows[1]!.train).toEqual(alone.train);
    expect(rows[1]!.dev).toEqual(alone.dev);
    expect(() => capacitySweep([], (h) => createNetwork([2, h, 1]), { train: tr, dev }, opts)).toThrow(/non-empty list/);
  });
});

describe("diagnoseBiasVariance reads the notes' four cases (Bayes ≈ 0)", () => {
  const cases: [number, number, string][] = [
    [0.01, 0.11, "high variance"],
    [0.15, 0.16, "high bias"],
    [0.15, 0.30, "high bias and high variance"],
    [0.005, 0.01, "low bias and low variance"],
  ];
  for (const [t, d, want] of cases) {
    it(`train ${t * 100}%, dev ${d * 100}%: ${want}`, () => {
      const r = diagnoseBiasVariance({ train: t, dev: d });
      expect(r.diagnosis).toBe(want);
      expect(r.avoidableBias).toBeCloseTo(t, 15);
      expect(r.variance).toBeCloseTo(d - t, 15);
    });
  }
  it("relative to a Bayes error of 15%, 15%/16% is fine", () => {
    const r = diagnoseBiasVariance({ train: 0.15, dev: 0.16, bayes: 0.15 });
    expect(r.diagnosis).toBe("low bias and low variance");
    expect(r.avoidableBias).toBe(0);
  });
  it("suggests the course's remedies, and refuses errors outside [0, 1]", () => {
    expect(diagnoseBiasVariance({ train: 0.01, dev: 0.11 }).remedies.join("; ")).toMatch(/more training data; regularization/);
    expect(diagnoseBiasVariance({ train: 0.15, dev: 0.16 }).remedies[0]).toMatch(/bigger network/);
    expect(() => diagnoseBiasVariance({ train: 15, dev: 16 })).toThrow(/diagnoseBiasVariance: train error must be in \[0, 1\], got 15/);
  });
});

describe("probabilityAt", () => {
  it("is the network's output at one point", () => {
    const net = createNetwork([2, 6, 1], { seed: 4 });
    const f = probabilityAt(net);
    expect(f(0.3, -0.2)).toBe(forward(net, matrix([[0.3], [-0.2]])).AL.get(0, 0));
    expect(() => probabilityAt(createNetwork([3, 1]))).toThrow(/2 inputs and 1 output/);
  });
});
