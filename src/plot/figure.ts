// A plotly figure as plain data ({data, layout}) plus the one method that
// makes "build it and see it" a single call: `show()`. The kernel also renders
// a Figure that is a cell's last expression, so `plot.lines(...)` alone shows.

import { ValueError, isMatrixLike, kindOf } from "../errors";
import { displayBundle } from "../cell/display";
import { figureBundle } from "../cell/plotly-html";
import type { MimeBundle } from "../cell/channel";
import { MIME_BUNDLE } from "../cell/mime";
import { shownFigure } from "./shown";
import { renderSvg } from "./svg";

/** One plotly trace (scatter, contour, histogram, …): plain JSON. */
export type Trace = Record<string, unknown>;
/** A plotly layout: plain JSON. */
export type Layout = Record<string, unknown>;

/** Options every chart accepts. */
export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic x axis. */
  logX?: boolean;
  /** Logarithmic y axis (e.g. losses spanning decades). */
  logY?: boolean;
  width?: number;
  height?: number;
  /**
   * Where the legend goes: inside a corner, "outside" (right of the plot),
   * "below" (horizontal, under the plot), or false for none. Default: plotly's
   * (outside right) for line charts; "outside" for contours, so it never
   * covers a trajectory's start.
   */
  legend?: LegendPosition | false;
  /**
   * One unit on y as long as one unit on x, so circles stay round and squares square (plotly's
   * `scaleanchor`): the axis with room to spare gets a wider range. Linear axes only.
   */
  equalAxes?: boolean;
}

/** Legend placements accepted by `ChartOptions.legend`. */
export type LegendPosition = "top-left" | "top-right" | "bottom-left" | "bottom-right" | "outside" | "below";

const LEGEND_POSITIONS: Record<LegendPosition, Record<string, unknown>> = {
  "top-left": { x: 0.01, y: 0.99, xanchor: "left", yanchor: "top", bgcolor: "rgba(255,255,255,0.7)" },
  "top-right": { x: 0.99, y: 0.99, xanchor: "right", yanchor: "top", bgcolor: "rgba(255,255,255,0.7)" },
  "bottom-left": { x: 0.01, y: 0.01, xanchor: "left", yanchor: "bottom", bgcolor: "rgba(255,255,255,0.7)" },
  "bottom-right": { x: 0.99, y: 0.01, xanchor: "right", yanchor: "bottom", bgcolor: "rgba(255,255,255,0.7)" },
  outside: { x: 1.02, y: 1, xanchor: "left", yanchor: "top" },
  below: { orientation: "h", x: 0, y: -0.2, xanchor: "left", yanchor: "top" },
};

/** Traces that would get a legend entry (contours and heatmaps never do here). */
export function legendEntries(traces: Trace[]): number {
  return traces.filter((t) => t.showlegend !== false && t.type !== "contour" && t.type !== "heatmap").length;
}

/**
 * The legend part of a layout: shown when there is more than one entry (or a
 * position was asked for), placed as `legend` says.
 */
export function legendLayout(legend: LegendPosition | false | undefined, traces: Trace[], where = "plot"): Layout {
  if (legend === false) return { showlegend: false, legend: { visible: false } };
  if (legend === undefined) return { showlegend: legendEntries(traces) > 1 };
  const pos = LEGEND_POSITIONS[legend];
  if (!pos) throw new ValueError(`${where}: legend must be one of ${Object.keys(LEGEND_POSITIONS).map((k) => JSON.stringify(k)).join(", ")} or false, got ${JSON.stringify(legend)}`);
  return { showlegend: legendEntries(traces) > 0, legend: { ...pos } };
}

/** One animation frame: the traces it changes (by index in `traces`, or the first ones) and its name. */
export interface Frame {
  name: string;
  data: Trace[];
  traces?: number[];
}

/** A plotly figure. `data`, `layout` and `frames` are exactly what Plotly.newPlot takes. */
export class Figure {
  constructor(
    public data: Trace[],
    public layout: Layout = {},
    /** Animation frames (see `animate`); the figure's own data is what the last frame shows. */
    public frames?: Frame[],
  ) {
    if (!Array.isArray(data)) throw new ValueError(`Figure: data must be an array of plotly traces, got ${kindOf(data)}`);
    if (frames !== undefined && !Array.isArray(frames)) throw new ValueError(`Figure: frames must be an array of {name, data}, got ${kindOf(frames)}`);
  }

  /** Plain JSON, as in `application/vnd.plotly.v1+json`. */
  toJSON(): { data: Trace[]; layout: Layout; frames?: Frame[] } {
    return this.frames ? { data: this.data, layout: this.layout, frames: this.frames } : { data: this.data, layout: this.layout };
  }

  /** The static picture of the figure: an SVG drawn in Node, as saved beside the interactive plot. */
  toSVG(): string {
    return renderSvg(shownFigure(this.toJSON()));
  }

  /**
   * Show the figure inline now (or print a summary outside a kernel). Returns
   * nothing, so a cell ending with `fig.show()` shows the figure once.
   */
  show(): void {
    displayBundle(figureBundle(this.toJSON()));
  }

