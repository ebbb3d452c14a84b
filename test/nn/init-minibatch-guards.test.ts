// The argument checks of initializeParameters, randomMiniBatches and partition, each message
// pinned with the function it names (the first mutation run of nn:init-minibatch found them
// asserted only as "throws"), and which error wins when two arguments are wrong.
import { describe, expect, it } from "vitest";
import { Matrix } from "../../src/tensor/matrix";
import { initializeParameters } from "../../src/nn/init";
import { partition, randomMiniBatches } from "../../src/nn/minibatch";

describe("initializeParameters names its bad options", () => {
  it("a misspelt option, a non-object, a bad generator or seed", () => {
    expect(() => initializeParameters([2, 3], { methd: "he" } as never)).toThrow('initializeParameters: unknown option "methd"; the options are method, rng, seed, scale, batchNorm');
    expect(() => initializeParameters([2, 3], 5 as never)).toThrow('initializeParameters: options must be an object like { method: "he", seed: 3 }, got number 5');
    expect(() => initializeParameters([2, 3], { rng: {} } as never)).toThrow("initializeParameters: rng must be a generator made by seed(n), got an empty object {}");
    expect(() => initializeParameters([2, 3], { seed: -1 })).toThrow("initializeParameters: seed must be in [0, 4294967295], got -1");
  });
  it("an unknown method is named before a bad seed is looked at", () => {
    expect(() => initializeParameters([2, 3], { method: "bogus" as never, seed: 1.5 })).toThrow(/^initializeParameters: unknown method "bogus"/);
  });
});

describe("randomMiniBatches and partition name the argument that is not a matrix", () => {
  const X = new Matrix(2, 3), Y = new Matrix(1, 3);
  it("randomMiniBatches", () => {
    expect(() => randomMiniBatches(null as never, Y)).toThrow("randomMiniBatches: X must be a Matrix, got null");
    expect(() => randomMiniBatches(X, null as never)).toThrow("randomMiniBatches: Y must be a Matrix, got null");
  });
  it("partition: X, Y, their example counts (columns) and the size", () => {
    expect(() => partition(null as never, Y, 1)).toThrow("partition: X must be a Matrix, got null");
    expect(() => partition(X, null as never, 1)).toThrow("partition: Y must be a Matrix, got null");
    expect(() => partition(X, new Matrix(1, 2), 1)).toThrow("partition: X has 3 examples (columns) but Y has 2");
    expect(() => partition(X, Y, 0)).toThrow("partition: size must be >= 1, got 0");
  });
});
