// createNetwork's options (each message with the option it names, the defaults it fills in, what it
// hands the initializer), and predict/accuracy at their edges: an output of exactly 0.5, softmax
// ties (the first class wins, as numpy's argmax), one-hot labels, and the shapes they refuse.
import { describe, expect, it } from "vitest";
import { accuracy, createNetwork, forward, predict } from "../../src/nn";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { seed } from "../../src/random/random";

const C = createNetwork;

describe("createNetwork names the option that is wrong", () => {
  it.each([
    ["layerDims", () => C("x" as never), 'createNetwork: layerDims must list at least the input size and one layer, e.g. [2, 5, 2, 1]; got "x"'],
    ["a misspelt option", () => C([2, 1], { hiden: "relu" } as never), 'createNetwork: unknown option "hiden"; the options are hidden, output, activations, cost, init'],
    ["options a number", () => C([2, 1], 5 as never), 'createNetwork: options must be an object like { hidden: "relu", output: "sigmoid", init: "he", seed: 3 }, got number 5'],
    ["a hidden activation", () => C([2, 3, 1], { hidden: "foo" as never }), 'createNetwork (layer 1): unknown activation "foo"'],
    ["the output activation", () => C([2, 3, 1], { output: "foo" as never }), 'createNetwork (layer 2): unknown activation "foo"'],
    ["softmax in layer 2", () => C([2, 3, 3, 1], { activations: ["relu", "softmax", "sigmoid"] }), "createNetwork: softmax is for the output layer only, got it at layer 2"],
    ["softmax in layer 1", () => C([2, 3, 3, 2], { activations: ["softmax", "relu", "softmax"] }), "createNetwork: softmax is for the output layer only, got it at layer 1"],
    ["the softmax cost", () => C([2, 3], { output: "sigmoid", cost: "softmax" }), 'createNetwork: the softmax cost (categorical cross-entropy) needs a softmax output layer, got output "sigmoid"'],
    ["lambda", () => C([2, 1], { lambda: -1 }), "createNetwork: lambda must be in [0, Infinity), got -1"],
    ["l1", () => C([2, 1], { l1: -1 }), "createNetwork: l1 must be in [0, Infinity), got -1"],
    ["keepProb", () => C([2, 3, 3, 1], { keepProb: [0.5, 0] }), "createNetwork: keepProb[1] (layer 2) must be in (0, 1], got 0"],
    ["bnMomentum", () => C([2, 1], { bnMomentum: 1 }), "createNetwork: bnMomentum must be in [0, 1), got 1"],
    ["bnEpsilon", () => C([2, 1], { bnEpsilon: 0 }), "createNetwork: bnEpsilon must be > 0, got 0"],
    ["init", () => C([2, 1], { init: "foo" as never }), 'createNetwork: unknown init "foo"; expected one of "zeros", "random", "xavier", "glorot", "he", "lecun"'],
    ["init not a string", () => C([2, 1], { init: 5 as never }), "createNetwork: unknown init number 5; expected one of"],
    ["initScale", () => C([2, 1], { initScale: NaN }), "createNetwork: initScale must be a finite number, got NaN"],
    ["seed", () => C([2, 1], { seed: -1 }), "createNetwork: seed must be in [0, 4294967295], got -1"],
    ["rng", () => C([2, 1], { rng: {} as never }), "createNetwork: rng must be a generator made by seed(n), got an empty object {}"],
    ["dropoutSeed", () => C([2, 1], { dropoutSeed: -1 }), "createNetwork: dropoutSeed must be in [0, 4294967295], got -1"],
    ["params", () => C([2, 1], { params: { W1: new Matrix(1, 2) } }), "createNetwork: parameter b1 is missing (have W1)"],
    ["non-finite params", () => C([2, 1], { params: { W1: matrix([[NaN, 1]]), b1: new Matrix(1, 1) } }), 'createNetwork: parameter "W1" has NaN at [0, 0]'],
  ] as const)("%s", (_what, f, message) => {
    expect(f).toThrow(message);
  });
});

