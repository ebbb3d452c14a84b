// Slicing, gathering and stacking of src/tensor/slice.ts: numpy's ranges (end clamped to the size,
// start = size giving an empty slice), each refusal with the function, the index and the shape it
// names (singular "1 column" / "1 row" too), gathers that repeat and reorder, col with negative j,
// and the stacks with their shape messages.
import { describe, expect, it } from "vitest";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { col, gatherCols, gatherColsInto, gatherRows, hstack, sliceCols, sliceColsInto, sliceRows, vstack } from "../../src/tensor/slice";

const A = matrix([[1, 2, 3], [4, 5, 6]]), R = matrix([[1, 2, 3]]), C1 = matrix([[1], [2]]);
const v = (m: Matrix) => [m.rows, m.cols, Array.from(m.data)];

describe("sliceCols and sliceRows", () => {
  it("take start … end − 1, end clamped to the size or left out, start = size giving nothing", () => {
    expect(v(sliceCols(A, 1))).toEqual([2, 2, [2, 3, 5, 6]]);
    expect(v(sliceCols(A, 0, 2))).toEqual([2, 2, [1, 2, 4, 5]]);
    expect(v(sliceCols(A, 1, Infinity))).toEqual([2, 2, [2, 3, 5, 6]]);
    expect(v(sliceCols(A, 1, 10))).toEqual([2, 2, [2, 3, 5, 6]]);
    expect(v(sliceCols(A, 2, 2))).toEqual([2, 0, []]);
    expect(v(sliceCols(A, 3))).toEqual([2, 0, []]);
    expect(v(sliceRows(A, 1))).toEqual([1, 3, [4, 5, 6]]);
    expect(v(sliceRows(A, 0, 1))).toEqual([1, 3, [1, 2, 3]]);
  });
  it.each([
    [() => sliceCols(A, "1" as never), 'sliceCols: start must be an integer column index, got string "1"'],
    [() => sliceCols(A, 0.5), "sliceCols: start must be an integer column index, got number 0.5"],
    [() => sliceCols(A, 0, 1.5), 'sliceCols: end must be an integer column index (or left out for "to the last column"), got number 1.5'],
    [() => sliceCols(A, 0, "2" as never), 'got string "2"'],
    [() => sliceCols(A, -1), "sliceCols: start must be >= 0 (negative indices are not supported), got -1; the matrix has 3 columns (shape (2, 3))"],
    [() => sliceCols(A, 4), "sliceCols: start = 4 is past the last column: the matrix has 3 columns (shape (2, 3)), so start must be in [0, 3]"],
    [() => sliceCols(C1, 2), "sliceCols: start = 2 is past the last column: the matrix has 1 column (shape (2, 1)), so start must be in [0, 1]"],
    [() => sliceCols(R, 2, 1), "sliceCols: end = 1 is before start = 2; the columns taken are start … end − 1"],
    [() => sliceCols(null as never, 0), "sliceCols: first argument must be a Matrix, got null"],
    [() => sliceRows(null as never, 0), "sliceRows: first argument must be a Matrix, got null"],
    [() => sliceRows(A, 3), "sliceRows: start = 3 is past the last row: the matrix has 2 rows (shape (2, 3)), so start must be in [0, 2]"],
    [() => sliceRows(R, 2), "sliceRows: start = 2 is past the last row: the matrix has 1 row (shape (1, 3)), so start must be in [0, 1]"],
  ] as const)("refuses %#", (f, message) => {
    expect(f).toThrow(message);
  });
});

describe("sliceColsInto and gatherColsInto, the unchecked loops the mini-batches are cut with", () => {
  // A 3 x 5 matrix whose entry (i, j) is 10·i + j, a permutation of its columns, and a range of it that starts past 0.
  const M = new Matrix(3, 5, Float64Array.from({ length: 15 }, (_, q) => 10 * Math.floor(q / 5) + (q % 5)));
  const perm = Int32Array.of(4, 1, 3, 0, 2);
  it("write columns start … end − 1 (or perm[s] … perm[e − 1]) into the buffer given, every row, nothing else", () => {
    const out = new Matrix(3, 2);
    expect(sliceColsInto(M, 2, 4, out)).toBe(out);
    expect(Array.from(out.data)).toEqual([2, 3, 12, 13, 22, 23]);
    const g = new Matrix(3, 3);
    expect(gatherColsInto(M, perm, 1, 4, g)).toBe(g);
    expect(Array.from(g.data)).toEqual([1, 3, 0, 11, 13, 10, 21, 23, 20]);
    // The whole permutation, as the training loop shuffles X once an epoch: gatherCols' result.
    expect(Array.from(gatherColsInto(M, perm, 0, 5, new Matrix(3, 5)).data)).toEqual(Array.from(gatherCols(M, perm).data));
  });
});

