// The elementwise operations of src/tensor/ops.ts, worked by hand: broadcasting a row, a column or a
// scalar on either side (asymmetric operations, so a swapped operand shows), the shapes that do not
// broadcast on each axis, numpy's NaN rule for maximum/minimum, each unary function on values where
// a wrong function shows, and every argument message with the function it names.
import { describe, expect, it } from "vitest";
import { matrix, type Matrix } from "../../src/tensor/matrix";
import {
  abs, add, broadcastShape, clip, div, exp, greater, less, log, map, maximum, minimum, neg, pow, scale, sign, sqrt, square, sub, tanh, zipWith,
} from "../../src/tensor/ops";

const v = (m: Matrix) => [m.rows, m.cols, Array.from(m.data)];

describe("broadcasting", () => {
  it("a row, a column or a scalar on either side of an asymmetric operation", () => {
    const A = matrix([[10, 20, 30], [40, 50, 60]]);
    expect(v(sub(A, matrix([[1, 2, 3]])))).toEqual([2, 3, [9, 18, 27, 39, 48, 57]]);
    expect(v(sub(matrix([[1, 2, 3]]), A))).toEqual([2, 3, [-9, -18, -27, -39, -48, -57]]);
    expect(v(sub(A, matrix([[1], [2]])))).toEqual([2, 3, [9, 19, 29, 38, 48, 58]]);
    expect(v(sub(matrix([[1], [2]]), A))).toEqual([2, 3, [-9, -19, -29, -38, -48, -58]]);
    expect(v(div(A, 10))).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
    expect(v(div(60, A))).toEqual([2, 3, [6, 3, 2, 1.5, 1.2, 1]]);
    expect(v(sub(7, 2))).toEqual([1, 1, [5]]);
    // A row against a column: the outer "sum" 10·x + y.
    expect(v(zipWith(matrix([[1, 2]]), matrix([[3], [4]]), (x, y) => 10 * x + y))).toEqual([2, 2, [13, 23, 14, 24]]);
  });
  it("refuses shapes that differ on an axis where neither is 1, naming the operation", () => {
    expect(() => add(matrix([[1, 2, 3]]), matrix([[1, 2]]))).toThrow("add: operands could not be broadcast together with shapes (1, 3) (1, 2)");
    expect(() => add(matrix([[1], [2]]), matrix([[1], [2], [3]]))).toThrow("add: operands could not be broadcast together with shapes (2, 1) (3, 1)");
    expect(broadcastShape("x", 1, 3, 4, 1)).toEqual([4, 3]);
    expect(broadcastShape("x", 4, 1, 1, 3)).toEqual([4, 3]);
    expect(broadcastShape("x", 2, 3, 2, 3)).toEqual([2, 3]);
  });
  it("names a bad operand", () => {
    expect(() => sub(null as never, matrix([[1]]))).toThrow("sub: first operand must be a Matrix or a number, got null");
    expect(() => sub(matrix([[1]]), "x" as never)).toThrow('sub: second operand must be a Matrix or a number, got string "x"');
  });
});

describe("binary operations", () => {
  it("maximum and minimum propagate a NaN from either side (numpy's maximum, not fmax)", () => {
    expect(v(maximum(matrix([[1, NaN, 3, 5]]), matrix([[2, 1, NaN, 4]])))).toEqual([1, 4, [2, NaN, NaN, 5]]);
    expect(v(minimum(matrix([[1, NaN, 3, 5]]), matrix([[2, 1, NaN, 4]])))).toEqual([1, 4, [1, NaN, NaN, 4]]);
    expect(v(maximum(matrix([[-1, 0, 3]]), 0))).toEqual([1, 3, [0, 0, 3]]);
    expect(v(minimum(matrix([[-1, 0, 3]]), 0))).toEqual([1, 3, [-1, 0, 0]]);
  });
  it("pow, less and greater (strict: equal gives 0)", () => {
    expect(v(pow(matrix([[2, 3, 4]]), 2))).toEqual([1, 3, [4, 9, 16]]);
    expect(v(pow(2, matrix([[0, 3, -1]])))).toEqual([1, 3, [1, 8, 0.5]]);
    expect(v(less(matrix([[1, 2, 3]]), 2))).toEqual([1, 3, [1, 0, 0]]);
    expect(v(greater(matrix([[1, 2, 3]]), 2))).toEqual([1, 3, [0, 0, 1]]);
  });
});

