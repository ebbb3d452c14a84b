// eigh's stopping rule is relative: it stops when the off-diagonal mass is below 1e-32·‖A‖_F², and
// after maxSweeps it accepts 1e-28·‖A‖_F². So the same matrix at any scale must decompose as well:
// the tridiagonal T = [[2, 1, 0], [1, 2, 1], [0, 1, 2]] has eigenvalues 2 − √2, 2, 2 + √2, and c·T
// has c times those, for c from 1e-150 to 1e150. A rule that forgot ‖A‖ (or divided by it) would stop
// too early on a tiny matrix or never on a huge one.
import { describe, expect, it } from "vitest";
import { matrix } from "../../src/tensor/matrix";
import { eigh } from "../../src/tensor/eigen";

const T = [[2, 1, 0], [1, 2, 1], [0, 1, 2]];
const exact = [2 - Math.SQRT2, 2, 2 + Math.SQRT2];
const relErr = (got: number[], want: number[]) => Math.max(...got.map((g, k) => Math.abs(g - want[k]!) / Math.abs(want[k]!)));

describe("eigh at any scale", () => {
  it.each([1e-150, 1e-8, 1e-3, 1, 1e3, 1e8, 1e150])("c·T for c = %s: eigenvalues c·(2 − √2, 2, 2 + √2) to 1e-14", (c) => {
    const { values } = eigh(matrix(T.map((r) => r.map((x) => c * x))));
    expect(relErr(values, exact.map((x) => c * x))).toBeLessThan(1e-14);
  });
});

describe("when maxSweeps runs out", () => {
  it("a 2 x 2 matrix is diagonal after one rotation, so one sweep is enough", () => {
    const { values } = eigh(matrix([[2, 1], [1, 2]]), { maxSweeps: 1 });
    expect(relErr(values, [1, 3])).toBeLessThan(1e-15);
  });
  it("one sweep is not enough for T at a tiny scale either: the final check is relative too", () => {
    for (const c of [1e-8, 1, 1e8]) {
      expect(() => eigh(matrix(T.map((r) => r.map((x) => c * x))), { maxSweeps: 1 })).toThrow(/^eigh: Jacobi rotations did not converge in 1 sweeps/);
    }
  });
});
