import { describe, expect, it } from "vitest";
import {
  dictionaryToVector, gradientCheck, gradientCheckNetwork, gradientsToVector, parameterOrder, readDifference,
  relativeError, vectorToDictionary,
} from "../../src/gradcheck/gradcheck";
import { createNetwork, lossAndGradients, type NetworkOptions } from "../../src/nn";
import { seed } from "../../src/random/random";
import { Matrix, matrix } from "../../src/tensor/matrix";

const rng = seed(7);
const X = rng.randn(4, 9);
const Y = new Matrix(1, 9, Float64Array.from(rng.rand(1, 9).data, (v) => (v > 0.5 ? 1 : 0)));

describe("gradient checking passes for every layer kind", () => {
  const cases: [string, number[], NetworkOptions, Matrix?][] = [
    ["relu → sigmoid", [4, 5, 3, 1], { hidden: "relu" }],
    ["tanh → sigmoid", [4, 5, 3, 1], { hidden: "tanh", init: "xavier" }],
    ["sigmoid hidden", [4, 5, 1], { hidden: "sigmoid" }],
    ["linear → mse", [4, 3, 2], { hidden: "linear", output: "linear" }],
    ["tanh output with binary cost", [4, 3, 1], { output: "tanh", cost: "binary", init: "random", initScale: 0.1 }],
    ["softmax cross-entropy", [4, 5, 3], { output: "softmax" }, new Matrix(1, 9, Float64Array.from([0, 1, 2, 2, 1, 0, 0, 1, 2]))],
    ["L2", [4, 5, 3, 1], { lambda: 0.7 }],
    ["L1", [4, 5, 3, 1], { l1: 0.3 }],
    ["batch norm", [4, 5, 3, 1], { batchNorm: true, hidden: "tanh" }],
    ["batch norm + relu + L2", [4, 6, 4, 1], { batchNorm: true, lambda: 0.1 }],
  ];
  for (const [name, dims, opts, labels] of cases) {
    it(name, () => {
      const yy = labels ?? (opts.output === "linear" ? seed(2).randn(2, 9) : Y);
      const net = createNetwork(dims, { seed: 3, ...opts });
      const r = gradientCheckNetwork(net, X, yy);
      expect(r.difference, r.message).toBeLessThan(1e-7);
      expect(r.passed).toBe(true);
    });
  }
});

