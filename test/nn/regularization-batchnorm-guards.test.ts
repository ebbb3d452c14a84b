// Batch norm's and regularization's argument checks, one bad input each, with the whole message a
// learner reads (the function, the argument, the shapes): the mutation rerun of 6 Dec found them
// unpinned. Each shape check is tried with only the rows wrong and with only the columns wrong.
import { describe, expect, it } from "vitest";
import { thrown } from "../helpers/thrown";
import { batchNormBackward, batchNormForward, updateRunningStats } from "../../src/nn/batchnorm";
import { addRegularizationGradients, applyDropout } from "../../src/nn/regularization";
import { Matrix, matrix as M } from "../../src/tensor/matrix";


describe("batch norm refuses what it cannot use, and says so", () => {
  const Z = M([[1, 2, 3], [4, 5, 7]]), g = M([[1], [2]]), b = M([[0], [1]]);

  it("batchNormForward: Z a matrix, γ and β one value per unit, running statistics { mu, var } of that shape, a batch with examples", () => {
    expect(thrown(() => batchNormForward(3 as never, g, b, 1e-5))).toBe("ValueError: batchNormForward: Z must be a Matrix, got number 3");
    expect(thrown(() => batchNormForward(Z, M([[1, 2]]), b, 1e-5))).toBe("ShapeError: batchNormForward: gamma must be (2, 1), one value per unit of Z, got (1, 2)");
    expect(thrown(() => batchNormForward(Z, M([[1], [2], [3]]), b, 1e-5))).toBe("ShapeError: batchNormForward: gamma must be (2, 1), one value per unit of Z, got (3, 1)");
    expect(thrown(() => batchNormForward(Z, M([[1, 1], [2, 2]]), b, 1e-5))).toBe("ShapeError: batchNormForward: gamma must be (2, 1), one value per unit of Z, got (2, 2)");
    expect(thrown(() => batchNormForward(Z, g, 3 as never, 1e-5))).toBe("ValueError: batchNormForward: beta must be a Matrix, got number 3");
    expect(thrown(() => batchNormForward(Z, g, M([[0], [1], [2]]), 1e-5))).toBe("ShapeError: batchNormForward: beta must be (2, 1), one value per unit of Z, got (3, 1)");
    expect(thrown(() => batchNormForward(Z, g, b, 1e-5, 5 as never))).toBe("ValueError: batchNormForward: running must be { mu, var } (columns of 2), got number 5");
    expect(thrown(() => batchNormForward(Z, g, b, 1e-5, { mu: 3 as never, var: M([[1], [1]]) }))).toBe("ValueError: batchNormForward: running.mu must be a Matrix, got number 3");
    expect(thrown(() => batchNormForward(Z, g, b, 1e-5, { mu: M([[0], [0]]), var: M([[1, 1]]) }))).toBe("ShapeError: batchNormForward: running.var must be (2, 1), one value per unit of Z, got (1, 2)");
    expect(thrown(() => batchNormForward(new Matrix(2, 0), g, b, 1e-5))).toBe("ValueError: batchNormForward: Z has no examples (0 columns), so it has no batch statistics");
    // With running statistics (test time) an empty batch is fine: there is nothing to normalize.
    expect(batchNormForward(new Matrix(2, 0), g, b, 1e-5, { mu: M([[0], [0]]), var: M([[1], [1]]) }).out.shape).toEqual([2, 0]);
  });

  it("batchNormBackward: dZ̃ a matrix of the forward pass's shape (rows and columns each checked)", () => {
    const { cache } = batchNormForward(Z, g, b, 1e-5);
    expect(thrown(() => batchNormBackward(3 as never, cache))).toBe("ValueError: batchNormBackward: dZ̃ must be a Matrix, got number 3");
    expect(thrown(() => batchNormBackward(M([[1, 2, 3]]), cache))).toBe("ShapeError: batchNormBackward: dZ̃ has shape (1, 3) but the cache's Z_norm has (2, 3)");
    expect(thrown(() => batchNormBackward(M([[1, 2], [3, 4]]), cache))).toBe("ShapeError: batchNormBackward: dZ̃ has shape (2, 2) but the cache's Z_norm has (2, 3)");
  });

  it("updateRunningStats: both arguments { mu, var }, each named", () => {
    expect(thrown(() => updateRunningStats({ mu: M([[0], [0]]), var: 5 as never }, { mu: M([[1], [2]]), var: M([[1], [1]]) }, 0.9))).toBe("ValueError: updateRunningStats: running.var must be a Matrix, got number 5");
    expect(thrown(() => updateRunningStats({ mu: M([[0], [0]]), var: M([[1], [1]]) }, { mu: M([[1], [2]]), var: 3 as never }, 0.9))).toBe("ValueError: updateRunningStats: batch.var must be a Matrix, got number 3");
  });
});

