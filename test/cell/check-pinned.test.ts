// check() and countChecks() pinned from what a learner reads: the exact "✓" line a passing check
// prints, the whole message of a failing one, the pass/fail decision on both sides of every
// boundary (a tolerance exactly met and just missed, NaN, ±Infinity, -0, empty and ragged arrays,
// vectors against 1×n and n×1 matrices, a Matrix whose data does not fill rows·cols), the long
// values shown elided, and every refusal's whole message. Expected strings are worked by hand
// from the formatting rules: integers below 1e15 in full, other numbers to 6 significant digits,
// at most 8 entries of a row (first 4, "…", last 3) and 6 rows of a matrix (first 3, "…", last 2).
import { describe, it, expect, vi, afterEach } from "vitest";
import { check, CheckError, countChecks } from "../../src/cell/check";
import { matrix } from "../../src/tensor";
import { thrown } from "../helpers/thrown";

/** The CheckError a failing check throws. */
function caught(fn: () => void): CheckError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckError);
    return e as CheckError;
  }
  throw new Error("expected the check to fail");
}
const failure = (fn: () => void): string => caught(fn).message;
const any = (x: unknown) => x as never;

const log = vi.spyOn(console, "log").mockImplementation(() => {});
afterEach(() => log.mockClear());

/** The lines check() printed since the last test. */
const printed = () => log.mock.calls.map((c) => c.join(" "));

describe("a passing check prints one ✓ line, with the value when it is a number", () => {
  it("shows NaN, Infinity and -Infinity by name", () => {
    check("cost", NaN, NaN);
    check("overflow", Infinity, Infinity);
    check("underflow", -Infinity, -Infinity);
    expect(printed()).toEqual(["✓ cost (NaN)", "✓ overflow (Infinity)", "✓ underflow (-Infinity)"]);
  });

  it("-0 equals 0 and is shown as 0", () => {
    check("zero", -0, 0);
    check("zero", 0, -0);
    expect(printed()).toEqual(["✓ zero (0)", "✓ zero (0)"]);
  });

  it("shows an integer below 1e15 with all its digits, other numbers to 6 significant digits", () => {
    check("count", 1234567, 1234567);
    check("Avogadro", 6.02214076e23, 6.02214076e23);
    check("third", 1 / 3, 1 / 3);
    expect(printed()).toEqual(["✓ count (1234567)", "✓ Avogadro (6.02214e+23)", "✓ third (0.333333)"]);
  });

  it("prints only the name for arrays, matrices, records and other values", () => {
    check("vector", [1, 2], [1, 2]);
    check("matrix", matrix([[1, 2], [3, 4]]), [[1, 2], [3, 4]]);
    check("empty", [], []);
    check("record", { a: 1 }, { a: 1 });
    check("flag", true, true);
    expect(printed()).toEqual(["✓ vector", "✓ matrix", "✓ empty", "✓ record", "✓ flag"]);
  });

  it("null, undefined and a symbol equal themselves", () => {
    const s = Symbol("a");
    check("nothing", null, null);
    check("no return", undefined, undefined);
    check("symbol", s, s);
    expect(printed()).toEqual(["✓ nothing", "✓ no return", "✓ symbol"]);
  });

  it("quiet: true prints nothing (and the runner does not count it); quiet: false prints", () => {
    check("silent", 1, 1, { quiet: true });
    expect(log).not.toHaveBeenCalled();
    check("loud", 1, 1, { quiet: false });
    expect(printed()).toEqual(["✓ loud (1)"]);
  });
});

describe("a tolerance exactly met passes, one rounding step more fails", () => {
  it("tol alone: |got − expected| ≤ tol", () => {
    check("edge", 1.5, 1, { tol: 0.5 });
    check("edge", 0.5, 1, { tol: 0.5 });
    expect(() => check("edge", 1.5000000000000002, 1, { tol: 0.5 })).toThrow(CheckError);
  });

  it("rtol alone: |got − expected| ≤ rtol·|expected|, for a negative expected too", () => {
    check("edge", 3, 2, { rtol: 0.5 });
    check("edge", -3, -2, { rtol: 0.5 });
    expect(() => check("edge", 3.0000000000000004, 2, { rtol: 0.5 })).toThrow(CheckError);
    expect(() => check("edge", -3.0000000000000004, -2, { rtol: 0.5 })).toThrow(CheckError);
  });

  it("both: the bound is tol + rtol·|expected|", () => {
    check("edge", 2.75, 2, { tol: 0.25, rtol: 0.25 });
    expect(() => check("edge", 2.7500000000000004, 2, { tol: 0.25, rtol: 0.25 })).toThrow(CheckError);
  });

  it("a difference that is one rounding step above tol fails, as with numpy.isclose", () => {
    // 0.9 − 0.85 is 0.050000000000000044 in doubles.
    expect(() => check("accuracy", 0.85, 0.9, { tol: 0.05 })).toThrow(CheckError);
  });
});

