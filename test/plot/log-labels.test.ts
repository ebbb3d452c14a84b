// Log axes over less than three decades, labelled in full: the values a learner
// reads off the axis (0.2, 0.5, 50) must be the values plotted, in the live
// plot's JSON and in the static picture.
import { describe, expect, it } from "vitest";
import { fullLabel, logAxisTicks, parseTickText } from "../../src/plot/svg/axis";
import { labelLogAxes } from "../../src/plot/log-labels";
import { figureBundle, PLOTLY_MIME, type FigureJSON } from "../../src/cell/plotly-html";
import { lines } from "../../src/plot/charts";
import { subplots } from "../../src/plot/subplots";
import { elements } from "../helpers/svg";

/** Tick labels along the left edge of the plot area, top to bottom (y axis labels are right-aligned at x < the plot's left). */
function yLabels(svg: string, left: number): string[] {
  return elements(svg, "text")
    .filter((e) => e["text-anchor"] === "end" && +e.x! < left)
    .sort((a, b) => +a.y! - +b.y!)
    .map((e) => e.text ?? "");
}

describe("full labels for short log axes", () => {
  it("writes values in full, with a raised power of ten only far from 1", () => {
    expect([0.05, 0.2, 1, 2, 300, 1e-4, 12345].map((v) => fullLabel(v))).toEqual(["0.05", "0.2", "1", "2", "300", "0.0001", "12345"]);
    expect([2e-5, 1e-7, 5e6, -0.5].map((v) => fullLabel(v))).toEqual(["2×10<sup>−5</sup>", "10<sup>−7</sup>", "5×10<sup>6</sup>", "−0.5"]);
    expect(parseTickText("2×10<sup>−5</sup>")).toEqual({ text: "2×10", exp: "−5" });
    expect(parseTickText("0.5")).toEqual({ text: "0.5" });
  });

  it("puts 1, 2 and 5 per decade over one to three decades, from the decade below the first to the decade above the last", () => {
    // log10 range of 0.05 … 2
    const t = logAxisTicks(Math.log10(0.05), Math.log10(2))!;
    expect(t.tickvals).toEqual([0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(t.ticktext.slice(5, 11)).toEqual(["0.05", "0.1", "0.2", "0.5", "1", "2"]);
  });

  it("spaces values evenly under one decade, and leaves three decades or more to plotly's powers of ten", () => {
    const t = logAxisTicks(Math.log10(0.105), Math.log10(0.765))!;
    const inside = t.tickvals.filter((v) => v >= 0.105 && v <= 0.765);
    expect(inside).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(t.tickvals.every((v) => v > 0)).toBe(true);
    expect(logAxisTicks(-3, 0)).toBeNull();
    expect(logAxisTicks(-9, -2)).toBeNull();
  });

  it("labels a cost curve's axis 0.7 … 0.2 where plotly would write 5 and 2, live and in the picture", () => {
    const cost = Array.from({ length: 300 }, (_, i) => 0.115 + 0.585 * Math.exp(-i / 50));
    const fig = lines({ cost }, { logY: true });
    const bundle = figureBundle(fig.toJSON());
    const y = (bundle[PLOTLY_MIME] as FigureJSON).layout.yaxis as Record<string, unknown>;
    expect(y).toMatchObject({ type: "log", tickmode: "array" });
    expect((y.tickvals as number[]).filter((v) => v >= 0.11 && v <= 0.71)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    // The picture shows the same labels (plot area starts at the 60 px left margin).
    expect(yLabels(bundle["image/svg+xml"] as string, 60)).toEqual(["0.7", "0.6", "0.5", "0.4", "0.3", "0.2"]);
    expect(yLabels(fig.toSVG(), 60)).toEqual(["0.7", "0.6", "0.5", "0.4", "0.3", "0.2"]);
    // The Figure itself is not changed: only what is shown.
    expect((fig.layout.yaxis as Record<string, unknown>).tickvals).toBeUndefined();
  });

  it("labels each panel's log axis of a grid on its own, and keeps ticks a figure chose", () => {
    const fig = subplots([
      lines({ a: [0.05, 0.5, 2] }, { logY: true }),
      lines({ b: [1e-9, 1, 1e3] }, { logY: true }),
      lines({ c: [3, 2, 1] }),
    ], { cols: 3 });
    const out = labelLogAxes(fig.toJSON()).layout as Record<string, Record<string, unknown>>;
    expect(out.yaxis!.ticktext).toContain("0.05");
    expect(out.yaxis2!.tickvals).toBeUndefined(); // twelve decades: powers of ten
    expect(out.yaxis3!.tickvals).toBeUndefined(); // linear
    const own = lines({ a: [0.05, 0.5, 2] }, { logY: true }).toJSON();
    (own.layout.yaxis as Record<string, unknown>).dtick = 1;
    expect((labelLogAxes(own).layout.yaxis as Record<string, unknown>).tickvals).toBeUndefined();
  });
});

describe("full labels far from 1", () => {
  it("writes every tick of an axis as a power of ten when any value shown needs one", () => {
    const t = logAxisTicks(Math.log10(2e-5), Math.log10(3e-3))!;
    const shown = t.tickvals.map((v, i) => [v, t.ticktext[i]] as const).filter(([v]) => v >= 2e-5 && v <= 3e-3).map(([, s]) => s);
    expect(shown).toEqual(["2×10<sup>−5</sup>", "5×10<sup>−5</sup>", "10<sup>−4</sup>", "2×10<sup>−4</sup>", "5×10<sup>−4</sup>", "10<sup>−3</sup>", "2×10<sup>−3</sup>"]);
  });
});
