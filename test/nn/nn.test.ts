import { describe, expect, it } from "vitest";
import {
  accuracy, activate, activationBackward, backward, batchNormForward, computeCost, createNetwork, crossEntropyCost,
  forward, lossAndGradients, predict, oneHot, dropoutMask,
} from "../../src/nn";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { seed } from "../../src/random/random";
import { fx, mat, maxRel, params } from "./fixture";

const X = mat(fx.nn.X), Y = mat(fx.nn.Y);

describe("forward, cost and backward against numpy (the course's L_model_forward / L_model_backward)", () => {
  for (const c of fx.nn.cases) {
    it(`${c.acts.join("/")} with λ = ${c.lambda}`, () => {
      const net = createNetwork(fx.init.dims, { activations: c.acts, params: params(c.params), lambda: c.lambda });
      const { AL, caches } = forward(net, X);
      expect(maxRel(AL, mat(c.AL))).toBeLessThan(1e-13);
      expect(maxRel(caches[0]!.Z, mat(c.Z1))).toBeLessThan(1e-13);
      expect(computeCost(net, AL, Y)).toBeCloseTo(c.cost, 13);
      const grads = backward(net, AL, Y, caches);
      for (const [name, want] of Object.entries(c.grads)) {
        expect(maxRel(grads[name.slice(1)]!, mat(want as never)), name).toBeLessThan(1e-12);
      }
    });
  }

  it("inverted dropout draws rand(shape) < keep_prob layer by layer like the course (seed 1)", () => {
    const d = fx.dropout;
    const net = createNetwork(fx.init.dims, { params: params(d.params), keepProb: d.keepProb, dropoutSeed: 1 });
    const { AL, caches } = forward(net, X, { training: true });
    expect(maxRel(caches[0]!.D!, mat(d.D1))).toBe(0);
    expect(maxRel(AL, mat(d.AL))).toBeLessThan(1e-13);
    expect(computeCost(net, AL, Y)).toBeCloseTo(d.cost, 13);
    const grads = backward(net, AL, Y, caches);
    for (const [name, want] of Object.entries(d.grads)) expect(maxRel(grads[name.slice(1)]!, mat(want as never)), name).toBeLessThan(1e-12);
    // Test time: no dropout, so repeated predictions agree.
    expect(Array.from(forward(net, X).AL.data)).toEqual(Array.from(forward(net, X).AL.data));
  });

  it("softmax output with cross-entropy (labels as indices or one-hot)", () => {
    const s = fx.softmax;
    const net = createNetwork([3, 5, 4], { output: "softmax", params: params(s.params) });
    const Xs = mat(s.X), labels = mat(s.labels);
    const { AL, caches } = forward(net, Xs);
    expect(maxRel(AL, mat(s.AL))).toBeLessThan(1e-13);
    expect(computeCost(net, AL, labels)).toBeCloseTo(s.cost, 13);
    expect(computeCost(net, AL, oneHot(labels, 4))).toBeCloseTo(s.cost, 13);
    const grads = backward(net, AL, labels, caches);
    for (const [name, want] of Object.entries(s.grads)) expect(maxRel(grads[name.slice(1)]!, mat(want as never)), name).toBeLessThan(1e-12);
    expect(predict(net, Xs).cols).toBe(6);
  });

  it("batch norm forward uses the batch's mean and variance", () => {
    const b = fx.batchnorm;
    const r = batchNormForward(mat(b.Z), mat(b.gamma), mat(b.beta), b.eps);
    expect(maxRel(r.out, mat(b.out))).toBeLessThan(1e-13);
    expect(maxRel(r.stats.var, mat(b.var))).toBeLessThan(1e-13);
  });
});

