// heatmap, surface3d and animate (the kinds lessons 11–16 and 19 use), and
// the compact form figures take in a saved notebook.
import { describe, expect, it } from "vitest";
import { heatmap } from "../../src/plot/heatmap";
import { surface3d } from "../../src/plot/surface3d";
import { animate } from "../../src/plot/animate";
import { lines, histogram } from "../../src/plot/charts";
import { contour, decisionBoundary } from "../../src/plot/surface";
import { Figure } from "../../src/plot/figure";
import { compactFigure, roundValues, thinLine } from "../../src/plot/compact";
import { binEdges, countBins, normalise } from "../../src/plot/bins";
import { figureBundle } from "../../src/cell/plotly-html";
import * as root from "../../src";
import { elements } from "../helpers/svg";

describe("heatmap", () => {
  it("keeps row 0 on top, labels as categories, counts written as integers", () => {
    const fig = heatmap([[50, 3], [7, 40]], { xLabels: [0, 1], yLabels: ["a", "b"], xLabel: "predicted", yLabel: "true" });
    const t = fig.data[0]!;
    expect(t).toMatchObject({ type: "heatmap", x: ["0", "1"], y: ["a", "b"], z: [[50, 3], [7, 40]], texttemplate: "%{z:d}", showscale: true });
    expect(fig.layout.yaxis).toMatchObject({ autorange: "reversed", type: "category" });
    expect(heatmap([[0.5, 0.25]]).data[0]!.texttemplate).toBe("%{z:.3g}");
    expect(heatmap([[1]], { text: ".1%" }).data[0]!.texttemplate).toBe("%{z:.1%}");
    expect(heatmap({ rows: 2, cols: 2, data: [1, 2, 3, 4] }).data[0]!.z).toEqual([[1, 2], [3, 4]]);
    expect(heatmap([[1, 2]], { colorscale: "Viridis" }).data[0]!.colorscale).toBe("Viridis");
  });
  it("names the bad argument", () => {
    expect(() => heatmap([[1, 2], [3]])).toThrow(/every row must have 2 values .* z\[1\] has 1/);
    expect(() => heatmap([[1, 2]], { xLabels: ["a"] })).toThrow(/xLabels must have 2 labels/);
    expect(() => heatmap([[1]], { colorscale: "Jet" as never })).toThrow(/colorscale must be one of Blues, Viridis, RdBu/);
    expect(() => heatmap("x" as never)).toThrow(/heatmap: z must be/);
  });
});

describe("surface3d", () => {
  it("samples f on the grid and puts each path on the surface (z = f(x, y))", () => {
    const saddle = (x: number, y: number) => x * x - y * y;
    const fig = surface3d(saddle, { x: [-1, 1], y: [-2, 2], steps: 5, paths: { gd: [[1, 0.5], [0.5, 1]] }, zLabel: "cost" });
    const [s, p] = fig.data as Record<string, unknown>[];
    expect(s).toMatchObject({ type: "surface", x: [-1, -0.5, 0, 0.5, 1], y: [-2, -1, 0, 1, 2] });
    expect((s!.z as number[][])[0]![4]).toBe(saddle(1, -2));
    expect(p).toMatchObject({ type: "scatter3d", name: "gd", x: [1, 0.5], y: [0.5, 1], z: [0.75, -0.75] });
    expect(fig.layout.scene).toMatchObject({ aspectmode: "cube", zaxis: { title: { text: "cost" } } });
    expect(() => surface3d(saddle, { x: [1, 0], y: [0, 1] })).toThrow(/x must be a range/);
    expect(() => surface3d(saddle, { x: [0, 1], y: [0, 1], paths: { p: { x: [1], y: [1, 2] } } })).toThrow(/path "p" has 1 x values but 2 y values/);
  });

  it("keeps its grid as x and y arrays in the saved form (plotly's surface has no x0/dx), so the saved picture is the surface", () => {
    const saddle = (x: number, y: number) => x * x - y * y;
    const fig = surface3d(saddle, { x: [-2, 2], y: [-2, 2], steps: 9 });
    const [s] = compactFigure(fig.toJSON()).data as Record<string, unknown>[];
    expect(s).toMatchObject({ type: "surface", x: [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2], y: [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2] });
    expect(s).not.toHaveProperty("x0");
    expect(s).not.toHaveProperty("dy");
    // The bundle a notebook saves draws the same number of quads as the figure itself.
    const bundle = figureBundle(fig.toJSON());
    const svg = String(bundle["image/svg+xml"]);
    expect(elements(svg, "path").length).toBeGreaterThanOrEqual(64);
  });
});