describe("shapes: vectors, 1×n and n×1 matrices hold the same numbers; a scalar is not a length-1 array", () => {
  it("accepts a vector against a 1×n or n×1 matrix, in either order", () => {
    check("row", [1, 2, 3], [[1, 2, 3]]);
    check("row", [[1, 2, 3]], [1, 2, 3]);
    check("column", [1, 2, 3], matrix([[1], [2], [3]]));
    check("column", matrix([[1], [2], [3]]), Float64Array.from([1, 2, 3]));
    check("empty row", [], [[]]);
    expect(printed()).toEqual(["✓ row", "✓ row", "✓ column", "✓ column", "✓ empty row"]);
  });

  it("names the entry that differs by the expected value's shape", () => {
    expect(failure(() => check("column", [1, 2, 4], [[1], [2], [3]], { tol: 0 }))).toBe(
      "✗ column: 1 of 3 entries differ, worst at [2][0]: 4 vs 3\n  expected: [[1], [2], [3]]\n  got:      [1, 2, 4]",
    );
  });

  it("refuses a vector against a 1×n matrix of another length", () => {
    expect(failure(() => check("row", [1, 2], [[1, 2, 3]], { tol: 0 }))).toBe("✗ row: shape length 2, expected 1×3\n  expected: [[1, 2, 3]]\n  got:      [1, 2]");
    expect(failure(() => check("row", [[1, 2, 3]], [1, 2], { tol: 0 }))).toBe("✗ row: shape 1×3, expected length 2\n  expected: [1, 2]\n  got:      [[1, 2, 3]]");
  });

  it("refuses a length-1 array for a number and a number for a length-1 array", () => {
    expect(failure(() => check("cost", [3], 3, { tol: 0 }))).toBe("✗ cost: shape length 1, expected scalar\n  expected: 3\n  got:      [3]");
    expect(failure(() => check("cost", 3, [3], { tol: 0 }))).toBe("✗ cost: shape scalar, expected length 1\n  expected: [3]\n  got:      3");
    expect(() => check("cost", [3, 4], 3)).toThrow(CheckError);
  });

  it("refuses matrices with the same number of entries in another shape, showing each row", () => {
    expect(failure(() => check("W", [[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4], [5, 6]], { tol: 0 }))).toBe(
      "✗ W: shape 2×3, expected 3×2\n  expected: [[1, 2], [3, 4], [5, 6]]\n  got:      [[1, 2, 3], [4, 5, 6]]",
    );
  });

  it("an empty array matches only an empty array", () => {
    expect(failure(() => check("empty", [], [1], { tol: 0 }))).toBe("✗ empty: shape length 0, expected length 1\n  expected: [1]\n  got:      []");
  });
});

describe("values that are not a regular grid of numbers are not compared as numbers", () => {
  it("two ragged lists are compared row by row, naming the row", () => {
    check("ragged", [[1, 2], [3]], [[1, 2], [3]]);
    expect(failure(() => check("ragged", [[1, 2], [3]], [[1, 2], [4]], { tol: 0 }))).toBe(
      "✗ ragged: [1]: 1 of 1 entries differ, worst at [0]: 3 vs 4\n  expected: [4]\n  got:      [3]",
    );
  });

  it("a ragged list never matches a matrix, whichever side it is on", () => {
    expect(() => check("ragged", [[1, 2], [3]], [[1, 2], [3, 4]])).toThrow(CheckError);
    expect(() => check("ragged", [[1, 2], [3, 4]], [[1, 2], [3]])).toThrow(CheckError);
  });

  it("a matrix whose data does not hold rows·cols numbers is not a matrix", () => {
    expect(() => check("W", { rows: 1, cols: 2, data: [1, 2, 3] }, [[1, 2]])).toThrow(CheckError);
    expect(() => check("W", [[1, 2]], { rows: 1, cols: 2, data: [1, 2, 3] })).toThrow(CheckError);
    expect(() => check("W", { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3]) }, [[1, 2], [3, 4]])).toThrow(CheckError);
  });

  it("a list or rows holding a string is not numbers", () => {
    expect(failure(() => check("mixed", [1, "2"], [1, 2]))).toBe('✗ mixed: got a non-number, expected a number\n  expected: [1, 2]\n  got:      [1,"2"]');
    expect(failure(() => check("rows", [[1, 2], [3, "4"]], [[1, 2], [3, 4]]))).toBe(
      '✗ rows: got a non-number, expected a number\n  expected: [[1, 2], [3, 4]]\n  got:      [[1,2],[3,"4"]]',
    );
  });
});

