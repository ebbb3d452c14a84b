import { describe, expect, it } from "vitest";
import {
  Matrix, add, allclose, arange, argmax, col, column, div, eye, full, gatherCols, hstack, linspace, map, matmul,
  matmulTransA, matmulTransB, matrix, max, mean, mul, norm, ones, reshape, sliceCols, sliceRows, sub, sum, tanh, exp,
  transpose, variance, vectorNorm, vstack, zeros, formatMatrix, less, clip, gatherRows, maxAbsDiff, scale,
} from "../../src/tensor";
import { loadFixture, maxRelDiff, toMatrix } from "../helpers/fixtures";

const t = loadFixture("tensor_random.json").tensor;
const I = Object.fromEntries(Object.entries(t.inputs).map(([k, v]) => [k, toMatrix(v as any)])) as Record<string, Matrix>;
const close = (a: Matrix, ref: any, tol = 1e-12) => expect(maxRelDiff(a, toMatrix(ref))).toBeLessThanOrEqual(tol);

describe("creation and access", () => {
  it("zeros, ones, full, eye, matrix, column, row", () => {
    expect(zeros(2, 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ones(1, 2).toArray()).toEqual([[1, 1]]);
    expect(full(2, 1, 7).toArray()).toEqual([[7], [7]]);
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const m = matrix([[1, 2, 3], [4, 5, 6]]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.get(1, 2)).toBe(6);
    expect(m.get(-1, -3)).toBe(4);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]); // row-major like numpy
    expect(column([1, 2]).shape).toEqual([2, 1]);
    expect(matrix([1, 2, 3]).shape).toEqual([1, 3]);
    m.set(0, 0, -1);
    expect(m.get(0, 0)).toBe(-1);
    expect(linspace(0, 1, 5).toArray()).toEqual([[0, 0.25, 0.5, 0.75, 1]]);
    expect(arange(3).toArray()).toEqual([[0, 1, 2]]);
    expect(reshape(arange(6), 2, 3).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it("JSON round trip is exact", () => {
    const m = matrix([[0.1 + 0.2, 1 / 3], [-1e-300, 5e300]]);
    const back = Matrix.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.data).toEqual(m.data);
    expect(back.shape).toEqual([2, 2]);
  });

  it("bad shapes and values are named", () => {
    expect(() => matrix([[1, 2], [3]])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => matrix([1, 2, 3], [2, 2])).toThrow(/3 values cannot be shaped \(2, 2\)/);
    expect(() => zeros(-1, 2)).toThrow(/rows must be >= 0, got -1/);
    expect(() => matrix([[1, "x" as any]])).toThrow(/entry \(0, 1\) must be a number, got string "x"/);
    expect(() => matrix([[1, 2]]).get(1, 0)).toThrow(/get: index \(1, 0\) is out of bounds for shape \(1, 2\)/);
    expect(() => reshape(arange(6), 4, 2)).toThrow(/cannot reshape array of shape \(1, 6\) \(size 6\) into shape \(4, 2\)/);
  });
});

describe("products", () => {
  it("matmul matches numpy at the lessons' sizes", () => {
    close(matmul(I.A!, I.B!), t.AB);
    close(matmul(I.C!, I.D!), t.CD);
    close(matmul(I.E!, I.F!), t.EF);
  });
  it("matmul by hand, and the transposed variants agree with explicit transposes", () => {
    expect(matmul(matrix([[1, 2], [3, 4]]), matrix([[5], [6]])).toArray()).toEqual([[17], [39]]);
    const a = I.E!, b = I.F!;
    expect(allclose(matmulTransB(a, transpose(b)), matmul(a, b), { rtol: 1e-13, atol: 0 })).toBe(true);
    expect(allclose(matmulTransA(transpose(a), b), matmul(a, b), { rtol: 1e-13, atol: 0 })).toBe(true);
  });
  it("matmul into out, and shape errors name both shapes", () => {
    const out = zeros(5, 64);
    matmul(I.A!, I.B!, out);
    close(out, t.AB);
    expect(() => matmul(I.A!, I.C!)).toThrow(/matmul: shapes \(5, 2\) and \(7, 7\) not aligned: 2 \(dim 1\) != 7 \(dim 0\)/);
    expect(() => matmul(I.A!, I.B!, zeros(2, 2))).toThrow(/out has shape \(2, 2\), expected \(5, 64\)/);
  });
  it("transpose", () => {
    close(transpose(I.C!), t.C_T);
    const big = arange(40 * 70).data;
    const m = new Matrix(40, 70, Float64Array.from(big));
    const tt = transpose(m);
    expect(tt.get(69, 39)).toBe(m.get(39, 69));
    expect(transpose(tt).data).toEqual(m.data);
    expect(m.T.shape).toEqual([70, 40]);
  });
});

describe("elementwise and broadcasting", () => {
  const AB = toMatrix(t.AB);
  it("a column broadcasts over columns (W A + b), a row over rows", () => {
    close(add(AB, I.col!), t.AB_plus_col);
    close(mul(AB, I.row!), t.AB_times_row);
    close(div(sub(AB, I.col!), I.row!), t.AB_minus_col_div_row);
    close(AB.add(I.col!), t.AB_plus_col);
  });
  it("scalars on either side; by hand", () => {
    expect(sub(1, matrix([[1, 2]])).toArray()).toEqual([[0, -1]]);
    expect(div(matrix([[1, 2]]), 4).toArray()).toEqual([[0.25, 0.5]]);
    expect(add(matrix([[1], [2]]), matrix([[10, 20, 30]])).toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
    expect(less(matrix([[0.1, 0.9]]), 0.5).toArray()).toEqual([[1, 0]]);
    expect(clip(matrix([[-5, 0.5, 5]]), -1, 1).toArray()).toEqual([[-1, 0.5, 1]]);
    expect(scale(matrix([[1, -2]]), 3).toArray()).toEqual([[3, -6]]);
    expect(map(matrix([[1, 2], [3, 4]]), (x, i, j) => x * 10 + i - j).toArray()).toEqual([[10, 19], [31, 40]]);
  });
  it("maps and chains match numpy", () => {
    close(tanh(exp(scale(toMatrix(t.EF), 0.1))), t.EF_exp_tanh, 1e-14);
  });
  it("incompatible shapes name the operation and both shapes", () => {
    expect(() => add(zeros(2, 3), zeros(3, 2))).toThrow(/add: operands could not be broadcast together with shapes \(2, 3\) \(3, 2\)/);
    expect(() => mul(zeros(5, 64), zeros(4, 1))).toThrow(/mul: .*\(5, 64\) \(4, 1\)/);
  });
});

describe("reductions and norms", () => {
  const EF = toMatrix(t.EF);
  it("sums and means over either axis keep two dimensions", () => {
    close(sum(EF, 0), t.EF_sum0, 1e-12);
    close(sum(EF, 1), t.EF_sum1, 1e-12);
    close(mean(EF, 0), t.EF_mean0, 1e-12);
    close(mean(EF, 1), t.EF_mean1, 1e-12);
    close(variance(EF, 1), t.EF_var1, 1e-10);
    expect(sum(EF)).toBeCloseTo(t.EF_sum, 10);
    expect(EF.sum(1).shape).toEqual([33, 1]);
    expect(mean(matrix([[1, 2], [3, 4]]))).toBe(2.5);
    close(max(EF, 0), t.EF_max0, 0);
    close(argmax(EF, 0), t.EF_argmax0, 0);
  });
  it("Frobenius and L1/L2/∞ norms", () => {
    expect(norm(EF)).toBeCloseTo(t.EF_fro, 10);
    expect(vectorNorm(EF, 1)).toBeCloseTo(t.EF_l1, 9);
    expect(norm(matrix([[3, 4]]))).toBe(5);
    expect(vectorNorm(matrix([[3, -4]]), Infinity)).toBe(4);
    // No overflow or underflow for extreme magnitudes.
    expect(norm(matrix([[3e200, 4e200]]))).toBeCloseTo(5e200, -190);
    expect(norm(matrix([[3e-200, 4e-200]])) / 5e-200).toBeCloseTo(1, 12);
    expect(() => mean(zeros(0, 3))).toThrow(/empty/);
    expect(() => sum(EF, 2 as any)).toThrow(/axis must be 0 or 1, got 2/);
  });
});

describe("slicing and gathering columns", () => {
  it("match numpy", () => {
    close(sliceCols(I.B!, 10, 20), t.B_cols_10_20, 0);
    close(gatherCols(I.B!, t.B_gather.idx), t.B_gather.result, 0);
    expect(sliceCols(I.B!, 60, 1000).shape).toEqual([2, 4]); // end clamps like numpy
    expect(col(matrix([[1, 2], [3, 4]]), -1).toArray()).toEqual([[2], [4]]);
    expect(sliceRows(matrix([[1, 2], [3, 4], [5, 6]]), 1).toArray()).toEqual([[3, 4], [5, 6]]);
    expect(gatherRows(matrix([[1], [2], [3]]), [2, 0]).toArray()).toEqual([[3], [1]]);
    expect(hstack([matrix([[1], [2]]), matrix([[3, 4], [5, 6]])]).toArray()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(vstack([matrix([[1, 2]]), matrix([[3, 4]])]).toArray()).toEqual([[1, 2], [3, 4]]);
  });
  it("out of range is named", () => {
    expect(() => gatherCols(I.B!, [0, 64])).toThrow(/index 64 at position 1 is out of bounds for axis of size 64/);
    expect(() => sliceCols(I.B!, 5, 2)).toThrow("sliceCols: end = 2 is before start = 5; the columns taken are start … end − 1");
  });
});

describe("tolerance and text form", () => {
  it("allclose uses numpy's rule |a−b| <= atol + rtol·|b|", () => {
    expect(allclose(matrix([[1, 2]]), matrix([[1 + 1e-6, 2]]))).toBe(true);
    expect(allclose(matrix([[1, 2]]), matrix([[1 + 1e-4, 2]]))).toBe(false);
    expect(allclose(matrix([[0]]), matrix([[1e-9]]))).toBe(true);
    expect(allclose(matrix([[NaN]]), matrix([[NaN]]))).toBe(false);
    expect(allclose(matrix([[NaN]]), matrix([[NaN]]), { equalNan: true })).toBe(true);
    expect(allclose(matrix([[1, 1]]), 1)).toBe(true);
    expect(maxAbsDiff(matrix([[1, 2]]), matrix([[1.5, 2]]))).toBe(0.5);
  });
  it("repr matches numpy's for the lessons' kinds of values", () => {
    for (const r of t.reprs as { m: any; repr: string }[]) expect(formatMatrix(toMatrix(r.m))).toBe(r.repr);
  });
  it("large matrices are summarized", () => {
    const s = formatMatrix(zeros(100, 100));
    expect(s).toContain("...");
    expect(s.split("\n").length).toBeLessThan(10);
  });
});