describe("animate", () => {
  const bowl = (x: number, y: number) => x * x + 10 * y * y;
  const path = Array.from({ length: 21 }, (_, k) => [1 - k / 20, 0.5 * (-0.8) ** k]);
  const base = contour(bowl, { x: [-1.2, 1.2], y: [-1, 1], steps: 20, paths: { gd: path, still: [[0, 0], [0, 0]] } });
  const fig = animate(base, { frames: 5, label: "step " });

  it("puts a legend asked for below the plot between the axis and the controls, in plotly's layout and in the picture", () => {
    const names = ["GD α=0.56", "momentum α=5.6", "Nesterov α=5.6", "AdaGrad α=1.0e+2", "RMSprop α=0.32", "Adam α=0.32"];
    const paths = Object.fromEntries(names.map((n, k) => [n, path.map(([x, y]) => [x, y! + k / 10])]));
    const below = animate(contour(bowl, { x: [-1.2, 1.2], y: [-1, 1], steps: 10, paths, legend: "below" }), { frames: 3 });
    const layout = below.layout as { height: number; margin: { t: number; b: number }; legend: { y: number; yanchor: string }; updatemenus: { pad: { t: number } }[]; sliders: { pad: { t: number } }[] };
    // Six names wrap to two rows in 700 px: the legend spans 50 … 50 + 2·24 px under the plot, the slider's label starts below that.
    const area = layout.height - layout.margin.t - layout.margin.b;
    const legendTop = -layout.legend.y * area;
    expect(layout.legend.yanchor).toBe("top");
    expect(legendTop).toBeCloseTo(50, 9);
    expect(layout.sliders[0]!.pad.t).toBeGreaterThanOrEqual(legendTop + 2 * 24);
    expect(layout.updatemenus[0]!.pad.t).toBe(layout.sliders[0]!.pad.t + 15);
    expect(layout.margin.b).toBeGreaterThanOrEqual(layout.updatemenus[0]!.pad.t + 55);
    // The picture: every legend entry lies above the slider's "step" label.
    const svg = below.toSVG();
    const legendYs = [.../<g class="legend">(.*?)<\/g>/.exec(svg)![1]!.matchAll(/<text[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]));
    const labelY = Number(/<g class="slider">.*?<text[^>]* y="([\d.]+)"/.exec(svg)![1]);
    expect(legendYs).toHaveLength(6);
    expect(Math.max(...legendYs) + 12).toBeLessThan(labelY - 12);
    // Without a legend below, the controls keep their place under the axis title.
    expect((fig.layout as { updatemenus: { pad: { t: number } }[] }).updatemenus[0]!.pad.t).toBe(75);
  });

  it("grows each path frame by frame on one step count; the last frame is the whole figure", () => {
    expect(fig.frames).toHaveLength(5);
    expect(fig.frames!.map((f) => f.traces)).toEqual(Array(5).fill([1, 2]));
    // 21 points over 5 frames: up to points 0, 5, 10, 15, 20
    expect(fig.frames!.map((f) => (f.data[0]!.y as number[]).length)).toEqual([1, 6, 11, 16, 21]);
    expect(fig.frames!.map((f) => (f.data[1]!.y as number[]).length)).toEqual([1, 2, 2, 2, 2]);
    expect(fig.frames!.at(-1)!.data[0]!.y).toEqual(fig.data[1]!.y);
    expect(fig.data[1]!.x).toEqual(path.map((p) => p[0]));
    expect(base.frames).toBeUndefined(); // the input is not changed
  });
  it("fixes the axes to the whole figure's ranges and adds play/pause and a slider at the last frame", () => {
    expect(fig.layout.xaxis).toMatchObject({ range: [-1.2, 1.2], autorange: false });
    expect(fig.layout.yaxis).toMatchObject({ range: [-1, 1], autorange: false });
    const [menu] = fig.layout.updatemenus as { buttons: { label: string; args: unknown[] }[] }[];
    expect(menu!.buttons.map((b) => b.label)).toEqual(["▶", "❚❚"]);
    expect(menu!.buttons[0]!.args[0]).toBeNull();
    const [slider] = fig.layout.sliders as { active: number; steps: { label: string; args: unknown[][] }[] }[];
    expect(slider!.active).toBe(4);
    expect(slider!.steps.map((s) => s.label)).toEqual(["0", "5", "10", "15", "20"]);
    expect(slider!.steps[2]!.args[0]).toEqual(["2"]);
  });
  it("its static picture is the last frame: the whole path and the slider at its end", () => {
    const svg = fig.toSVG();
    const circles = elements(svg.replace(/<g class="legend">.*?<\/g>/, ""), "circle");
    expect(circles.length).toBe(21 + 2);
    expect(elements(svg, "text").map((t) => t.text)).toContain("step 20");
    expect(svg).toContain('class="slider"');
  });
  it("labels a cost curve's frames by its x, samples long curves, and carries frames in the bundle", () => {
    const costs = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    const grown = animate(lines({ adam: costs }, { logY: true }), { label: "epoch " });
    expect(grown.frames).toHaveLength(40);
    expect((grown.data[0]!.y as number[]).length).toBe(300);
    expect((grown.data[0]!.x as number[]).at(-1)).toBe(999);
    expect((grown.layout.sliders as { steps: { label: string }[] }[])[0]!.steps.at(-1)!.label).toBe("999");
    const b = figureBundle(grown.toJSON());
    expect((b["application/vnd.plotly.v1+json"] as { frames: unknown[] }).frames).toHaveLength(40);
    expect(JSON.stringify(b["application/vnd.plotly.v1+json"]).length).toBeLessThan(150_000);
  });
  it("names the bad argument", () => {
    expect(() => animate(histogram([1, 2]))).toThrow(/no line or marker trace/);
    expect(() => animate(base, { traces: [0] })).toThrow(/trace 0 is a contour/);
    expect(() => animate(base, { frames: 1 })).toThrow(/frames must be an integer ≥ 2/);
    expect(() => animate({} as Figure)).toThrow(/fig must be a Figure/);
  });
  it("is in descent's plot namespace with the other new kinds", () => {
    expect(root.plot.animate).toBe(animate);
    expect(root.plot.heatmap).toBe(heatmap);
    expect(root.plot.surface3d).toBe(surface3d);
  });
});

