// allclose, arrayEqual and maxAbsDiff against numpy's rules, worked by hand: the tolerance on each
// side of its boundary (values exact in binary), NaN and the infinities (numpy: an infinity is close
// only to itself, so allclose(1, ∞) and allclose(∞, −∞) are False), and broadcasting along rows or
// columns.
import { describe, expect, it } from "vitest";
import { matrix } from "../../src/tensor/matrix";
import { allclose, arrayEqual, maxAbsDiff } from "../../src/tensor/compare";
import { ValueError } from "../../src/errors";

describe("allclose", () => {
  it("|a − b| <= atol + rtol·|b|, on both sides of the boundary", () => {
    expect(allclose(matrix([[1.5]]), matrix([[1]]), { atol: 0.5, rtol: 0 })).toBe(true);
    expect(allclose(matrix([[1.5]]), matrix([[1]]), { atol: 0.25, rtol: 0 })).toBe(false);
    // rtol is relative to b, not a: |3 − 2| = 1 <= 0.5·2; |2 − 3| = 1 > 0.25·3 = 0.75.
    expect(allclose(matrix([[3]]), matrix([[2]]), { atol: 0, rtol: 0.5 })).toBe(true);
    expect(allclose(matrix([[2]]), matrix([[3]]), { atol: 0, rtol: 0.25 })).toBe(false);
    expect(allclose(matrix([[2]]), matrix([[3]]), { atol: 0, rtol: 1 / 3 + 1e-12 })).toBe(true);
  });
  it("NaN is close to nothing unless equalNan, and then only to NaN", () => {
    expect(allclose(matrix([[NaN]]), matrix([[NaN]]))).toBe(false);
    expect(allclose(matrix([[NaN]]), matrix([[NaN]]), { equalNan: true })).toBe(true);
    expect(allclose(matrix([[1]]), matrix([[NaN]]), { equalNan: true })).toBe(false);
    expect(allclose(matrix([[NaN]]), matrix([[1]]), { equalNan: true })).toBe(false);
  });
  it("an infinity is close only to the same infinity (as numpy)", () => {
    expect(allclose(Infinity, Infinity)).toBe(true);
    expect(allclose(matrix([[-Infinity]]), matrix([[-Infinity]]))).toBe(true);
    expect(allclose(1, Infinity)).toBe(false);
    expect(allclose(Infinity, -Infinity)).toBe(false);
    expect(allclose(matrix([[-Infinity]]), matrix([[5]]), { rtol: 1 })).toBe(false);
    expect(allclose(matrix([[1e308]]), matrix([[Infinity]]), { rtol: 1 })).toBe(false);
  });
  it("broadcasts a row or a column of b, and finds the one entry that differs", () => {
    expect(allclose(matrix([[1, 2], [1, 2]]), matrix([[1, 2]]))).toBe(true);
    expect(allclose(matrix([[1, 2], [1, 3]]), matrix([[1, 2]]))).toBe(false);
    expect(allclose(matrix([[1, 1], [2, 2]]), matrix([[1], [2]]))).toBe(true);
    expect(allclose(matrix([[1, 1], [2, 3]]), matrix([[1], [2]]))).toBe(false);
    expect(allclose(matrix([[1], [2]]), matrix([[1, 1], [2, 2]]))).toBe(true);
    expect(allclose(matrix([[1], [2]]), matrix([[1, 1], [3, 2]]))).toBe(false);
    expect(allclose(matrix([[1, 2]]), matrix([[1, 2], [1, 2]]))).toBe(true);
    expect(allclose(matrix([[1, 2]]), matrix([[1, 2], [1, 5]]))).toBe(false);
    expect(() => allclose(matrix([[1, 2, 3]]), matrix([[1, 2]]))).toThrow(/allclose/);
  });
});

