// formatMatrix against numpy's own repr (test/fixtures/make_format.py, 75 arrays): positional and
// scientific notation and the switch between them, widths per column, −0, nan and ±inf among
// numbers, precision, line wrapping at 13 line widths, summarization with edge items. numpy ≥ 2.2
// appends ", shape=(r, c)" to a summarized repr; descent prints the repr of earlier numpy (which the
// course's notebooks show), so that suffix is dropped from the reference before comparing.
import { describe, expect, it } from "vitest";
import fx from "../fixtures/format.json";
import { Matrix } from "../../src/tensor/matrix";
import { formatMatrix, formatNumber, makeFormatter } from "../../src/tensor/format";

const num = (x: number | string) => (typeof x === "number" ? x : x === "nan" ? NaN : x === "inf" ? Infinity : -Infinity);
type Case = { rows: number; cols: number; data: (number | string)[]; opts: { precision?: number; linewidth?: number; threshold?: number; edgeitems?: number }; repr: string };

describe("formatMatrix prints what numpy prints", () => {
  it.each((fx.cases as Case[]).map((c, i) => [i, JSON.stringify(c.opts), c] as const))("case %i %s", (_i, _opts, c) => {
    const m = new Matrix(c.rows, c.cols, Float64Array.from(c.data.map(num)));
    const o = c.opts;
    const want = c.repr.replace(/,\s*shape=\(\d+, \d+\)\)$/, ")");
    expect(formatMatrix(m, { precision: o.precision, lineWidth: o.linewidth, threshold: o.threshold, edgeItems: o.edgeitems })).toBe(want);
  });
  it("an empty matrix as numpy shows one", () => {
    expect(formatMatrix(new Matrix(0, 3))).toBe("array([], shape=(0, 3), dtype=float64)");
    expect(formatMatrix(new Matrix(2, 0))).toBe("array([], shape=(2, 0), dtype=float64)");
  });
  it("a Matrix's toString is its repr", () => {
    const m = new Matrix(1, 2, Float64Array.of(1.5, -2));
    expect(String(m)).toBe("array([[ 1.5, -2. ]])");
  });
});

describe("formatNumber and makeFormatter", () => {
  it("formatNumber: numpy's names for the non-finite, the shortest round-trip digits otherwise", () => {
    expect([formatNumber(NaN), formatNumber(Infinity), formatNumber(-Infinity), formatNumber(0.1), formatNumber(1 / 3)]).toEqual(["nan", "inf", "-inf", "0.1", "0.3333333333333333"]);
  });
  it("makeFormatter lines values up in one width, non-finite values padded to it", () => {
    const f = makeFormatter([1.5, -20, NaN]);
    expect([f(1.5), f(-20), f(NaN), f(Infinity)]).toEqual(["  1.5", "-20. ", "  nan", "  inf"]);
    const g = makeFormatter([1e-5, 1]);
    expect([g(1e-5), g(1), g(-Infinity)]).toEqual(["1.e-05", "1.e+00", "  -inf"]);
  });
});
