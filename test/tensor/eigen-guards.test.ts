// eigh's input checks and its edge paths, against values worked by hand: what it refuses (and the
// entries it names), the symmetry tolerance relative to the largest entry, the symmetric part it
// works on, a rotation skipped when a_pq is already 0, and the sweep limit.
import { describe, expect, it } from "vitest";
import { matrix } from "../../src/tensor/matrix";
import { eigh } from "../../src/tensor/eigen";

describe("eigh refuses, naming the problem", () => {
  it("a non-matrix", () => {
    expect(() => eigh(null as never)).toThrow("eigh: A must be a Matrix, got object");
  });
  it("an asymmetric matrix, with the first pair that differs (row-major, upper triangle)", () => {
    expect(() => eigh(matrix([[1, 2, 3], [2, 1, 5], [3, 4, 1]]))).toThrow("eigh: A must be symmetric, but A[1, 2] = 5 and A[2, 1] = 4; use (A + Aᵀ)/2");
    expect(() => eigh(matrix([[1, 2], [2.001, 1]]))).toThrow("eigh: A must be symmetric, but A[0, 1] = 2 and A[1, 0] = 2.001");
  });
  it("a matrix that does not converge in maxSweeps sweeps", () => {
    expect(() => eigh(matrix([[4, 1, 2], [1, 3, 0.5], [2, 0.5, 5]]), { maxSweeps: 1 })).toThrow(/^eigh: Jacobi rotations did not converge in 1 sweeps \(off-diagonal norm 0\.4207767142814/);
  });
});

describe("symmetry within a tolerance relative to the largest entry, then the symmetric part", () => {
  it("accepts |a_ij − a_ji| ≤ 1e-10 · max|a| and decomposes (A + Aᵀ)/2", () => {
    // max |a| = 1e6, so a difference of 1e-5 ≤ 1e-4 passes. The symmetric part [[1e6, c], [c, 0]] with
    // c = 1 + 5e-6 has λ₁ + λ₂ = 1e6 (the trace) and λ₁λ₂ = −c² (the determinant).
    const { values } = eigh(matrix([[1e6, 1], [1 + 1e-5, 0]]));
    const c = 1 + 5e-6;
    expect(values[0]! + values[1]!).toBeCloseTo(1e6, 6);
    expect(values[0]! * values[1]!).toBeCloseTo(-c * c, 6);
  });
  it("takes a looser tolerance from symmetryTol: [[1, 2], [2.001, 1]] has eigenvalues 1 ± 2.0005", () => {
    const { values } = eigh(matrix([[1, 2], [2.001, 1]]), { symmetryTol: 1e-2 });
    expect(values[0]).toBeCloseTo(-1.0005, 12);
    expect(values[1]).toBeCloseTo(3.0005, 12);
  });
});

describe("rotations", () => {
  it("skips a pair whose a_pq is already 0 (equal diagonal entries would give cot 2φ = 0/0)", () => {
    // The first pair visited, (0, 1), has a_01 = 0 and a_00 = a_11 = 2. (1, −1, 0) is an eigenvector
    // of 2; on (1, 1, 0)/√2 and e₃ the matrix is [[2, √2], [√2, 3]], with (5 ± 3)/2 = 1 and 4.
    const { values, vectors } = eigh(matrix([[2, 0, 1], [0, 2, 1], [1, 1, 3]]));
    expect(values.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 2, 4]);
    expect(vectors.data.every(Number.isFinite)).toBe(true);
    // The eigenvector of 2 is ±(1, −1, 0)/√2: column 1.
    expect(Math.abs(vectors.data[0 * 3 + 1]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors.data[0 * 3 + 1]! + vectors.data[1 * 3 + 1]!).toBeCloseTo(0, 12);
    expect(vectors.data[2 * 3 + 1]!).toBeCloseTo(0, 12);
  });
});
