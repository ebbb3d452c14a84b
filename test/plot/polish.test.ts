import { afterEach, describe, expect, it } from "vitest";
import { lines, scatter, histogram } from "../../src/plot/charts";
import { contour, decisionBoundary } from "../../src/plot/surface";
import { subplots } from "../../src/plot/subplots";
import { Figure, overlay } from "../../src/plot/figure";
import { show } from "../../src/plot/show";
import { PALETTE, classColor } from "../../src/plot/palette";
import * as plotIndex from "../../src/plot";
import * as root from "../../src";
import { emaSeries } from "../../src/ema/ema";
import { setChannel, sessionState, type MimeBundle } from "../../src/cell/channel";

afterEach(() => setChannel(undefined));
const bowl = (x: number, y: number) => x * x / 100 + y * y;

describe("overlay", () => {
  it("draws the traces of several figures on the first one's axes and layout", () => {
    const pts = scatter({ name: "θ_t", x: [0, 1, 2], y: [3, 1, 2], color: "#bbbbbb" }, { title: "temps", xLabel: "day" });
    const avg = lines([{ name: "β = 0.9", x: [0, 1, 2], y: [1, 1.5, 2] }], { title: "ignored" });
    const fig = overlay(pts, avg);
    expect(fig.data.map((t) => t.name)).toEqual(["θ_t", "β = 0.9"]);
    expect(fig.layout.title).toEqual({ text: "temps" });
    expect(fig.layout.showlegend).toBe(true);
    expect((fig.data[0].marker as { color: string }).color).toBe("#bbbbbb");
    // the inputs are unchanged, and fig.add is the same thing
    expect(pts.data).toHaveLength(1);
    fig.data[0].name = "x";
    expect(pts.data[0].name).toBe("θ_t");
    expect(pts.add(avg).toJSON()).toEqual(overlay(pts, avg).toJSON());
  });
  it("adds traces to a contour and keeps a disabled legend off", () => {
    const c = contour(bowl, { x: [-1, 1], y: [-1, 1], steps: 3, legend: false });
    const fig = overlay(c, scatter({ name: "minimum", x: [0], y: [0] }), scatter({ name: "start", x: [-1], y: [1] }));
    expect(fig.data.map((t) => t.type)).toEqual(["contour", "scatter", "scatter"]);
    expect(fig.layout.showlegend).toBe(false);
    expect(() => overlay()).toThrow(/at least one/);
    expect(() => overlay(c, {} as never)).toThrow(/argument 1/);
  });
  it("is exported from descent and descent's plot namespace", () => {
    expect(plotIndex.overlay).toBe(overlay);
    expect(root.overlay).toBe(overlay);
    expect(root.plot.overlay).toBe(overlay);
  });
});

describe("lines({ smooth })", () => {
  it("is emaSeries with bias correction", () => {
    const y = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(lines(y, { smooth: 0.8 }).data[0].y).toEqual(emaSeries(y, { beta: 0.8, biasCorrection: true }));
  });
  it("keeps non-finite values as gaps and restarts after them", () => {
    const out = lines([2, 4, NaN, 6, 6], { smooth: 0.5 }).data[0].y as (number | null)[];
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toEqual(emaSeries([2, 4], { beta: 0.5, biasCorrection: true })[1]);
    expect(out[2]).toBeNull();
    expect(out[3]).toBeCloseTo(6, 12);
    expect(out[4]).toBeCloseTo(6, 12);
  });
});

describe("show", () => {
  it("displays once and returns nothing, so a cell ending with show(fig) has no second copy", () => {
    const sent: MimeBundle[] = [];
    setChannel({ display: (b) => sent.push(b), clear: () => {} });
    sessionState().plotlyInjected = true;
    const fig = lines([1, 2]);
    expect(show(fig)).toBeUndefined();
    expect(fig.show()).toBeUndefined();
    expect(show([fig, fig])).toBeUndefined();
    expect(sent).toHaveLength(3);
    expect(sent.every((b) => "application/vnd.plotly.v1+json" in b)).toBe(true);
  });
});