describe("gatherCols, gatherRows and col", () => {
  it("gathers in the order given, repeats included", () => {
    expect(v(gatherCols(A, [2, 0, 2]))).toEqual([2, 3, [3, 1, 3, 6, 4, 6]]);
    expect(v(gatherCols(A, Int32Array.of(1)))).toEqual([2, 1, [2, 5]]);
    expect(v(gatherRows(A, [1, 1, 0]))).toEqual([3, 3, [4, 5, 6, 4, 5, 6, 1, 2, 3]]);
    expect(v(gatherRows(A, []))).toEqual([0, 3, []]);
  });
  it.each([
    [() => gatherCols(A, null as never), "gatherCols: indices must be an array of integers, got null"],
    [() => gatherCols(A, [0, 3]), "gatherCols: index 3 at position 1 is out of bounds for axis of size 3 (shape (2, 3))"],
    [() => gatherCols(A, [-1]), "gatherCols: index -1 at position 0 is out of bounds"],
    [() => gatherCols(A, [0.5]), "gatherCols: index 0.5 at position 0 is out of bounds"],
    [() => gatherCols(null as never, [0]), "gatherCols: first argument must be a Matrix, got null"],
    [() => gatherRows(A, [2]), "gatherRows: index 2 at position 0 is out of bounds for axis of size 2 (shape (2, 3))"],
    [() => gatherRows(null as never, [0]), "gatherRows: first argument must be a Matrix, got null"],
    [() => gatherRows(A, 5 as never), "gatherRows: indices must be an array of integers, got number 5"],
    [() => gatherCols(A, "01" as never), 'gatherCols: indices must be an array of integers, got string "01"'],
    [() => gatherCols(A, {} as never), "gatherCols: indices must be an array of integers, got"],
  ] as const)("refuses %#", (f, message) => {
    expect(f).toThrow(message);
  });
  it("col(j) is column j as an n x 1 matrix, negative j counting from the end", () => {
    expect(v(col(A, 1))).toEqual([2, 1, [2, 5]]);
    expect(v(col(A, 0))).toEqual([2, 1, [1, 4]]);
    expect(v(col(A, -1))).toEqual([2, 1, [3, 6]]);
    expect(v(col(A, -3))).toEqual([2, 1, [1, 4]]);
    for (const j of [3, -4, 0.5]) expect(() => col(A, j)).toThrow(`col: j must be an integer column index in [-3, 3) for shape (2, 3), got number ${j}`);
    expect(() => col(null as never, 0)).toThrow("col: first argument must be a Matrix, got null");
  });
});

describe("hstack and vstack", () => {
  it("join side by side or one under the other", () => {
    expect(v(hstack([A, C1]))).toEqual([2, 4, [1, 2, 3, 1, 4, 5, 6, 2]]);
    expect(v(hstack([C1]))).toEqual([2, 1, [1, 2]]);
    expect(v(vstack([A, R]))).toEqual([3, 3, [1, 2, 3, 4, 5, 6, 1, 2, 3]]);
    expect(v(vstack([R, A]))).toEqual([3, 3, [1, 2, 3, 1, 2, 3, 4, 5, 6]]);
  });
  it.each([
    [() => hstack(A as never), "hstack: parts must be an array of matrices, e.g. hstack([A, B]), got a Matrix of shape (2, 3)"],
    [() => hstack([]), "hstack: need at least one matrix"],
    [() => hstack([A, null as never]), "hstack: parts[1] must be a Matrix, got null"],
    [() => hstack([A, R]), "hstack: matrix 1 has shape (1, 3), expected 2 rows like matrix 0"],
    [() => vstack(5 as never), "vstack: parts must be an array of matrices, e.g. vstack([A, B]), got number 5"],
    [() => vstack([]), "vstack: need at least one matrix"],
    [() => vstack([null as never]), "vstack: parts[0] must be a Matrix, got null"],
    [() => vstack([A, C1]), "vstack: matrix 1 has shape (2, 1), expected 3 columns like matrix 0"],
  ] as const)("refuses %#", (f, message) => {
    expect(f).toThrow(message);
  });
});