  /** This figure with the traces of `others` drawn on top (see `overlay`). */
  add(...others: Figure[]): Figure {
    return overlay(this, ...others);
  }

  /** A one-line description, used as the text/plain form. */
  toString(): string {
    const kinds = [...new Set(this.data.map((t) => String(t.type ?? "scatter")))].join(", ");
    const title = titleText(this.layout);
    return `<Figure${title ? ` "${title}"` : ""}: ${this.data.length} trace${this.data.length === 1 ? "" : "s"} (${kinds})>`;
  }

  /** Rich display protocol read by the kernel for a cell's last value. */
  [MIME_BUNDLE](): MimeBundle {
    return figureBundle(this.toJSON());
  }
}

/**
 * Draw several figures on one set of axes: the traces of all of them, in
 * order, with the first figure's layout (title, axis labels, legend place),
 * e.g. `overlay(scatter(points), lines({ fit }))` or a contour with extra
 * traces. The figures are not changed.
 */
export function overlay(...figures: Figure[]): Figure {
  if (figures.length === 0) throw new ValueError("overlay: give at least one Figure, e.g. overlay(contour(…), scatter(…))");
  figures.forEach((f, i) => {
    if (!(f instanceof Figure) && !(f && Array.isArray((f as Figure).data))) throw new ValueError(`overlay: argument ${i} must be a Figure (from lines, scatter, contour, …), got ${kindOf(f)}`);
  });
  const data = figures.flatMap((f) => f.data.map((t) => ({ ...t })));
  const first = figures[0]!.layout;
  const layout: Layout = { ...first };
  const off = (first.legend as { visible?: unknown } | undefined)?.visible === false;
  layout.showlegend = off ? false : legendEntries(data) > 1 || first.showlegend === true;
  return new Figure(data, layout);
}

function titleText(layout: Layout): string | undefined {
  const t = layout.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return undefined;
}

/** Layout fields shared by all charts, from ChartOptions. */
export function baseLayout(opts: ChartOptions = {}, traces?: Trace[], defaultLegend?: LegendPosition, where = "plot"): Layout {
  const layout: Layout = {
    margin: { l: 60, r: 20, t: opts.title ? 50 : 20, b: 50 },
    // exponentformat "power": 10⁻⁶ rather than plotly's SI labels (1μ), on every axis
    xaxis: { title: { text: opts.xLabel ?? "" }, exponentformat: "power", ...(opts.logX ? { type: "log" } : {}) },
    yaxis: { title: { text: opts.yLabel ?? "" }, exponentformat: "power", ...(opts.logY ? { type: "log" } : {}) },
  };
  if (opts.equalAxes !== undefined && typeof opts.equalAxes !== "boolean") throw new ValueError(`${where}: equalAxes must be true or false, got ${kindOf(opts.equalAxes)}`);
  if (opts.equalAxes) {
    if (opts.logX || opts.logY) throw new ValueError(`${where}: equalAxes needs linear axes (a unit on a log axis is a factor of ten), but logX or logY is set`);
    Object.assign(layout.yaxis as object, { scaleanchor: "x", scaleratio: 1 });
  }
  if (opts.title) layout.title = { text: opts.title };
  if (opts.width !== undefined) layout.width = positive(opts.width, "width", where);
  layout.height = opts.height !== undefined ? positive(opts.height, "height", where) : 400;
  if (traces) Object.assign(layout, legendLayout(opts.legend === undefined ? defaultLegend : opts.legend, traces, where));
  return layout;
}

function positive(x: number, name: string, where: string): number {
  if (!(typeof x === "number" && x > 0 && Number.isFinite(x))) throw new ValueError(`${where}: ${name} must be a positive number of pixels, got ${kindOf(x)}`);
  return x;
}

/**
 * Convert array-likes (Float64Array, number[]) to plain arrays so the JSON is portable. A non-finite
 * value (NaN, ±∞: a diverged cost) becomes a gap (null), as plotly draws it; anything that is not a
 * number is refused, naming `where` (the function called) and `name` (the argument).
 */
export function toArray(values: ArrayLike<number>, name: string, where = "plot"): number[] {
  if (isMatrixLike(values)) {
    throw new ValueError(`${where}: ${name} must be an array of numbers, got ${kindOf(values)}; pass its entries, e.g. Array.from(M.data)`);
  }
  if (values === null || values === undefined || typeof values === "string" || typeof (values as ArrayLike<number>).length !== "number") {
    throw new ValueError(`${where}: ${name} must be an array of numbers, got ${kindOf(values)}`);
  }
  const out = new Array<number>(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v !== "number" && v !== null) {
      throw new ValueError(`${where}: ${name}[${k}] must be a number, got ${kindOf(v)}${Array.isArray(v) ? " (a nested array: give a flat list of values)" : ""}`);
    }
    out[k] = v !== null && Number.isFinite(v) ? v : (null as unknown as number);
  }
  return out;
}
