// The static picture of a plotly figure, made in Node without a browser: an
// SVG drawn from the figure's JSON in plotly's default look (blue-grey plot
// area, white grid, the same colours, legend and colour bar places), for the
// figure kinds descent builds: lines, scatter, histograms, bars, contours
// (with trajectories), heatmaps (with cell text), decision boundaries,
// subplots, log and category axes, 3-D surfaces and paths, and the slider of
// an animation at its last frame.

import { ValueError, checkOptions, kindOf } from "../../errors";
import { axisTicks, niceStep, toAxis, X_TICK_PX, Y_TICK_PX, type AxisSpec } from "./axis";
import { parseColor, scaleSampler, colorScale, luminance, toHex } from "./color";
import { isolines, simplify } from "./isolines";
import { encodePng } from "./png";
import { renderScene } from "./scene3d";
import { FONT, TEXT_COLOR, esc, px, stripTags, svgText, textWidth } from "./text";
import { binEdges, countBins, normalise } from "../bins";
import { PALETTE } from "../palette";

type Trace = Record<string, unknown>;
type Layout = Record<string, unknown>;

/** What the renderer reads: plotly's {data, layout}. */
export interface FigureSource {
  data: Trace[];
  layout: Layout;
}

/** Options of {@link renderSvg}. */
export interface SvgOptions {
  /** Width in pixels when the layout has none (plotly fills the output; 700 is a notebook's). */
  width?: number;
}

const PLOT_BG = "#E5ECF6";
const GRID = "#ffffff";
const CARTESIAN = new Set(["scatter", "scattergl", "histogram", "bar", "contour", "heatmap"]);
const SCENE = new Set(["surface", "scatter3d"]);

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Axis extends AxisSpec {
  id: string;
  layout: Record<string, unknown>;
  reversed: boolean;
}

function nums(v: unknown): (number | null)[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return [];
  return Array.from(v as ArrayLike<unknown>, (x) => (typeof x === "number" && Number.isFinite(x) ? x : null));
}

/** A trace's x or y: its array, or plotly's start-and-step form (x0, dx), or 0, 1, 2, … */
function coordsOf(t: Trace, letter: "x" | "y", n: number): (number | null)[] {
  const v = t[letter];
  if (v !== undefined) return nums(v);
  const start = typeof t[`${letter}0`] === "number" ? (t[`${letter}0`] as number) : 0;
  const step = typeof t[`d${letter}`] === "number" ? (t[`d${letter}`] as number) : 1;
  return Array.from({ length: n }, (_, k) => start + k * step);
}

function isCategorical(v: unknown): boolean {
  return Array.isArray(v) && v.some((x) => typeof x === "string");
}

/** The text of a plotly title or label: a string, or the `text` of `{ text }`. */
export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as { text?: unknown }).text === "string") return (v as { text: string }).text;
  return undefined;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function axisKey(id: string, letter: "x" | "y"): string {
  return `${letter}axis${id.slice(1)}`;
}

/** The colour of trace `i` when it sets none: plotly's palette in trace order. */
function defaultColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function traceColor(t: Trace, i: number): string {
  const line = t.line as { color?: unknown } | undefined;
  const marker = t.marker as { color?: unknown } | undefined;
  if (typeof line?.color === "string") return line.color;
  if (typeof marker?.color === "string") return marker.color;
  return defaultColor(i);
}

// ---------------------------------------------------------------- histograms

/** Bars of a histogram trace: raw values binned, or pre-binned centres with histfunc "sum". */
function histogramBars(t: Trace, siblings: Trace[]): { x0: number; x1: number; y: number }[] {
  const xbins = t.xbins as { start?: number; end?: number; size?: number } | undefined;
  const x = nums(t.x);
  let start: number, size: number, counts: number[];
  if (t.histfunc === "sum" && Array.isArray(t.y) && xbins && typeof xbins.start === "number" && typeof xbins.size === "number") {
    start = xbins.start;
    size = xbins.size;
    const n = Math.max(1, Math.round(((xbins.end ?? start + size) - start) / size));
    counts = new Array<number>(n).fill(0);
    const y = nums(t.y);
    x.forEach((v, i) => {
      if (v === null) return;
      const k = Math.min(n - 1, Math.max(0, Math.floor((v - start) / size)));
      counts[k]! += y[i] ?? 0;
    });
  } else {
    const edges = typeof xbins?.start === "number" && typeof xbins.size === "number"
      ? { start: xbins.start, size: xbins.size, count: Math.max(1, Math.round(((xbins.end ?? xbins.start + xbins.size) - xbins.start) / xbins.size)) }
      : binEdges(siblings.map((s) => nums(s.x)), typeof t.nbinsx === "number" ? t.nbinsx : undefined);
    ({ start, size, counts } = { ...countBins(x, edges) });
  }
  const heights = normalise(counts, size, t.histnorm);
  return heights.map((y, k) => ({ x0: start + k * size, x1: start + (k + 1) * size, y })).filter((b) => b.y > 0);
}

// ---------------------------------------------------------------- colour fields

interface Field {
  x: (number | null)[];
  y: (number | null)[];
  z: (number | null)[][];
  zmin: number;
  zmax: number;
}

function field(t: Trace, xCats: string[] | undefined, yCats: string[] | undefined): Field {
  const z = ((t.z as unknown[][]) ?? []).map((r) => nums(r));
  const ny = z.length, nx = ny ? z[0]!.length : 0;
  const coord = (letter: "x" | "y", n: number, cats: string[] | undefined) => {
    const v = t[letter];
    if (isCategorical(v) && cats) return (v as unknown[]).map((c) => cats.indexOf(String(c)));
    const a = coordsOf(t, letter, n);
    return a.length === n ? a : Array.from({ length: n }, (_, i) => i);
  };
  let zmin = Infinity, zmax = -Infinity;
  z.forEach((r) => r.forEach((v) => { if (v !== null) { zmin = Math.min(zmin, v); zmax = Math.max(zmax, v); } }));
  if (typeof t.zmin === "number") zmin = t.zmin;
  if (typeof t.zmax === "number") zmax = t.zmax;
  if (typeof t.zmid === "number" && t.zmin === undefined && t.zmax === undefined) {
    const r = Math.max(Math.abs(zmax - t.zmid), Math.abs(t.zmid - zmin));
    zmin = t.zmid - r;
    zmax = t.zmid + r;
  }
  if (!(zmax > zmin)) { zmin = Number.isFinite(zmin) ? zmin - 1 : 0; zmax = zmin + 2; }
  return { x: coord("x", nx, xCats), y: coord("y", ny, yCats), z, zmin, zmax };
}