describe("check reads only what the values hold", () => {
  it("reads no entry at or past an array's length (a Proxy-wrapped array, as reactive notebooks make, sees only in-range reads)", () => {
    const reads: PropertyKey[] = [];
    const watched = <T extends object>(a: T): T => new Proxy(a, { get: (t, k, r) => (reads.push(k), Reflect.get(t, k, r)) });
    check("numbers", watched([1, 2]), [1, 2]);
    check("records", watched([{ a: 1 }, { b: "x" }]), [{ a: 1 }, { b: "x" }]);
    expect(printed()).toEqual(["✓ numbers", "✓ records"]);
    expect(reads).not.toContain("2");
  });
});

describe("the message of a failing check", () => {
  it("is a CheckError named CheckError, so the kernel reports it as one", () => {
    const e = caught(() => check("loss", 0.25, 0.2, { tol: 1e-3 }));
    expect(e.name).toBe("CheckError");
    expect(String(e)).toBe("CheckError: ✗ loss: off by 0.05 (tol 0.001)\n  expected: 0.2\n  got:      0.25");
  });

  it("names NaN and infinities among the entries; of equally bad entries the first is the worst", () => {
    expect(failure(() => check("v", [1, NaN], [1, 2], { tol: 0 }))).toBe("✗ v: 1 of 2 entries differ, worst at [1]: NaN vs 2\n  expected: [1, 2]\n  got:      [1, NaN]");
    expect(failure(() => check("v", [Infinity, -Infinity], [1, 1], { tol: 0 }))).toBe(
      "✗ v: 2 of 2 entries differ, worst at [0]: Infinity vs 1\n  expected: [1, 1]\n  got:      [Infinity, -Infinity]",
    );
    expect(failure(() => check("ties", [1, 2, 4, 5], [1, 3, 4, 6], { tol: 0 }))).toBe(
      "✗ ties: 2 of 4 entries differ, worst at [1]: 2 vs 3\n  expected: [1, 3, 4, 6]\n  got:      [1, 2, 4, 5]",
    );
  });

  it("shows values to 6 digits when they differ there", () => {
    expect(failure(() => check("third", 1 / 3, 0.3, { tol: 1e-3 }))).toBe("✗ third: off by 0.0333333 (tol 0.001)\n  expected: 0.3\n  got:      0.333333");
  });

  it("shows 8 entries in full and elides the middle of 9 or more", () => {
    expect(failure(() => check("eight", [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 9], { tol: 0 }))).toBe(
      "✗ eight: 1 of 8 entries differ, worst at [7]: 8 vs 9\n  expected: [1, 2, 3, 4, 5, 6, 7, 9]\n  got:      [1, 2, 3, 4, 5, 6, 7, 8]",
    );
    expect(failure(() => check("nine", [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 5, 6, 7, 8, 10], { tol: 0 }))).toBe(
      "✗ nine: 1 of 9 entries differ, worst at [8]: 9 vs 10\n  expected: [1, 2, 3, 4, …, 7, 8, 10]\n  got:      [1, 2, 3, 4, …, 7, 8, 9]",
    );
  });

  it("shows 6 rows of a matrix in full and elides the middle of 7 or more", () => {
    expect(failure(() => check("six", [[1], [2], [3], [4], [5], [6]], [[1], [2], [3], [4], [5], [7]], { tol: 0 }))).toBe(
      "✗ six: 1 of 6 entries differ, worst at [5][0]: 6 vs 7\n  expected: [[1], [2], [3], [4], [5], [7]]\n  got:      [[1], [2], [3], [4], [5], [6]]",
    );
    expect(failure(() => check("seven", [[1], [2], [3], [4], [5], [6], [7]], [[1], [2], [3], [4], [5], [6], [8]], { tol: 0 }))).toBe(
      "✗ seven: 1 of 7 entries differ, worst at [6][0]: 7 vs 8\n  expected: [[1], [2], [3], …, [6], [8]]\n  got:      [[1], [2], [3], …, [6], [7]]",
    );
  });

  it("a number against a non-number says which is which, without a tolerance", () => {
    expect(failure(() => check("type", "1", 1))).toBe('✗ type: got a non-number, expected a number\n  expected: 1\n  got:      "1"');
    expect(failure(() => check("count", 3, "3"))).toBe('✗ count: got a number, expected a non-number\n  expected: "3"\n  got:      3');
    expect(failure(() => check("J", undefined, 0.5))).toBe("✗ J: got a non-number, expected a number\n  expected: 0.5\n  got:      undefined");
  });

  it("a record lists every missing and every unexpected key", () => {
    expect(failure(() => check("params", { W1: 1, c: 2, e: 3 }, { W1: 1, b: 2, d: 4 }))).toBe(
      '✗ params: missing b, d; unexpected c, e\n  expected: {"W1":1,"b":2,"d":4}\n  got:      {"W1":1,"c":2,"e":3}',
    );
  });

  it("other values differ unless strictly equal, shown as JSON or as text", () => {
    expect(failure(() => check("result", null, undefined))).toBe("✗ result: values differ\n  expected: undefined\n  got:      null");
    expect(failure(() => check("symbol", Symbol("a"), undefined))).toBe("✗ symbol: values differ\n  expected: undefined\n  got:      Symbol(a)");
    expect(failure(() => check("big", BigInt(1), BigInt(2)))).toBe("✗ big: values differ\n  expected: 2\n  got:      1");
  });

  it("two objects that are not records agree when their JSON does", () => {
    check("when", new Date(0), new Date(0));
    expect(printed()).toEqual(["✓ when"]);
    expect(failure(() => check("when", new Date(1000), new Date(0)))).toBe(
      '✗ when: values differ\n  expected: "1970-01-01T00:00:00.000Z"\n  got:      "1970-01-01T00:00:01.000Z"',
    );
    // An object never matches a string, even one spelling its JSON.
    expect(() => check("when", new Date(0), "1970-01-01T00:00:00.000Z")).toThrow(CheckError);
    expect(() => check("when", "1970-01-01T00:00:00.000Z", new Date(0))).toThrow(CheckError);
  });
});

