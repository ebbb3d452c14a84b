// Where numpy's answer hangs on a detail: which of two equal entries a maximum keeps (seen only in
// the sign of a zero), where a NaN wins, what argmax says of a NaN, shapes with no entries, and
// which operation a broadcast error names. Every expected value below was printed by numpy 2.x:
//   np.maximum(0., -0.) = -0.   np.maximum(-0., 0.) = 0.   np.minimum(0., -0.) = -0.
//   np.clip(-0., 0, 1) = -0.    np.clip(0., -1, -0.) = 0.
//   np.max([[0., -0.], [-0., 0.]], axis=1) = [-0., 0.]   (axis=0: [-0., 0.]);  np.max([0., -0.]) = -0.
//   np.min([[-0., 0.], [0., -0.]], axis=1) = [0., -0.]
//   np.argmax([[1, nan, 3, nan], [2, 5, 5, 1]], axis=1) = [1, 1];  np.argmax([[nan, 1], [2, nan]], axis=0) = [0, 1]
//   np.max([[1, 2], [5, 0]], axis=1) = [2, 5];  np.argmax(…, axis=1) = [1, 0];  np.min([[3, 2], [1, 9]], axis=1) = [2, 1]
//   (np.zeros((0, 3)) + np.zeros((1, 3))).shape = (0, 3);  np.allclose(nan, 1, equal_nan=True) = False
import { describe, expect, it } from "vitest";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { add, broadcastShape, clip, div, greater, less, maximum, minimum, mul, pow, sub, zipWith } from "../../src/tensor/ops";
import { argmax, max, min } from "../../src/tensor/reduce";
import { allclose, arrayEqual, maxAbsDiff } from "../../src/tensor/compare";

const signs = (m: Matrix) => Array.from(m.data, (x) => (Object.is(x, -0) ? "-0" : String(x)));

describe("signed zeros: of two equal entries numpy keeps the second", () => {
  it("maximum and minimum", () => {
    expect(signs(maximum(matrix([[0, -0]]), matrix([[-0, 0]])))).toEqual(["-0", "0"]);
    expect(signs(minimum(matrix([[0, -0]]), matrix([[-0, 0]])))).toEqual(["-0", "0"]);
    expect(signs(maximum(0, matrix([[-0]])))).toEqual(["-0"]);
  });
  it("clip leaves an entry equal to a bound as it is", () => {
    expect(signs(clip(matrix([[-0]]), 0, 1))).toEqual(["-0"]);
    expect(signs(clip(matrix([[0]]), -1, -0))).toEqual(["0"]);
  });
  it("max and min over all entries and along each axis", () => {
    expect(Object.is(max(matrix([[0, -0]])), -0)).toBe(true);
    expect(Object.is(max(matrix([[-0, 0]])), 0)).toBe(true);
    expect(Object.is(min(matrix([[0, -0]])), -0)).toBe(true);
    expect(signs(max(matrix([[0, -0], [-0, 0]]), 1))).toEqual(["-0", "0"]);
    expect(signs(max(matrix([[0, -0], [-0, 0]]), 0))).toEqual(["-0", "0"]);
    expect(signs(min(matrix([[-0, 0], [0, -0]]), 1))).toEqual(["0", "-0"]);
  });
});

describe("a row's reduction stops at its own last entry", () => {
  it("max, min and argmax along axis 1, where the next row starts with a more extreme value", () => {
    expect(Array.from(max(matrix([[1, 2], [5, 0]]), 1).data)).toEqual([2, 5]);
    expect(Array.from(argmax(matrix([[1, 2], [5, 0]]), 1).data)).toEqual([1, 0]);
    expect(Array.from(min(matrix([[3, 2], [1, 9]]), 1).data)).toEqual([2, 1]);
  });
});

describe("argmax counts a NaN as the largest, and keeps the first", () => {
  it("along rows and along columns", () => {
    expect(Array.from(argmax(matrix([[1, NaN, 3, NaN], [2, 5, 5, 1]]), 1).data)).toEqual([1, 1]);
    expect(Array.from(argmax(matrix([[1, 2], [NaN, 5], [3, 5], [NaN, 1]]), 0).data)).toEqual([1, 1]);
    expect(Array.from(argmax(matrix([[NaN, 1], [2, NaN]]), 0).data)).toEqual([0, 1]);
  });
  it("a non-square matrix along each axis has the right length and indices", () => {
    const a = matrix([[0, 9, 1], [7, 2, 8]]);
    expect([argmax(a, 0).rows, argmax(a, 0).cols, ...argmax(a, 0).data]).toEqual([1, 3, 1, 0, 1]);
    expect([argmax(a, 1).rows, argmax(a, 1).cols, ...argmax(a, 1).data]).toEqual([2, 1, 1, 2]);
    const tall = matrix([[0, 1], [1, 0], [0, 1]]);
    expect([argmax(tall, 1).rows, ...argmax(tall, 1).data]).toEqual([3, 1, 0, 1]);
    expect([argmax(tall, 0).cols, ...argmax(tall, 0).data]).toEqual([2, 1, 0]);
    expect(Array.from(argmax(matrix([[0, 1], [1, 0], [2, 1]]), 0).data)).toEqual([2, 0]);
  });
});

describe("shapes with no entries broadcast as in numpy", () => {
  it("(0, 3) with (1, 3) is (0, 3); (2, 0) with (2, 1) is (2, 0)", () => {
    expect(broadcastShape("x", 0, 3, 1, 3)).toEqual([0, 3]);
    expect(broadcastShape("x", 2, 0, 2, 1)).toEqual([2, 0]);
    const s = add(new Matrix(0, 3), new Matrix(1, 3));
    expect([s.rows, s.cols, s.data.length]).toEqual([0, 3, 0]);
  });
});

describe("a broadcast error names the operation that was called", () => {
  const a = matrix([[1, 2, 3]]), b = matrix([[1, 2]]);
  const msg = (name: string) => `${name}: operands could not be broadcast together with shapes (1, 3) (1, 2)`;
  it.each([
    ["sub", sub], ["mul", mul], ["div", div], ["maximum", maximum], ["minimum", minimum], ["pow", pow], ["less", less], ["greater", greater],
  ] as const)("%s", (name, f) => {
    expect(() => f(a, b)).toThrow(msg(name));
  });
  it("zipWith without a name calls itself zipWith", () => {
    expect(() => zipWith(a, b, (x, y) => x + y)).toThrow(msg("zipWith"));
  });
});

describe("comparisons", () => {
  it("a NaN on one side is never close, even with equalNan", () => {
    expect(allclose(NaN, 1, { equalNan: true })).toBe(false);
    expect(allclose(1, NaN, { equalNan: true })).toBe(false);
    expect(allclose(matrix([[NaN, 1]]), matrix([[NaN, 1]]), { equalNan: true })).toBe(true);
    expect(allclose(matrix([[NaN, 1]]), matrix([[NaN, 1]]))).toBe(false);
  });
  it("arrayEqual and maxAbsDiff tell shapes apart even when one's entries begin the other's", () => {
    const a = matrix([[1, 2], [3, 4]]), b = matrix([[1, 2, 3], [4, 5, 6]]);
    expect(arrayEqual(a, b)).toBe(false);
    expect(maxAbsDiff(a, b)).toBe(Infinity);
    expect(maxAbsDiff(matrix([[1, 2]]), matrix([[1.5, -1]]))).toBe(3);
    expect(maxAbsDiff(matrix([[NaN, 2]]), matrix([[1, 9]]))).toBeNaN();
    expect(maxAbsDiff(matrix([[1, 2]]), matrix([[9, NaN]]))).toBeNaN();
  });
});
