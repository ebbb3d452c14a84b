// allclose, arrayEqual and maxAbsDiff against numpy's rules, worked by hand: the tolerance on each
// side of its boundary (values exact in binary), NaN and the infinities (numpy: an infinity is close
// only to itself, so allclose(1, ∞) and allclose(∞, −∞) are False), and broadcasting along rows or
// columns.
import { describe, expect, it } from "vitest";
import { matrix } from "../../src/tensor/matrix";
import { allclose, arrayEqual, maxAbsDiff } from "../../src/tensor/compare";

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
