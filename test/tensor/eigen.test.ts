// Symmetric eigenvalues by Jacobi rotations, against numpy.linalg.eigvalsh
// (test/fixtures/make_eigen.py) and against matrices worked by hand.
import { describe, expect, it } from "vitest";
import { eigh, eigvalsh, matrix, matmul, seed, Matrix, ValueError, ShapeError } from "../../src/index";
import { loadFixture, toMatrix, type MatJSON } from "../helpers/fixtures";

const fx = loadFixture<{ cases: { name: string; A: MatJSON; values: number[] }[]; hessians: { seed: number; samples: number; dims: number[]; allPositive: number[]; negativeCounts: number[][] } }>("eigen.json");

describe("eigh", () => {
  it("[[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2", () => {
    const { values, vectors } = eigh(matrix([[2, 1], [1, 2]]));
    expect(values[0]).toBeCloseTo(1, 15);
    expect(values[1]).toBeCloseTo(3, 15);
    const v0 = [vectors.get(0, 0), vectors.get(1, 0)], v1 = [vectors.get(0, 1), vectors.get(1, 1)];
    expect(Math.abs(v0[0]!)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(v0[0]! * v0[1]!).toBeCloseTo(-0.5, 15);          // opposite signs
    expect(v1[0]! * v1[1]!).toBeCloseTo(0.5, 15);           // same sign
  });

  it("the saddle x² − y² has Hessian diag(2, −2): one negative eigenvalue", () => {
    expect(eigvalsh(matrix([[2, 0], [0, -2]]))).toEqual([-2, 2]);
  });

  it("a 1x1 matrix is its own eigenvalue; the zero matrix has eigenvalues 0", () => {
    expect(eigvalsh(matrix([[-4.5]]))).toEqual([-4.5]);
    expect(eigvalsh(new Matrix(3, 3))).toEqual([0, 0, 0]);
  });

  for (const c of fx.cases) {
    it(`${c.name}: eigenvalues as numpy's eigvalsh, A·v = λ·v and Vᵀ V = I`, () => {
      const A = toMatrix(c.A);
      const { values, vectors } = eigh(A);
      const scale = Math.max(...c.values.map(Math.abs), 1e-300);
      values.forEach((v, k) => expect(Math.abs(v - c.values[k]!)).toBeLessThan(1e-13 * scale));
      const n = A.rows;
      const AV = matmul(A, vectors), VtV = matmul(vectors.T, vectors);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          expect(Math.abs(AV.get(i, k) - values[k]! * vectors.get(i, k))).toBeLessThan(1e-13 * scale);
          expect(Math.abs(VtV.get(i, k) - (i === k ? 1 : 0))).toBeLessThan(1e-13);
        }
      }
    });
  }

  it("reproduces numpy's random-Hessian counts (seed 0, H = (A + Aᵀ)/2): how many are minima, and their index", () => {
    const h = fx.hessians, rng = seed(h.seed);
    // Under mutation testing (scripts/mutation.mjs sets MUTATION_MODULE) the instrumented eigh takes
    // over a minute for every size: check the sizes up to 4 there (the stream is drawn in size order,
    // so the first sizes see the same matrices); npm test checks them all.
    const dims = process.env.MUTATION_MODULE ? h.dims.filter((n) => n <= 4) : h.dims;
    dims.forEach((n, d) => {
      const counts = new Array(n + 1).fill(0);
      for (let s = 0; s < h.samples; s++) {
        const A = rng.randn(n, n);
        const neg = eigvalsh(A.add(A.T).mul(0.5)).filter((l) => l < 0).length;
        counts[neg]++;
      }
      expect(counts, `n = ${n}`).toEqual(h.negativeCounts[d]);
      expect(counts[0]).toBe(h.allPositive[d]);
    });
  });

  it("does not change its argument", () => {
    const A = matrix([[1, 2], [2, -1]]), before = Array.from(A.data);
    eigh(A);
    expect(Array.from(A.data)).toEqual(before);
  });

  it("names the problem with a bad argument", () => {
    expect(() => eigh(matrix([[1, 2, 3], [4, 5, 6]]))).toThrow(ShapeError);
    expect(() => eigh(matrix([[1, 2, 3], [4, 5, 6]]))).toThrow("eigh: A must be square, got shape (2, 3)");
    expect(() => eigh(matrix([[1, 2], [3, 1]]))).toThrow(ValueError);
    expect(() => eigh(matrix([[1, 2], [3, 1]]))).toThrow("eigh: A must be symmetric, but A[0, 1] = 2 and A[1, 0] = 3; use (A + Aᵀ)/2");
    expect(() => eigh(matrix([[1, NaN], [NaN, 1]]))).toThrow("eigh: A[0, 1] = NaN is not finite");
    expect(() => eigh(matrix([[1, 2], [2, 1]]), { maxSweeps: 0 })).toThrow("eigh: maxSweeps must be in [1, 10000], got 0");
  });

  it("reports non-convergence when allowed too few sweeps", () => {
    const A = seed(3).randn(12, 12);
    expect(() => eigh(A.add(A.T), { maxSweeps: 1 })).toThrow(/did not converge in 1 sweeps/);
  });
});