/** Contour levels as plotly picks them: explicit start/end/size, or a nice step for ~ncontours. */
function contourLevels(t: Trace, f: Field): number[] {
  const c = (t.contours as { start?: number; end?: number; size?: number } | undefined) ?? {};
  let start: number, end: number, size: number;
  if (typeof c.start === "number" && typeof c.end === "number") {
    start = c.start;
    end = c.end;
    size = typeof c.size === "number" && c.size > 0 ? c.size : 1;
  } else {
    size = niceStep((f.zmax - f.zmin) / (typeof t.ncontours === "number" ? t.ncontours : 15));
    start = Math.ceil(f.zmin / size) * size;
    end = Math.floor(f.zmax / size) * size;
    if (start === f.zmin) start += size;
  }
  const levels: number[] = [];
  for (let v = start; v <= end + size * 1e-9 && levels.length < 200; v += size) levels.push(+v.toPrecision(12));
  return levels;
}

function uniform(a: (number | null)[]): boolean {
  if (a.length < 2 || a.some((v) => v === null)) return a.length === 1;
  const d = (a[a.length - 1]! - a[0]!) / (a.length - 1);
  return a.every((v, i) => Math.abs(v! - (a[0]! + i * d)) <= Math.abs(d) * 0.02);
}

/** An axis as plotly would autorange it: kind, categories and range in axis units. */
function buildAxis(layout: Layout, id: string, letter: "x" | "y", onAxis: Trace[]): Axis {
  const al = (layout[axisKey(id, letter)] as Record<string, unknown> | undefined) ?? {};
  const vals = (t: Trace) => t[letter];
  const categorical = al.type === "category" || (al.type === undefined && onAxis.some((t) => isCategorical(vals(t))));
  const type: Axis["type"] = categorical ? "category" : al.type === "log" ? "log" : "linear";
  const categories: string[] = [];
  if (categorical) for (const t of onAxis) for (const c of (vals(t) as unknown[]) ?? []) if (!categories.includes(String(c))) categories.push(String(c));
  // Extremes from padded traces (markers, bars' tops) get 5% of the range beyond them, as plotly's autorange.
  let lo = Infinity, hi = -Infinity, plo = Infinity, phi = -Infinity, pad = false;
  const take = (v: number | null) => {
    if (v === null) return;
    const a = type === "category" ? v : toAxis(type, v);
    if (!Number.isFinite(a)) return;
    if (pad) { plo = Math.min(plo, a); phi = Math.max(phi, a); }
    else { lo = Math.min(lo, a); hi = Math.max(hi, a); }
  };
  for (const t of onAxis) {
    const kind = String(t.type ?? "scatter");
    pad = false;
    if (kind === "scatter" || kind === "scattergl") {
      const mode = String(t.mode ?? "lines+markers");
      if (letter === "y" || mode.includes("markers") || mode.includes("text")) pad = true;
      const v = vals(t);
      if (type === "category") (v as unknown[] ?? []).forEach((c) => take(categories.indexOf(String(c))));
      // No x array: plotly's x0 + k·dx (the compact form of evenly spaced x), else the index k.
      else if (v === undefined && letter === "x") coordsOf(t, "x", nums(t.y).length).forEach(take);
      else nums(v).forEach(take);
    } else if (kind === "histogram") {
      const bars = histogramBars(t, onAxis.filter((s) => s.type === "histogram"));
      if (letter === "x") bars.forEach((b) => { take(b.x0); take(b.x1); });
      else { take(0); pad = true; bars.forEach((b) => take(b.y)); }
    } else if (kind === "bar") {
      if (letter === "x") {
        if (type === "category") { take(-0.5); take(categories.length - 0.5); }
        else nums(t.x).forEach((v) => { if (v !== null) { take(v - 0.4); take(v + 0.4); } });
      } else { take(0); pad = true; nums(t.y).forEach(take); }
    } else if (kind === "contour" || kind === "heatmap") {
      const f = field(t, letter === "x" ? categories : undefined, letter === "y" ? categories : undefined);
      const c = (letter === "x" ? f.x : f.y).filter((v): v is number => v !== null);
      if (c.length) {
        const half = kind === "heatmap" && c.length > 1 ? Math.abs(c[1]! - c[0]!) / 2 : kind === "heatmap" ? 0.5 : 0;
        take(Math.min(...c) - half);
        take(Math.max(...c) + half);
      }
    }
  }
  let range: [number, number];
  if (Array.isArray(al.range) && al.range.length === 2 && al.range.every((v) => typeof v === "number")) range = [al.range[0] as number, al.range[1] as number];
  else {
    const anyPad = phi >= plo;
    if (anyPad) {
      const d = (Math.max(hi, phi) - Math.min(lo, plo)) * 0.05;
      lo = Math.min(lo, plo - d);
      hi = Math.max(hi, phi + d);
      if (type === "log" && hi === lo) { lo -= 0.5; hi += 0.5; }
    }
    if (!(hi >= lo)) { lo = type === "log" ? 0 : -1; hi = type === "log" ? 1 : type === "category" ? Math.max(0, categories.length - 1) : 1; }
    if (hi === lo) { const d = type === "log" ? 0.5 : Math.abs(lo) * 0.1 || 1; lo -= d; hi += d; }
    range = type === "category" ? [Math.min(lo, -0.5), Math.max(hi, categories.length - 0.5)] : [lo, hi];
  }
  const ticks = Array.isArray(al.tickvals) && al.tickmode !== "auto"
    ? { tickvals: nums(al.tickvals).map((v) => v ?? NaN), ...(Array.isArray(al.ticktext) ? { ticktext: (al.ticktext as unknown[]).map(String) } : {}) }
    : {};
  return { id, type, range, categories, layout: al, reversed: al.autorange === "reversed", ...ticks };
}

/**
 * The ranges plotly's autorange gives every cartesian axis of a figure
 * (axis units: log10 of the values on log axes), e.g. to keep them fixed
 * while an animation's traces grow.
 */
export function autoRanges(fig: FigureSource): Record<string, AxisSpec> {
  const layout = fig.layout ?? {};
  const cart = (fig.data ?? []).filter((t) => t && t.visible !== false && CARTESIAN.has(String(t.type ?? "scatter")));
  const out: Record<string, AxisSpec> = {};
  for (const letter of ["x", "y"] as const) {
    const ids = new Set(cart.map((t) => String(t[`${letter}axis`] ?? letter)));
    for (const id of ids) {
      const a = buildAxis(layout, id, letter, cart.filter((t) => String(t[`${letter}axis`] ?? letter) === id));
      out[axisKey(id, letter)] = { type: a.type, range: a.range, ...(a.type === "category" ? { categories: a.categories } : {}), ...(a.tickvals ? { tickvals: a.tickvals, ticktext: a.ticktext } : {}) };
    }
  }
  return out;
}

