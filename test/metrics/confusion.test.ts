// Confusion matrices: a case counted by hand, numpy's counts (test/fixtures/make_metrics.py),
// and the per-class rates read off its rows and columns.
import { describe, expect, it } from "vitest";
import { confusionMatrix, confusionAccuracy, perClassAccuracy, perClassPrecision, matrix, Matrix, ShapeError, ValueError } from "../../src/index";
import { loadFixture } from "../helpers/fixtures";

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
