// Confusion matrices: a case counted by hand, numpy's counts (test/fixtures/make_metrics.py),
// and the per-class rates read off its rows and columns.
import { describe, expect, it } from "vitest";
import { confusionMatrix, confusionAccuracy, perClassAccuracy, perClassPrecision, matrix, Matrix, ShapeError, ValueError } from "../../src/index";
import { loadFixture } from "../helpers/fixtures";
import { thrown } from "../helpers/thrown";

const fx = loadFixture<{ yTrue: number[]; yPred: number[]; C: number; confusion: number[][]; perClassAccuracy: number[]; perClassPrecision: number[]; accuracy: number }>("metrics.json");

describe("confusionMatrix", () => {
  // true:  0 0 0 1 1 2 2 2 2
  // pred:  0 1 0 1 2 2 2 0 2   → row 0: two 0s, one 1; row 1: one 1, one 2; row 2: one 0, three 2s
  const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2], yPred = [0, 1, 0, 1, 2, 2, 2, 0, 2];

  it("counts true class by row, predicted class by column (hand-counted)", () => {
    expect(confusionMatrix(yTrue, yPred).toArray()).toEqual([[2, 1, 0], [0, 1, 1], [1, 0, 3]]);
  });

  it("per-class accuracy 2/3, 1/2, 3/4; precision 2/3, 1/2, 3/4; accuracy 6/9", () => {
    const cm = confusionMatrix(yTrue, yPred);
    expect(perClassAccuracy(cm)).toEqual([2 / 3, 1 / 2, 3 / 4]);
    expect(perClassPrecision(cm)).toEqual([2 / 3, 1 / 2, 3 / 4]);
    expect(confusionAccuracy(cm)).toBe(6 / 9);
  });

  it("takes 1 x m label matrices and C x m one-hot matrices alike", () => {
    const oneHotTrue = new Matrix(3, yTrue.length);
    yTrue.forEach((c, j) => oneHotTrue.set(c, j, 1));
    expect(confusionMatrix(oneHotTrue, matrix([yPred])).toArray()).toEqual([[2, 1, 0], [0, 1, 1], [1, 0, 3]]);
  });

  it("numClasses adds a class nobody predicted or had: its accuracy and precision are NaN", () => {
    const cm = confusionMatrix([0, 1], [0, 0], 3);
    expect(cm.toArray()).toEqual([[1, 0, 0], [1, 0, 0], [0, 0, 0]]);
    expect(perClassAccuracy(cm)).toEqual([1, 0, NaN]);
    expect(perClassPrecision(cm)).toEqual([0.5, NaN, NaN]);
  });

  it("matches numpy's counts on 500 examples of 4 classes", () => {
    const cm = confusionMatrix(fx.yTrue, fx.yPred, fx.C);
    expect(cm.toArray()).toEqual(fx.confusion);
    expect(perClassAccuracy(cm)).toEqual(fx.perClassAccuracy);
    expect(perClassPrecision(cm)).toEqual(fx.perClassPrecision);
    expect(confusionAccuracy(cm)).toBe(fx.accuracy);
  });

  it("names the problem with bad labels", () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrow(ShapeError);
    expect(() => confusionMatrix([0, 1], [0])).toThrow("confusionMatrix: yTrue has 2 examples but yPred has 1");
    expect(() => confusionMatrix([0, 1.5], [0, 1])).toThrow("confusionMatrix: yTrue[1] = 1.5 is not a class index (an integer ≥ 0)");
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow("confusionMatrix: yTrue[1] = 3, but numClasses = 3 allows 0 … 2");
    expect(() => confusionMatrix(matrix([[1, 0], [1, 0]]), [0, 1])).toThrow(ValueError);
    expect(() => confusionMatrix([], [])).toThrow("confusionMatrix: no examples (yTrue is empty)");
    expect(() => perClassAccuracy(matrix([[1, 2]]))).toThrow("perClassAccuracy: cm must be a square confusion matrix (C x C) from confusionMatrix(yTrue, yPred), got shape (1, 2)");
  });
});

describe("each label check, on the one input that trips only it", () => {
  it("a one-hot column with a second 1, or with a fraction after its 1, is refused", () => {
    // Column 1 of each is a clean one-hot column, so only column 0 can trip the check.
    const notOneHot = (what: string) =>
      `ValueError: confusionMatrix: ${what} has shape (2, 2), so it must be one-hot (one 1 per column), but column 0 is not; for probabilities (a softmax output), take the classes first with argmax(${what}, 0)`;
    expect(thrown(() => confusionMatrix(matrix([[1, 0], [1, 1]]), [0, 1]))).toBe(notOneHot("yTrue"));
    expect(thrown(() => confusionMatrix([0, 1], matrix([[1, 0], [0.5, 1]])))).toBe(notOneHot("yPred"));
  });

  it("names the entry that is not a number, with no nested-array hint for a string", () => {
    expect(thrown(() => confusionMatrix([0, "1", 2] as unknown as number[], [0, 1, 2])))
      .toBe('ValueError: confusionMatrix: yTrue[1] must be a class index (a number), got string "1"');
  });

  it("refuses a negative label; the probabilities hint only for a value between 0 and 1", () => {
    expect(thrown(() => confusionMatrix([0, -1], [0, 0]))).toBe("ValueError: confusionMatrix: yTrue[1] = -1 is not a class index (an integer ≥ 0)");
    expect(thrown(() => confusionMatrix([0, 1.5], [0, 1]))).toBe("ValueError: confusionMatrix: yTrue[1] = 1.5 is not a class index (an integer ≥ 0)");
    expect(thrown(() => confusionMatrix([0, 1], [0, 0.5]))).toBe(
      "ValueError: confusionMatrix: yPred[1] = 0.5 is not a class index (an integer ≥ 0); these look like probabilities: take the predicted classes first, e.g. predict(net, X)");
  });

  it("an all-zero confusion matrix has no accuracy", () => {
    expect(thrown(() => confusionAccuracy(new Matrix(2, 2)))).toBe("ValueError: confusionAccuracy: the confusion matrix counts no examples");
  });
});
