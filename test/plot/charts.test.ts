import { describe, expect, it } from "vitest";
import { lines, scatter, histogram } from "../../src/plot/charts";
import { contour, decisionBoundary, grid } from "../../src/plot/surface";
import { subplots } from "../../src/plot/subplots";
import { Figure } from "../../src/plot/figure";
import { MIME_BUNDLE } from "../../src/cell/mime";

describe("lines", () => {
  it("makes one named trace per series, x defaulting to step index", () => {
    const fig = lines({ sgd: [3, 2, 1], adam: new Float64Array([3, 1, 0.5]) }, { title: "loss", xLabel: "step", logY: true });
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0]).toMatchObject({ type: "scatter", mode: "lines", name: "sgd", x: [0, 1, 2], y: [3, 2, 1] });
    expect(fig.data[1].y).toEqual([3, 1, 0.5]);
    expect(fig.layout.yaxis).toMatchObject({ type: "log" });
    expect(fig.layout.title).toEqual({ text: "loss" });
    expect(fig.layout.showlegend).toBe(true);
  });
  it("draws a series dashed when asked, live and in the picture, and names a wrong style", () => {
    const fig = lines([{ name: "data", y: [3, 2, 1] }, { name: "reference", y: [3, 2, 1], dash: "dash" }]);
    expect(fig.data[0].line).toEqual({ color: expect.any(String) });
    expect(fig.data[1].line).toMatchObject({ dash: "dash" });
    const dashed = [...fig.toSVG().matchAll(/<path [^>]*stroke-dasharray="([^"]+)"/g)];
    expect(dashed.length).toBeGreaterThanOrEqual(2); // the curve and its legend sample
    expect(() => lines([{ y: [1, 2], dash: "dashed" as never }])).toThrow(/series 0: dash must be one of "solid", "dash", "dot", "dashdot", "longdash", got string "dashed"/);
  });
  it("accepts explicit x and turns non-finite values into gaps", () => {
    const fig = lines([{ name: "a", x: [10, 20], y: [1, NaN] }]);
    expect(fig.data[0].x).toEqual([10, 20]);
    expect(fig.data[0].y).toEqual([1, null]);
  });
  it("smooths with a bias-corrected moving average", () => {
    const fig = lines([2, 2, 2], { smooth: 0.9 });
    (fig.data[0].y as number[]).forEach((v) => expect(v).toBeCloseTo(2, 12));
  });
  it("names the bad parameter", () => {
    expect(() => lines([{ name: "a", x: [1], y: [1, 2] }])).toThrow(/x has 1 values but y has 2/);
    expect(() => lines(null as never)).toThrow(/series must be/);
    expect(() => lines([1], { smooth: 1 })).toThrow(/smooth/);
  });
});

describe("scatter and histogram", () => {
  it("splits points by label into one trace per class", () => {
    const fig = scatter({ x: [0, 1, 2, 3], y: [0, 1, 0, 1], labels: [1, 0, 1, 0] });
    expect(fig.data.map((t) => t.name)).toEqual(["class 0", "class 1"]);
    expect(fig.data[1]).toMatchObject({ x: [0, 2], y: [0, 0], mode: "markers" });
  });
  it("overlays several histograms with bins and density", () => {
    const fig = histogram({ w1: [1, 2, 3], w2: [2, 3, 4] }, { bins: 10, density: true });
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0]).toMatchObject({ type: "histogram", nbinsx: 10, histnorm: "probability density", opacity: 0.6 });
    expect(fig.layout.barmode).toBe("overlay");
    expect(() => histogram([1], { bins: 0 })).toThrow(/bins/);
  });
});