describe("createNetwork fills in and hands on", () => {
  it("the cost follows the output layer: sigmoid → binary, softmax → softmax, anything else → mse", () => {
    expect(C([2, 1]).cost).toBe("binary");
    expect(C([2, 3], { output: "softmax" }).cost).toBe("softmax");
    expect(C([2, 1], { output: "linear" }).cost).toBe("mse");
    expect(C([2, 1], { output: "tanh" }).cost).toBe("mse");
  });
  it("keepProb: one number for every hidden layer, or a list copied", () => {
    expect(C([2, 3, 3, 1], { keepProb: 0.7 }).keepProb).toEqual([0.7, 0.7]);
    const kp = [0.5, 0.8];
    const net = C([2, 3, 3, 1], { keepProb: kp });
    kp[0] = 0.1;
    expect(net.keepProb).toEqual([0.5, 0.8]);
    expect(C([2, 3, 1]).keepProb).toEqual([1]);
  });
  it("seed, rng and initScale reach the initializer: W = initScale · randn from that generator", () => {
    const W = (opts: object) => Array.from(C([2, 1], { init: "random", ...opts }).params.W1!.data);
    expect(W({ initScale: 1, seed: 4 })).toEqual(Array.from(seed(4).randn(1, 2).data));
    expect(W({ initScale: 1, rng: seed(5) })).toEqual(Array.from(seed(5).randn(1, 2).data));
    expect(W({ initScale: 2 })).toEqual(Array.from(seed(3).randn(1, 2).data, (v) => 2 * v));
    // Without initScale, "random" scales by 0.01.
    expect(W({ seed: 4 })).toEqual(Array.from(seed(4).randn(1, 2).data, (v) => 0.01 * v));
  });
  it("batch norm starts each hidden layer's running mean at 0 and variance at 1, shaped n[l] x 1", () => {
    const net = C([2, 3, 4, 1], { batchNorm: true });
    expect(Object.keys(net.running)).toEqual(["mu1", "var1", "mu2", "var2"]);
    expect([net.running.mu2!.rows, net.running.mu2!.cols]).toEqual([4, 1]);
    expect(Array.from(net.running.mu1!.data)).toEqual([0, 0, 0]);
    expect(Array.from(net.running.var2!.data)).toEqual([1, 1, 1, 1]);
    expect(C([2, 3, 1]).running).toEqual({});
  });
  it("keeps its own copy of layerDims", () => {
    const dims = [2, 3, 1], net = C(dims);
    dims[1] = 9;
    expect(net.layerDims).toEqual([2, 3, 1]);
  });
});