describe("arrayEqual", () => {
  it("same shape and every entry ===", () => {
    expect(arrayEqual(matrix([[1, 2]]), matrix([[1, 2]]))).toBe(true);
    expect(arrayEqual(matrix([[1, 2]]), matrix([[1], [2]]))).toBe(false);
    expect(arrayEqual(matrix([[1, 2]]), matrix([[1, 2], [1, 2]]))).toBe(false);
    expect(arrayEqual(matrix([[1, 2], [3, 4]]), matrix([[1, 2], [3, 5]]))).toBe(false);
    expect(arrayEqual(matrix([[7, 2]]), matrix([[1, 2]]))).toBe(false);
    expect(arrayEqual(matrix([[NaN]]), matrix([[NaN]]))).toBe(false);
    expect(arrayEqual(matrix([[0]]), matrix([[-0]]))).toBe(true);
  });
});

describe("maxAbsDiff", () => {
  it("the largest |a − b|, NaN if any entry is NaN, ∞ for different shapes", () => {
    expect(maxAbsDiff(matrix([[1, 5]]), matrix([[2, 1]]))).toBe(4);
    expect(maxAbsDiff(matrix([[1, 5, 2]]), matrix([[3, 5, 2]]))).toBe(2);
    expect(maxAbsDiff(matrix([[1, NaN, 3]]), matrix([[1, 1, 9]]))).toBeNaN();
    expect(maxAbsDiff(matrix([[1, 2]]), matrix([[1], [2]]))).toBe(Infinity);
    expect(maxAbsDiff(matrix([[1, 2]]), matrix([[1, 2], [3, 4]]))).toBe(Infinity);
    expect(maxAbsDiff(matrix([[1]]), matrix([[1]]))).toBe(0);
  });
});

describe("allclose, arrayEqual and maxAbsDiff name a bad argument and a bad tolerance", () => {
  const M = matrix([[1]]);
  const plain = "got a plain array [[1]]; convert it with matrix([[…], […]]) (one inner array per row)";
  it.each([
    ["allclose, first", () => allclose([[1]] as never, M), `allclose: first argument must be a Matrix or a number, ${plain}`],
    ["allclose, second", () => allclose(M, [[1]] as never), `allclose: second argument must be a Matrix or a number, ${plain}`],
    ["allclose, rtol < 0", () => allclose(M, M, { rtol: -1 }), "allclose: rtol must be a number ≥ 0, got number -1"],
    ["allclose, rtol NaN", () => allclose(M, M, { rtol: NaN }), "allclose: rtol must be a number ≥ 0, got number NaN"],
    // "1" ≥ 0 is true in JavaScript: the type is checked, not only the comparison.
    ["allclose, atol a string", () => allclose(M, M, { atol: "1" as never }), 'allclose: atol must be a number ≥ 0, got string "1"'],
    ["allclose, tolerances not an object", () => allclose(M, M, 1e-5 as never), "allclose: options must be an object like { rtol: 1e-5, atol: 1e-8 }, got number 0.00001"],
    ["arrayEqual, a", () => arrayEqual([[1]] as never, M), `arrayEqual: a must be a Matrix, ${plain}`],
    ["arrayEqual, b", () => arrayEqual(M, 5 as never), "arrayEqual: b must be a Matrix, got number 5"],
    ["maxAbsDiff, a", () => maxAbsDiff([[1]] as never, M), `maxAbsDiff: a must be a Matrix, ${plain}`],
    ["maxAbsDiff, b", () => maxAbsDiff(M, 5 as never), "maxAbsDiff: b must be a Matrix, got number 5"],
  ])("%s", (_n, f, message) => {
    expect(f).toThrow(new ValueError(message));
  });

  it("takes tolerances of 0: exact equality then", () => {
    expect(allclose(M, M, { rtol: 0, atol: 0 })).toBe(true);
    expect(allclose(M, matrix([[1 + 2 ** -52]]), { rtol: 0, atol: 0 })).toBe(false);
  });
});
