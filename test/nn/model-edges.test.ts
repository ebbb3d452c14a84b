// model.ts at the edges its other tests leave open: forward's own checks of the parameters it is given
// (the full messages, so a check skipped would show as a different message), batch norm's running
// averages left alone at test time whatever updateRunning says, the relu fusion chosen by each layer's
// own activation, softmax predictions where a later class beats an earlier winner, an mse network's
// predictions as its outputs, and checkParams on a string and on a batch-norm network missing gamma.
import { describe, expect, it } from "vitest";
import { checkInput, checkParams, createNetwork, forward, predict } from "../../src/nn";
import { Matrix, matrix } from "../../src/tensor/matrix";

const X = matrix([[0.5, -1, 2], [1.5, 0.25, -0.75]]);

describe("forward checks the parameters it is given", () => {
  const net = createNetwork([2, 3, 1], { seed: 1 });
  it("a missing matrix, by name and with what there is", () => {
    expect(() => forward(net, X, { params: {} })).toThrow(/^forward: parameter W1 is missing \(have none\)$/);
  });
  it("a wrong shape, against the layer sizes", () => {
    const params = { ...net.params, W1: new Matrix(3, 3) };
    expect(() => forward(net, X, { params })).toThrow(/^forward: W1 has shape \(3, 3\), but layer sizes \[2,3,1\] need \(3, 2\)$/);
  });
  it("a NaN in a parameter", () => {
    const W2 = net.params.W2!.clone();
    W2.data[1] = NaN;
    expect(() => forward(net, X, { params: { ...net.params, W2 } })).toThrow(/^forward: parameter "W2" has NaN at \[0, 1\]/);
  });
  it("a net that is null, undefined or a matrix is named as such", () => {
    expect(() => forward(null as never, X)).toThrow("forward: net must be a network made by createNetwork([…]), got null");
    expect(() => forward(undefined as never, X)).toThrow("forward: net must be a network made by createNetwork([…]), got undefined");
    expect(() => forward(X as never, X)).toThrow("forward: net must be a network made by createNetwork([…]), got a Matrix");
  });
  it("checkInput lets a NaN through unless asked to look", () => {
    const bad = X.clone();
    bad.data[0] = NaN;
    expect(() => checkInput(net, bad, "here", false)).not.toThrow();
    expect(() => checkInput(net, bad, "here", true)).toThrow(/^here: /);
  });
});

describe("checkParams", () => {
  const net = createNetwork([2, 3, 1], { seed: 1 });
  it("refuses a string or a number for params", () => {
    expect(() => checkParams(net, "W1" as never, "here")).toThrow('here: params must be an object of named matrices like { W1, b1, W2, b2 }, got string "W1"');
    expect(() => checkParams(net, 5 as never, "here")).toThrow("here: params must be an object of named matrices like { W1, b1, W2, b2 }, got number 5");
  });
  it("wants gamma and beta in each hidden layer of a batch-norm network", () => {
    const bn = createNetwork([2, 3, 1], { seed: 1, batchNorm: true });
    const { gamma1: _g, ...noGamma } = bn.params;
    expect(() => checkParams(bn, noGamma, "here")).toThrow(/^here: parameter gamma1 is missing/);
    const { beta1: _b, ...noBeta } = bn.params;
    expect(() => checkParams(bn, noBeta, "here")).toThrow(/^here: parameter beta1 is missing/);
  });
});

describe("batch norm's running averages at test time", () => {
  it("stay as they are, even with updateRunning: true", () => {
    const net = createNetwork([2, 3, 1], { seed: 1, batchNorm: true });
    const before = [Array.from(net.running.mu1!.data), Array.from(net.running.var1!.data)];
    forward(net, X, { training: false, updateRunning: true });
    forward(net, X);
    expect([Array.from(net.running.mu1!.data), Array.from(net.running.var1!.data)]).toEqual(before);
    forward(net, X, { training: true });
    expect(Array.from(net.running.mu1!.data)).not.toEqual(before[0]);
  });
  it("bit for bit: an update by the statistics it used would move 0.325 to 0.32499999999999996 (momentum 0.99)", () => {
    const net = createNetwork([2, 3, 1], { seed: 1, batchNorm: true, bnMomentum: 0.99 });
    net.running.mu1!.data.set([0.325, 0.425, 0.65]);
    forward(net, X, { training: false, updateRunning: true });
    expect(Array.from(net.running.mu1!.data)).toEqual([0.325, 0.425, 0.65]);
  });
});

describe("each layer's own activation decides the relu fusion", () => {
  it("tanh, tanh, relu, sigmoid: layer 1 is tanh even though layer 3 is relu", () => {
    const net = createNetwork([2, 3, 3, 2, 1], { seed: 2, activations: ["tanh", "tanh", "relu", "sigmoid"] });
    const { caches } = forward(net, X);
    const Z1 = caches[0]!.Z, A1 = caches[0]!.A;
    expect(Array.from(A1.data)).toEqual(Array.from(Z1.data, Math.tanh));
    const Z3 = caches[2]!.Z, A3 = caches[2]!.A;
    expect(Array.from(A3.data)).toEqual(Array.from(Z3.data, (z) => (z > 0 ? z : 0)));
  });
});

describe("predict", () => {
  it("softmax: the last of three classes wins when each beats the one before", () => {
    // W3 = 0, b3 = [0, 1, 2] makes every column's output softmax([0, 1, 2]), rising.
    const net = createNetwork([2, 3, 3], { seed: 1, output: "softmax" });
    const params = { ...net.params, W2: new Matrix(3, 3), b2: matrix([[0], [1], [2]]) };
    expect(Array.from(predict(net, X, params).data)).toEqual([2, 2, 2]);
    const falling = { ...params, b2: matrix([[0], [2], [1]]) };
    expect(Array.from(predict(net, X, falling).data)).toEqual([1, 1, 1]);
  });
  it("an mse network predicts its outputs", () => {
    const net = createNetwork([2, 3, 2], { seed: 1, output: "linear" as never, cost: "mse" });
    const P = predict(net, X);
    expect([P.rows, P.cols]).toEqual([2, 3]);
    expect(Array.from(P.data)).toEqual(Array.from(forward(net, X).AL.data));
  });
});
