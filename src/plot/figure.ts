// A plotly figure as plain data ({data, layout}) plus the one method that
// makes "build it and see it" a single call: `show()`. The kernel also renders
// a Figure that is a cell's last expression, so `plot.lines(...)` alone shows.

import { displayBundle } from "../notebook/display";
import { figureBundle } from "../notebook/plotly-html";
import type { MimeBundle } from "../notebook/channel";
import { MIME_BUNDLE } from "../notebook/mime";

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
}

/** A plotly figure. `data` and `layout` are exactly what Plotly.newPlot takes. */
export class Figure {
  constructor(
    public data: Trace[],
    public layout: Layout = {},
  ) {
    if (!Array.isArray(data)) throw new TypeError("Figure: `data` must be an array of traces");
  }

  /** Plain JSON, as in `application/vnd.plotly.v1+json`. */
  toJSON(): { data: Trace[]; layout: Layout } {
    return { data: this.data, layout: this.layout };
  }

  /** Show the figure inline now (or print a summary outside a kernel). Returns the figure. */
  show(): this {
    displayBundle(figureBundle(this.toJSON()));
    return this;
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

function titleText(layout: Layout): string | undefined {
  const t = layout.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return undefined;
}

/** Layout fields shared by all charts, from ChartOptions. */
export function baseLayout(opts: ChartOptions = {}): Layout {
  const layout: Layout = {
    margin: { l: 60, r: 20, t: opts.title ? 50 : 20, b: 50 },
    xaxis: { title: { text: opts.xLabel ?? "" }, ...(opts.logX ? { type: "log" } : {}) },
    yaxis: { title: { text: opts.yLabel ?? "" }, ...(opts.logY ? { type: "log" } : {}) },
  };
  if (opts.title) layout.title = { text: opts.title };
  if (opts.width !== undefined) layout.width = positive(opts.width, "width");
  layout.height = opts.height !== undefined ? positive(opts.height, "height") : 400;
  return layout;
}

function positive(x: number, name: string): number {
  if (!(typeof x === "number" && x > 0 && Number.isFinite(x))) throw new RangeError(`${name} must be a positive number, got ${x}`);
  return x;
}

/** Convert array-likes (Float64Array, number[]) to plain arrays so the JSON is portable. */
export function toArray(values: ArrayLike<number>, name: string): number[] {
  if (values === null || values === undefined || typeof (values as ArrayLike<number>).length !== "number") {
    throw new TypeError(`${name} must be an array of numbers`);
  }
  return Array.from(values, (v) => (Number.isFinite(v) ? v : (null as unknown as number)));
}