describe("regularization refuses what it cannot use, and says so", () => {
  it("addRegularizationGradients: λ and λ₁ named, a gradient for every W (by either name) of W's shape", () => {
    const W = { W1: M([[1, 2]]) };
    expect(thrown(() => addRegularizationGradients({ dW1: M([[1, 2]]) }, W, -1, 0, 2))).toBe("ValueError: addRegularizationGradients: lambda must be in [0, Infinity), got -1");
    expect(thrown(() => addRegularizationGradients({ dW1: M([[1, 2]]) }, W, 0, -1, 2))).toBe("ValueError: addRegularizationGradients: l1 must be in [0, Infinity), got -1");
    expect(thrown(() => addRegularizationGradients({}, W, 0.1, 0, 2))).toBe("ValueError: addRegularizationGradients: expected a gradient for W1, named W1 or dW1; got none");
    expect(thrown(() => addRegularizationGradients({ a: M([[1]]), b: M([[2]]) }, W, 0.1, 0, 2))).toBe("ValueError: addRegularizationGradients: expected a gradient for W1, named W1 or dW1; got a, b");
    expect(thrown(() => addRegularizationGradients({ dW1: M([[1, 2]]) }, { W1: M([[1], [2]]) }, 0.1, 0, 2))).toBe("ShapeError: addRegularizationGradients: the gradient of W1 has shape (1, 2), W1 (2, 1)");
    expect(thrown(() => addRegularizationGradients({ dW1: M([[1, 2]]) }, { W1: M([[1, 2], [3, 4]]) }, 0.1, 0, 2))).toBe("ShapeError: addRegularizationGradients: the gradient of W1 has shape (1, 2), W1 (2, 2)");
    expect(thrown(() => addRegularizationGradients({ dW1: M([[1, 2]]) }, { W1: M([[1, 2, 3]]) }, 0.1, 0, 2))).toBe("ShapeError: addRegularizationGradients: the gradient of W1 has shape (1, 2), W1 (1, 3)");
  });

  it("applyDropout: A and D matrices of one shape (rows and columns each checked), and A·D/keepProb for any mask value", () => {
    expect(thrown(() => applyDropout(3 as never, M([[1]]), 0.5))).toBe("ValueError: applyDropout: A must be a Matrix, got number 3");
    expect(thrown(() => applyDropout(M([[1]]), 3 as never, 0.5))).toBe("ValueError: applyDropout: D must be a Matrix, got number 3");
    expect(thrown(() => applyDropout(M([[1, 2]]), M([[1], [0]]), 0.5))).toBe("ShapeError: applyDropout: the mask D has shape (2, 1) but A has (1, 2)");
    expect(thrown(() => applyDropout(M([[1, 2]]), M([[1, 0, 1]]), 0.5))).toBe("ShapeError: applyDropout: the mask D has shape (1, 3) but A has (1, 2)");
    expect(thrown(() => applyDropout(M([[1], [2]]), M([[1], [0], [1]]), 0.5))).toBe("ShapeError: applyDropout: the mask D has shape (3, 1) but A has (2, 1)");
    // 2 · 0.5 / 0.5 = 2 and 3 · 0 = 0, worked by hand (a mask of 0s and 1s cannot tell A·D from A/D)
    expect(Array.from(applyDropout(M([[2, 3]]), M([[0.5, 0]]), 0.5).data)).toEqual([2, 0]);
  });
});