describe("activations and costs", () => {
  it("sigmoid is stable for large |z| and the derivatives are right", () => {
    const Z = matrix([[-800, 0, 800]]);
    expect(Array.from(activate("sigmoid", Z).data)).toEqual([0, 0.5, 1]);
    const A = activate("tanh", matrix([[0.3]]));
    expect(activationBackward("tanh", matrix([[2]]), matrix([[0.3]]), A).data[0]).toBeCloseTo(2 * (1 - Math.tanh(0.3) ** 2), 15);
    expect(Array.from(activate("relu", matrix([[-1, 2]])).data)).toEqual([0, 2]);
  });

  it("cross-entropy of a saturated correct prediction is 0, not NaN", () => {
    expect(crossEntropyCost(matrix([[1, 0]]), matrix([[1, 0]]))).toBe(0);
  });

  it("predict and accuracy", () => {
    const net = createNetwork([3, 5, 4, 1], { seed: 2 });
    const P = predict(net, X);
    expect(Array.from(P.data).every((v) => v === 0 || v === 1)).toBe(true);
    expect(accuracy(net, X, P)).toBe(1);
    // Labels that disagree with the predictions on exactly the first three examples: (m − 3)/m.
    const wrong3 = P.clone();
    for (let j = 0; j < 3; j++) wrong3.data[j] = 1 - wrong3.data[j]!;
    expect(accuracy(net, X, wrong3)).toBe((P.cols - 3) / P.cols);
    // Softmax: class indices and their one-hot form read the same way.
    const soft = createNetwork([3, 5, 3], { seed: 2, output: "softmax", cost: "softmax" });
    const Ps = predict(soft, X), labels = Ps.clone();
    labels.data[0] = (labels.data[0]! + 1) % 3;
    expect(accuracy(soft, X, labels)).toBe((Ps.cols - 1) / Ps.cols);
    expect(accuracy(soft, X, oneHot(labels, 3))).toBe((Ps.cols - 1) / Ps.cols);
  });

  it("dropout masks come from the generator: rand(shape) < keep_prob", () => {
    const D = dropoutMask(seed(1), 2, 3, 0.5);
    const u = seed(1).rand(2, 3);
    expect(Array.from(D.data)).toEqual(Array.from(u.data, (v) => (v < 0.5 ? 1 : 0)));
  });
});

describe("bad input gets a clear error", () => {
  it("mismatched layer sizes", () => {
    const net = createNetwork([3, 4, 1]);
    expect(() => forward(net, new Matrix(2, 5))).toThrow(/X has 2 rows .* layerDims\[0\] = 3/);
    expect(() => createNetwork([3, 4, 1], { params: { W1: new Matrix(4, 2), b1: new Matrix(4, 1), W2: new Matrix(1, 4), b2: new Matrix(1, 1) } })).toThrow(/W1 has shape \(4, 2\).*need \(4, 3\)/);
    expect(() => createNetwork([3, 4, 2])).toThrow(/binary cross-entropy cost needs 1 output unit/);
    expect(() => createNetwork([3, 4, 1], { activations: ["relu"] })).toThrow(/2 layers need 2 activations/);
  });
  it("labels that are not 0/1", () => {
    const net = createNetwork([3, 4, 1]);
    const Ybad = Y.clone(); Ybad.data[2] = 2;
    expect(() => lossAndGradients(net, X, Ybad)).toThrow(/labels must be 0 or 1.*Y\[0, 2\] = 2/);
    expect(() => lossAndGradients(net, X, new Matrix(1, 3))).toThrow(/examples/);
  });
  it("keep probability outside (0, 1]", () => {
    expect(() => createNetwork([3, 4, 1], { keepProb: 0 })).toThrow(/keepProb\[0\] \(layer 1\) must be in \(0, 1\], got 0/);
    expect(() => createNetwork([3, 4, 4, 1], { keepProb: [0.5, 1.5] })).toThrow(/keepProb\[1\].*got 1.5/);
    expect(() => createNetwork([3, 4, 1], { keepProb: [0.5, 0.5] })).toThrow(/one value per hidden layer \(1\)/);
  });
  it("an empty data set", () => {
    const net = createNetwork([3, 4, 1]);
    expect(() => forward(net, new Matrix(3, 0))).toThrow(/no examples.*empty/);
  });
});
