// Reductions of src/tensor/reduce.ts on an asymmetric 2 x 3 matrix, against numpy (values in the
// comments; test/tensor has no fixture for them because each is worked by hand):
//   A = [[1, −2, 4], [3, 5, −7]]
//   sum(0) = [4, 3, −3], sum(1) = [3, 1], mean = 2/3, mean(0) = [2, 1.5, −1.5], mean(1) = [1, 1/3],
//   var = 16.888…, var(0) = [1, 12.25, 30.25], var(1) = [6, 27.555…], max(0) = [3, 5, 4],
//   max(1) = [4, 5], min(0) = [1, −2, −7], min(1) = [−2, −7], argmax(0) = [1, 1, 0], argmax(1) = [2, 1].
import { describe, expect, it } from "vitest";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { argmax, max, mean, min, sum, variance } from "../../src/tensor/reduce";

const A = matrix([[1, -2, 4], [3, 5, -7]]);
const v = (m: Matrix) => [m.rows, m.cols, Array.from(m.data)];

describe("sum, mean and variance", () => {
  it("over everything and along each axis, kept as a row or a column", () => {
    expect(sum(A)).toBe(4);
    expect(v(sum(A, 0))).toEqual([1, 3, [4, 3, -3]]);
    expect(v(sum(A, 1))).toEqual([2, 1, [3, 1]]);
    expect(mean(A)).toBe(2 / 3);
    expect(v(mean(A, 0))).toEqual([1, 3, [2, 1.5, -1.5]]);
    expect(v(mean(A, 1))).toEqual([2, 1, [1, 1 / 3]]);
  });
  it("variance is the population variance (ddof = 0), over everything and along each axis", () => {
    expect(variance(A)).toBeCloseTo(16.88888888888889, 13);
    expect(v(variance(A, 0))).toEqual([1, 3, [1, 12.25, 30.25]]);
    const r = variance(A, 1);
    expect([r.rows, r.cols, r.data[0]]).toEqual([2, 1, 6]);
    expect(r.data[1]).toBeCloseTo(27.555555555555557, 13);
  });
  it("names a bad argument, a bad axis, an empty matrix or axis", () => {
    expect(() => sum(null as never)).toThrow("sum: first argument must be a Matrix, got null");
    expect(() => sum(A, 2 as never)).toThrow("sum: axis must be 0 or 1, got 2");
    expect(() => mean(null as never)).toThrow("mean: first argument must be a Matrix, got null");
    expect(() => mean(A, -1 as never)).toThrow("mean: axis must be 0 or 1, got -1");
    expect(() => mean(new Matrix(0, 3))).toThrow("mean: the matrix is empty");
    expect(() => mean(new Matrix(0, 3), 0)).toThrow("mean: axis 0 has length 0");
    expect(() => mean(new Matrix(2, 0), 1)).toThrow("mean: axis 1 has length 0");
    expect(v(mean(new Matrix(0, 3), 1))).toEqual([0, 1, []]);
    expect(() => variance(null as never)).toThrow("variance: first argument must be a Matrix, got null");
  });
});

describe("max, min and argmax", () => {
  it("over everything and along each axis", () => {
    expect(max(A)).toBe(5);
    expect(min(A)).toBe(-7);
    expect(v(max(A, 0))).toEqual([1, 3, [3, 5, 4]]);
    expect(v(max(A, 1))).toEqual([2, 1, [4, 5]]);
    expect(v(min(A, 0))).toEqual([1, 3, [1, -2, -7]]);
    expect(v(min(A, 1))).toEqual([2, 1, [-2, -7]]);
    // All negative: the first entry is not a default of 0.
    expect(v(max(matrix([[-3, -1], [-2, -5]]), 1))).toEqual([2, 1, [-1, -2]]);
    expect(v(min(matrix([[3, 1], [2, 5]]), 0))).toEqual([1, 2, [2, 1]]);
  });
  it("a NaN wins wherever it is, as numpy's max and min", () => {
    const N = matrix([[1, NaN, 3], [4, 0, -1]]);
    expect(max(N)).toBeNaN();
    expect(min(N)).toBeNaN();
    expect(min(matrix([[NaN, 1]]))).toBeNaN();
    expect(v(max(N, 0))).toEqual([1, 3, [4, NaN, 3]]);
    expect(v(min(N, 0))).toEqual([1, 3, [1, NaN, -1]]);
    expect(v(min(N, 1))).toEqual([2, 1, [NaN, -1]]);
    expect(v(max(matrix([[NaN], [2]]), 0))).toEqual([1, 1, [NaN]]);
  });
  it("names an empty matrix and a bad axis", () => {
    expect(() => max(new Matrix(0, 0))).toThrow("max: the matrix is empty");
    expect(() => min(new Matrix(1, 0))).toThrow("min: the matrix is empty");
    expect(() => max(null as never)).toThrow("max: first argument must be a Matrix, got null");
    expect(() => min(A, 3 as never)).toThrow("min: axis must be 0 or 1, got 3");
  });
  it("argmax: the index of the largest in each column or row, the first of ties", () => {
    expect(v(argmax(A, 0))).toEqual([1, 3, [1, 1, 0]]);
    expect(v(argmax(A, 1))).toEqual([2, 1, [2, 1]]);
    expect(v(argmax(matrix([[2, 7, 7], [7, 1, 0]]), 1))).toEqual([2, 1, [1, 0]]);
    expect(v(argmax(matrix([[-5, -1], [-2, -3]]), 0))).toEqual([1, 2, [1, 0]]);
    expect(v(argmax(matrix([[-Infinity, -Infinity]]), 1))).toEqual([1, 1, [0]]);
    expect(() => argmax(null as never, 0)).toThrow("argmax: first argument must be a Matrix, got null");
    expect(() => argmax(A, 2 as never)).toThrow("argmax: axis must be 0 or 1, got 2");
    expect(() => argmax(new Matrix(0, 3), 0)).toThrow("argmax: axis 0 has length 0");
    expect(() => argmax(new Matrix(3, 0), 1)).toThrow("argmax: axis 1 has length 0");
  });
});