describe("check refuses bad options with the whole message", () => {
  it("options that are not an object", () => {
    expect(thrown(() => check("J", 0.69, 0.69, any("1e-3")))).toBe('ValueError: check "J": options must be an object like { tol: 1e-6 }, got string "1e-3"');
    expect(thrown(() => check("J", 0.69, 0.69, any(null)))).toBe('ValueError: check "J": options must be an object like { tol: 1e-6 }, got null');
  });

  it("a negative or NaN rtol or tol", () => {
    expect(thrown(() => check("x", 1, 1, { rtol: -1 }))).toBe('ValueError: check "x": tol and rtol must be non-negative numbers (got tol=undefined, rtol=-1)');
    expect(thrown(() => check("x", 1, 1, { rtol: NaN }))).toBe('ValueError: check "x": tol and rtol must be non-negative numbers (got tol=undefined, rtol=NaN)');
    expect(thrown(() => check("x", 1, 1, { tol: NaN, rtol: 0 }))).toBe('ValueError: check "x": tol and rtol must be non-negative numbers (got tol=NaN, rtol=0)');
  });
});

describe("countChecks", () => {
  it("a CheckError by its name, or any error whose message starts with ✗, is one failed check", () => {
    expect(countChecks("", { ename: "CheckError", evalue: "boom" })).toEqual({ passed: 0, failed: 1 });
    expect(countChecks("✓ a\n", { ename: "Error", evalue: "✗ loss: off by 1" })).toEqual({ passed: 1, failed: 1 });
    expect(countChecks("", { ename: "Error", evalue: "boom ✗ " })).toEqual({ passed: 0, failed: 0 });
  });

  it("reads stderr only when there is no error output, and stdout alone is a valid call", () => {
    expect(countChecks("✓ a\n✓ b", undefined as never)).toEqual({ passed: 2, failed: 0 });
    expect(countChecks("", undefined as never, "Traceback\nCheckError: ✗ d: values differ\n")).toEqual({ passed: 0, failed: 1 });
    expect(countChecks("", { ename: "Error", evalue: "boom" }, "CheckError: ✗ d: values differ")).toEqual({ passed: 0, failed: 0 });
  });

  it("refuses an error that is not { ename: string, evalue: string }", () => {
    const where = "ValueError: countChecks: error must be null or the cell's error { ename, evalue }, got";
    expect(thrown(() => countChecks("", any({ ename: 1, evalue: "✗ x" })))).toBe(`${where} an object with keys ename, evalue`);
    expect(thrown(() => countChecks("", any({ ename: "Error", evalue: 1 })))).toBe(`${where} an object with keys ename, evalue`);
    expect(thrown(() => countChecks("", any(Object.assign(() => undefined, { ename: "CheckError", evalue: "✗ x" }))))).toBe(`${where} a function`);
  });
});