describe("gradientCheck", () => {
  it("finds the wrong parameter, names its layer, kind and index", () => {
    const net = createNetwork([4, 5, 3, 1], { seed: 3 });
    const { grads } = lossAndGradients(net, X, Y);
    grads.W2!.data[1 * 5 + 3] += 0.1; // a bug in dW2[1, 3]
    const costFn = (p: Record<string, Matrix>): number => lossAndGradients(net, X, Y, { params: p }).cost;
    const r = gradientCheck(costFn, net.params, grads);
    expect(r.difference).toBeGreaterThan(1e-3);
    expect(r.worst.param).toBe("W2");
    expect(r.worst.layer).toBe(2);
    expect(r.worst.kind).toBe("W");
    expect(r.worst.index).toEqual([1, 3]);
    expect(r.perParam.W2).toBeGreaterThan(r.perParam.W1!);
    expect(r.message).toMatch(/W2\[1, 3\] \(layer 2, W\)/);
    expect(r.verdict).toMatch(/bug/);
  });

  it("two-sided is far more accurate than one-sided", () => {
    const net = createNetwork([4, 3, 1], { seed: 3, hidden: "tanh" });
    const two = gradientCheckNetwork(net, X, Y, { epsilon: 1e-4 });
    const one = gradientCheckNetwork(net, X, Y, { epsilon: 1e-4, method: "one-sided" });
    expect(two.difference * 100).toBeLessThan(one.difference);
  });

  it("the max-denominator form (seed 004)", () => {
    expect(relativeError([3, 4], [0, 0], "max")).toBe(1);
    expect(relativeError([3, 4], [0, 0])).toBe(1);
    // The default form ‖a − b‖ / (‖a‖ + ‖b‖), worked by hand where it differs from ‖a − b‖ / √(‖a‖² + ‖b‖²):
    // (3, 4) against (6, 8): 5 / (5 + 10) = 1/3 (not 5/√125); (1, 0) against (0, 1): √2 / 2 (not 1).
    expect(relativeError([3, 4], [6, 8])).toBeCloseTo(1 / 3, 15);
    expect(relativeError([1, 0], [0, 1])).toBeCloseTo(Math.SQRT2 / 2, 15);
    expect(relativeError([1, 0], [0, 1], "max")).toBeCloseTo(Math.SQRT2);
    const net = createNetwork([4, 3, 1], { seed: 3 });
    expect(gradientCheckNetwork(net, X, Y, { errorForm: "max" }).difference).toBeLessThan(1e-7);
  });

  it("refuses dropout: by the network flag and by evaluating the cost twice", () => {
    const net = createNetwork([4, 5, 3, 1], { keepProb: 0.8 });
    expect(() => gradientCheckNetwork(net, X, Y)).toThrow(/uses dropout .*keepProb = 1/);
    const { grads } = lossAndGradients(net, X, Y);
    const noisy = (p: Record<string, Matrix>): number => lossAndGradients(net, X, Y, { params: p }).cost;
    expect(() => gradientCheck(noisy, net.params, grads)).toThrow(/not deterministic/);
  });

  it("dropout's backward pass is right when the masks are held fixed (same seed at every evaluation)", () => {
    const net = createNetwork([4, 6, 5, 1], { seed: 3, keepProb: [0.7, 0.8] });
    const { grads } = lossAndGradients(net, X, Y, { rng: seed(11) });
    const fixedMasks = (p: Record<string, Matrix>): number => lossAndGradients(net, X, Y, { params: p, rng: seed(11) }).cost;
    const r = gradientCheck(fixedMasks, net.params, grads);
    expect(r.difference, r.message).toBeLessThan(1e-7);
  });

  it("θ round trip in the course's order W1, b1, W2, b2, …", () => {
    const net = createNetwork([3, 4, 2, 1], { seed: 1 });
    const { theta, slots } = dictionaryToVector(net.params);
    expect(slots.map((s) => s.name)).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
    expect(theta.shape).toEqual([12 + 4 + 8 + 2 + 2 + 1, 1]);
    const back = vectorToDictionary(theta, slots);
    for (const k of Object.keys(net.params)) expect(Array.from(back[k]!.data)).toEqual(Array.from(net.params[k]!.data));
    expect(parameterOrder(["beta1", "W10", "b2", "W2", "gamma1", "W1"])).toEqual(["W1", "gamma1", "beta1", "W2", "b2", "W10"]);
    // Course-style names dW1, db1 are accepted too.
    expect(gradientsToVector({ dW1: new Matrix(1, 1, Float64Array.of(5)) }, [{ name: "W1", rows: 1, cols: 1, offset: 0 }]).data[0]).toBe(5);
  });

  it("points out relu kinks (dead units feeding a zero bias) instead of leaving a false alarm unexplained", async () => {
    const { loadMoons } = await import("../../src/data");
    const { X: Xm, Y: Ym } = loadMoons();
    const r = gradientCheckNetwork(createNetwork([2, 5, 2, 1], { seed: 3 }), Xm, Ym);
    expect(r.kinks).toBeGreaterThan(0);
    expect(r.worst.param).toBe("b2");
    expect(r.message).toMatch(/relu inputs are within ε of 0/);
    expect(gradientCheckNetwork(createNetwork([4, 5, 3, 1], { seed: 3 }), X, Y).kinks).toBe(0);
  });

  it("relativeError is pinned to numpy's norm(a − b) / (norm(a) + norm(b)) and the max form", () => {
    // python3: a, b = [1, 2, 3], [1, 2, 4] → 0.12013118688312838 and 1/√21 = 0.2182178902359924.
    expect(relativeError([1, 2, 3], [1, 2, 4])).toBe(0.12013118688312838);
    expect(relativeError([1, 2, 3], [1, 2, 4], "sum")).toBe(0.12013118688312838);
    expect(relativeError([1, 2, 3], [1, 2, 4], "max")).toBe(0.2182178902359924);
    expect(relativeError([1, 2, 4], [1, 2, 3], "max")).toBe(0.2182178902359924);
    expect(relativeError([0, 0], [0, 0])).toBe(0);
    expect(relativeError([0, 0], [0, 0], "max")).toBe(0);
    expect(relativeError([-2], [2])).toBe(1);
    expect(() => relativeError([1], [1, 2])).toThrow(/relativeError: 1 vs 2 entries/);
  });

  it("gradientCheck's difference for J(θ) = θx, x = 2, θ = 4: the course's 2.919335883291695e-10; one-sided 1.4021566110735082e-9", () => {
    const p = { theta: new Matrix(1, 1, Float64Array.of(4)) };
    const J = (q: Record<string, Matrix>): number => q.theta!.data[0]! * 2;
    const g = { theta: new Matrix(1, 1, Float64Array.of(2)) };
    const two = gradientCheck(J, p, g);
    expect(two.difference).toBe(2.919335883291695e-10);
    // gradapprox = ((θ + ε)x − (θ − ε)x) / 2ε, independently: same float operations as numpy's.
    expect(two.gradApprox.data[0]).toBe(((4 + 1e-7) * 2 - (4 - 1e-7) * 2) / (2 * 1e-7));
    expect(two.grad.data[0]).toBe(2);
    expect(two.perParam.theta).toBe(2.919335883291695e-10);
    expect(two.worst).toMatchObject({ param: "theta", index: [0, 0], thetaIndex: 0, grad: 2, relError: 2.919335883291695e-10 });
    expect(two.passed).toBe(true);
    // python3: ((4 + 1e-7)*2 − 4*2) / 1e-7 against 2.
    expect(gradientCheck(J, p, g, { method: "one-sided" }).difference).toBe(1.4021566110735082e-9);
    // The parameters are left as they were.
    expect(p.theta.data[0]).toBe(4);
  });

  it("passed is difference < 1e-7, and a wrong gradient is reported per parameter", () => {
    const p = { W1: new Matrix(1, 2, Float64Array.of(1, 2)), b1: new Matrix(1, 1, Float64Array.of(3)) };
    // J = W₁₁² + W₁₂² + b; the true gradient is (2, 4, 1); give (2, 4, 1.5).
    const J = (q: Record<string, Matrix>): number => q.W1!.data[0]! ** 2 + q.W1!.data[1]! ** 2 + q.b1!.data[0]!;
    const r = gradientCheck(J, p, { W1: new Matrix(1, 2, Float64Array.of(2, 4)), b1: new Matrix(1, 1, Float64Array.of(1.5)) }, { epsilon: 1e-5 });
    // ‖(0, 0, 0.5)‖ / (‖(2, 4, 1.5)‖ + ‖(2, 4, 1)‖) = 0.5 / (√22.25 + √21)
    expect(r.difference).toBeCloseTo(0.5 / (Math.sqrt(22.25) + Math.sqrt(21)), 9);
    expect(r.perParam.W1).toBeLessThan(1e-9);
    expect(r.perParam.b1).toBeCloseTo(0.5 / 2.5, 9);
    expect(r.worst).toMatchObject({ param: "b1", layer: 1, kind: "b", index: [0, 0], thetaIndex: 2 });
    expect(r.worst.relError).toBeCloseTo(0.2, 9);
    expect(r.passed).toBe(false);
    const only = gradientCheck(J, p, { W1: new Matrix(1, 2, Float64Array.of(2, 4)) }, { epsilon: 1e-5, only: ["W1"] });
    expect(only.slots.map((s) => s.name)).toEqual(["W1"]);
    expect(only.difference).toBeLessThan(1e-9);
    expect(only.passed).toBe(true);
  });

  it("readDifference at its boundaries (1e-7, 1e-5, 1e-3 start the next reading)", () => {
    expect(readDifference(0)).toMatch(/^great/);
    expect(readDifference(9.99e-8)).toMatch(/^great/);
    expect(readDifference(1e-7)).toMatch(/^probably fine/);
    expect(readDifference(9.99e-6)).toMatch(/^probably fine/);
    expect(readDifference(1e-5)).toMatch(/^worrying/);
    expect(readDifference(9.99e-4)).toMatch(/^worrying/);
    expect(readDifference(1e-3)).toMatch(/^wrong/);
  });

  it("θ layout errors name the function and the parameter", () => {
    expect(() => dictionaryToVector({ W1: new Matrix(1, 1) }, ["W1", "b1"])).toThrow(/dictionaryToVector: parameter b1 is missing \(have W1\)/);
    const slots = [{ name: "W1", rows: 1, cols: 2, offset: 0 }];
    expect(() => vectorToDictionary(new Matrix(3, 1), slots)).toThrow(/vectorToDictionary: θ has 3 entries, the layout needs 2/);
    expect(() => gradientsToVector({ W2: new Matrix(1, 2) }, slots)).toThrow(/gradientsToVector: no gradient for W1 \(have W2\)/);
    expect(() => gradientsToVector({ W1: new Matrix(2, 1) }, slots)).toThrow(/gradientsToVector: gradient of W1 has shape \(2, 1\), the parameter \(1, 2\)/);
    expect(() => gradientsToVector({ W1: new Matrix(1, 3) }, slots)).toThrow(/gradient of W1 has shape \(1, 3\)/);
    expect(() => gradientsToVector({ W1: new Matrix(2, 2) }, slots)).toThrow(/gradient of W1 has shape \(2, 2\), the parameter \(1, 2\)/);
    expect(Array.from(gradientsToVector({ W1: new Matrix(1, 2, Float64Array.of(1, 2)), dW1: new Matrix(1, 2) }, slots).data)).toEqual([1, 2]);
    // Offsets follow the order given; names without a layer number go last, alphabetically.
    expect(dictionaryToVector({ b1: new Matrix(2, 1), W1: new Matrix(2, 3) }).slots).toEqual([
      { name: "W1", rows: 2, cols: 3, offset: 0 }, { name: "b1", rows: 2, cols: 1, offset: 6 },
    ]);
    expect(parameterOrder(["zeta", "alpha", "x1", "W1", "b1"])).toEqual(["W1", "b1", "x1", "alpha", "zeta"]);
    expect(parameterOrder(["b2", "b10", "W2"])).toEqual(["W2", "b2", "b10"]);
  });

  it("gradientCheck refuses bad options, a non-finite cost and an empty parameter set", () => {
    const p = { theta: new Matrix(1, 1, Float64Array.of(1)) }, g = { theta: new Matrix(1, 1, Float64Array.of(2)) };
    const J = (q: Record<string, Matrix>): number => q.theta!.data[0]! ** 2;
    expect(() => gradientCheck(J, p, g, { epsilon: 0 })).toThrow(/gradientCheck: epsilon must be > 0/);
    expect(() => gradientCheck(J, p, g, { method: "three-sided" as never })).toThrow(/gradientCheck: method must be "two-sided" or "one-sided", got "three-sided"/);
    expect(() => gradientCheck(() => NaN, p, g)).toThrow(/gradientCheck: the cost at θ is NaN; check the inputs/);
    expect(() => gradientCheck(() => Infinity, p, g)).toThrow(/the cost at θ is Infinity/);
    expect(() => gradientCheck(() => 1, {}, {})).toThrow(/gradientCheck: there are no parameters to check/);
    // Parameters left out by `only` stay in the dictionary the cost sees.
    const both = { a: new Matrix(1, 1, Float64Array.of(3)), theta: new Matrix(1, 1, Float64Array.of(1)) };
    const Jab = (q: Record<string, Matrix>): number => q.a!.data[0]! * q.theta!.data[0]! ** 2;
    const r = gradientCheck(Jab, both, { theta: new Matrix(1, 1, Float64Array.of(6)) }, { only: ["theta"], epsilon: 1e-5 });
    expect(r.difference).toBeLessThan(1e-9);
  });

  it("the report's message and worst entry, for a 2 x 2 parameter", () => {
    const p = { W1: new Matrix(2, 2, Float64Array.of(1, 2, 3, 4)) };
    const J = (q: Record<string, Matrix>): number => q.W1!.data.reduce((a, v) => a + v * v, 0) / 2; // ∂J/∂W = W
    const grads = { W1: new Matrix(2, 2, Float64Array.of(1, 2, 3.5, 4)) };
    const r = gradientCheck(J, p, grads, { epsilon: 1e-5 });
    expect(r.worst).toMatchObject({ param: "W1", layer: 1, kind: "W", index: [1, 0], thetaIndex: 2, grad: 3.5 });
    expect(r.worst.gradApprox).toBeCloseTo(3, 9);
    expect(r.worst.relError).toBeCloseTo(0.5 / 6.5, 9);
    expect(r.message).toMatch(/^difference = \d\.\d{3}e-\d+: wrong: backprop has a bug .*; largest gap at W1\[1, 0\] \(layer 1, W\): backprop 3\.50000 vs numerical 3\.00000$/);
    // The max form per entry: |x − y| / max(|x|, |y|).
    expect(gradientCheck(J, p, grads, { epsilon: 1e-5, errorForm: "max" }).worst.relError).toBeCloseTo(0.5 / 3.5, 9);
    // Names without a layer number: layer 0, kind = the name.
    const q = gradientCheck((d) => d.theta!.data[0]! * 2, { theta: new Matrix(1, 1, Float64Array.of(4)) }, { theta: new Matrix(1, 1, Float64Array.of(2)) });
    expect(q.worst).toMatchObject({ layer: 0, kind: "theta" });
  });

  it("counts relu kinks within 2ε and says so, in the singular or plural", async () => {
    const net = createNetwork([1, 2, 1], { params: {
      W1: new Matrix(2, 1, Float64Array.of(1, 1)), b1: new Matrix(2, 1, Float64Array.of(0, 1.5e-7)),
      W2: new Matrix(1, 2, Float64Array.of(1, 1)), b2: new Matrix(1, 1),
    } });
    // x = 0: unit 1 gets exactly 0, unit 2 gets 1.5e-7 (≤ 2ε); x = 1 gets 1 and 1.00000015 (no kinks).
    const one = gradientCheckNetwork(net, new Matrix(1, 1, Float64Array.of(1)), new Matrix(1, 1, Float64Array.of(1)));
    expect(one.kinks).toBe(0);
    expect(one.message).not.toMatch(/kink/);
    const two = gradientCheckNetwork(net, new Matrix(1, 2, Float64Array.of(0, 1)), new Matrix(1, 2, Float64Array.of(1, 0)));
    expect(two.kinks).toBe(2);
    expect(two.message).toMatch(/; note: 2 relu inputs are within ε of 0, a kink/);
    net.params.b1!.data[1] = 3e-7; // > 2ε: no longer a kink
    const single = gradientCheckNetwork(net, new Matrix(1, 1, Float64Array.of(0)), new Matrix(1, 1, Float64Array.of(1)));
    expect(single.kinks).toBe(1);
    expect(single.message).toMatch(/; note: 1 relu input is within ε of 0/);
    // Other activations have no kinks to count.
    const tanh = createNetwork([1, 2, 1], { hidden: "tanh", params: net.params });
    expect(gradientCheckNetwork(tanh, new Matrix(1, 1, Float64Array.of(0)), new Matrix(1, 1, Float64Array.of(1))).kinks).toBe(0);
    expect(() => gradientCheckNetwork(net, new Matrix(2, 1), new Matrix(1, 1))).toThrow(/gradientCheck(Network)?: X has 2 rows/);
  });

  it("parameterOrder: layer, then W, b, gamma, beta, then other names alphabetically; the input is not reordered", () => {
    expect(parameterOrder(["a1", "beta1", "b1", "gamma1", "W1", "x1"])).toEqual(["W1", "b1", "gamma1", "beta1", "a1", "x1"]);
    expect(parameterOrder(["x1", "a1"])).toEqual(["a1", "x1"]);
    expect(parameterOrder(["b12", "W13"])).toEqual(["b12", "W13"]);
    expect(parameterOrder(["9W1", "W2"])).toEqual(["W2", "9W1"]);
    expect(parameterOrder(["W1x", "W2"])).toEqual(["W2", "W1x"]);
    const names = ["b1", "W1"];
    parameterOrder(names);
    expect(names).toEqual(["b1", "W1"]);
    expect(() => dictionaryToVector({ W1: new Matrix(1, 1), W2: new Matrix(1, 1) }, ["b1"])).toThrow(/\(have W1, W2\)/);
    expect(() => gradientsToVector({ W2: new Matrix(1, 1), W3: new Matrix(1, 1) }, [{ name: "W1", rows: 1, cols: 1, offset: 0 }])).toThrow(/\(have W2, W3\)/);
  });

  it("evaluates the cost 2 + 2n times two-sided, 2 + n one-sided (n = number of parameters)", () => {
    let calls = 0;
    const J = (q: Record<string, Matrix>): number => { calls++; return q.W1!.data.reduce((a, v) => a + v, 0) + q.b1!.data[0]!; };
    const p = { W1: new Matrix(1, 2, Float64Array.of(1, 2)), b1: new Matrix(1, 1) }, g = { W1: new Matrix(1, 2, Float64Array.of(1, 1)), b1: new Matrix(1, 1, Float64Array.of(1)) };
    gradientCheck(J, p, g);
    expect(calls).toBe(2 + 2 * 3);
    calls = 0;
    gradientCheck(J, p, g, { method: "one-sided" });
    expect(calls).toBe(2 + 3);
  });

  it("worst entry: the first of equal gaps, relError 0 where both are 0, layer and kind parsed from the name", () => {
    const zero = gradientCheck(() => 1, { W1: new Matrix(1, 2) }, { W1: new Matrix(1, 2) });
    expect(zero.worst).toMatchObject({ index: [0, 0], relError: 0, grad: 0, gradApprox: 0 });
    expect(zero.difference).toBe(0);
    const tie = gradientCheck(() => 1, { W1: new Matrix(1, 2) }, { W1: new Matrix(1, 2, Float64Array.of(1, -1)) });
    expect(tie.worst.index).toEqual([0, 0]);
    const named = gradientCheck(() => 1, { gamma12: new Matrix(1, 1), W1: new Matrix(1, 1) }, { gamma12: new Matrix(1, 1, Float64Array.of(1)), W1: new Matrix(1, 1) });
    expect(named.worst).toMatchObject({ param: "gamma12", layer: 12, kind: "gamma" });
    for (const name of ["9W1", "W1x"]) {
      const odd = gradientCheck(() => 1, { [name]: new Matrix(1, 1) }, { [name]: new Matrix(1, 1, Float64Array.of(1)) });
      expect(odd.worst, name).toMatchObject({ layer: 0, kind: name });
    }
  });

  it("gradientCheckNetwork leaves batch norm's running averages alone and reads kinks at training-time statistics", () => {
    const net = createNetwork([1, 1, 1], { batchNorm: true, params: {
      W1: new Matrix(1, 1, Float64Array.of(1)), gamma1: new Matrix(1, 1, Float64Array.of(1)), beta1: new Matrix(1, 1),
      W2: new Matrix(1, 1, Float64Array.of(0.5)), b2: new Matrix(1, 1),
    } });
    const before = [net.running.mu1!.data[0], net.running.var1!.data[0]];
    // z = (1, 2, 3): the batch's z_norm is (−c, 0, c), one kink; at test time (μ = 0, σ² = 1) none.
    const r = gradientCheckNetwork(net, new Matrix(1, 3, Float64Array.of(1, 2, 3)), new Matrix(1, 3, Float64Array.of(0, 1, 1)));
    expect([net.running.mu1!.data[0], net.running.var1!.data[0]]).toEqual(before);
    expect(r.kinks).toBe(1);
  });

  it("a relu input of exactly 2ε counts as a kink", () => {
    const net = createNetwork([1, 1, 1], { params: {
      W1: new Matrix(1, 1, Float64Array.of(1)), b1: new Matrix(1, 1, Float64Array.of(2e-7)), W2: new Matrix(1, 1, Float64Array.of(1)), b2: new Matrix(1, 1),
    } });
    expect(gradientCheckNetwork(net, new Matrix(1, 1), new Matrix(1, 1, Float64Array.of(1))).kinks).toBe(1);
  });

  it("reads the difference the course's way", () => {
    expect(readDifference(1e-8)).toMatch(/great/);
    expect(readDifference(1e-6)).toMatch(/probably fine/);
    expect(readDifference(1e-4)).toMatch(/worrying/);
    expect(readDifference(1e-2)).toMatch(/bug/);
  });
});