// ---------------------------------------------------------------- the renderer

/** Render a plotly figure ({data, layout}) to a standalone SVG string. */
export function renderSvg(fig: FigureSource, opts: SvgOptions = {}): string {
  if (typeof fig !== "object" || fig === null || (fig.data !== undefined && !Array.isArray(fig.data)) || (fig.layout !== undefined && (typeof fig.layout !== "object" || fig.layout === null))) {
    throw new ValueError(`renderSvg: fig must be a figure { data: [traces…], layout: {…} } as the plot builders return, got ${kindOf(fig)}`);
  }
  checkOptions("renderSvg", opts, ["width"], "{ width: 700 }");
  if (opts.width !== undefined && !(typeof opts.width === "number" && Number.isFinite(opts.width) && opts.width > 0)) {
    throw new ValueError(`renderSvg: width must be a positive number of pixels, got ${kindOf(opts.width)}`);
  }
  const layout = fig.layout ?? {};
  const traces = (fig.data ?? []).filter((t) => t && t.visible !== false && t.visible !== "legendonly");
  const W = typeof layout.width === "number" ? layout.width : opts.width ?? 700;
  const H = typeof layout.height === "number" ? layout.height : 450;
  const uid = "d" + hash(JSON.stringify(fig).slice(0, 20000) + W);
  const margin = { l: 80, r: 80, t: 100, b: 80, ...((layout.margin as object) ?? {}) } as { l: number; r: number; t: number; b: number };
  const defs: string[] = [];
  const body: string[] = [];
  const over: string[] = [];

  // ---- legend entries and size
  const legendLayout = (layout.legend as Record<string, unknown> | undefined) ?? {};
  const { entries, show: showLegend, horizontal, w: legendW, h: legendH, x: lx, y: ly, right: legendRoom } = legendGeometry(fig, W);
  const itemW = (e: { t: Trace }) => legendItemWidth(String(e.t.name));

  // ---- colour bars
  const scaled = traces.filter((t) => (t.type === "contour" || t.type === "heatmap" || t.type === "surface") && t.showscale !== false && !(t.type === "contour" && (t.contours as { coloring?: string } | undefined)?.coloring === "lines"));
  const bar = scaled[0];
  const barH = (bar?.colorbar as { orientation?: string } | undefined)?.orientation === "h";

  // ---- plot area after what sits outside it (plotly's automargin)
  let right = margin.r, bottom = margin.b;
  if (legendRoom) right = Math.max(right, legendRoom);
  if (bar && !barH) right = Math.max(right, legendRoom + 90);
  if (showLegend && horizontal && ly < 0) bottom = Math.max(bottom, 60 + legendH);
  const sliders = (layout.sliders as Record<string, unknown>[] | undefined) ?? [];
  if (sliders.length) bottom = Math.max(bottom, 110);
  const area: Box = { x: margin.l, y: margin.t, w: Math.max(40, W - margin.l - right), h: Math.max(40, H - margin.t - bottom) };
  const paperX = (f: number) => area.x + f * area.w;
  const paperY = (f: number) => area.y + (1 - f) * area.h;

  // ---- axes: which exist, their domains, kinds and ranges
  const cart = traces.filter((t) => CARTESIAN.has(String(t.type ?? "scatter")));
  const pairs = new Map<string, { xa: string; ya: string; traces: Trace[] }>();
  for (const t of cart) {
    const xa = String(t.xaxis ?? "x"), ya = String(t.yaxis ?? "y");
    const key = `${xa}|${ya}`;
    (pairs.get(key) ?? pairs.set(key, { xa, ya, traces: [] }).get(key)!).traces.push(t);
  }
  if (pairs.size === 0 && !traces.some((t) => SCENE.has(String(t.type)))) pairs.set("x|y", { xa: "x", ya: "y", traces: [] });
  const grid = layout.grid as { rows?: number; columns?: number; xgap?: number; ygap?: number } | undefined;
  const domainOf = (id: string, letter: "x" | "y"): [number, number] => {
    const ax = (layout[axisKey(id, letter)] as { domain?: [number, number] } | undefined) ?? {};
    if (Array.isArray(ax.domain)) return ax.domain;
    if (grid?.rows && grid.columns) {
      const k = Math.max(0, (parseInt(id.slice(1), 10) || 1) - 1);
      const cols = grid.columns, rows = grid.rows;
      if (letter === "x") {
        // plotly's gaps between independent grid cells, as fractions of a cell: 0.2 across, 0.3 down.
        const gap = typeof grid.xgap === "number" ? grid.xgap : 0.2, cell = 1 / (cols + (cols - 1) * gap), c = k % cols;
        return [c * cell * (1 + gap), c * cell * (1 + gap) + cell];
      }
      const gap = typeof grid.ygap === "number" ? grid.ygap : 0.3, cell = 1 / (rows + (rows - 1) * gap), r = Math.floor(k / cols);
      return [1 - r * cell * (1 + gap) - cell, 1 - r * cell * (1 + gap)];
    }
    return [0, 1];
  };
  const axes = new Map<string, Axis>();
  for (const { xa, ya, traces: on } of pairs.values()) {
    if (!axes.has(xa)) axes.set(xa, buildAxis(layout, xa, "x", cart.filter((t) => String(t.xaxis ?? "x") === xa)));
    if (!axes.has(ya)) axes.set(ya, buildAxis(layout, ya, "y", cart.filter((t) => String(t.yaxis ?? "y") === ya)));
    void on;
  }

  // ---- draw each subplot
  let colorIndex = 0;
  const traceIndex = new Map<Trace, number>();
  (fig.data ?? []).forEach((t, i) => traceIndex.set(t, i));
  for (const { xa, ya, traces: on } of pairs.values()) {
    const ax = axes.get(xa)!, ay = axes.get(ya)!;
    const [dx0, dx1] = domainOf(xa, "x"), [dy0, dy1] = domainOf(ya, "y");
    const box: Box = { x: paperX(dx0), y: paperY(dy1), w: (dx1 - dx0) * area.w, h: (dy1 - dy0) * area.h };
    if ((ay.layout as { scaleanchor?: unknown }).scaleanchor === xa) equalScale(ax, ay, box, Number((ay.layout as { scaleratio?: unknown }).scaleratio ?? 1) || 1);
    const sx = (v: number) => {
      const [r0, r1] = ax.reversed ? [ax.range[1], ax.range[0]] : ax.range;
      return box.x + ((v - r0) / (r1 - r0)) * box.w;
    };
    const sy = (v: number) => {
      const [r0, r1] = ay.reversed ? [ay.range[1], ay.range[0]] : ay.range;
      return box.y + box.h - ((v - r0) / (r1 - r0)) * box.h;
    };
    const X = (v: number) => sx(ax.type === "category" ? v : toAxis(ax.type, v));
    const Y = (v: number) => sy(ay.type === "category" ? v : toAxis(ay.type, v));
    const clip = `${uid}c${xa}${ya}`;
    defs.push(`<clipPath id="${clip}"><rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.w)}" height="${px(box.h)}"/></clipPath>`);
    body.push(`<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.w)}" height="${px(box.h)}" fill="${PLOT_BG}"/>`);
    // grid lines, zero lines
    const xt = axisTicks(ax, box.w, X_TICK_PX), yt = axisTicks(ay, box.h, Y_TICK_PX);
    const gridPath = [
      ...xt.map((t) => `M${px(sx(t.at))} ${px(box.y)}V${px(box.y + box.h)}`),
      ...yt.map((t) => `M${px(box.x)} ${px(sy(t.at))}H${px(box.x + box.w)}`),
    ].join("");
    if (gridPath && ax.type !== "category") body.push(`<path d="${gridPath}" stroke="${GRID}" fill="none"/>`);
    else if (ay.type !== "category") body.push(`<path d="${yt.map((t) => `M${px(box.x)} ${px(sy(t.at))}H${px(box.x + box.w)}`).join("")}" stroke="${GRID}" fill="none"/>`);
    const zero: string[] = [];
    if (ax.type === "linear" && ax.range[0] < 0 && ax.range[1] > 0) zero.push(`M${px(sx(0))} ${px(box.y)}V${px(box.y + box.h)}`);
    if (ay.type === "linear" && ay.range[0] < 0 && ay.range[1] > 0) zero.push(`M${px(box.x)} ${px(sy(0))}H${px(box.x + box.w)}`);
    if (zero.length) body.push(`<path d="${zero.join("")}" stroke="${GRID}" stroke-width="2" fill="none"/>`);

    // traces, in plotly's layer order: colour fields, then bars, then lines and markers
    const layer = (t: Trace) => (t.type === "heatmap" || t.type === "contour" ? 0 : t.type === "histogram" || t.type === "bar" ? 1 : 2);
    const drawn: string[] = [];
    for (const t of [...on].sort((a, b) => layer(a) - layer(b))) {
      const i = traceIndex.get(t) ?? colorIndex++;
      const kind = String(t.type ?? "scatter");
      const opacity = typeof t.opacity === "number" ? t.opacity : 1;
      const op = opacity < 1 ? ` opacity="${opacity}"` : "";
      if (kind === "heatmap" || kind === "contour") {
        drawn.push(drawField(t, kind, ax, ay, X, Y, sx, sy, op));
      } else if (kind === "histogram") {
        const color = traceColor(t, i);
        const bars = histogramBars(t, on.filter((s) => s.type === "histogram"));
        const y0 = Y(ay.type === "log" ? Math.pow(10, ay.range[0]) : 0);
        drawn.push(`<path fill="${color}"${op} d="${bars.map((b) => { const yb = Y(b.y); return `M${px(X(b.x0))} ${px(y0)}V${px(yb)}H${px(X(b.x1))}V${px(y0)}Z`; }).join("")}"/>`);
      } else if (kind === "bar") {
        const color = traceColor(t, i);
        const xs = ax.type === "category" ? ((t.x as unknown[]) ?? []).map((c) => ax.categories!.indexOf(String(c))) : nums(t.x);
        const ys = nums(t.y);
        const y0 = Y(0);
        drawn.push(`<path fill="${color}"${op} d="${xs.map((x, k) => (x === null || ys[k] === null ? "" : `M${px(sx(x - 0.4))} ${px(y0)}V${px(Y(ys[k]!))}H${px(sx(x + 0.4))}V${px(y0)}Z`)).join("")}"/>`);
      } else {
        drawn.push(drawScatter(t, i, ax, ay, X, Y, box, op));
      }
    }
    body.push(`<g clip-path="url(#${clip})">${drawn.join("")}</g>`);

    // tick labels and axis titles
    const labels: string[] = [];
    for (const t of xt) labels.push(svgText(t.text, { x: sx(t.at), y: box.y + box.h + 6, anchor: "middle", baseline: "top" }, t.exp));
    let yLabelW = 0;
    for (const t of yt) {
      labels.push(svgText(t.text, { x: box.x - 6, y: sy(t.at), anchor: "end", baseline: "middle" }, t.exp));
      yLabelW = Math.max(yLabelW, textWidth(t.text, 12) + (t.exp ? textWidth(t.exp, 8.4) : 0));
    }
    const xTitle = str(ax.layout.title);
    if (xTitle) labels.push(svgText(xTitle, { x: box.x + box.w / 2, y: box.y + box.h + 26, size: 14, anchor: "middle", baseline: "top" }));
    const yTitle = str(ay.layout.title);
    if (yTitle) labels.push(svgText(yTitle, { x: box.x - yLabelW - 18, y: box.y + box.h / 2, size: 14, anchor: "middle", rotate: -90 }));
    over.push(labels.join(""));
  }

  // ---- 3-D scene
  const sceneTraces = traces.filter((t) => SCENE.has(String(t.type)));
  if (sceneTraces.length) {
    const scene = (layout.scene as Record<string, unknown> | undefined) ?? {};
    const dom = (scene.domain as { x?: [number, number]; y?: [number, number] } | undefined) ?? {};
    const [x0, x1] = dom.x ?? [0, 1], [y0, y1] = dom.y ?? [0, 1];
    body.push(renderScene(sceneTraces, scene, { x: paperX(x0), y: paperY(y1), w: (x1 - x0) * area.w, h: (y1 - y0) * area.h }));
  }

  // ---- annotations (subplot titles, notes)
  for (const a of (layout.annotations as Record<string, unknown>[] | undefined) ?? []) {
    const text = str(a.text);
    if (!text) continue;
    const ref = (r: unknown, letter: "x" | "y", v: number) => {
      const s = String(r ?? "paper");
      const m = /^([xy]\d*)( domain)?$/.exec(s);
      if (m) {
        const [d0, d1] = domainOf(m[1]!, letter);
        const f = m[2] ? d0 + v * (d1 - d0) : (() => {
          const axis = axes.get(m[1]!);
          if (!axis) return d0 + v * (d1 - d0);
          const [r0, r1] = axis.range;
          return d0 + ((toAxis(axis.type, v) - r0) / (r1 - r0)) * (d1 - d0);
        })();
        return letter === "x" ? paperX(f) : paperY(f);
      }
      return letter === "x" ? paperX(v) : paperY(v);
    };
    const x = ref(a.xref, "x", typeof a.x === "number" ? a.x : 0.5);
    const y = ref(a.yref, "y", typeof a.y === "number" ? a.y : 0.5);
    const font = (a.font as { size?: number; color?: string } | undefined) ?? {};
    const anchor = a.xanchor === "left" ? "start" : a.xanchor === "right" ? "end" : "middle";
    const baseline = a.yanchor === "bottom" ? "bottom" : a.yanchor === "top" ? "top" : "middle";
    over.push(svgText(text, { x, y: baseline === "bottom" ? y - 3 : y, size: font.size ?? 12, anchor, baseline, color: font.color }));
  }

  // ---- colour bar
  if (bar) over.push(drawColorbar(bar, barH, area, paperX, paperY, legendRoom, `${uid}g`, defs));

  // ---- legend
  if (showLegend) {
    const xanchor = legendLayout.xanchor ?? (lx >= 1 ? "left" : lx <= 0 ? "left" : "auto");
    const yanchor = legendLayout.yanchor ?? "top";
    let left = paperX(lx);
    if (xanchor === "right") left -= legendW;
    else if (xanchor === "center") left -= legendW / 2;
    let top = horizontal && ly < 0 ? Math.max(paperY(0) + 40, paperY(ly)) : paperY(ly);
    if (yanchor === "bottom") top -= legendH;
    else if (yanchor === "middle") top -= legendH / 2;
    left = Math.max(2, Math.min(W - legendW - 2, left));
    const bg = typeof legendLayout.bgcolor === "string" ? legendLayout.bgcolor : lx >= 1 || ly < 0 ? "" : "rgba(255,255,255,0.7)";
    const items: string[] = [];
    let cx = left + 5, cy = top + 5;
    for (const { t, i } of entries) {
      const w = itemW({ t });
      if (horizontal && cx + w > left + legendW && cx > left + 5) { cx = left + 5; cy += 24; }
      const mid = cy + 9.5;
      items.push(legendSymbol(t, i, cx, mid) + svgText(String(t.name), { x: cx + 40, y: mid, baseline: "middle" }));
      if (horizontal) cx += w;
      else cy += 19;
    }
    if (bg) { const c = parseColor(bg); over.push(`<rect x="${px(left)}" y="${px(top)}" width="${px(legendW)}" height="${px(legendH)}" fill="${toHex(c)}"${c.a < 1 ? ` fill-opacity="${c.a}"` : ""}/>`); }
    over.push(`<g class="legend">${items.join("")}</g>`);
  }

  // ---- title
  const title = str(layout.title);
  if (title) over.push(svgText(title, { x: W / 2, y: Math.max(18, margin.t / 2), size: 17, anchor: "middle", baseline: "middle" }));

  // ---- animation controls, drawn at the figure's current (last) frame
  for (const s of sliders) {
    const steps = (s.steps as { label?: string }[] | undefined) ?? [];
    if (!steps.length) continue;
    const active = typeof s.active === "number" ? s.active : 0;
    const sx0 = paperX(typeof s.x === "number" ? s.x : 0) + 10;
    const len = (typeof s.len === "number" ? s.len : 1) * area.w - 20;
    const ty = H - 40;
    const hx = sx0 + (steps.length > 1 ? (active / (steps.length - 1)) * len : 0);
    const prefix = str((s.currentvalue as { prefix?: string } | undefined)?.prefix) ?? "";
    over.push(`<g class="slider"><rect x="${px(sx0)}" y="${px(ty - 2)}" width="${px(len)}" height="5" rx="2" fill="#f8fafc" stroke="#bec8d9"/><rect x="${px(hx - 4)}" y="${px(ty - 8)}" width="8" height="16" rx="2" fill="#f6f6f6" stroke="#bec8d9"/>${svgText(`${prefix}${steps[active]?.label ?? ""}`, { x: sx0, y: ty - 14, anchor: "start" })}</g>`);
    const menu = ((layout.updatemenus as Record<string, unknown>[] | undefined) ?? [])[0];
    if (!menu) continue;
    const bx = paperX(typeof menu.x === "number" ? menu.x : 0) - (menu.xanchor === "right" ? 70 : 0);
    over.push(`<g class="buttons"><rect x="${px(bx)}" y="${px(ty - 11)}" width="30" height="22" rx="3" fill="#f4f6f9" stroke="#bec8d9"/>${svgText("▶", { x: bx + 15, y: ty, anchor: "middle", baseline: "middle" })}<rect x="${px(bx + 34)}" y="${px(ty - 11)}" width="30" height="22" rx="3" fill="#f4f6f9" stroke="#bec8d9"/>${svgText("❚❚", { x: bx + 49, y: ty, size: 10, anchor: "middle", baseline: "middle" })}</g>`);
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="descent-svg" role="img" width="${px(W)}" height="${px(H)}" viewBox="0 0 ${px(W)} ${px(H)}" font-family='${FONT}' font-size="12" fill="${TEXT_COLOR}" style="max-width:100%;height:auto">`,
    `<title>${esc(stripTags(title ?? "plot"))}</title>`,
    defs.length ? `<defs>${defs.join("")}</defs>` : "",
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    body.join(""),
    over.join(""),
    "</svg>",
  ].join("");
}

// ---------------------------------------------------------------- trace painters

/** Points of a line at most a few per pixel column: first, lowest, highest and last of each (M4), so spikes stay. */
function thinColumns(pts: [number, number][], width: number): [number, number][] {
  if (pts.length <= 4 * width) return pts;
  for (let k = 1; k < pts.length; k++) if (pts[k]![0] < pts[k - 1]![0]) return pts; // not monotone in x
  const out: [number, number][] = [];
  let col = Math.floor(pts[0]![0]), bucket: [number, number][] = [];
  const flush = () => {
    if (!bucket.length) return;
    let lo = bucket[0]!, hi = bucket[0]!;
    for (const p of bucket) { if (p[1] < lo[1]) lo = p; if (p[1] > hi[1]) hi = p; }
    const keep = new Set([bucket[0]!, lo, hi, bucket[bucket.length - 1]!]);
    out.push(...bucket.filter((p) => keep.has(p)));
    bucket = [];
  };
  for (const p of pts) {
    const c = Math.floor(p[0]);
    if (c !== col) { flush(); col = c; }
    bucket.push(p);
  }
  flush();
  return out;
}

function pathOf(run: [number, number][]): string {
  let d = `M${px(run[0]![0])} ${px(run[0]![1])}`;
  for (let k = 1; k < run.length; k++) d += `L${px(run[k]![0])} ${px(run[k]![1])}`;
  return d;
}

const DASHES: Record<string, string> = { dash: "9,9", dot: "3,3", dashdot: "9,3,3,3", longdash: "15,6" };

function drawScatter(t: Trace, i: number, ax: Axis, ay: Axis, X: (v: number) => number, Y: (v: number) => number, box: Box, op: string): string {
  const ys = ay.type === "category" ? ((t.y as unknown[]) ?? []).map((c) => ay.categories!.indexOf(String(c))) : nums(t.y);
  const xs = ax.type === "category" && t.x !== undefined ? ((t.x as unknown[]) ?? []).map((c) => ax.categories!.indexOf(String(c))) : coordsOf(t, "x", ys.length);
  const mode = String(t.mode ?? (ys.length <= 20 ? "lines+markers" : "lines"));
  const color = traceColor(t, i);
  const line = (t.line as { width?: number; dash?: string; color?: string } | undefined) ?? {};
  const marker = (t.marker as { size?: number; color?: unknown; line?: { color?: string; width?: number }; symbol?: string; opacity?: number } | undefined) ?? {};
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  const pts: ([number, number] | null)[] = xs.map((x, k) => {
    const y = ys[k];
    if (x === null || y === null || y === undefined) return null;
    const p: [number, number] = [X(x), Y(y)];
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
  });
  const out: string[] = [];
  if (mode.includes("lines")) {
    for (const p of pts) {
      if (p) run.push(p);
      else if (run.length) { runs.push(run); run = []; }
    }
    if (run.length) runs.push(run);
    const d = runs.filter((r) => r.length > 1).map((r) => pathOf(simplify(thinColumns(r, box.w), 0.25))).join("");
    const dash = line.dash && DASHES[line.dash] ? ` stroke-dasharray="${DASHES[line.dash]}"` : "";
    if (d) out.push(`<path d="${d}" fill="none" stroke="${line.color ?? color}" stroke-width="${line.width ?? 2}" stroke-linejoin="round"${dash}${op}/>`);
  }
  if (mode.includes("markers")) {
    const r = (typeof marker.size === "number" ? marker.size : 6) / 2;
    const fill = typeof marker.color === "string" ? marker.color : color;
    const colors = Array.isArray(marker.color) ? (marker.color as unknown[]) : null;
    const stroke = marker.line?.width ? ` stroke="${marker.line.color ?? "#444"}" stroke-width="${marker.line.width}"` : "";
    const mop = typeof marker.opacity === "number" && marker.opacity < 1 ? ` fill-opacity="${marker.opacity}"` : "";
    const circles = pts.map((p, k) => (p ? `<circle cx="${px(p[0])}" cy="${px(p[1])}" r="${px(r)}"${colors && typeof colors[k] === "string" ? ` fill="${colors[k]}"` : ""}/>` : "")).join("");
    out.push(`<g fill="${fill}"${stroke}${mop}${op}>${circles}</g>`);
  }
  return out.join("");
}

