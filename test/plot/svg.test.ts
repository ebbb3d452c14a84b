// The static picture against the figure's data: what is drawn (how many
// markers, bars, lines, cells, labels) and where (pixel positions computed
// by hand from the axis ranges and the plot area), for every figure kind.
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/plot/svg";
import { autoRanges } from "../../src/plot/svg/render";
import { linearTicks, logTicks, niceStep } from "../../src/plot/svg/axis";
import { isolines, simplify } from "../../src/plot/svg/isolines";
import { lines, scatter, histogram } from "../../src/plot/charts";
import { contour, decisionBoundary } from "../../src/plot/surface";
import { subplots } from "../../src/plot/subplots";
import { heatmap } from "../../src/plot/heatmap";
import { surface3d } from "../../src/plot/surface3d";
import { classColor, PALETTE } from "../../src/plot/palette";
import { elements, pathRuns } from "../helpers/svg";

// A 500×300 figure with 50 px margins: the plot area is x 50…450, y 50…250.
const frame = { width: 500, height: 300, margin: { l: 50, r: 50, t: 50, b: 50 }, showlegend: false, xaxis: { range: [0, 10] }, yaxis: { range: [0, 10] } };
const X = (x: number) => 50 + 40 * x;
const Y = (y: number) => 250 - 20 * y;
const near = (a: number, b: number, tol = 0.06) => Math.abs(a - b) <= tol;

describe("axes", () => {
  it("picks 1-2-5 steps and labels them plainly, with a true minus", () => {
    expect([0.013, 0.3, 4, 70].map(niceStep)).toEqual([0.02, 0.5, 5, 100]);
    expect(linearTicks(-1, 1, 4).map((t) => t.text)).toEqual(["−1", "−0.5", "0", "0.5", "1"]);
  });
  it("labels log axes with powers of ten, never SI prefixes", () => {
    const t = logTicks(-9, -2, 10);
    expect(t.map((k) => k.at)).toEqual([-9, -8, -7, -6, -5, -4, -3, -2]);
    expect(t.map((k) => `${k.text}^${k.exp ?? ""}`)).toEqual(["10^−9", "10^−8", "10^−7", "10^−6", "10^−5", "10^−4", "10^−3", "10^−2"]);
    expect(logTicks(0, 1, 5).map((k) => k.text + (k.exp ?? ""))).toEqual(["1", "2", "5", "10"]);
    const fig = lines({ a: [1e-9, 1e-6, 1e-3] }, { logY: true, title: "tiny" });
    expect(fig.layout.yaxis).toMatchObject({ type: "log", exponentformat: "power" }); // plotly: 10⁻⁶, not 1μ
    const svg = fig.toSVG();
    expect(elements(svg, "title")[0]!.text).toBe("tiny");
    const labels = elements(svg, "text").map((e) => e.text);
    expect(labels).toContain("10−6");
    expect(labels.join(" ")).not.toMatch(/\d[μnmpfk]\b/);
  });
});

