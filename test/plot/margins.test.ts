// Room for the y axis' labels and title: long category names or long numbers
// must not push the title off the picture, nor under the labels in the live plot.
import { describe, expect, it } from "vitest";
import { roomForYLabels, tickLabelWidth } from "../../src/plot/margins";
import { figureBundle, PLOTLY_MIME, type FigureJSON } from "../../src/cell/plotly-html";
import { heatmap } from "../../src/plot/heatmap";
import { lines } from "../../src/plot/charts";
import { contour, decisionBoundary } from "../../src/plot/surface";
import { subplots } from "../../src/plot/subplots";
import { textWidth } from "../../src/plot/svg/text";
import { autoRanges } from "../../src/plot/svg/render";
import { matrix } from "../../src/tensor";
import { elements } from "../helpers/svg";

const species = ["Adelie", "Chinstrap", "Gentoo"];

/** The rotated y title's text element and its centre x. */
function yTitle(svg: string, text: string): { x: number } | undefined {
  const e = elements(svg, "text").find((t) => t.text === text && (t.transform ?? "").startsWith("rotate(-90"));
  return e ? { x: +e.x! } : undefined;
}

describe("the left margin fits the y labels and title", () => {
  it("keeps a confusion matrix's 'true species' on the picture, clear of 'Chinstrap'", () => {
    const fig = heatmap(matrix([[30, 1, 0], [2, 12, 0], [0, 0, 23]]), { xLabels: species, yLabels: species, xLabel: "predicted species", yLabel: "true species" });
    const bundle = figureBundle(fig.toJSON());
    const l = ((bundle[PLOTLY_MIME] as FigureJSON).layout.margin as { l: number }).l;
    const labelW = textWidth("Chinstrap", 12);
    // label (ends 6 px left of the plot) + title (14 px type, centred 18 px beyond it) fit
    expect(l).toBeGreaterThanOrEqual(Math.ceil(labelW + 6 + 18 + 7));
    const title = yTitle(bundle["image/svg+xml"] as string, "true species");
    expect(title, "the y title is drawn").toBeDefined();
    expect(title!.x - 7).toBeGreaterThan(0);
    expect(title!.x + 7).toBeLessThan(l - 6 - labelW);
    expect(yTitle(fig.toSVG(), "true species")).toEqual(title);
    expect((fig.layout.margin as { l: number }).l).toBe(60); // the Figure keeps its own
  });

  it("widens for long numbers on the leftmost panel only, and leaves short labels at 60 px", () => {
    const short = lines({ a: [0, 1, 2] }, { yLabel: "cost" }).toJSON();
    expect(roomForYLabels(short)).toBe(short);
    const tiny = contour((a, b) => a * a + b * b, { x: [-0.005, 0.03], y: [-0.0005, 0.0015], steps: 9, yLabel: "w₂ (per g)" });
    const wide = subplots([tiny, lines({ a: [0, 1, 2] }, { yLabel: "cost" })], { cols: 2 }).toJSON();
    const labelW = tickLabelWidth({ type: "linear", range: [-0.0005, 0.0015] }, 240);
    expect(labelW).toBeGreaterThanOrEqual(textWidth("0.001", 12));
    expect((roomForYLabels(wide).layout.margin as { l: number }).l).toBe(Math.ceil(labelW + 29 + 6));
    // The same long labels on the second panel: the outer margin stays, the gap between the columns widens.
    const inner = subplots([lines({ a: [0, 1, 2] }, { yLabel: "cost" }), tiny], { cols: 2 }).toJSON();
    const fitted = roomForYLabels(inner).layout;
    expect((fitted.margin as { l: number }).l).toBe(60);
    expect((fitted.grid as { xgap: number }).xgap).toBeGreaterThan(0.2);
  });

  it("keeps an inner panel's y title off the panel to its left, in the picture", () => {
    // Lesson 04's pair of decision boundaries, with the classes' legend on the right.
    const points = { x: [-0.5, 0.5, 0.2], y: [0.3, -0.4, 0.6], labels: [0, 1, 1] };
    const boundary = (title: string) => decisionBoundary((a, b) => (a > b ? 1 : 0), { x: [-0.8, 0.8], y: [-0.8, 0.8], steps: 9, points, xLabel: "x1", yLabel: "x2", title });
    const fig = subplots([boundary("left"), boundary("right")], { cols: 2, height: 380 });
    const svg = fig.toSVG();
    const areas = elements(svg, "rect").filter((r) => r.fill === "#E5ECF6").map((r) => ({ x: +r.x!, w: +r.width! })).sort((a, b) => a.x - b.x);
    expect(areas).toHaveLength(2);
    const titles = elements(svg, "text").filter((t) => t.text === "x2" && (t.transform ?? "").startsWith("rotate(-90")).map((t) => +t.x!).sort((a, b) => a - b);
    expect(titles).toHaveLength(2);
    expect(titles[1]! - 8, "the right panel's title clears the left panel").toBeGreaterThan(areas[0]!.x + areas[0]!.w);
  });
  it("leaves room for an inner panel's y title beside its own tick labels when a long legend narrows the panels", () => {
    // Lesson 18's pair of log plots: the legend's longest name ("clipped, global norm ≤ 5") takes ~190 px, not 130.
    const long = "clipped, global norm ≤ 5";
    const panel = (title: string, yLabel: string, top: number) =>
      lines([{ name: long, y: [top, 3, 1.2, 0.3] }, { name: "He init, no clipping", y: [4, 0.3, 0.2, 0.17] }], { title, xLabel: "step", yLabel, logY: true });
    const fig = subplots([panel("cost J", "J (log scale)", 3000), panel("global gradient norm", "‖g‖ (log scale)", 22479)], { cols: 2, height: 380 });
    const svg = fig.toSVG();
    const areas = elements(svg, "rect").filter((r) => r.fill === "#E5ECF6").map((r) => ({ x: +r.x!, w: +r.width!, h: +r.height! })).sort((a, b) => a.x - b.x);
    expect(areas).toHaveLength(2);
    const title = yTitle(svg, "‖g‖ (log scale)");
    expect(title, "the inner y title is drawn").toBeDefined();
    // Its tick labels (10⁻¹ … 10⁴ on the padded range) end 6 px left of the panel; the rotated 14 px title must end left of them.
    const labelsW = tickLabelWidth(autoRanges(fig.toJSON()).yaxis2!, areas[1]!.h);
    expect(labelsW).toBeGreaterThanOrEqual(textWidth("10", 12) + textWidth("−1", 8.4));
    // The gap between the panels holds labels, title and edge (48 px when the legend was taken for 130 px wide; 53 needed).
    expect(areas[1]!.x - areas[0]!.x - areas[0]!.w).toBeGreaterThanOrEqual(labelsW + 29 + 6);
    expect(title!.x + 7, "the title clears its own tick labels").toBeLessThanOrEqual(areas[1]!.x - 6 - labelsW);
    expect(title!.x - 7, "and the panel to its left").toBeGreaterThan(areas[0]!.x + areas[0]!.w);
  });
});

describe("subplots and legend: false", () => {
  it("keeps the traces of a panel made with legend: false out of the shared legend", () => {
    const path = { x: [0, 0.5], y: [0, 0.5] };
    const fig = subplots([
      contour((a, b) => a * a + b * b, { x: [-1, 1], y: [-1, 1], steps: 9, paths: { raw: path }, legend: false }),
      lines({ train: [3, 2, 1] }),
    ], { cols: 2 });
    const legend = fig.data.filter((t) => t.showlegend !== false && t.type !== "contour").map((t) => t.name);
    expect(legend).toEqual(["train"]);
  });
});
