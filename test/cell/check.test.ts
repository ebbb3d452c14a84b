import { describe, it, expect, vi, afterEach } from "vitest";
import { check, CheckError, countChecks } from "../../src/cell/check";
import { matrix } from "../../src/tensor";

function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckError);
    return (e as Error).message;
  }
  throw new Error("expected the check to fail");
}

describe("check", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  afterEach(() => log.mockClear());

  it("prints ✓ name for a number within tolerance", () => {
    check("mean", 0.5000001, 0.5, { tol: 1e-6 });
    expect(log).toHaveBeenCalledWith("✓ mean (0.5)");
  });

  it("fails outside the tolerance, showing expected vs got", () => {
    const msg = failure(() => check("loss", 0.25, 0.2, { tol: 1e-3 }));
    expect(msg).toBe("✗ loss: off by 0.05 (tol 0.001)\n  expected: 0.2\n  got:      0.25");
    expect(log).not.toHaveBeenCalled();
  });

  it("by default, tolerates 1e-9 relative to the expected value, so tiny values keep their meaning", () => {
    // The course's gradient-check difference: a value of 2.9e-10 must not accept 1e-9 or 0.
    check("difference", 2.919335883291695e-10 * (1 + 5e-10), 2.919335883291695e-10);
    expect(failure(() => check("difference", 1.2e-9, 2.919335883291695e-10))).toMatch(/^✗ difference: off by 9\.08066e-10 \(rtol 1e-9, tol 1e-14\)/);
    expect(() => check("difference", 0, 2.919335883291695e-10)).toThrow(CheckError);
    expect(() => check("difference", 2.92e-10, 2.919335883291695e-10)).toThrow(CheckError);
    // Large values: relative, not 1e-9 absolute (1e-9 absolute on 1e6 would ask for 15 digits).
    check("big", 1e6 + 1e-4, 1e6);
    expect(() => check("big", 1e6 + 1e-2, 1e6)).toThrow(CheckError);
    // Near zero an absolute floor of 1e-14 accepts rounding noise.
    check("zero", 0.1 + 0.2 - 0.3, 0);
    check("zeros", [0, 5e-15, -5e-15], [0, 0, 0]);
    expect(() => check("zero", 2e-14, 0)).toThrow(CheckError);
  });

  it("an explicit tol or rtol replaces the default: the other one is then 0", () => {
    expect(() => check("abs only", 1 + 2e-9, 1, { tol: 1e-9 })).toThrow(CheckError);
    check("abs only", 1 + 0.5e-9, 1, { tol: 1e-9 });
    expect(() => check("rel only, zero expected", 1e-15, 0, { rtol: 1e-3 })).toThrow(CheckError);
    check("rel only", 1.0005e-10, 1e-10, { rtol: 1e-3 });
  });

  it("shows every digit when expected and got agree to the 6 digits usually shown", () => {
    const msg = failure(() => check("close", 0.2850931567206389, 0.2850931567761623, { rtol: 1e-12 }));
    expect(msg).toContain("expected: 0.2850931567761623\n  got:      0.2850931567206389");
    expect(failure(() => check("far", 0.25, 0.2, { tol: 1e-3 }))).toContain("expected: 0.2\n");
  });

  it("uses rtol relative to expected", () => {
    check("big", 1001, 1000, { tol: 0, rtol: 1e-3 });
    expect(() => check("big", 1002, 1000, { tol: 0, rtol: 1e-3 })).toThrow(CheckError);
  });

  it("compares arrays and typed arrays element-wise and names the worst entry", () => {
    check("squares", Float64Array.from([1, 4, 9]), [1, 4, 9]);
    const msg = failure(() => check("squares", [1, 4, 10, 16.5], [1, 4, 9, 16]));
    expect(msg).toMatch(/^✗ squares: 2 of 4 entries differ, worst at \[2\]: 10 vs 9/);
    expect(msg).toContain("expected: [1, 4, 9, 16]");
    expect(msg).toContain("got:      [1, 4, 10, 16.5]");
  });

  it("compares matrices (rows, cols, data) with nested arrays and checks shape", () => {
    const m = { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) };
    check("matrix", m, [[1, 2], [3, 4]]);
    check("matrix vs matrix", m, { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4 + 1e-12]) });
    expect(failure(() => check("shape", m, [[1, 2, 3, 4]]))).toMatch(/^✗ shape: shape 2×2, expected 1×4/);
    expect(failure(() => check("entry", m, [[1, 2], [3, 5]]))).toMatch(/worst at \[1\]\[1\]: 4 vs 5/);
  });

  it("treats NaN as equal only to NaN, and an infinity as equal to itself", () => {
    check("nan", NaN, NaN);
    check("inf", Infinity, Infinity, { rtol: 1e-6 });
    check("-inf in a list", [1, -Infinity], [1, -Infinity]);
    expect(failure(() => check("signs", -Infinity, Infinity))).toMatch(/✗ signs/);
    expect(failure(() => check("finite vs inf", 1e308, Infinity, { rtol: 1 }))).toMatch(/✗ finite vs inf/);
    expect(failure(() => check("nan", NaN, 1, { tol: 1e9 }))).toMatch(/✗ nan/);
  });

  it("compares other values strictly", () => {
    check("flag", true, true);
    check("name", "adam", "adam");
    expect(failure(() => check("went down", false, true))).toBe("✗ went down: values differ\n  expected: true\n  got:      false");
    expect(failure(() => check("type", "1", 1))).toMatch(/got a non-number, expected a number/);
  });

  it("compares records of matrices (parameters by name) and lists of them part by part, with the tolerance, naming the part that differs", () => {
    const params = { W1: matrix([[0.1, -0.2], [0.3, 0.4]]), b1: matrix([[0], [0.5]]) };
    const near = { W1: matrix([[0.1 + 1e-10, -0.2], [0.3, 0.4]]), b1: matrix([[0], [0.5]]) };
    check("params", near, params, { tol: 1e-9 });
    expect(log).toHaveBeenCalledWith("✓ params");
    // Key order does not matter; values do.
    check("reordered", { b1: params.b1, W1: params.W1 }, params, { tol: 0 });
    const off = { W1: params.W1, b1: matrix([[0], [0.5001]]) };
    expect(failure(() => check("params", off, params, { tol: 1e-6 }))).toBe(
      "✗ params: b1: 1 of 2 entries differ, worst at [1][0]: 0.5001 vs 0.5 (tol 0.000001)\n  expected: [[0], [0.5]]\n  got:      [[0], [0.5001]]",
    );
    expect(failure(() => check("params", { W1: params.W1 }, params))).toMatch(/^✗ params: missing b1\n/);
    expect(failure(() => check("params", { ...params, W2: params.W1 }, params))).toMatch(/^✗ params: unexpected W2\n/);
    expect(failure(() => check("params", { W1: params.W1, b1: matrix([[0, 0.5]]) }, params))).toMatch(/^✗ params: b1: shape 1×2, expected 2×1/);
    // A list of records: [params, grads], the path says which.
    const grads = { dW1: matrix([[1, 2], [3, 4]]) };
    check("inputs unchanged", [near, grads], [params, grads], { tol: 1e-9 });
    expect(failure(() => check("inputs unchanged", [params, { dW1: matrix([[1, 2], [3, 5]]) }], [params, grads], { tol: 0 }))).toMatch(/^✗ inputs unchanged: \[1\]\.dW1: 1 of 4 entries differ, worst at \[1\]\[1\]: 5 vs 4\n/);
    expect(failure(() => check("inputs unchanged", [params], [params, grads]))).toMatch(/^✗ inputs unchanged: length 1, expected 2/);
    // Numbers nested in records too; a record is not a number.
    check("caches", { t: 2, v: { dW: [0.1, 0.2] } }, { t: 2, v: { dW: [0.1 + 1e-12, 0.2] } });
    expect(failure(() => check("caches", { t: 3, v: { dW: [0.1, 0.2] } }, { t: 2, v: { dW: [0.1, 0.2] } }))).toMatch(/^✗ caches: t: off by 1 \(rtol 1e-9, tol 1e-14\)\n/);
    expect(failure(() => check("record vs number", { a: 1 }, 1))).toMatch(/got a non-number, expected a number/);
  });

  it("rejects bad arguments clearly", () => {
    expect(() => check("", 1, 1)).toThrow(/name must be a non-empty string/);
    expect(() => check("x", 1, 1, { tol: -1 })).toThrow(/tol and rtol must be non-negative/);
  });

  it("countChecks counts ✓ lines and a CheckError", () => {
    expect(countChecks("✓ a\nsome text ✓ not at start\n✓ b (1)\n", null)).toEqual({ passed: 2, failed: 0 });
    expect(countChecks("", { ename: "CheckError", evalue: "✗ c: off by 1" })).toEqual({ passed: 0, failed: 1 });
    expect(countChecks("", { ename: "Error", evalue: "boom" })).toEqual({ passed: 0, failed: 0 });
    expect(countChecks("", null, "CheckError: ✗ d: values differ")).toEqual({ passed: 0, failed: 1 });
  });

  describe("faults the mutation review found (6 Dec)", () => {
    it("a flat vector matches a 1×n or n×1 matrix of the same numbers, not a 2×2 one", () => {
      check("row", [1, 2, 3, 4], matrix([[1, 2, 3, 4]]));
      check("column", matrix([[1], [2], [3], [4]]), [1, 2, 3, 4]);
      expect(failure(() => check("W", [1, 2, 3, 4], [[1, 2], [3, 4]]))).toBe("✗ W: shape length 4, expected 2×2 (rtol 1e-9, tol 1e-14)\n  expected: [[1, 2], [3, 4]]\n  got:      [1, 2, 3, 4]");
      expect(failure(() => check("W", matrix([[1, 2], [3, 4]]), [1, 2, 3, 4]))).toMatch(/^✗ W: shape 2×2, expected length 4 /);
    });

    it("Maps and Sets are compared by what they hold (JSON shows every one as {})", () => {
      check("counts", new Map([["a", 1], ["b", 2 + 1e-12]]), new Map([["a", 1], ["b", 2]]));
      check("labels", new Set([3, 1, 2]), new Set([1, 2, 3]));
      expect(failure(() => check("counts", new Map([["a", 1]]), new Map()))).toBe('✗ counts: unexpected key "a"\n  expected: {}\n  got:      {}');
      expect(failure(() => check("counts", new Map([["a", 1]]), new Map([["a", 1], ["b", 2]])))).toMatch(/^✗ counts: missing key "b"\n/);
      expect(failure(() => check("counts", new Map([["a", 1.5]]), new Map([["a", 1]])))).toMatch(/^✗ counts: get\("a"\): off by 0\.5 \(rtol 1e-9, tol 1e-14\)\n/);
      expect(failure(() => check("labels", new Set([1, 2]), new Set([3])))).toMatch(/^✗ labels: missing 3; unexpected 1, 2\n/);
      // Each part alone, lists of two, and a Map whose first value agrees and second does not.
      expect(failure(() => check("labels", new Set([1]), new Set([1, 2, 3])))).toBe("✗ labels: missing 2, 3\n  expected: {}\n  got:      {}");
      expect(failure(() => check("labels", new Set([1, 4, 5]), new Set([1])))).toBe("✗ labels: unexpected 4, 5\n  expected: {}\n  got:      {}");
      expect(failure(() => check("counts", new Map([["a", 1], ["x", 0], ["y", 0]]), new Map([["a", 1], ["b", 2], ["c", 3]])))).toBe('✗ counts: missing key "b", "c"; unexpected key "x", "y"\n  expected: {}\n  got:      {}');
      expect(failure(() => check("counts", new Map([["a", 1], ["b", 3]]), new Map([["a", 1], ["b", 2]])))).toMatch(/^✗ counts: get\("b"\): off by 1 /);
      expect(failure(() => check("nested", { m: new Map([[1, 2]]) }, { m: new Map([[1, 5]]) }))).toMatch(/^✗ nested: m\.get\(1\): off by 3 /);
      // A Map is not a record, nor a Set an empty object.
      expect(failure(() => check("m", new Map(), {}))).toMatch(/^✗ m: values differ\n/);
      expect(failure(() => check("s", {}, new Set()))).toMatch(/^✗ s: values differ\n/);
    });

    it("a difference just past the tolerance shows all its digits, not a rounding equal to the tolerance", () => {
      // 0.9 − 0.85 is 0.050000000000000044 in binary: past tol 0.05.
      expect(failure(() => check("acc", 0.85, 0.9, { tol: 0.05 }))).toBe("✗ acc: off by 0.050000000000000044 (tol 0.05)\n  expected: 0.9\n  got:      0.85");
      expect(failure(() => check("acc", 0.8, 0.9, { tol: 0.05 }))).toMatch(/^✗ acc: off by 0\.1 \(tol 0\.05\)\n/);
      // The same with a relative tolerance: 1.05 − 1 is 0.050000000000000044, past 0.05·|1|.
      expect(failure(() => check("ratio", 1.05, 1, { rtol: 0.05 }))).toMatch(/^✗ ratio: off by 0\.050000000000000044 \(rtol 0\.05\)\n/);
    });

    it("names NaN and ±Infinity without asking Number anything else (graded code may have replaced it)", () => {
      const isInteger = Number.isInteger;
      try {
        Number.isInteger = () => {
          throw new Error("Number.isInteger was replaced");
        };
        check("nan", NaN, NaN);
        check("inf", Infinity, Infinity);
        check("-inf", -Infinity, -Infinity);
      } finally {
        Number.isInteger = isInteger;
      }
      expect(log.mock.calls.map((c) => c[0])).toEqual(["✓ nan (NaN)", "✓ inf (Infinity)", "✓ -inf (-Infinity)"]);
    });

    it("NaN against a number says NaN, not 'off by Infinity'", () => {
      expect(failure(() => check("cost", NaN, 0.69))).toBe("✗ cost: got NaN (rtol 1e-9, tol 1e-14)\n  expected: 0.69\n  got:      NaN");
      expect(failure(() => check("cost", 0.69, NaN))).toMatch(/^✗ cost: expected NaN /);
      expect(failure(() => check("cost", Infinity, 0.69))).toMatch(/^✗ cost: off by Infinity /);
    });
  });
});