describe("gradientCheck and gradientCheckNetwork refuse bad inputs by name (mutation-tested)", () => {
  const P = () => ({ W: new Matrix(1, 2, Float64Array.from([1, 2])) });
  const cost = (p: Record<string, Matrix>): number => p.W!.data[0]! ** 2 + p.W!.data[1]!;
  it("gradientCheck", () => {
    expect(() => gradientCheck("cost" as never, P(), P())).toThrow('gradientCheck: costFn must be a function (params) => J, got string "cost"');
    expect(() => gradientCheck(cost, null as never, P())).toThrow("gradientCheck: params must be an object of named matrices like { W1, b1 }, got null");
    expect(() => gradientCheck(cost, 3 as never, P())).toThrow("gradientCheck: params must be an object of named matrices like { W1, b1 }, got number 3");
    expect(() => gradientCheck(cost, P(), null as never)).toThrow("gradientCheck: grads must be an object of named matrices like { W1, b1 }, got null");
    expect(() => gradientCheck(cost, P(), 3 as never)).toThrow("gradientCheck: grads must be an object of named matrices like { W1, b1 }, got number 3");
    const nan = { W: new Matrix(1, 2, Float64Array.from([1, NaN])) };
    expect(() => gradientCheck(cost, nan, P())).toThrow(/^gradientCheck: parameter "W" has NaN at \[0, 1\]/);
    expect(() => gradientCheck(cost, P(), nan)).toThrow(/^gradientCheck: gradient "W" has NaN at \[0, 1\]/);
    // Same number of entries, transposed: refused, not read in the wrong layout.
    expect(() => gradientCheck(cost, P(), { W: new Matrix(2, 1, Float64Array.from([2, 1])) })).toThrow("gradientsToVector: gradient of W has shape (2, 1), the parameter (1, 2)");
    // The analytic gradient (2·W[0], 1) passes.
    expect(gradientCheck(cost, P(), { W: new Matrix(1, 2, Float64Array.from([2, 1])) }).passed).toBe(true);
  });
  it("gradientCheckNetwork names itself for X, Y and the parameters", () => {
    const net = createNetwork([2, 1], { seed: 1 });
    const x = new Matrix(2, 2, Float64Array.from([1, 2, NaN, 4])), y = new Matrix(1, 2, Float64Array.from([1, 0]));
    expect(() => gradientCheckNetwork(net, x, y)).toThrow(/^gradientCheckNetwork: X has NaN at feature 1, example 0 \(X\[1, 0\]\)/);
    const okX = new Matrix(2, 2, Float64Array.from([1, 2, 3, 4]));
    expect(() => gradientCheckNetwork(net, okX, [[1, 0]] as never)).toThrow(/^gradientCheckNetwork: Y must be a Matrix/);
    expect(() => gradientCheckNetwork(net, okX, new Matrix(1, 2, Float64Array.from([1, Infinity])))).toThrow(/^gradientCheckNetwork: Y has Infinity at row 0, example 1 \(Y\[0, 1\]\)/);
    net.params.W1!.data[1] = NaN;
    expect(() => gradientCheckNetwork(net, okX, y)).toThrow(/^gradientCheckNetwork: parameter "W1" has NaN at \[0, 1\]/);
  });
});

