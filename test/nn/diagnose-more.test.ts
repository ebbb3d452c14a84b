// diagnoseBiasVariance at its boundaries and with both problems at once, the argument checks of
// trainAndEvaluate, capacitySweep and probabilityAt with their messages, and evaluate's error for
// a regression network (none: an error rate needs classes).
import { describe, expect, it } from "vitest";
import { capacitySweep, createNetwork, diagnoseBiasVariance, evaluate, probabilityAt, trainAndEvaluate } from "../../src/nn";
import { matrix } from "../../src/tensor/matrix";

describe("diagnoseBiasVariance", () => {
  it("names each out-of-range input", () => {
    expect(() => diagnoseBiasVariance({ train: 0.1, dev: 1.5 })).toThrow("diagnoseBiasVariance: dev error must be in [0, 1], got 1.5");
    expect(() => diagnoseBiasVariance({ train: 0.1, dev: 0.2, bayes: -0.1 })).toThrow("diagnoseBiasVariance: Bayes error must be in [0, 1], got -0.1");
    expect(() => diagnoseBiasVariance({ train: 0.1, dev: 0.2 }, 1)).toThrow("diagnoseBiasVariance: threshold must be in [0, 1), got 1");
  });
  it("a gap exactly at the threshold is not high (0.5 − 0.25 = 0.75 − 0.5 = 0.25, all exact)", () => {
    const r = diagnoseBiasVariance({ train: 0.5, dev: 0.75, bayes: 0.25 }, 0.25);
    expect([r.avoidableBias, r.variance, r.highBias, r.highVariance]).toEqual([0.25, 0.25, false, false]);
    expect(r.diagnosis).toBe("low bias and low variance");
    expect(r.remedies).toEqual(["done: the network fits the training set and generalizes"]);
    // Just above, each on its own.
    expect(diagnoseBiasVariance({ train: 0.5, dev: 0.75, bayes: 0.25 }, 0.2).diagnosis).toBe("high bias and high variance");
    expect(diagnoseBiasVariance({ train: 0.5, dev: 0.5, bayes: 0.25 }, 0.2).diagnosis).toBe("high bias");
    expect(diagnoseBiasVariance({ train: 0.25, dev: 0.5, bayes: 0.25 }, 0.2).diagnosis).toBe("high variance");
  });
  it("both problems: the bias remedies, then the variance ones, 'another architecture' once", () => {
    expect(diagnoseBiasVariance({ train: 0.15, dev: 0.3 }).remedies).toEqual([
      "a bigger network (more units or layers)", "train longer or with a better optimizer", "another architecture",
      "more training data", "regularization (L2, dropout, data augmentation, early stopping)",
    ]);
    expect(diagnoseBiasVariance({ train: 0.01, dev: 0.11 }).remedies).toEqual([
      "more training data", "regularization (L2, dropout, data augmentation, early stopping)", "another architecture",
    ]);
  });
});

describe("argument checks", () => {
  const net = () => createNetwork([2, 1], { seed: 1 });
  it("trainAndEvaluate wants both sets", () => {
    for (const data of [null, { train: { X: matrix([[1], [2]]), Y: matrix([[1]]) } }, { dev: { X: matrix([[1], [2]]), Y: matrix([[1]]) } }]) {
      expect(() => trainAndEvaluate(net(), data as never, {} as never)).toThrow("trainAndEvaluate: data must be { train: { X, Y }, dev: { X, Y } }");
    }
  });
  it("capacitySweep wants a function to build each network", () => {
    expect(() => capacitySweep([1], 5 as never, {} as never, {} as never)).toThrow("capacitySweep: build must be a function value → network");
  });
  it("probabilityAt wants 2 inputs and 1 output, each checked", () => {
    expect(() => probabilityAt(createNetwork([3, 2, 1]))).toThrow("probabilityAt: the network must have 2 inputs and 1 output, its layerDims are [3,2,1]");
    expect(() => probabilityAt(createNetwork([2, 2, 2], { output: "softmax", cost: "softmax" }))).toThrow("its layerDims are [2,2,2]");
  });
});

describe("evaluate", () => {
  it("a regression network (mse) has a cost and no error rate", () => {
    const n = createNetwork([2, 1], { output: "linear", cost: "mse", seed: 1 });
    const s = evaluate(n, { a: { X: matrix([[1, 2], [3, 4]]), Y: matrix([[1, 0]]) } });
    expect(s.a!.error).toBeNaN();
    // cost = (1/2m)·Σ(a − y)² with the network's own outputs
    const W = n.params.W1!.data, b = n.params.b1!.data[0]!;
    const a0 = W[0]! * 1 + W[1]! * 3 + b, a1 = W[0]! * 2 + W[1]! * 4 + b;
    expect(s.a!.cost).toBeCloseTo(((a0 - 1) ** 2 + (a1 - 0) ** 2) / 4, 14);
  });
});