function drawField(t: Trace, kind: string, ax: Axis, ay: Axis, X: (v: number) => number, Y: (v: number) => number, sx: (v: number) => number, sy: (v: number) => number, op: string): string {
  const f = field(t, ax.categories, ay.categories);
  const ny = f.z.length, nx = ny ? f.z[0]!.length : 0;
  if (!nx || !ny) return "";
  const posX = (v: number) => (ax.type === "category" ? sx(v) : X(v));
  const posY = (v: number) => (ay.type === "category" ? sy(v) : Y(v));
  const coloring = kind === "contour" ? ((t.contours as { coloring?: string } | undefined)?.coloring ?? "fill") : "heatmap";
  const color = scaleSampler(t.colorscale, t.reversescale === true);
  const levels = kind === "contour" ? contourLevels(t, f) : [];
  const out: string[] = [];
  const defer: string[] = [];
  if (coloring === "heatmap" || coloring === "fill") {
    // One pixel a grid point; the browser scales the image (smoothly for contours, in blocks for heatmaps).
    const rgba = new Uint8Array(nx * ny * 4);
    const bandOf = (v: number) => {
      let k = 0;
      while (k < levels.length && v >= levels[k]!) k++;
      const lo = k === 0 ? f.zmin : levels[k - 1]!, hi = k === levels.length ? f.zmax : levels[k]!;
      return (lo + hi) / 2;
    };
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = f.z[j]![i];
        const o = ((ny - 1 - j) * nx + i) * 4;
        if (v === null || v === undefined) continue;
        const c = color(((coloring === "fill" ? bandOf(v) : v) - f.zmin) / (f.zmax - f.zmin));
        rgba[o] = Math.round(c.r); rgba[o + 1] = Math.round(c.g); rgba[o + 2] = Math.round(c.b); rgba[o + 3] = Math.round(255 * c.a);
      }
    }
    const xs = f.x as number[], ys = f.y as number[];
    const smooth = kind === "contour" || (t.zsmooth !== undefined && t.zsmooth !== false);
    if (uniform(f.x) && uniform(f.y) && ax.type !== "log" && ay.type !== "log") {
      const dx = nx > 1 ? (xs[nx - 1]! - xs[0]!) / (nx - 1) : 1, dy = ny > 1 ? (ys[ny - 1]! - ys[0]!) / (ny - 1) : 1;
      const x0 = posX(xs[0]! - dx / 2), x1 = posX(xs[nx - 1]! + dx / 2), y0 = posY(ys[ny - 1]! + dy / 2), y1 = posY(ys[0]! - dy / 2);
      const href = "data:image/png;base64," + encodePng(nx, ny, rgba).toString("base64");
      const flipX = x1 < x0, flipY = y1 < y0;
      const tf = flipX || flipY ? ` transform="translate(${flipX ? px(x0 + x1) : 0} ${flipY ? px(y0 + y1) : 0}) scale(${flipX ? -1 : 1} ${flipY ? -1 : 1})"` : "";
      const gx = typeof t.xgap === "number" ? t.xgap : 0, gy = typeof t.ygap === "number" ? t.ygap : 0;
      const gaps: string[] = [];
      if (gx > 0) for (let i = 1; i < nx; i++) { const g = posX(xs[0]! + (i - 0.5) * dx); gaps.push(`M${px(g)} ${px(Math.min(y0, y1))}V${px(Math.max(y0, y1))}`); }
      if (gy > 0) for (let j = 1; j < ny; j++) { const g = posY(ys[0]! + (j - 0.5) * dy); gaps.push(`M${px(Math.min(x0, x1))} ${px(g)}H${px(Math.max(x0, x1))}`); }
      if (gaps.length) defer.push(`<path d="${gaps.join("")}" stroke="#ffffff" stroke-width="${Math.max(gx, gy)}"/>`);
      out.push(`<image x="${px(Math.min(x0, x1))}" y="${px(Math.min(y0, y1))}" width="${px(Math.abs(x1 - x0))}" height="${px(Math.abs(y1 - y0))}" preserveAspectRatio="none"${smooth ? "" : ` style="image-rendering:pixelated"`}${tf}${op} href="${href}"/>`);
    } else {
      // Uneven grids: one rectangle a cell, edges halfway between neighbours.
      const edges = (c: number[], n: number) => Array.from({ length: n + 1 }, (_, k) => (k === 0 ? c[0]! - (n > 1 ? (c[1]! - c[0]!) / 2 : 0.5) : k === n ? c[n - 1]! + (n > 1 ? (c[n - 1]! - c[n - 2]!) / 2 : 0.5) : (c[k - 1]! + c[k]!) / 2));
      const ex = edges(xs, nx), ey = edges(ys, ny);
      const cells: string[] = [];
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
        const o = ((ny - 1 - j) * nx + i) * 4;
        if (!rgba[o + 3]) continue;
        const a = posX(ex[i]!), b = posX(ex[i + 1]!), c = posY(ey[j]!), d = posY(ey[j + 1]!);
        cells.push(`<rect x="${px(Math.min(a, b))}" y="${px(Math.min(c, d))}" width="${px(Math.abs(b - a))}" height="${px(Math.abs(d - c))}" fill="${toHex({ r: rgba[o]!, g: rgba[o + 1]!, b: rgba[o + 2]!, a: 1 })}"/>`);
      }
      out.push(`<g${op}>${cells.join("")}</g>`);
    }
  }
  if (kind === "contour" && coloring !== "none" && (t.contours as { showlines?: boolean } | undefined)?.showlines !== false) {
    const line = (t.line as { width?: number; color?: string } | undefined) ?? {};
    const at = (p: { i: number; j: number }): [number, number] => {
      const i0 = Math.floor(p.i), j0 = Math.floor(p.j);
      const xv = (f.x[i0] ?? 0)! + ((f.x[Math.min(nx - 1, i0 + 1)] ?? 0)! - (f.x[i0] ?? 0)!) * (p.i - i0);
      const yv = (f.y[j0] ?? 0)! + ((f.y[Math.min(ny - 1, j0 + 1)] ?? 0)! - (f.y[j0] ?? 0)!) * (p.j - j0);
      return [posX(xv), posY(yv)];
    };
    const lineColor = (v: number) => (coloring === "lines" ? (typeof line.color === "string" && !t.colorscale ? line.color : toHex(color((v - f.zmin) / (f.zmax - f.zmin)))) : line.color ?? "rgba(0,0,0,0.35)");
    const width = line.width ?? (coloring === "lines" ? 1 : 0.5);
    const byColor = new Map<string, string[]>();
    for (const v of levels) {
      const d = isolines(f.z, v).map((pl) => pathOf(simplify(pl.map(at), 0.3))).join("");
      if (!d) continue;
      const c = lineColor(v);
      (byColor.get(c) ?? byColor.set(c, []).get(c)!).push(d);
    }
    for (const [c, ds] of byColor) out.push(`<path d="${ds.join("")}" fill="none" stroke="${c}" stroke-width="${width}"${op}/>`);
  }
  // Cell text (a confusion matrix's counts): texttemplate with %{z} or %{text}.
  const template = typeof t.texttemplate === "string" ? t.texttemplate : undefined;
  if (kind === "heatmap" && template) {
    const text = t.text as unknown[][] | undefined;
    const font = (t.textfont as { size?: number; color?: string } | undefined) ?? {};
    const cells: string[] = [];
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const v = f.z[j]![i];
      const xv = f.x[i], yv = f.y[j];
      if (xv === null || yv === null || xv === undefined || yv === undefined) continue;
      const s = template.replace(/%\{z(:[^}]*)?\}/g, () => (v === null || v === undefined ? "" : formatZ(v, /%\{z:([^}]*)\}/.exec(template)?.[1]))).replace(/%\{text\}/g, () => String(text?.[j]?.[i] ?? ""));
      const bg = v === null || v === undefined ? parseColor("#ffffff") : color((v - f.zmin) / (f.zmax - f.zmin));
      cells.push(svgText(s, { x: posX(xv), y: posY(yv), size: font.size ?? 12, anchor: "middle", baseline: "middle", color: font.color ?? (luminance(bg) > 0.55 ? "#2a3f5f" : "#ffffff") }));
    }
    out.push(cells.join(""));
  }
  return out.join("") + defer.join("");
}

