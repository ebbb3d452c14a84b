// Costs, regularization terms, dropout and batch norm on hand-worked numbers, and every label
// check's message (issue 20: the mutants that survived the fixture-based tests).
import { describe, expect, it } from "vitest";
import {
  activate, activationBackward, applyDropout, batchNormBackward, batchNormForward, checkActivation, checkBinaryLabels,
  computeCost, crossEntropyCost, dataCost, dropoutMask, l1Cost, l2Cost, addRegularizationGradients, mseCost, oneHot,
  sigmoidScalar, softmaxCrossEntropyCost, updateRunningStats,
} from "../../src/nn";
import { seed } from "../../src/random/random";
import { Matrix, matrix } from "../../src/tensor/matrix";

describe("the costs, hand-worked", () => {
  it("binary cross-entropy −1/m Σ (y log a + (1−y) log(1−a)), also past the 64-example scratch buffer", () => {
    expect(crossEntropyCost(matrix([[0.5, 0.25]]), matrix([[1, 0]]))).toBeCloseTo((Math.log(2) + Math.log(4 / 3)) / 2, 15);
    const m = 200, A = new Matrix(1, m, new Float64Array(m).fill(0.5)), Y = new Matrix(1, m, Float64Array.from({ length: m }, (_, j) => j % 2));
    expect(crossEntropyCost(A, Y)).toBeCloseTo(Math.log(2), 14);
    const Yb = new Matrix(1, 3, Float64Array.of(0, 1, 0));
    expect(crossEntropyCost(matrix([[0.5, 0.5, 0.5]]), Yb)).toBeCloseTo(Math.log(2), 15);
    expect(Object.is(crossEntropyCost(matrix([[1, 0]]), matrix([[1, 0]])), 0)).toBe(true); // +0, not −0
  });

  it("binary cross-entropy rejects bad labels and shapes, naming the function", () => {
    expect(() => crossEntropyCost(matrix([[0.5, 0.5]]), matrix([[1, 2]]))).toThrow(/crossEntropyCost: labels must be 0 or 1 for the binary cross-entropy cost, got Y\[0, 1\] = 2/);
    expect(() => crossEntropyCost(matrix([[0.5, 0.5]]), matrix([[1]]))).toThrow(/crossEntropyCost: labels Y must have shape \(1, 2\) \(one 0\/1 label per example\), got \(1, 1\)/);
    expect(() => crossEntropyCost(matrix([[0.5], [0.5]]), matrix([[1]]))).toThrow(/crossEntropyCost: AL must be 1 x m \(one probability per example\), got \(2, 1\)/);
    expect(() => checkBinaryLabels(matrix([[1, 0], [0, 1]]), 2, "here")).toThrow(/here: labels Y must have shape \(1, 2\)/);
    expect(crossEntropyCost(matrix([[0.5, 0.5]]), matrix([[1, 2]]), true)).toBeCloseTo(Math.log(2), 15); // labelsChecked skips the check
  });

  it("binary cross-entropy names an AL outside [0, 1] (Z passed for σ(Z)) instead of returning NaN; 0, 1 and NaN pass", () => {
    // Z = [2.3, −0.4] instead of σ(Z): the log of 1 − 2.3 is NaN without the check.
    expect(() => crossEntropyCost(matrix([[2.3, -0.4]]), matrix([[0, 1]]))).toThrow(/crossEntropyCost: AL must hold probabilities in \[0, 1\] \(a sigmoid's output σ\(Z\): was Z passed, or a tanh output scored with cross-entropy\?\), got AL\[0, 0\] = 2.3/);
    expect(() => crossEntropyCost(matrix([[0.5, -0.4]]), matrix([[0, 1]]))).toThrow(/got AL\[0, 1\] = -0.4/);
    expect(() => crossEntropyCost(matrix([[0.5, 1 + 2 ** -52]]), matrix([[0, 1]]))).toThrow(/got AL\[0, 1\] = 1.0000000000000002/);
    expect(crossEntropyCost(matrix([[0, 1]]), matrix([[0, 1]]))).toBe(0);
    expect(crossEntropyCost(matrix([[1, 0.5]]), matrix([[0, 1]]))).toBe(Infinity);
    expect(crossEntropyCost(matrix([[NaN, 0.5]]), matrix([[0, 1]]))).toBeNaN();
    // The training loop (labels checked once) leaves the value to its divergence report.
    expect(crossEntropyCost(matrix([[2.3, 0.5]]), matrix([[0, 1]]), true)).toBeNaN();
  });

  it("softmax cross-entropy −1/m Σ y log a; labels as indices or one-hot", () => {
    const A = matrix([[0.5, 0.25], [0.5, 0.75]]);
    const want = (Math.log(2) + Math.log(4 / 3)) / 2;
    expect(softmaxCrossEntropyCost(A, matrix([[1, 1]]))).toBeCloseTo(want, 15);
    expect(softmaxCrossEntropyCost(A, matrix([[0, 1], [1, 0]]))).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 15);
    expect(() => softmaxCrossEntropyCost(A, matrix([[1, 1, 0]]))).toThrow(/softmaxCrossEntropyCost: AL has 2 examples, Y has 3/);
  });

  it("mse 1/(2m) Σ (a − y)²", () => {
    expect(mseCost(matrix([[1, 2], [3, 4]]), matrix([[0, 0], [0, 0]]))).toBe(30 / 4);
    expect(() => mseCost(matrix([[1, 2]]), matrix([[1], [2]]))).toThrow(/mseCost: AL has shape \(1, 2\) but Y has \(2, 1\)/);
    expect(() => mseCost(matrix([[1, 2]]), matrix([[1, 2, 3]]))).toThrow(/mseCost: AL has shape \(1, 2\) but Y has \(1, 3\)/);
  });

  it("dataCost dispatches by kind; computeCost adds λ/(2m)ΣW² and λ₁/(2m)Σ|W|", () => {
    const A = matrix([[0.5, 0.5]]), Y = matrix([[1, 0]]);
    expect(dataCost("binary", A, Y)).toBeCloseTo(Math.log(2), 15);
    expect(dataCost("mse", A, Y)).toBe(0.5 / 4);
    expect(dataCost("softmax", matrix([[0.5, 0.5], [0.5, 0.5]]), Y)).toBeCloseTo(Math.log(2), 15);
    expect(() => dataCost("hinge" as never, A, Y)).toThrow(/cost: unknown kind "hinge"; expected "binary", "softmax" or "mse"/);
    const params = { W1: matrix([[1, -2]]), b1: matrix([[100]]), W2: matrix([[3]]) };
    // data ln 2; L2: 1/2 · 0.5/2 · (1 + 4 + 9) = 1.75; L1: 1/2 · 0.25/2 · (1 + 2 + 3) = 0.375
    expect(computeCost({ cost: "binary", lambda: 0.5, l1: 0.25, params }, A, Y)).toBeCloseTo(Math.log(2) + 1.75 + 0.375, 14);
    expect(computeCost({ cost: "binary", params }, A, Y)).toBeCloseTo(Math.log(2), 15);
  });
});

describe("oneHot", () => {
  it("indices → C x m, one-hot passes through, C = 1 reads indices", () => {
    expect(Array.from(oneHot(matrix([[2, 0, 1]]), 3).data)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    const Y = matrix([[0, 1], [1, 0]]);
    expect(oneHot(Y, 2)).toBe(Y);
    expect(Array.from(oneHot(matrix([[0, 0]]), 1).data)).toEqual([1, 1]);
  });
  it("rejects what is neither, naming where and the entry", () => {
    expect(() => oneHot(matrix([[0, 0.5], [1, 0.5]]), 2, "f")).toThrow(/f: one-hot labels must be 0 or 1, got Y\[0, 1\] = 0.5/);
    expect(() => oneHot(matrix([[1, 0], [1, 1]]), 2, "f")).toThrow(/f: column 0 of the one-hot labels has 2 ones, expected exactly 1/);
    expect(() => oneHot(matrix([[0, 1], [0, 0]]), 2, "f")).toThrow(/f: column 0 of the one-hot labels has 0 ones, expected exactly 1/);
    expect(() => oneHot(matrix([[0], [1], [0]]), 2, "f")).toThrow(/f: labels must be 1 x m class indices or 2 x m one-hot, got \(3, 1\)/);
    expect(() => oneHot(matrix([[0, 3]]), 3, "f")).toThrow(/f: class label Y\[0, 1\] = 3 is not an integer in \[0, 3\)/);
    expect(() => oneHot(matrix([[-1]]), 3)).toThrow(/oneHot: class label Y\[0, 0\] = -1/);
    expect(() => oneHot(matrix([[0.5]]), 3)).toThrow(/= 0.5 is not an integer/);
  });
});

describe("regularization and dropout, hand-worked", () => {
  const params = { W1: matrix([[2, -4, 0]]), b1: matrix([[7]]), W2: matrix([[1]]) };
  it("l2Cost and l1Cost: only W, in any layer order; 0 when λ = 0 even for infinite weights", () => {
    expect(l2Cost(params, 0.5, 2)).toBe((1 / 2) * (0.5 / 2) * 21);
    expect(l1Cost(params, 0.5, 2)).toBe((1 / 2) * (0.5 / 2) * 7);
    expect(l2Cost({ W10: matrix([[1]]), W2: matrix([[2]]), W1: matrix([[3]]) }, 2, 1)).toBe(14);
    expect(l2Cost({ W1: matrix([[Infinity]]) }, 0, 1)).toBe(0);
    // Only keys W<digits> exactly are weights.
    expect(l2Cost({ W1: matrix([[1]]), xW2: matrix([[5]]), W3x: matrix([[7]]) }, 2, 1)).toBe(1);
    // Layers are added in layer order, whatever the keys' order: (1 + 2⁻⁵³) + 2⁻⁵³ rounds to 1,
    // while the other order, (2⁻⁵³ + 2⁻⁵³) + 1, would give 1 + 2⁻⁵².
    const tiny = 2 ** -53;
    expect(l1Cost({ W3: matrix([[tiny]]), W2: matrix([[tiny]]), W1: matrix([[1]]) }, 2, 1)).toBe(1);
    expect(l1Cost({ W1: matrix([[Infinity]]) }, 0, 1)).toBe(0);
  });
  it("addRegularizationGradients: dW += λ/m W + λ₁/(2m) sign(W), b untouched", () => {
    const grads = { W1: matrix([[1, 1, 1]]), b1: matrix([[1]]), W2: matrix([[0]]) };
    addRegularizationGradients(grads, params, 1, 1, 2);
    expect(Array.from(grads.W1.data)).toEqual([1 + 1 + 0.25, 1 - 2 - 0.25, 1]);
    expect(Array.from(grads.W2.data)).toEqual([0.5 + 0.25]);
    expect(grads.b1.data[0]).toBe(1);
    // The course's names (dW1) are read too.
    const course = { dW1: matrix([[1, 1, 1]]), dW2: matrix([[0]]) };
    addRegularizationGradients(course, params, 1, 1, 2);
    expect(Array.from(course.dW1.data)).toEqual([1 + 1 + 0.25, 1 - 2 - 0.25, 1]);
    const w1 = { W1: params.W1 };
    const only2 = { W1: matrix([[0, 0, 0]]) };
    addRegularizationGradients(only2, w1, 2, 0, 4);
    expect(Array.from(only2.W1.data)).toEqual([1, -2, 0]);
    const onlyL1 = { W1: matrix([[0, 0, 0]]) };
    addRegularizationGradients(onlyL1, w1, 0, 4, 1);
    expect(Array.from(onlyL1.W1.data)).toEqual([2, -2, 0]);
    const none = { W1: matrix([[0, 0, 0]]) };
    addRegularizationGradients(none, { W1: matrix([[NaN, 1, 1]]) }, 0, 0, 1);
    expect(Array.from(none.W1.data)).toEqual([0, 0, 0]);
  });
  it("dropoutMask = rand < keep; applyDropout = A ∗ D / keep", () => {
    const u = seed(4).rand(3, 4).data;
    const keep = u[5]!; // a draw equal to keep_prob is dropped (strict <)
    expect(Array.from(dropoutMask(seed(4), 3, 4, keep).data)).toEqual(Array.from(u, (v) => (v < keep ? 1 : 0)));
    expect(Array.from(dropoutMask(seed(4), 2, 2, 1).data)).toEqual([1, 1, 1, 1]);
    expect(() => dropoutMask(seed(4), 2, 2, 0)).toThrow(/dropoutMask: keepProb must be in \(0, 1\], got 0/);
    expect(Array.from(applyDropout(matrix([[2, 4, 6]]), matrix([[1, 0, 1]]), 0.5).data)).toEqual([4, 0, 12]);
    expect(() => applyDropout(matrix([[1]]), matrix([[1]]), NaN)).toThrow(/applyDropout: keepProb must be a finite number/);
  });
});

describe("activations, hand-worked", () => {
  it("sigmoidScalar on both sides of 0 and at ±1000", () => {
    expect(sigmoidScalar(0)).toBe(0.5);
    expect(sigmoidScalar(Math.log(3))).toBeCloseTo(0.75, 15);
    expect(sigmoidScalar(-Math.log(3))).toBeCloseTo(0.25, 15);
    expect(sigmoidScalar(1000)).toBe(1);
    expect(sigmoidScalar(-1000)).toBe(0);
    expect(activate("sigmoid", matrix([[Math.log(3), -Math.log(3)]])).data[1]).toBeCloseTo(0.25, 15);
    // Far left, σ(z) = e^z/(1 + e^z) = e^z exactly (1 + e^z rounds to 1); the other form, 1/(1 + e^−z),
    // overflows e^710 to ∞ and gives 0, which the cross-entropy would turn into log(0) = −∞.
    expect(sigmoidScalar(-710)).toBe(Math.exp(-710));
    expect(Math.exp(-710)).toBeGreaterThan(0);
    expect(activate("sigmoid", matrix([[-710, 710]])).data[0]).toBe(Math.exp(-710));
  });
  it("activate and activationBackward for every kind, into a given output", () => {
    const Z = matrix([[-2, 0, 3]]);
    expect(Array.from(activate("linear", Z).data)).toEqual([-2, 0, 3]);
    const inPlace = Z.clone();
    expect(activate("linear", inPlace, inPlace)).toBe(inPlace);
    expect(Array.from(activate("relu", Z).data)).toEqual([0, 0, 3]);
    expect(Array.from(activate("tanh", matrix([[0]])).data)).toEqual([0]);
    const dA = matrix([[1, 2, 3]]);
    const A = activate("sigmoid", Z);
    const s = activationBackward("sigmoid", dA, Z, A);
    [0, 1, 2].forEach((k) => expect(s.data[k]).toBeCloseTo(dA.data[k]! * A.data[k]! * (1 - A.data[k]!), 15));
    expect(Array.from(activationBackward("linear", dA, Z, Z).data)).toEqual([1, 2, 3]);
    const out = new Matrix(1, 3);
    expect(activationBackward("linear", dA, Z, Z, out)).toBe(out);
    expect(Array.from(out.data)).toEqual([1, 2, 3]);
    expect(() => activationBackward("softmax", dA, Z, Z)).toThrow(/activationBackward: softmax is an output activation/);
    expect(() => activate("gelu" as never, Z)).toThrow(/activate: unknown activation "gelu"; expected one of "relu", "tanh", "sigmoid", "linear", "softmax"/);
    expect(() => activationBackward("gelu" as never, dA, Z, Z)).toThrow(/activationBackward: unknown activation "gelu"/);
    expect(() => checkActivation("relu", "x")).not.toThrow();
  });
});

describe("batch norm, hand-worked", () => {
  // One unit, m = 2: z = (1, 3) → μ = 2, σ² = 1, z_norm = (−1, 1)/√(1 + ε).
  const eps = 1e-8, is = 1 / Math.sqrt(1 + eps);
  it("forward with batch statistics and with running ones", () => {
    const r = batchNormForward(matrix([[1, 3]]), matrix([[2]]), matrix([[5]]), eps);
    expect(r.stats.mu.data[0]).toBe(2);
    expect(r.stats.var.data[0]).toBe(1);
    expect(Array.from(r.cache.Znorm.data)).toEqual([-is, is]);
    expect(Array.from(r.out.data)).toEqual([5 - 2 * is, 5 + 2 * is]);
    const t = batchNormForward(matrix([[1, 3]]), matrix([[2]]), matrix([[5]]), 0, { mu: matrix([[1]]), var: matrix([[4]]) });
    expect(Array.from(t.out.data)).toEqual([5, 7]);
    expect(t.cache.invStd[0]).toBe(0.5);
  });
  it("backward: dγ = 1/m Σ dZ̃ z_norm, dβ = 1/m Σ dZ̃, dZ = γ/(m√(σ²+ε)) (m dZ̃ − Σ dZ̃ − z_norm Σ dZ̃ z_norm)", () => {
    const { cache } = batchNormForward(matrix([[1, 3, 8]]), matrix([[2]]), matrix([[0]]), 0);
    // μ = 4, σ² = (9 + 1 + 16)/3 = 26/3.
    const sd = Math.sqrt(26 / 3), zn = [-3 / sd, -1 / sd, 4 / sd], dZt = [1, -2, 0.5];
    const r = batchNormBackward(matrix([dZt]), cache);
    const S = dZt.reduce((a, b) => a + b, 0), Sz = dZt.reduce((a, v, j) => a + v * zn[j]!, 0);
    expect(r.dbeta.data[0]).toBeCloseTo(S / 3, 15);
    expect(r.dgamma.data[0]).toBeCloseTo(Sz / 3, 15);
    dZt.forEach((v, j) => expect(r.dZ.data[j]).toBeCloseTo((2 / (3 * sd)) * (3 * v - S - zn[j]! * Sz), 14));
  });
  it("running averages: r = β r + (1 − β) batch, for μ and σ²", () => {
    const running = { mu: matrix([[1], [2]]), var: matrix([[3], [4]]) };
    updateRunningStats(running, { mu: matrix([[5], [6]]), var: matrix([[7], [8]]) }, 0.75);
    expect(Array.from(running.mu.data)).toEqual([2, 3]);
    expect(Array.from(running.var.data)).toEqual([4, 5]);
  });
});

describe("costs and activation wrappers: names, defaults and −0 (mutation-tested)", async () => {
  const nn = await import("../../src/nn");
  it("a perfect prediction costs +0, not −0", () => {
    const c = nn.softmaxCrossEntropyCost(matrix([[1, 0], [0, 1]]), matrix([[0, 1]]));
    expect(Object.is(c, 0)).toBe(true);
    // From 8 examples the pairwise sum starts from the first term, not from +0, so the sum of eight
    // −log(1) = −0 is −0 and only the cost's own "+ 0" makes it +0.
    const ones = matrix([[1, 1, 1, 1, 0, 0, 0, 0]]);
    expect(Object.is(nn.crossEntropyCost(ones, ones), 0)).toBe(true);
  });
  it("the label checks run by default in dataCost and computeCost; the softmax cost names itself", () => {
    const AL = matrix([[0.5, 0.5]]), bad = matrix([[1, 2]]);
    expect(() => nn.dataCost("binary", AL, bad)).toThrow(/crossEntropyCost: labels must be 0 or 1/);
    expect(() => nn.computeCost({ cost: "binary", params: {} }, AL, bad)).toThrow(/crossEntropyCost: labels must be 0 or 1/);
    expect(() => nn.softmaxCrossEntropyCost(matrix([[0.5, 0.5], [0.5, 0.5]]), matrix([[0, 2]]))).toThrow(/^softmaxCrossEntropyCost: class label Y\[0, 1\] = 2/);
  });
  it("mseCost checks both dimensions", () => {
    expect(() => nn.mseCost(matrix([[1, 2]]), matrix([[1], [2]]))).toThrow("mseCost: AL has shape (1, 2) but Y has (2, 1)");
    expect(() => nn.mseCost(matrix([[1, 2]]), matrix([[1, 2, 3]]))).toThrow("mseCost: AL has shape (1, 2) but Y has (1, 3)");
    // Rows alone differ (same number of examples): the row test on its own must throw.
    expect(() => nn.mseCost(matrix([[1, 2]]), matrix([[1, 2], [3, 4]]))).toThrow("mseCost: AL has shape (1, 2) but Y has (2, 2)");
    expect(nn.mseCost(matrix([[1, 2]]), matrix([[0, 0]]))).toBe((1 + 4) / (2 * 2));
  });
  it("relu, sigmoid, softmax: values and the name in a bad-input message", () => {
    expect(Array.from(nn.relu(matrix([[-1, 2]])).data)).toEqual([0, 2]);
    expect(Array.from(nn.sigmoid(matrix([[0]])).data)).toEqual([0.5]);
    expect(Array.from(nn.softmax(matrix([[0], [0]])).data)).toEqual([0.5, 0.5]);
    for (const f of ["relu", "sigmoid", "softmax"] as const) expect(() => nn[f]([[1]] as never)).toThrow(new RegExp(`^${f}: Z must be a Matrix`));
  });
});