describe("a learner's slips with the gradient-check helpers are named (an audit's probes)", () => {
  const net = createNetwork([4, 3, 1], { seed: 1 });
  it("relativeError reads Matrices (it read their .length, undefined, and returned 0: 'backprop is correct')", () => {
    const a = matrix([[1, 2], [3, 4]]), b = matrix([[1, 2], [3, 5]]);
    // ‖(0, 0, 0, −1)‖ / (√30 + √39) by hand
    expect(relativeError(a, b)).toBeCloseTo(1 / (Math.sqrt(30) + Math.sqrt(39)), 15);
    expect(relativeError(a, b.data)).toBe(relativeError(a.data, b.data));
    expect(relativeError([3, 4], [0, 0], "max")).toBe(1);
    expect(() => relativeError(a, matrix([[1, 2, 3, 5]]))).toThrow("relativeError: a has shape (2, 2), b (1, 4)");
    expect(() => relativeError(1 as never, 2 as never)).toThrow("relativeError: a must be a Matrix or an array of numbers, got number 1");
    expect(() => relativeError([1], [1], "avg" as never)).toThrow('relativeError: form must be "sum" or "max", got string "avg"');
  });

  it("readDifference refuses what is not a relative error (NaN read as 'a bug', −1 as 'great')", () => {
    expect(() => readDifference(NaN)).toThrow("readDifference: difference must be a relative error, a number ≥ 0, got number NaN");
    expect(() => readDifference(-1)).toThrow(/got number -1/);
    expect(() => readDifference(undefined as never)).toThrow(/got undefined/);
    expect(readDifference(0)).toMatch(/^great/);
  });

  it("vectorToDictionary(theta, params), the course's habit, says to pass the slots", () => {
    const { theta, slots } = dictionaryToVector(net.params);
    expect(() => vectorToDictionary(theta, net.params as never)).toThrow(
      /^vectorToDictionary: slots must be θ's layout from dictionaryToVector .* got an object with keys W1, b1, W2, b2; write vectorToDictionary\(theta, dictionaryToVector\(params\)\.slots\)$/);
    expect(() => gradientsToVector({}, undefined as never)).toThrow(/^gradientsToVector: slots must be .* got undefined/);
    expect(() => vectorToDictionary([1, 2] as never, slots)).toThrow(/vectorToDictionary: theta must be a Matrix/);
    expect(() => dictionaryToVector(net.params, "W1" as never)).toThrow('dictionaryToVector: order must be an array of parameter names like ["W1", "b1"], got string "W1"');
    expect(() => dictionaryToVector(net.params, ["W1", "W1"])).toThrow("dictionaryToVector: order names a parameter twice (W1, W1)");
    expect(() => dictionaryToVector({ W1: [[1]] } as never)).toThrow("dictionaryToVector: parameter W1 must be a Matrix, got a plain array [[1]]");
    expect(() => parameterOrder(undefined as never)).toThrow(/^parameterOrder: names must be an array/);
  });

  it("gradientCheck's options are checked: a misspelt key, only as a string, an unknown errorForm; arguments in the wrong order", () => {
    const Xs = seed(2).randn(4, 3), Ys = matrix([[1, 0, 1]]);
    expect(() => gradientCheckNetwork(net, Xs, Ys, { eps: 10 } as never)).toThrow('gradientCheckNetwork: unknown option "eps"; the options are epsilon, method, errorForm, only');
    expect(() => gradientCheckNetwork(net, Xs, Ys, { only: "W1" as never })).toThrow('gradientCheck: only must be an array of parameter names like ["W1"], got string "W1"');
    expect(() => gradientCheckNetwork(net, Xs, Ys, { errorForm: "mean" as never })).toThrow('gradientCheck: errorForm must be "sum" or "max", got string "mean"');
    expect(() => gradientCheckNetwork(Xs as never, net as never, Ys)).toThrow("gradientCheckNetwork: net must be a network from createNetwork, got a Matrix of shape (4, 3); the arguments are (net, X, Y)");
    expect(gradientCheckNetwork(net, Xs, Ys, { only: ["W1"] }).slots.map((s) => s.name)).toEqual(["W1"]);
  });
});