describe("lines and scatter", () => {
  it("puts each marker at its data point and colours classes like the interactive plot", () => {
    const fig = scatter({ x: [1, 5, 9, 2], y: [1, 5, 9, 8], labels: [0, 1, 1, 0] });
    const svg = renderSvg({ data: fig.data, layout: frame });
    const groups = [...svg.matchAll(/<g fill="([^"]+)"[^>]*>((?:<circle[^>]*\/>)*)<\/g>/g)];
    expect(groups.map((g) => g[1])).toEqual([classColor(0), classColor(1)]);
    const circles = elements(svg, "circle").map((c) => [+c.cx!, +c.cy!]);
    expect(circles).toEqual([[X(1), Y(1)], [X(2), Y(8)], [X(5), Y(5)], [X(9), Y(9)]]);
  });
  it("draws a line through its points in order, breaking at gaps", () => {
    const fig = lines([{ name: "a", x: [0, 2, 4, 6, 8], y: [1, 9, Number.NaN, 3, 5] }]);
    const svg = renderSvg({ data: fig.data, layout: frame });
    const path = elements(svg, "path").find((p) => p.fill === "none" && p.stroke === PALETTE[0])!;
    expect(pathRuns(path.d!)).toEqual([[[X(0), Y(1)], [X(2), Y(9)]], [[X(6), Y(3)], [X(8), Y(5)]]]);
    expect(path["stroke-width"]).toBe("2");
  });
  it("takes the x axis of evenly spaced x (saved as plotly's x0 and dx) from x0 + k·dx, not from the index k", () => {
    const zs = Array.from({ length: 121 }, (_, i) => -6 + i * 0.1);
    expect(autoRanges({ data: [{ type: "scatter", mode: "lines", x0: -6, dx: 0.1, y: zs.map(Math.tanh) }], layout: {} }).xaxis!.range).toEqual([-6, -6 + 120 * 0.1]);
    // Lesson 00's activation plot, through the compact form a notebook saves: the curve spans the plot's width.
    const svg = lines([{ name: "tanh", x: zs, y: zs.map(Math.tanh) }, { name: "relu", x: zs, y: zs.map((z) => Math.max(0, z)) }]).toSVG();
    const run = pathRuns(elements(svg, "path").find((p) => p.fill === "none" && p.stroke === PALETTE[0])!.d!)[0]!;
    const xs = run.map((p) => p[0]);
    expect(Math.min(...xs)).toBeCloseTo(60, 0);
    expect(Math.max(...xs)).toBeGreaterThan(500);
  });
  it("keeps a circle round with equalAxes, alone and in a panel of subplots (plotly's scaleanchor)", () => {
    const circle = { name: "‖g‖ = 1", x: Array.from({ length: 101 }, (_, k) => Math.cos((2 * Math.PI * k) / 100)), y: Array.from({ length: 101 }, (_, k) => Math.sin((2 * Math.PI * k) / 100)) };
    const spoke = { name: "g", x: [0, 6], y: [0, 0.5] };
    const extent = (svg: string, stroke: string) => {
      const pts = elements(svg, "path").filter((p) => p.fill === "none" && p.stroke === stroke).flatMap((p) => pathRuns(p.d!).flat());
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      return [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    };
    const round = lines([spoke, circle], { equalAxes: true });
    expect(round.layout.yaxis).toMatchObject({ scaleanchor: "x", scaleratio: 1 });
    const [w, h] = extent(round.toSVG(), PALETTE[1]);
    expect(Math.abs(w - h)).toBeLessThan(1);
    // Without it the wide x range (−1 … 6) squashes the circle into an ellipse.
    const [w0, h0] = extent(lines([spoke, circle]).toSVG(), PALETTE[1]);
    expect(h0 / w0).toBeGreaterThan(1.5);
    const both = subplots([lines([spoke, circle]), lines([spoke, circle], { equalAxes: true })], { cols: 2, width: 900, height: 470 });
    expect(both.layout.yaxis2).toMatchObject({ scaleanchor: "x2" });
    expect((both.layout.yaxis as { scaleanchor?: string }).scaleanchor).toBeUndefined();
    const svg = both.toSVG();
    const panel2 = elements(svg, "path").filter((p) => p.fill === "none" && p.stroke === PALETTE[1]).at(-1)!;
    const pts = pathRuns(panel2.d!).flat();
    const pw = Math.max(...pts.map((p) => p[0])) - Math.min(...pts.map((p) => p[0]));
    const ph = Math.max(...pts.map((p) => p[1])) - Math.min(...pts.map((p) => p[1]));
    expect(Math.abs(pw - ph)).toBeLessThan(1);
    expect(() => lines([circle], { equalAxes: true, logY: true })).toThrow(/equalAxes needs linear axes/);
    expect(() => lines([circle], { equalAxes: "yes" as never })).toThrow(/equalAxes must be true or false, got/);
  });
  it("thins a 100 000-point noisy line to a few points a pixel column, keeping its extremes", () => {
    const y = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 5000) + (i === 77_777 ? 3 : 0));
    const svg = lines({ y }).toSVG();
    const run = pathRuns(elements(svg, "path").find((p) => p.fill === "none" && p.stroke === PALETTE[0])!.d!)[0]!;
    expect(run.length).toBeLessThan(3000);
    const top = Math.min(...run.map((p) => p[1])); // the spike is the highest point drawn
    const spike = run.find((p) => p[1] === top)!;
    const plotLeft = 60, plotW = 700 - 60 - 20;
    expect(Math.abs(spike[0] - (plotLeft + (77_777 / 99_999) * plotW))).toBeLessThan(1);
  });
});

