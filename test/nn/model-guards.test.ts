// checkNetwork and checkParams, the guards every network function runs first: each case below
// fails exactly one condition of the guard, so a condition dropped or inverted is caught.
import { describe, expect, it } from "vitest";
import { checkNetwork, checkParams, createNetwork } from "../../src/nn/model";
import { Matrix, matrix } from "../../src/tensor/matrix";

const netMsg = "forward: net must be a network made by createNetwork([…]), got ";

describe("checkNetwork", () => {
  it("refuses each way of not being a network, naming what it got", () => {
    expect(() => checkNetwork(null, "forward")).toThrow(`${netMsg}null`);
    expect(() => checkNetwork(3, "forward")).toThrow(`${netMsg}number 3`);
    // A matrix that even carries the two fields is still refused (the arguments swapped).
    expect(() => checkNetwork(Object.assign(matrix([[1]]), { layerDims: [1], params: {} }), "forward")).toThrow(`${netMsg}a Matrix of shape (1, 1)`);
    expect(() => checkNetwork({ layerDims: 3, params: {} }, "forward")).toThrow(`${netMsg}an object with keys layerDims, params`);
    expect(() => checkNetwork({ layerDims: [1], params: 5 }, "forward")).toThrow(netMsg);
    expect(() => checkNetwork({ layerDims: [1], params: null }, "forward")).toThrow(netMsg);
    expect(() => checkNetwork({ layerDims: [1], params: {} }, "forward")).not.toThrow();
    expect(() => checkNetwork(createNetwork([2, 1]), "forward")).not.toThrow();
  });
});

describe("checkParams", () => {
  const net = createNetwork([2, 3, 1]);
  const good = () => ({ W1: new Matrix(3, 2), b1: new Matrix(3, 1), W2: new Matrix(1, 3), b2: new Matrix(1, 1) });
  it("wants an object of matrices, not null or a matrix", () => {
    expect(() => checkParams(net, null as never, "forward")).toThrow("forward: params must be an object of named matrices like { W1, b1, W2, b2 }, got null");
    expect(() => checkParams(net, matrix([[1]]) as never, "forward")).toThrow("got a Matrix of shape (1, 1)");
    expect(() => checkParams(net, good(), "forward")).not.toThrow();
  });
  it("names a missing parameter and those present", () => {
    expect(() => checkParams(net, {}, "forward")).toThrow("forward: parameter W1 is missing (have none)");
    const { W2: _w, ...noW2 } = good();
    expect(() => checkParams(net, noW2, "forward")).toThrow("forward: parameter W2 is missing (have W1, b1, b2)");
    expect(() => checkParams(net, { ...good(), b1: 5 } as never, "forward")).toThrow("forward: parameter b1 must be a Matrix, got number 5");
  });
  it("compares rows and columns apart and gives the layer sizes", () => {
    expect(() => checkParams(net, { ...good(), W2: new Matrix(2, 3) }, "forward")).toThrow("forward: W2 has shape (2, 3), but layer sizes [2,3,1] need (1, 3)");
    expect(() => checkParams(net, { ...good(), W2: new Matrix(1, 2) }, "forward")).toThrow("forward: W2 has shape (1, 2), but layer sizes [2,3,1] need (1, 3)");
    expect(() => checkParams(net, { ...good(), b1: new Matrix(3, 2) }, "forward")).toThrow("forward: b1 has shape (3, 2)");
  });
});
