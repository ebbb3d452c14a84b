// Several figures side by side in one plot: each figure's traces move to
// their own axis pair (x2/y2, …) and plotly's grid places the panels.

import { ValueError, checkOptions, kindOf } from "../errors";
import { Figure, type Layout, type Trace } from "./figure";

/** Options for subplots. */
export interface SubplotOptions {
  /** Panels per row (default: all in one row, at most 3). */
  cols?: number;
  title?: string;
  height?: number;
  width?: number;
}

/**
 * Arrange figures in a grid, keeping each panel's axis titles, log scales and
 * title; a panel made with `legend: false` adds nothing to the legend. A legend group shown in one panel (e.g. "class 0" of decision
 * boundaries), or a series named like one there ("train", "dev"), is not
 * repeated in the legend for later panels.
 */
export function subplots(figures: Figure[], opts: SubplotOptions = {}): Figure {
  if (!Array.isArray(figures) || figures.length === 0 || !figures.every((f) => f instanceof Figure || (f && Array.isArray((f as Figure).data)))) {
    throw new ValueError(`subplots: figures must be a non-empty array of Figures, e.g. subplots([lines(costs), contour(…)]), got ${kindOf(figures)}`);
  }
  checkOptions("subplots", opts, ["cols", "title", "height", "width"], "{ cols: 2 }");
  for (const k of ["width", "height"] as const) {
    const v = opts[k];
    if (v !== undefined && !(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new ValueError(`subplots: ${k} must be a positive number of pixels, got ${kindOf(v)}`);
  }
  const cols = opts.cols ?? Math.min(figures.length, 3);
  if (!(Number.isInteger(cols) && cols > 0)) throw new ValueError(`subplots: cols must be a positive integer, got ${kindOf(cols)}`);
  const rows = Math.ceil(figures.length / cols);
  const data: Trace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout: Layout = {
    grid: { rows, columns: cols, pattern: "independent" },
    height: opts.height ?? 350 * rows,
    margin: { l: 60, r: 20, t: 60, b: 50 },
    showlegend: true,
  };
  if (opts.width) layout.width = opts.width;
  if (opts.title) layout.title = { text: opts.title };
  const shownGroups = new Set<unknown>();
  figures.forEach((fig, i) => {
    const k = i === 0 ? "" : String(i + 1);
    const groupsHere = new Set<unknown>();
    // A panel built with legend: false keeps its traces out of the shared legend.
    const noLegend = (fig.layout.legend as { visible?: unknown } | undefined)?.visible === false;
    for (const t of fig.data) {
      // Colour bars of several panels would pile up on the right edge.
      const extra: Trace = t.type === "contour" || t.type === "heatmap" ? { showscale: false } : {};
      // A series named like one in an earlier panel ("train", "dev") is the
      // same series: one legend entry, and clicking it toggles every panel.
      const group = t.legendgroup ?? (typeof t.name === "string" && t.name !== "" ? `name:${t.name}` : undefined);
      if (group !== undefined && t.showlegend !== false) {
        if (t.legendgroup === undefined) extra.legendgroup = group;
        if (shownGroups.has(group)) extra.showlegend = false;
        else groupsHere.add(group);
      }
      if (noLegend) extra.showlegend = false;
      data.push({ ...t, ...extra, xaxis: `x${k}`, yaxis: `y${k}` });
    }
    groupsHere.forEach((g) => shownGroups.add(g));
    layout[`xaxis${k}`] = { ...((fig.layout.xaxis as object) ?? {}) };
    layout[`yaxis${k}`] = { ...((fig.layout.yaxis as object) ?? {}) };
    // equalAxes: this panel's y is scaled to this panel's x.
    if ((fig.layout.yaxis as { scaleanchor?: string } | undefined)?.scaleanchor === "x") (layout[`yaxis${k}`] as { scaleanchor: string }).scaleanchor = `x${k}`;
    const title = fig.layout.title as { text?: string } | string | undefined;
    const text = typeof title === "string" ? title : title?.text;
    if (text) {
      annotations.push({ text, showarrow: false, xref: `x${k} domain`, yref: `y${k} domain`, x: 0.5, y: 1.08, xanchor: "center", yanchor: "bottom" });
    }
  });
  if (annotations.length) layout.annotations = annotations;
  return new Figure(data, layout);
}