describe("colours", () => {
  it("gives contour trajectories the palette from the first colour, like lines", () => {
    const paths = { gd: [[-1, 1], [0, 0]], momentum: [[-1, 1], [0.5, 0]], adam: [[-1, 1], [0, 0.5]] };
    const c = contour(bowl, { x: [-1, 1], y: [-1, 1], steps: 3, paths });
    const l = lines({ gd: [1, 0], momentum: [1, 0.2], adam: [1, 0.1] });
    const lineColor = (t: Record<string, unknown>) => (t.line as { color: string }).color;
    expect(c.data.slice(1).map(lineColor)).toEqual(PALETTE.slice(0, 3));
    expect(c.data.slice(1).map((t) => (t.marker as { color: string }).color)).toEqual(PALETTE.slice(0, 3));
    expect(l.data.map(lineColor)).toEqual(PALETTE.slice(0, 3));
    expect(histogram({ a: [1], b: [2] }).data.map((t) => (t.marker as { color: string }).color)).toEqual(PALETTE.slice(0, 2));
    expect(lines([{ name: "a", y: [1], color: "black" }]).data[0].line).toEqual({ color: "black" });
  });
});

describe("legend option", () => {
  it("places the legend; contours default to outside right with the colour bar underneath", () => {
    const paths = { a: [[0, 0], [1, 1]], b: [[0, 0], [1, 0]] };
    const c = contour(bowl, { x: [-1, 1], y: [-1, 1], steps: 3, paths });
    expect(c.layout.legend).toMatchObject({ x: 1.02, xanchor: "left" });
    expect(c.layout.showlegend).toBe(true);
    expect(c.data[0].colorbar).toMatchObject({ orientation: "h" });
    const tl = contour(bowl, { x: [-1, 1], y: [-1, 1], steps: 3, paths, legend: "top-left" });
    expect(tl.layout.legend).toMatchObject({ x: 0.01, y: 0.99, xanchor: "left", yanchor: "top" });
    expect(tl.data[0].colorbar).not.toHaveProperty("orientation");
    expect(lines({ a: [1], b: [2] }, { legend: "bottom-right" }).layout.legend).toMatchObject({ xanchor: "right", yanchor: "bottom" });
    expect(lines({ a: [1], b: [2] }, { legend: "below" }).layout.legend).toMatchObject({ orientation: "h" });
    expect(lines({ a: [1], b: [2] }, { legend: false }).layout.showlegend).toBe(false);
    expect(lines({ a: [1] }, { legend: "top-right" }).layout.showlegend).toBe(true);
    expect(lines({ a: [1] }).layout.showlegend).toBe(false);
    expect(() => lines([1], { legend: "left" as never })).toThrow(/legend must be one of/);
  });
});

describe("decisionBoundary colours", () => {
  const pts = { x: [0.5, -0.5, 0.2], y: [0.5, -0.5, 0.1], labels: [1, 0, 1] };
  const boundary = (title: string) => decisionBoundary((x, y) => (x + y > 0 ? 0.9 : 0.1), { x: [-1, 1], y: [-1, 1], steps: 4, points: pts, title });
  it("tints class regions with the colours of their points", () => {
    const fig = boundary("a");
    const scale = fig.data[0].colorscale as [number, string][];
    const c0 = fig.data.find((t) => t.name === "class 0")!;
    const c1 = fig.data.find((t) => t.name === "class 1")!;
    expect(scale[0][1]).toBe((c0.marker as { color: string }).color);
    expect(scale.at(-1)![1]).toBe((c1.marker as { color: string }).color);
    expect([scale[0][1], scale.at(-1)![1]]).toEqual([classColor(0), classColor(1)]);
    expect(fig.data[0].zmid).toBe(0.5);
    // scatter() with labels uses the same class colours
    expect(scatter(pts).data.map((t) => (t.marker as { color: string }).color)).toEqual([classColor(0), classColor(1)]);
  });
  it("keeps class colours across subplots and lists each class once", () => {
    const fig = subplots([boundary("a"), boundary("b"), boundary("c")]);
    const classTraces = fig.data.filter((t) => String(t.name).startsWith("class"));
    expect(classTraces).toHaveLength(6);
    for (const t of classTraces) expect((t.marker as { color: string }).color).toBe(t.name === "class 0" ? classColor(0) : classColor(1));
    expect(classTraces.filter((t) => t.showlegend !== false).map((t) => [t.name, t.xaxis])).toEqual([
      ["class 0", "x"],
      ["class 1", "x"],
    ]);
    expect(new Set(classTraces.map((t) => t.legendgroup))).toEqual(new Set(["class 0", "class 1"]));
    expect(fig).toBeInstanceOf(Figure);
  });
});