describe("contour and decision boundary", () => {
  it("samples f on the grid with z[row=y][col=x]", () => {
    const g = grid((x, y) => x + 10 * y, [0, 1], [0, 2], 3);
    expect(g.x).toEqual([0, 0.5, 1]);
    expect(g.y).toEqual([0, 1, 2]);
    expect(g.z[2][1]).toBe(0.5 + 20);
  });
  it("draws log contours with optimizer paths on top", () => {
    const fig = contour((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, {
      x: [-2, 2],
      y: [-1, 3],
      steps: 5,
      logZ: true,
      paths: { sgd: [[-1, 1], [0, 0.5]], adam: { x: [1, 1], y: [2, 1] } },
    });
    expect(fig.data.map((t) => t.type)).toEqual(["contour", "scatter", "scatter"]);
    expect((fig.data[0].z as number[][])[0][0]).toBeCloseTo(Math.log10(9 + 100 * 25), 10);
    expect(fig.data[1]).toMatchObject({ name: "sgd", x: [-1, 0], y: [1, 0.5] });
    expect(() => contour((x) => x, { x: [1, 0], y: [0, 1] })).toThrow(/x must be a range/);
    expect(() => contour((x) => x, { x: [0, 1], y: [0, 1], paths: { p: [[1]] as never } })).toThrow(/path "p" point 0/);
  });
  it("keeps the surface's box as the view when a path leaves it, on the interactive plot and its picture", () => {
    // AdaGrad's first step on a bowl: α·sign(g) = 100 per coordinate, far outside the box.
    // (f is scaled down so that the colour bar's labels are not integers: the integer labels are the axes'.)
    const fig = contour((x, y) => (x * x / 100 + y * y) / 1000, { x: [-10, 5], y: [-3, 3], steps: 5, paths: { adagrad: [[-10, 2], [90, -98], [-4, 1]] } });
    expect(fig.layout.xaxis).toMatchObject({ range: [-10, 5] });
    expect(fig.layout.yaxis).toMatchObject({ range: [-3, 3] });
    // The picture's x ticks stay within [-10, 5] (an autorange over the path would reach 90).
    const ticks = [...fig.toSVG().matchAll(/<text[^>]*>(−?\d+)<\/text>/g)].map((m) => Number(m[1]!.replace("−", "-")));
    expect(ticks.length).toBeGreaterThan(3);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(5);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(-10);
    expect(ticks).toContain(-10);
    // Log axes take the box in powers of ten, as plotly does.
    const log = contour((x, y) => x + y, { x: [0.01, 100], y: [1, 10], steps: 4, logX: true, logY: true });
    expect(log.layout.xaxis).toMatchObject({ type: "log", range: [-2, 2] });
    expect(log.layout.yaxis).toMatchObject({ type: "log", range: [0, 1] });
  });
  it("marks the decision boundary at the threshold and overlays labelled points", () => {
    const fig = decisionBoundary((x, y) => (x + y > 0 ? 1 : 0), { x: [-1, 1], y: [-1, 1], steps: 4, points: { x: [0.5, -0.5], y: [0.5, -0.5], labels: [1, 0] } });
    expect(fig.data[0].type).toBe("heatmap");
    expect(fig.data[1]).toMatchObject({ type: "contour", contours: { coloring: "lines", start: 0.5, end: 0.5 } });
    expect(fig.data.slice(2).map((t) => t.name)).toEqual(["class 0", "class 1"]);
  });
});

describe("subplots and Figure", () => {
  it("moves each figure to its own axes and keeps log scales and titles", () => {
    const a = lines({ l: [1, 2] }, { title: "loss", logY: true });
    const b = histogram([1, 2, 3], { title: "weights" });
    const fig = subplots([a, b]);
    expect(fig.data.map((t) => [t.xaxis, t.yaxis])).toEqual([
      ["x", "y"],
      ["x2", "y2"],
    ]);
    expect(fig.layout.grid).toEqual({ rows: 1, columns: 2, pattern: "independent" });
    expect(fig.layout.yaxis).toMatchObject({ type: "log" });
    expect((fig.layout.annotations as { text: string }[]).map((x) => x.text)).toEqual(["loss", "weights"]);
    expect(() => subplots([])).toThrow(/non-empty/);
  });
  it("lists a series named in several panels once, grouped so one click toggles it everywhere", () => {
    const a = lines({ train: [3, 2, 1], dev: [3, 2.5, 2] }, { title: "α = 0.1" });
    const b = lines({ train: [3, 1, 0.5], dev: [3, 2, 2.5] }, { title: "α = 1" });
    const h = histogram([1, 2, 2, 3], { title: "weights" });
    const fig = subplots([a, b, h]);
    const entries = fig.data.filter((t) => t.showlegend !== false).map((t) => t.name);
    expect(entries.filter((n) => n === "train")).toHaveLength(1);
    expect(entries.filter((n) => n === "dev")).toHaveLength(1);
    const train = fig.data.filter((t) => t.name === "train");
    expect(train).toHaveLength(2);
    expect(train[0]!.legendgroup).toBe(train[1]!.legendgroup);
    expect(train[0]!.legendgroup).not.toBe(fig.data.find((t) => t.name === "dev")!.legendgroup);
  });
  it("serialises to plotly JSON and offers a plotly MIME bundle", () => {
    const fig = new Figure([{ type: "bar", x: [1], y: [2] }], { title: "t" });
    expect(JSON.parse(JSON.stringify(fig))).toEqual({ data: [{ type: "bar", x: [1], y: [2] }], layout: { title: "t" } });
    expect(String(fig)).toBe('<Figure "t": 1 trace (bar)>');
    const bundle = fig[MIME_BUNDLE]();
    expect(bundle["application/vnd.plotly.v1+json"]).toEqual(fig.toJSON());
    expect(bundle["text/plain"]).toBe('<Figure "t": 1 trace (bar)>');
  });
});