/** A few d3-format specifiers, as texttemplate uses them: ".2f", ".3g", ",d", ".0%". */
function formatZ(v: number, spec?: string): string {
  if (!spec) return String(+v.toPrecision(6));
  const m = /^(,)?(?:\.(\d+))?([fgde%])?$/.exec(spec);
  if (!m) return String(v);
  const p = m[2] === undefined ? undefined : +m[2];
  let s: string;
  switch (m[3]) {
    case "f": s = v.toFixed(p ?? 6); break;
    case "g": s = String(+v.toPrecision(p ?? 6)); break;
    case "e": s = v.toExponential(p ?? 6); break;
    case "%": return (v * 100).toFixed(p ?? 0) + "%";
    case "d": s = Math.round(v).toString(); break;
    default: s = String(v);
  }
  return m[1] ? s.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : s;
}

/**
 * plotly's `scaleanchor` with its default `constrain: "range"`: the axis with more pixels per unit
 * gets a range wider about its centre, until `ratio` units of y take as many pixels as one of x.
 */
function equalScale(ax: Axis, ay: Axis, box: Box, ratio: number): void {
  if (ax.type !== "linear" || ay.type !== "linear") return;
  // x units per pixel, and y units per pixel times the ratio (a y unit spans `ratio` times an x unit's pixels).
  const ux = (ax.range[1] - ax.range[0]) / box.w, uy = ((ay.range[1] - ay.range[0]) * ratio) / box.h;
  const widen = (a: Axis, span: number) => { const c = (a.range[0] + a.range[1]) / 2; a.range = [c - span / 2, c + span / 2]; };
  if (ux > uy) widen(ay, (ux * box.h) / ratio);
  else if (uy > ux) widen(ax, uy * box.w);
}

