// A labelled matrix as coloured cells: a confusion matrix with its counts, a
// hyperparameter grid with its scores, a weight matrix.

import { ShapeError, ValueError, assertFinite, checkOptions, kindOf } from "../errors";
import { Figure, baseLayout, toArray, type ChartOptions, type Trace } from "./figure";
import { colorscaleOf, type ColorScaleName } from "./palette";

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends ChartOptions {
  /** Column labels, left to right (default 0, 1, …). */
  xLabels?: (string | number)[];
  /** Row labels, top to bottom (default 0, 1, …). */
  yLabels?: (string | number)[];
  /**
   * Write each cell's value in it: true (3 significant digits), false, or a
   * d3 format such as ".2f", ",d" or ".0%". Default: true up to 400 cells.
   */
  text?: boolean | string;
  /** Colour scale: "Blues" (default), "Viridis", "RdBu", or [fraction, colour] stops. */
  colorscale?: ColorScaleName | [number, string][];
  /** Value at the bottom / top of the colour scale (default: the data's). */
  zmin?: number;
  zmax?: number;
  /** Show the colour bar (default true). */
  colorbar?: boolean;
}

/** A matrix given as rows (number[][]) or as descent's Matrix ({rows, cols, data}, row-major). */
export type MatrixInput = ArrayLike<number>[] | { rows: number; cols: number; data: ArrayLike<number> };

function rowsOf(z: MatrixInput): (number | null)[][] {
  const fin = (v: number) => (Number.isFinite(v) ? v : null);
  if (Array.isArray(z)) {
    if (z.length === 0) throw new ValueError("heatmap: z must have at least one row, got an empty array []");
    if (typeof z[0] === "number") throw new ValueError(`heatmap: z must be rows of numbers like [[1, 2], [3, 4]] or a Matrix, got a flat array ${kindOf(z).replace(/^a plain array /, "")}; wrap it as one row: [values]`);
    const cols = z[0]?.length;
    z.forEach((r, i) => {
      if (!r || typeof r.length !== "number" || typeof r === "string") throw new ValueError(`heatmap: z[${i}] must be an array of numbers, got ${kindOf(r)}`);
      if (r.length !== cols) throw new ShapeError(`heatmap: every row must have ${cols} values (the first row's), but z[${i}] has ${r.length}`);
    });
    if (!cols) throw new ValueError("heatmap: z must have at least one column");
    return z.map((r, i) => toArray(r, `z[${i}]`, "heatmap"));
  }
  if (z && typeof z === "object" && typeof z.rows === "number" && typeof z.cols === "number" && z.data) {
    if (z.data.length !== z.rows * z.cols) throw new ShapeError(`heatmap: a ${z.rows}×${z.cols} matrix needs ${z.rows * z.cols} values, got ${z.data.length}`);
    if (z.rows === 0 || z.cols === 0) throw new ValueError(`heatmap: z is empty (shape (${z.rows}, ${z.cols}))`);
    return Array.from({ length: z.rows }, (_, i) => Array.from({ length: z.cols }, (_, j) => fin(z.data[i * z.cols + j]!)));
  }
  throw new ValueError(`heatmap: z must be a number[][] (rows) or a Matrix, got ${kindOf(z)}`);
}

function labels(given: (string | number)[] | undefined, n: number, name: string): string[] {
  if (given === undefined) return Array.from({ length: n }, (_, i) => String(i));
  if (!Array.isArray(given) || given.length !== n) throw new ValueError(`heatmap: ${name} must have ${n} labels (one per ${name === "xLabels" ? "column" : "row"}), got ${Array.isArray(given) ? given.length : typeof given}`);
  // Labels stay text, so numbers like 0.001 are categories, not positions.
  return given.map(String);
}

/**
 * A heatmap of z[i][j] (row i, column j) with row 0 at the top, as a matrix is
 * read, e.g. a confusion matrix `heatmap([[50, 3], [7, 40]], { xLabels: ["0", "1"], yLabels: ["0", "1"], xLabel: "predicted", yLabel: "true" })`.
 */
export function heatmap(z: MatrixInput, opts: HeatmapOptions = {}): Figure {
  checkOptions("heatmap", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "xLabels", "yLabels", "text", "colorscale", "zmin", "zmax", "colorbar"], '{ xLabels: ["0", "1"], xLabel: "predicted" }');
  const rows = rowsOf(z);
  const x = labels(opts.xLabels, rows[0]!.length, "xLabels");
  const y = labels(opts.yLabels, rows.length, "yLabels");
  const text = opts.text ?? rows.length * x.length <= 400;
  if (typeof text !== "boolean" && typeof text !== "string") throw new ValueError(`heatmap: text must be true, false or a d3 format like ".2f", got ${kindOf(text)}`);
  if (opts.zmin !== undefined) assertFinite("zmin", opts.zmin, "heatmap");
  if (opts.zmax !== undefined) assertFinite("zmax", opts.zmax, "heatmap");
  const trace: Trace = {
    type: "heatmap",
    name: opts.title ?? "values",
    x,
    y,
    z: rows,
    colorscale: colorscaleOf(opts.colorscale, "Blues", "colorscale", "heatmap"),
    xgap: 1,
    ygap: 1,
    hovertemplate: `${opts.yLabel || "row"} %{y}, ${opts.xLabel || "column"} %{x}: %{z}<extra></extra>`,
    showscale: opts.colorbar !== false,
  };
  if (opts.zmin !== undefined) trace.zmin = opts.zmin;
  if (opts.zmax !== undefined) trace.zmax = opts.zmax;
  const integers = rows.every((r) => r.every((v) => v === null || Number.isInteger(v)));
  if (text) trace.texttemplate = text === true ? (integers ? "%{z:d}" : "%{z:.3g}") : `%{z:${text}}`;
  const layout = baseLayout({ legend: false, ...opts }, [trace], undefined, "heatmap");
  layout.xaxis = { ...(layout.xaxis as object), type: "category", showgrid: false, side: "bottom" };
  layout.yaxis = { ...(layout.yaxis as object), type: "category", showgrid: false, autorange: "reversed" };
  return new Figure([trace], layout);
}