describe("compact figure data", () => {
  it("keeps 4 digits of a series' range (4 significant digits on log axes), integers as they are", () => {
    expect(roundValues([0.693147180, 0.5, 0.300000001])).toEqual([0.69315, 0.5, 0.3]);
    expect(roundValues([1e-7 * Math.PI, 1], true)).toEqual([3.142e-7, 1]);
    expect(roundValues([1, 2, 3])).toEqual([1, 2, 3]);
    expect(roundValues([1, Number.NaN, 2.000001])).toEqual([1, null, 2]);
  });
  it("thins long lines by buckets of x, keeping first, lowest, highest and last of each", () => {
    const y = [5, 1, 9, 4, /* bucket 2 */ 3, 3, 3, 3];
    const keep = thinLine([0, 1, 2, 3, 4, 5, 6, 7], y, 2);
    expect(keep).toEqual([0, 1, 2, 3, 4, 7]);
  });
  it("replaces raw histogram values by explicit bins and counts", () => {
    const values = [0.1, 0.2, 1.5, 1.6, 1.7, 3.9];
    const fig = compactFigure(histogram(values, { bins: 4 }).toJSON());
    const t = fig.data[0]!;
    expect(t).toMatchObject({ histfunc: "sum", x: [0.5, 1.5, 3.5], y: [2, 3, 1], xbins: { start: 0, end: 4, size: 1 }, autobinx: false });
    expect(t.nbinsx).toBeUndefined();
  });
  it("bins with nice widths shared by overlaid sets, the top edge in the last bin", () => {
    expect(binEdges([[0.5, 10]], 4)).toEqual({ start: 0, size: 2.5, count: 4 });
    expect(binEdges([[0.5], [10]], 4)).toEqual({ start: 0, size: 2.5, count: 4 });
    expect(countBins([0, 2.4, 2.5, 10], { start: 0, size: 2.5, count: 4 }).counts).toEqual([2, 1, 0, 1]);
    expect(normalise([2, 1, 0, 1], 2.5, "probability density")).toEqual([0.2, 0.1, 0, 0.1]);
  });
  it("bins integers (counts) by whole widths with edges half-way between them, so each bar holds whole integers", () => {
    // Lesson 15's numbers of negative eigenvalues: 2 … 6 with 9 bins asked. A 0.5-wide bin from 2 had put 6 in [5.5, 6].
    const ks = [2, 3, 3, 4, 4, 4, 5, 5, 6];
    const e = binEdges([ks], 9);
    expect(e).toEqual({ start: 1.5, size: 1, count: 5 });
    expect(countBins(ks, e).counts).toEqual([1, 2, 3, 2, 1]);
    // Wider ranges keep whole widths: 2.5 becomes 5, and the first edge clears the smallest value.
    expect(binEdges([[0, 10]], 4)).toEqual({ start: -0.5, size: 5, count: 3 });
    expect(binEdges([[3, 40]], 10)).toEqual({ start: -0.5, size: 5, count: 9 }); // 40 needs the ninth bin, [39.5, 44.5]
    expect(binEdges([[7, 7]])).toEqual({ start: 6.5, size: 1, count: 1 });
    // One non-integer anywhere and the usual edges come back.
    expect(binEdges([[2, 6], [3.5]], 9)).toEqual({ start: 2, size: 0.5, count: 8 });
    const fig = compactFigure(histogram(ks, { bins: 9 }).toJSON());
    expect(fig.data[0]).toMatchObject({ x: [2, 3, 4, 5, 6], y: [1, 2, 3, 2, 1], xbins: { start: 1.5, end: 6.5, size: 1 } });
  });
  it("writes evenly spaced x as x0/dx, simplifies dense smooth lines, and keeps the shape", () => {
    const y = Array.from({ length: 1000 }, (_, i) => Math.exp(-i / 100));
    const t = compactFigure(lines({ y }, { logY: true }).toJSON()).data[0]!;
    // exp(−i/100) is a straight line on a log axis: two points are enough
    expect((t.y as number[]).length).toBe(2);
    expect(t.x).toEqual([0, 999]);
    const flat = compactFigure(lines({ y: Array.from({ length: 300 }, (_, i) => Math.sin(i / 10)) }).toJSON()).data[0]!;
    if (flat.x === undefined) expect([flat.x0, flat.dx]).toEqual([0, 1]);
    else expect((flat.x as number[]).length).toBe((flat.y as number[]).length);
    expect((flat.y as number[]).length).toBeLessThan(300);
    const c = compactFigure(contour((x, y) => x + y, { x: [0, 1], y: [0, 2], steps: 11 }).toJSON()).data[0]!;
    expect([c.x0, c.dx, c.y0, c.dy]).toEqual([0, 0.1, 0, 0.2]);
    expect(c.x).toBeUndefined();
  });
  it("writes a decision boundary as its line and its regions on a grid no finer than a plot needs", () => {
    const predict = (x: number, y: number) => 1 / (1 + Math.exp(-(x * x + y - 0.5) * 4));
    const fig = decisionBoundary(predict, { x: [-1.5, 1.5], y: [-1, 1.5], steps: 100 });
    const [regions, boundary] = compactFigure(fig.toJSON()).data;
    expect(regions).toMatchObject({ type: "heatmap", zsmooth: "best", x0: -1.5, dx: expect.closeTo(3 / 49, 4) });
    expect((regions!.z as number[][]).length).toBe(50);
    expect(boundary).toMatchObject({ type: "scatter", mode: "lines", name: "boundary", hoverinfo: "skip", showlegend: false, line: { color: "black", width: 2 } });
    const bx = boundary!.x as (number | null)[], by = boundary!.y as (number | null)[];
    expect(bx.length).toBeGreaterThan(5);
    bx.forEach((x, k) => { if (x !== null) expect(predict(x, by[k]!)).toBeCloseTo(0.5, 1); });
  });
  it("makes lesson-sized figures small: a 10 000-step noisy cost curve and an 80×80 contour", () => {
    const noisy = Array.from({ length: 10_000 }, (_, i) => Math.exp(-i / 3000) * (1 + 0.1 * Math.sin(i * 12.9898)));
    const raw = JSON.stringify(lines({ noisy }).toJSON()).length;
    const small = JSON.stringify(figureBundle(lines({ noisy }).toJSON())["application/vnd.plotly.v1+json"]).length;
    expect(raw).toBeGreaterThan(200_000);
    expect(small).toBeLessThan(40_000);
    const c = contour((x, y) => Math.log10(1 + (1 - x) ** 2 + 100 * (y - x * x) ** 2), { x: [-2, 2], y: [-1, 3] });
    expect(JSON.stringify(figureBundle(c.toJSON())["application/vnd.plotly.v1+json"]).length).toBeLessThan(45_000);
  });
});