/** True when a trace gets a legend entry: shown, named, and not a surface (those have a colour bar). */
export function isLegendEntry(t: Trace): boolean {
  return !!t && t.visible !== false && t.showlegend !== false && !["contour", "heatmap", "surface"].includes(String(t.type)) && typeof t.name === "string" && t.name !== "";
}

/** A figure's legend as the renderer lays it out in a figure `W` px wide: its entries, whether it shows, its size in px, its place (paper fractions), and the px it takes right of the plot (0 inside, under it, or none). */
export function legendGeometry(fig: FigureSource, W: number): { entries: { t: Trace; i: number }[]; show: boolean; horizontal: boolean; w: number; h: number; x: number; y: number; right: number } {
  const layout = fig.layout ?? {};
  const legendLayout = (layout.legend as Record<string, unknown> | undefined) ?? {};
  const entries = (fig.data ?? []).map((t, i) => ({ t, i })).filter(({ t }) => isLegendEntry(t));
  const show = legendLayout.visible !== false && (layout.showlegend === true || (layout.showlegend === undefined && entries.length > 1)) && entries.length > 0;
  const horizontal = legendLayout.orientation === "h";
  const widths = entries.map((e) => legendItemWidth(String(e.t.name)));
  const w = show ? (horizontal ? Math.min(W - 20, widths.reduce((s, v) => s + v, 0) + 10) : Math.max(...widths) + 10) : 0;
  const h = show ? (horizontal ? LEGEND_ROW * horizontalLegendRows(entries.map((e) => String(e.t.name)), W) : entries.length * 19 + 10) : 0;
  const x = typeof legendLayout.x === "number" ? legendLayout.x : horizontal ? 0 : 1.02;
  const y = typeof legendLayout.y === "number" ? legendLayout.y : horizontal ? -0.1 : 1;
  return { entries, show, horizontal, w, h, x, y, right: show && !horizontal && x >= 1 ? w + 12 : 0 };
}

