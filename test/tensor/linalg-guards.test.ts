// The products, dot and norms of src/tensor/linalg.ts at their edges: every argument check names
// the function and the argument, matmul's `out` is refused when its rows or its columns are wrong
// or when it is an operand, dot is Σ aᵢbᵢ over the flat entries, and vectorNorm's three p and its
// rescaled path for sums that overflow or underflow, against values worked by hand.
import { describe, expect, it } from "vitest";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { dot, matmul, matmulTransA, matmulTransB, norm, transpose, vectorNorm } from "../../src/tensor/linalg";

const M = (r: number, c: number) => new Matrix(r, c);

describe("argument checks name the function and the argument", () => {
  it.each([
    ["matmul", () => matmul(null as never, M(1, 1)), "matmul: first argument must be a Matrix, got null"],
    ["matmul", () => matmul(M(1, 1), 5 as never), "matmul: second argument must be a Matrix, got number 5"],
    ["matmulTransB", () => matmulTransB(null as never, M(1, 1)), "matmulTransB: first argument must be a Matrix, got null"],
    ["matmulTransB", () => matmulTransB(M(1, 1), null as never), "matmulTransB: second argument must be a Matrix, got null"],
    ["matmulTransA", () => matmulTransA(null as never, M(1, 1)), "matmulTransA: first argument must be a Matrix, got null"],
    ["matmulTransA", () => matmulTransA(M(1, 1), null as never), "matmulTransA: second argument must be a Matrix, got null"],
    ["transpose", () => transpose(null as never), "transpose: argument must be a Matrix, got null"],
    ["dot", () => dot(null as never, M(1, 1)), "dot: first argument must be a Matrix, got null"],
    ["dot", () => dot(M(1, 1), null as never), "dot: second argument must be a Matrix, got null"],
    ["norm", () => norm(null as never), "norm: argument must be a Matrix, got null"],
    ["vectorNorm", () => vectorNorm(null as never), "vectorNorm: first argument must be a Matrix, got null"],
    // A string p is shown as a string: '"2"' is not 2.
    ["vectorNorm, p a string", () => vectorNorm(M(2, 1), "2" as never), 'vectorNorm: p must be 1, 2 or Infinity, got string "2"'],
  ] as const)("%s", (_name, f, message) => {
    expect(f).toThrow(message);
  });

  it("the transposed products name both shapes, the transposed one marked ᵀ", () => {
    expect(() => matmulTransB(M(2, 3), M(2, 2))).toThrow("matmulTransB: shapes (2, 3) and (2, 2)ᵀ not aligned: 3 != 2");
    expect(() => matmulTransA(M(2, 3), M(3, 2))).toThrow("matmulTransA: shapes (2, 3)ᵀ and (3, 2) not aligned: 2 != 3");
  });
});

describe("matmul into out", () => {
  const a = matrix([[1, 2, 3], [4, 5, 6]]), b = matrix([[1, 0], [0, 1], [1, 1]]);
  it("writes the product into an out of the right shape and returns it", () => {
    const out = M(2, 2);
    expect(matmul(a, b, out)).toBe(out);
    // [1+3, 2+3; 4+6, 5+6]
    expect(Array.from(out.data)).toEqual([4, 5, 10, 11]);
  });
  it("refuses an out whose rows alone, or columns alone, are wrong", () => {
    expect(() => matmul(a, b, M(3, 2))).toThrow("matmul: out has shape (3, 2), expected (2, 2)");
    expect(() => matmul(a, b, M(2, 3))).toThrow("matmul: out has shape (2, 3), expected (2, 2)");
  });
  it("refuses an out that is the first or the second operand", () => {
    const s = matrix([[1, 2], [3, 4]]), t = matrix([[0, 1], [1, 0]]);
    expect(() => matmul(s, t, s)).toThrow("matmul: out must not share memory with an operand");
    expect(() => matmul(t, s, s)).toThrow("matmul: out must not share memory with an operand");
    expect(Array.from(s.data)).toEqual([1, 2, 3, 4]);
  });
});

describe("dot", () => {
  it("is Σ aᵢbᵢ over the entries in storage order, whatever the shapes, if the sizes agree", () => {
    // 1·6 + 2·(−5) + 3·4 + 4·(−3) + 5·2 + 6·(−1) = 6 − 10 + 12 − 12 + 10 − 6 = 0; then with b made positive: 6+10+12+12+10+6 = 56.
    expect(dot(matrix([[1, 2, 3], [4, 5, 6]]), matrix([[6, -5], [4, -3], [2, -1]]))).toBe(0);
    expect(dot(matrix([[1, 2, 3], [4, 5, 6]]), matrix([[6, 5, 4, 3, 2, 1]]))).toBe(56);
    expect(dot(matrix([[0.5]]), matrix([[-3]]))).toBe(-1.5);
    expect(() => dot(M(2, 3), M(3, 3))).toThrow("dot: sizes differ: (2, 3) and (3, 3)");
  });
});

describe("vectorNorm and norm", () => {
  const v = matrix([[3, -5], [2, -1]]);
  it("p = 1 is Σ|x|, p = ∞ the largest |x| (not the last), p = 2 √Σx²; norm is p = 2", () => {
    expect(vectorNorm(v, 1)).toBe(11);
    expect(vectorNorm(v, Infinity)).toBe(5);
    expect(vectorNorm(matrix([[1, 4, 2]]), Infinity)).toBe(4);
    expect(vectorNorm(matrix([[3, 4]]))).toBe(5);
    // 9 + 25 + 4 + 1 = 39
    expect(vectorNorm(v, 2)).toBe(Math.sqrt(39));
    expect(norm(v)).toBe(Math.sqrt(39));
    // Unscaled when the sum of squares is in range, as numpy: np.linalg.norm([[1, 2, 3]]) is
    // 3.7416573867739413, where the rescaled form 3·√(1/9 + 4/9 + 1) gives 3.741657386773941.
    expect(norm(matrix([[1, 2, 3]]))).toBe(3.7416573867739413);
    expect(vectorNorm(matrix([[0.3], [0.4], [1.2]]))).toBe(1.3);
    expect(vectorNorm(matrix([[NaN, 1]]), Infinity)).toBeNaN();
  });
  it("refuses any other p", () => {
    expect(() => vectorNorm(v, 3)).toThrow("vectorNorm: p must be 1, 2 or Infinity, got 3");
    expect(() => vectorNorm(v, 0)).toThrow("got 0");
  });
  it("rescales by the largest entry when Σx² overflows or underflows, and returns 0 or ∞ as they are", () => {
    // √(2·(1e200)²) = 1e200·√2, though (1e200)² overflows; √(2·(1e-200)²) = 1e-200·√2, though (1e-200)² underflows to 0.
    expect(vectorNorm(matrix([[1e200, -1e200]]))).toBe(1e200 * Math.SQRT2);
    expect(vectorNorm(matrix([[1e-200], [1e-200]]))).toBe(1e-200 * Math.SQRT2);
    expect(norm(M(2, 3))).toBe(0);
    expect(norm(matrix([[Infinity, 1]]))).toBe(Infinity);
    expect(norm(matrix([[-Infinity, 1]]))).toBe(Infinity);
  });
});