describe("histograms", () => {
  it("draws one bar a non-empty bin, heights in proportion to the counts", () => {
    const values = [0.5, 1.5, 1.6, 2.5, 2.6, 2.7, 4.5];
    const fig = histogram(values, { bins: 5 });
    const svg = renderSvg({ data: fig.data, layout: { ...frame, xaxis: {}, yaxis: {} } });
    const bars = pathRuns(elements(svg, "path").find((p) => p.fill === PALETTE[0])!.d!);
    // bins of width 1 from 0: counts 1, 2, 3, 0, 1
    expect(bars).toHaveLength(4);
    const heights = bars.map((b) => b[0]![1] - b[1]![1]);
    expect(heights.map((h) => h / heights[0]!)).toEqual([1, 2, 3, 1].map((c) => expect.closeTo(c, 2)));
    const widths = bars.map((b) => b[2]![0] - b[1]![0]);
    widths.forEach((w) => expect(w).toBeCloseTo(widths[0]!, 1));
  });
});

describe("contours, decision boundaries and heatmaps", () => {
  it("draws contour lines where f equals each level, over the colour field image", () => {
    const fig = contour((x, y) => x * x + y * y, { x: [-2, 2], y: [-2, 2], steps: 41, legend: false });
    const svg = renderSvg({ data: [{ ...fig.data[0], showscale: false, contours: { coloring: "heatmap", start: 1, end: 1, size: 1 } }], layout: { ...frame, xaxis: { range: [-2, 2] }, yaxis: { range: [-2, 2] } } });
    // image: 41×41 pixels, one a grid point, the corners yellow (high) and the middle dark purple (low)
    const img = elements(svg, "image")[0]!;
    const png = Buffer.from(img.href!.split(",")[1]!, "base64");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([41, 41]);
    const raw = inflateSync(png.subarray(41, png.length - 12)); // the single IDAT chunk
    expect(raw[1]).toBeGreaterThan(200); // top-left pixel's red: Viridis' yellow end
    const ring = pathRuns(elements(svg, "path").find((p) => p.stroke === "rgba(0,0,0,0.35)")!.d!).flat();
    expect(ring.length).toBeGreaterThan(8);
    // back to data: x = (px − 50)/100 − 2, y = 2 − (py − 50)/50; on the circle r = 1 within the grid's error
    for (const [px, py] of ring) expect(Math.hypot((px - 50) / 100 - 2, 2 - (py - 50) / 50)).toBeCloseTo(1, 1);
  });
  it("marching squares finds the level set, and simplification keeps the shape", () => {
    const z = [[0, 0, 0], [0, 2, 0], [0, 0, 0]];
    const [loop] = isolines(z, 1);
    expect(loop!.length).toBe(5); // a closed diamond: 4 crossings, back to the first
    expect(loop![0]).toEqual(loop!.at(-1));
    expect(loop!.map((p) => Math.abs(p.i - 1) + Math.abs(p.j - 1))).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(simplify([[0, 0], [1, 0.01], [2, 0], [3, 5]], 0.1)).toEqual([[0, 0], [2, 0], [3, 5]]);
  });
  it("draws the decision boundary on the threshold line and the data over the regions", () => {
    const fig = decisionBoundary((x, y) => 1 / (1 + Math.exp(-(x + y - 1))), { x: [0, 10], y: [0, 10], steps: 21, points: { x: [1, 9], y: [1, 9], labels: [0, 1] } });
    const svg = renderSvg({ data: fig.data, layout: frame });
    const boundary = elements(svg, "path").find((p) => p.stroke === "#000000" && p["stroke-width"] === "2")!;
    const pts = pathRuns(boundary.d!).flat();
    for (const [px, py] of pts) expect((px - 50) / 40 + (250 - py) / 20).toBeCloseTo(1, 1); // x + y = 1
    expect(elements(svg, "circle").map((c) => [+c.cx!, +c.cy!])).toEqual([[X(1), Y(1)], [X(9), Y(9)]]);
    expect(elements(svg, "image")).toHaveLength(1);
  });
  it("writes a confusion matrix's counts in its cells, rows top to bottom, with its labels", () => {
    const fig = heatmap([[50, 3], [7, 40]], { xLabels: ["cat", "dog"], yLabels: ["cat", "dog"], xLabel: "predicted", yLabel: "true" });
    const svg = fig.toSVG();
    const texts = elements(svg, "text");
    const cells = texts.filter((t) => /^\d+$/.test(t.text!) && t["text-anchor"] === "middle" && ["50", "3", "7", "40"].includes(t.text!));
    expect(cells.map((t) => t.text)).toEqual(["50", "3", "7", "40"]);
    const at = Object.fromEntries(cells.map((t) => [t.text!, [+t.x!, +t.y!]]));
    expect(at["50"]![0]).toBeLessThan(at["3"]![0]!); // column 0 left of column 1
    expect(at["50"]![1]).toBeLessThan(at["7"]![1]!); // row 0 above row 1
    expect(at["50"]![0]).toBeCloseTo(at["7"]![0]!, 5);
    // the dark cell gets white text, the light one the default
    expect(texts.find((t) => t.text === "50")!.fill).toBe("#ffffff");
    expect(texts.find((t) => t.text === "3")!.fill).toBeUndefined();
    expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining(["cat", "dog", "predicted", "true"]));
  });
});