/** Height of one row of a horizontal legend, px. */
export const LEGEND_ROW = 24;

/** Width of one legend entry: its symbol, its name at 12 px, a gap. */
const legendItemWidth = (name: string) => 40 + textWidth(name, 12) + 10;

/** Rows a horizontal legend of these names takes in a figure `width` px wide (entries wrap as plotly wraps them). */
export function horizontalLegendRows(names: string[], width: number): number {
  return Math.max(1, Math.ceil((names.reduce((s, n) => s + legendItemWidth(n), 0) + 10) / Math.max(1, width - 20)));
}

function legendSymbol(t: Trace, i: number, x: number, y: number): string {
  const kind = String(t.type ?? "scatter");
  const color = traceColor(t, i);
  const op = typeof t.opacity === "number" && t.opacity < 1 ? ` opacity="${t.opacity}"` : "";
  if (kind === "histogram" || kind === "bar") return `<rect x="${px(x + 12)}" y="${px(y - 6)}" width="16" height="12" fill="${color}"${op}/>`;
  const mode = String(t.mode ?? "lines");
  const line = (t.line as { width?: number; dash?: string } | undefined) ?? {};
  const marker = (t.marker as { size?: number; color?: unknown } | undefined) ?? {};
  let s = "";
  if (mode.includes("lines")) s += `<path d="M${px(x + 5)} ${px(y)}H${px(x + 35)}" stroke="${color}" stroke-width="${Math.min(line.width ?? 2, 5)}"${line.dash && DASHES[line.dash] ? ` stroke-dasharray="${DASHES[line.dash]}"` : ""}${op}/>`;
  if (mode.includes("markers")) s += `<circle cx="${px(x + 20)}" cy="${px(y)}" r="${px(Math.min(6, (typeof marker.size === "number" ? marker.size : 6) / 2))}" fill="${typeof marker.color === "string" ? marker.color : color}"${op}/>`;
  return s;
}