describe("predict and accuracy", () => {
  const X = matrix([[1, 2, -1], [3, 4, 0.5]]);
  const zeros = (dims: number[], opts: object = {}) => C(dims, { init: "zeros", ...opts });
  it("an output of exactly 0.5 is class 0 (ŷ = [a > 0.5])", () => {
    // All-zero parameters: a = σ(0) = 0.5 for every example.
    expect(Array.from(forward(zeros([2, 1]), X).AL.data)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(predict(zeros([2, 1]), X).data)).toEqual([0, 0, 0]);
  });
  it("softmax: the first of tied classes wins, as numpy's argmax; otherwise the largest", () => {
    expect(Array.from(predict(zeros([2, 3], { output: "softmax" }), X).data)).toEqual([0, 0, 0]);
    // b = (0, 0, 1): class 2 for every example; b = (0, 2, 1): class 1.
    const net = zeros([2, 3], { output: "softmax" });
    net.params.b1!.data.set([0, 0, 1]);
    expect(Array.from(predict(net, X).data)).toEqual([2, 2, 2]);
    net.params.b1!.data.set([0, 2, 1]);
    expect(Array.from(predict(net, X).data)).toEqual([1, 1, 1]);
  });
  it("predict with other parameters uses them, and checks them", () => {
    const net = zeros([2, 1]);
    const params = { W1: matrix([[1, 0]]), b1: matrix([[-2]]) };
    // z = x₁ − 2: −1, 0, −3 → a < 0.5, = 0.5, < 0.5; with b = −0.5: 0.5, 1.5, −1.5 → 1, 1, 0.
    expect(Array.from(predict(net, X, params).data)).toEqual([0, 0, 0]);
    params.b1.data[0] = -0.5;
    expect(Array.from(predict(net, X, params).data)).toEqual([1, 1, 0]);
    expect(() => predict(net, X, { W1: matrix([[1, 0]]) })).toThrow("predict: parameter b1 is missing (have W1)");
    expect(() => predict(net, X, { W1: matrix([[NaN, 0]]), b1: matrix([[0]]) })).toThrow('predict: parameter "W1" has NaN at [0, 0]');
    expect(() => predict(net, null as never)).toThrow("predict: X must be a Matrix, got null");
    expect(() => predict(net, matrix([[1, NaN], [1, 1]]))).toThrow("predict: X has NaN at feature 0, example 1 (X[0, 1])");
  });
  it("accuracy reads one-hot labels for softmax, and refuses shapes and the mse cost", () => {
    const net = zeros([2, 3], { output: "softmax" });
    net.params.b1!.data.set([0, 0, 1]); // predicts class 2 everywhere
    // One-hot columns for classes 2, 0, 2: two of three right.
    expect(accuracy(net, X, matrix([[0, 1, 0], [0, 0, 0], [1, 0, 1]]))).toBeCloseTo(2 / 3, 15);
    expect(accuracy(net, X, matrix([[2, 0, 2]]))).toBeCloseTo(2 / 3, 15);
    expect(accuracy(net, X, matrix([[2, 2, 2]]))).toBe(1);
    const bin = zeros([2, 1]);
    expect(() => accuracy(bin, X, null as never)).toThrow("accuracy: Y must be a Matrix, got null");
    expect(() => accuracy(bin, X, matrix([[1, 0, 1, 0]]))).toThrow("accuracy: Y has shape (1, 4), expected (1, 3) labels");
    expect(() => accuracy(bin, X, matrix([[1, 0, 1], [0, 1, 0]]))).toThrow("accuracy: Y has shape (2, 3), expected (1, 3) labels");
    expect(() => accuracy(C([2, 1], { output: "linear" }), X, matrix([[1, 0, 1]]))).toThrow("accuracy: a network with the mse cost makes no class predictions");
  });
  it("accuracy refuses labels no prediction can equal (they counted as wrong without a word)", () => {
    const bin = zeros([2, 1]);
    expect(() => accuracy(bin, X, matrix([[2, 2, 2]]))).toThrow("accuracy: labels must be 0 or 1 for the binary cross-entropy cost, got Y[0, 0] = 2");
    expect(() => accuracy(bin, X, matrix([[1, -1, 1]]))).toThrow(/got Y\[0, 1\] = -1/);
    const soft = zeros([2, 3], { output: "softmax" });
    expect(() => accuracy(soft, X, matrix([[7, 0, 1]]))).toThrow("accuracy: class label Y[0, 0] = 7 is not an integer in [0, 3)");
    expect(() => accuracy(soft, X, matrix([[0, 0.5, 1]]))).toThrow(/Y\[0, 1\] = 0.5 is not an integer/);
    expect(() => accuracy(soft, X, matrix([[1, 0, 0], [0, 0, 0], [0, 0, 1]]))).toThrow("accuracy: column 1 of the one-hot labels has 0 ones, expected exactly 1");
    expect(() => accuracy(soft, X, matrix([[1, 0, 0], [0, 1, 1]]))).toThrow("accuracy: Y has shape (2, 3), expected (1, 3) labels");
  });
  it("forward's options are checked: a misspelt key, a string for a flag, a number for the generator", () => {
    const net = zeros([2, 1]);
    expect(() => forward(net, X, { train: true } as never)).toThrow('forward: unknown option "train"; the options are params, training, updateRunning, rng, workspace, checked');
    expect(() => forward(net, X, { training: "yes" } as never)).toThrow('forward: training must be true or false, got string "yes"');
    expect(() => forward(net, X, { rng: 3 } as never)).toThrow("forward: rng must be a generator made by seed(n), got number 3; to seed it, pass { seed: 3 }");
    expect(forward(net, X, { training: true, rng: seed(1) }).AL.cols).toBe(3);
  });
});