describe("map, unary functions, scale and clip", () => {
  it("map passes the value, its row and its column", () => {
    expect(v(map(matrix([[1, 2, 3], [4, 5, 6]]), (x, i, j) => x + 10 * i + 100 * j))).toEqual([2, 3, [1, 102, 203, 14, 115, 216]]);
    expect(() => map(null as never, (x) => x)).toThrow("map: first argument must be a Matrix, got null");
    expect(() => map(matrix([[1]]), 5 as never)).toThrow("map: second argument must be a function (x, i, j) => number, got number");
  });
  it("each unary function on values that tell it from the others", () => {
    const x = matrix([[-4, 0, 2.25]]);
    expect(v(abs(x))).toEqual([1, 3, [4, 0, 2.25]]);
    expect(v(neg(x))).toEqual([1, 3, [4, -0, -2.25]]);
    expect(v(square(x))).toEqual([1, 3, [16, 0, 5.0625]]);
    expect(v(sign(x))).toEqual([1, 3, [-1, 0, 1]]);
    expect(v(sqrt(matrix([[4, 2.25, 0]])))).toEqual([1, 3, [2, 1.5, 0]]);
    expect(v(exp(matrix([[0, 1]])))).toEqual([1, 2, [1, Math.E]]);
    expect(v(log(matrix([[1, Math.E ** 2]])))).toEqual([1, 2, [0, 2]]);
    expect(tanh(matrix([[0, 1]])).data[1]).toBeCloseTo((Math.E - 1 / Math.E) / (Math.E + 1 / Math.E), 15);
  });
  it.each([["exp", exp], ["log", log], ["sqrt", sqrt], ["abs", abs], ["tanh", tanh], ["square", square], ["neg", neg], ["sign", sign]] as const)(
    "%s names itself for a non-matrix", (name, f) => {
      expect(() => f(null as never)).toThrow(`${name}: argument must be a Matrix, got null`);
    });
  it("scale multiplies every entry, and wants a number", () => {
    expect(v(scale(matrix([[1, -2], [3, 0.5]]), -2))).toEqual([2, 2, [-2, 4, -6, -1]]);
    expect(() => scale(null as never, 2)).toThrow("scale: first argument must be a Matrix, got null");
    expect(() => scale(matrix([[1]]), "2" as never)).toThrow('scale: the factor must be a number, got string "2"');
    expect(() => scale(matrix([[1]]), null as never)).toThrow("scale: the factor must be a number, got object");
  });
  it("clip to [lo, hi], either end infinite, and names what it refuses", () => {
    expect(v(clip(matrix([[-3, 0.5, 1, 7]]), 0, 1))).toEqual([1, 4, [0, 0.5, 1, 1]]);
    expect(v(clip(matrix([[-3, 7]]), -Infinity, 2))).toEqual([1, 2, [-3, 2]]);
    expect(v(clip(matrix([[-3, 7]]), 0, Infinity))).toEqual([1, 2, [0, 7]]);
    expect(v(clip(matrix([[-3, 7]]), 2, 2))).toEqual([1, 2, [2, 2]]);
    expect(() => clip(null as never, 0, 1)).toThrow("clip: first argument must be a Matrix, got null");
    expect(() => clip(matrix([[1]]), NaN, 1)).toThrow("clip: lo must be a finite number, got NaN");
    expect(() => clip(matrix([[1]]), "0" as never, 1)).toThrow('clip: lo must be a finite number, got "0"');
    expect(() => clip(matrix([[1]]), 0, "x" as never)).toThrow('clip: hi must be a finite number, got "x"');
    expect(() => clip(matrix([[1]]), 0, NaN)).toThrow("clip: hi must be a finite number, got NaN");
    expect(() => clip(matrix([[1]]), 2, 1)).toThrow("clip: lo (2) must be <= hi (1)");
  });
});

describe("user functions are called once per entry", () => {
  it("zipWith (scalar on either side, same shape, broadcast) and map", () => {
    let calls = 0;
    const f = (x: number, y: number) => { calls++; return x - y; };
    const count = (g: () => unknown) => { calls = 0; g(); return calls; };
    expect(count(() => zipWith(2, matrix([[1, 2, 3]]), f))).toBe(3);
    expect(count(() => zipWith(matrix([[1, 2], [3, 4]]), 2, f))).toBe(4);
    expect(count(() => zipWith(matrix([[1, 2], [3, 4]]), matrix([[1, 2], [3, 4]]), f))).toBe(4);
    expect(count(() => zipWith(matrix([[1, 2, 3]]), matrix([[1], [2]]), f))).toBe(6);
    let seen = 0;
    map(matrix([[1, 2, 3], [4, 5, 6]]), (x) => { seen++; return x; });
    expect(seen).toBe(6);
  });
});