function drawColorbar(t: Trace, horizontal: boolean, area: Box, paperX: (f: number) => number, paperY: (f: number) => number, legendRoom: number, id: string, defs: string[]): string {
  const cb = (t.colorbar as Record<string, unknown> | undefined) ?? {};
  const zs = ((t.z as unknown[][]) ?? []).flatMap((r) => nums(r)).filter((v): v is number => v !== null);
  let zmin = typeof t.zmin === "number" ? t.zmin : typeof t.cmin === "number" ? t.cmin : Math.min(...zs);
  let zmax = typeof t.zmax === "number" ? t.zmax : typeof t.cmax === "number" ? t.cmax : Math.max(...zs);
  if (!(zmax > zmin)) { zmin = Number.isFinite(zmin) ? zmin - 1 : 0; zmax = zmin + 2; }
  const stops = colorScale(t.colorscale);
  const rev = t.reversescale === true;
  const stopTags = stops.map(([f, c]) => `<stop offset="${rev ? 1 - f : f}" stop-color="${toHex(parseColor(c))}"/>`);
  if (rev) stopTags.reverse();
  const title = str(cb.title) ?? "";
  const thick = typeof cb.thickness === "number" ? cb.thickness : 30;
  const len = typeof cb.len === "number" ? cb.len : 1;
  if (horizontal) {
    defs.push(`<linearGradient id="${id}" x1="0" x2="1" y1="0" y2="0">${stopTags.join("")}</linearGradient>`);
    const w = len * area.w;
    const cx = paperX(typeof cb.x === "number" ? cb.x : 0.5);
    const x0 = cb.xanchor === "left" ? cx : cb.xanchor === "right" ? cx - w : cx - w / 2;
    const y0 = Math.max(paperY(0) + 40, paperY(typeof cb.y === "number" ? cb.y : -0.2));
    const ticks = axisTicks({ type: "linear", range: [zmin, zmax] }, w, X_TICK_PX);
    const tx = (v: number) => x0 + ((v - zmin) / (zmax - zmin)) * w;
    return `<g class="colorbar"><rect x="${px(x0)}" y="${px(y0)}" width="${px(w)}" height="${thick}" fill="url(#${id})"/>${ticks.map((k) => svgText(k.text, { x: tx(k.at), y: y0 + thick + 4, anchor: "middle", baseline: "top" }, k.exp)).join("")}${title ? svgText(title, { x: x0 + w + 8, y: y0 + thick / 2, baseline: "middle" }) : ""}</g>`;
  }
  defs.push(`<linearGradient id="${id}" x1="0" x2="0" y1="1" y2="0">${stopTags.join("")}</linearGradient>`);
  const h = len * area.h;
  const x0 = area.x + area.w + legendRoom + 0.02 * area.w;
  const y0 = area.y + (area.h - h) / 2;
  const ticks = axisTicks({ type: "linear", range: [zmin, zmax] }, h, Y_TICK_PX);
  const ty = (v: number) => y0 + h - ((v - zmin) / (zmax - zmin)) * h;
  return `<g class="colorbar"><rect x="${px(x0)}" y="${px(y0)}" width="${thick}" height="${px(h)}" fill="url(#${id})"/>${ticks.map((k) => svgText(k.text, { x: x0 + thick + 4, y: ty(k.at), baseline: "middle" }, k.exp)).join("")}${title ? svgText(title, { x: x0, y: y0 - 8 }) : ""}</g>`;
}