describe("subplots, legends and 3-D", () => {
  it("gives each panel its own plot area, title and axes, and lists legend entries once", () => {
    const a = decisionBoundary((x, y) => x - y, { x: [-1, 1], y: [-1, 1], steps: 5, threshold: 0, points: { x: [0.5, -0.5], y: [-0.5, 0.5], labels: [0, 1] }, title: "first" });
    const b = lines({ loss: [3, 1] }, { title: "second", logY: true });
    const svg = subplots([a, a, b], { width: 900 }).toSVG();
    const clips = elements(svg, "clipPath");
    expect(clips).toHaveLength(3);
    const rects = svg.match(/<clipPath[^>]*><rect x="([\d.]+)"[^>]*width="([\d.]+)"/g)!.map((r) => +/x="([\d.]+)"/.exec(r)![1]!);
    expect(rects[0]!).toBeLessThan(rects[1]!);
    expect(rects[1]!).toBeLessThan(rects[2]!);
    const texts = elements(svg, "text").map((t) => t.text);
    expect(texts.filter((t) => t === "first")).toHaveLength(2);
    expect(texts.filter((t) => t === "class 0")).toHaveLength(1); // legend: once
    expect(texts.filter((t) => t === "loss")).toHaveLength(1);
  });
  it("places an outside legend right of the plot with one entry a trace", () => {
    const svg = renderSvg({ data: lines({ a: [1, 2], b: [2, 1], c: [1, 1] }).data, layout: { ...frame, showlegend: true } });
    const legend = /<g class="legend">(.*?)<\/g>/.exec(svg)![1]!;
    expect(elements(legend, "text").map((t) => t.text)).toEqual(["a", "b", "c"]);
    const clip = elements(svg, "clipPath")[0]!;
    const plotRight = +/x="([\d.]+)"/.exec(svg.slice(svg.indexOf("<clipPath")))![1]! + +/width="([\d.]+)"/.exec(svg.slice(svg.indexOf("<clipPath")))![1]!;
    void clip;
    for (const t of elements(legend, "text")) expect(+t.x!).toBeGreaterThan(plotRight);
  });
  it("projects a surface as quads painted far to near, with its path on top", () => {
    const fig = surface3d((x, y) => x * x - y * y, { x: [-1, 1], y: [-1, 1], steps: 11, paths: { gd: [[0.9, 0.05], [0.5, 0.1], [0.1, 0.4]] } });
    const svg = fig.toSVG();
    const scene = /<g class="scene">(.*)<\/g>/.exec(svg)![1]!;
    const quads = elements(scene, "path").filter((p) => p.fill && p.fill !== "#E5ECF6" && p.fill !== "none");
    expect(quads).toHaveLength(100); // 10 × 10 cells
    const path = elements(scene, "path").find((p) => p.stroke === PALETTE[0] && p.fill === "none")!;
    expect(pathRuns(path.d!)[0]).toHaveLength(3);
    expect(scene.indexOf(path.d!)).toBeGreaterThan(scene.lastIndexOf(quads.at(-1)!.d!)); // drawn after the surface
    // the saddle's highest quads (x = ±1, y = 0) are yellow-ish, the lowest (x = 0, y = ±1) purple-ish
    const reds = quads.map((q) => parseInt(q.fill!.slice(1, 3), 16));
    expect(Math.max(...reds)).toBeGreaterThan(150);
    expect(Math.min(...reds)).toBeLessThan(90);
  });
});
