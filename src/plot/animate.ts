// Animations: any figure whose lines or markers should appear step by step —
// optimizer paths crossing a contour map, a cost curve growing as training
// goes — with plotly's frames, a play/pause pair and a step slider. It runs
// wherever plotly.js does (no kernel needed: the frames are in the figure),
// and its static picture is the last frame, the whole path.

import { ValueError, checkOptions, kindOf } from "../errors";
import { Figure, type Frame, type Trace } from "./figure";
import { autoRanges, horizontalLegendRows, isLegendEntry, LEGEND_ROW } from "./svg/render";

/** px from the plot's bottom edge to a legend under it: room for the x tick labels and the axis title. */
const LEGEND_BELOW_AXIS = 50;

/** Options of {@link animate}. */
export interface AnimateOptions {
  /** Number of frames (default: one a point up to 40; the frames share the steps evenly). */
  frames?: number;
  /** Milliseconds a frame while playing (default 100). */
  duration?: number;
  /** Text before the slider's current value (default "step "). */
  label?: string;
  /** Indices of the traces that grow (default: every line/marker trace with at least two points). */
  traces?: number[];
  /**
   * Most points a growing trace keeps (default 300): longer ones are sampled
   * evenly, keeping the last point, so the notebook stays light (every frame
   * repeats the points shown so far).
   */
  maxPoints?: number;
}

const GROWING = new Set(["scatter", "scattergl", "scatter3d"]);

function lengthOf(t: Trace): number {
  return Array.isArray(t.y) ? t.y.length : 0;
}

function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

/**
 * Animate `fig`: its growing traces start at their first point and reach
 * their last in the final frame, all on the same step count, e.g.
 * `animate(contour(f, { x, y, paths: { gd, momentum } }))` or
 * `animate(lines({ sgd: costs, adam: costs2 }, { logY: true }), { label: "epoch " })`.
 * The axes keep the ranges of the whole figure, so nothing rescales while
 * it plays. The figure itself is not changed.
 */
export function animate(fig: Figure, opts: AnimateOptions = {}): Figure {
  if (!(fig instanceof Figure) && !(fig && Array.isArray((fig as Figure).data))) throw new ValueError(`animate: fig must be a Figure (from lines, contour, surface3d, …), got ${kindOf(fig)}`);
  checkOptions("animate", opts, ["frames", "duration", "label", "traces", "maxPoints"], "{ frames: 40, duration: 100 }");
  if (opts.traces !== undefined && !Array.isArray(opts.traces)) throw new ValueError(`animate: traces must be a list of trace indices like [1, 2], got ${kindOf(opts.traces)}`);
  const maxPoints = opts.maxPoints ?? 300;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) throw new ValueError(`animate: maxPoints must be an integer ≥ 2, got ${kindOf(opts.maxPoints)}`);
  const duration = opts.duration ?? 100;
  if (!(typeof duration === "number" && duration >= 0 && Number.isFinite(duration))) throw new ValueError(`animate: duration must be a number of milliseconds ≥ 0, got ${kindOf(opts.duration)}`);
  const growing = opts.traces ?? fig.data.flatMap((t, i) => (GROWING.has(String(t.type ?? "scatter")) && lengthOf(t) >= 2 ? [i] : []));
  for (const i of growing) {
    if (!Number.isInteger(i) || i < 0 || i >= fig.data.length) throw new ValueError(`animate: traces must be indices of the figure's ${fig.data.length} traces, got ${i}`);
    if (!GROWING.has(String(fig.data[i]!.type ?? "scatter"))) throw new ValueError(`animate: trace ${i} is a ${String(fig.data[i]!.type)}; only scatter (lines, markers) and scatter3d traces can grow`);
  }
  if (growing.length === 0) throw new ValueError("animate: the figure has no line or marker trace with two or more points to animate");

  // Long traces sampled evenly (the last point kept), x made explicit so frames can cut y alone.
  const data: Trace[] = fig.data.map((t, i) => {
    if (!growing.includes(i)) return { ...t };
    const n = lengthOf(t);
    const keep = sampleIndices(n, maxPoints);
    const pick = (v: unknown) => (Array.isArray(v) && v.length === n ? keep.map((k) => v[k]) : v);
    const out: Trace = { ...t, x: Array.isArray(t.x) ? pick(t.x) : keep, y: pick(t.y) };
    if (t.z !== undefined) out.z = pick(t.z);
    return out;
  });
  const steps = Math.max(...growing.map((i) => lengthOf(data[i]!)));
  const count = opts.frames ?? Math.min(steps, 40);
  if (!(Number.isInteger(count) && count >= 2)) throw new ValueError(`animate: frames must be an integer ≥ 2, got ${kindOf(opts.frames)}`);
  const frameCount = Math.min(count, steps);
  const ends = Array.from({ length: frameCount }, (_, k) => Math.round((k * (steps - 1)) / (frameCount - 1)));
  const has3d = growing.some((i) => data[i]!.type === "scatter3d");
  // The step a frame shows: a curve's x value there (e.g. the epoch), else the point's index.
  const longestIndex = growing.find((i) => lengthOf(data[i]!) === steps)!;
  const longest = data[longestIndex]!;
  const curve = fig.data[longestIndex]!.x !== undefined && longest.type !== "scatter3d" && String(longest.mode ?? "lines") === "lines";
  const stepLabel = (e: number) => {
    const xv = (longest.x as unknown[])[e];
    return curve && typeof xv === "number" ? String(xv) : String(e);
  };
  const frames: Frame[] = ends.map((e, k) => ({
    name: String(k),
    traces: growing,
    data: growing.map((i) => {
      const t = data[i]!;
      const upto = Math.min(e + 1, lengthOf(t));
      // plotly draws min(len x, len y) points: cutting y alone cuts the trace (3-D traces get all three).
      return t.type === "scatter3d"
        ? { x: (t.x as unknown[]).slice(0, upto), y: (t.y as unknown[]).slice(0, upto), z: (t.z as unknown[]).slice(0, upto) }
        : { y: (t.y as unknown[]).slice(0, upto) };
    }),
  }));

  const layout: Record<string, unknown> = { ...fig.layout };
  // Fixed ranges: the whole figure's, as autorange would give at the last frame.
  for (const [key, a] of Object.entries(autoRanges({ data, layout }))) {
    if (a.type === "category") continue;
    layout[key] = { ...((layout[key] as object) ?? {}), range: a.range, autorange: false };
  }
  const margin = { l: 60, r: 20, t: 50, b: 50, ...((layout.margin as object) ?? {}) } as { t: number; b: number };
  layout.margin = { ...margin, b: margin.b + 70 };
  layout.height = (typeof layout.height === "number" ? layout.height : 400) + 70;
  // px from the plot's bottom edge to the top of the play buttons (the slider's label sits 15 px higher).
  let controls = 75;
  const legend = layout.legend as { orientation?: string; y?: number } | undefined;
  if (legend?.orientation === "h" && typeof legend.y === "number" && legend.y < 0) {
    // A legend under the plot would lie on the controls: it goes right under the axis title, the controls under it.
    const names = data.filter(isLegendEntry).map((t) => String(t.name));
    const rows = horizontalLegendRows(names, typeof layout.width === "number" ? layout.width : 700);
    controls = LEGEND_BELOW_AXIS + rows * LEGEND_ROW + 20;
    const b = Math.max((layout.margin as { b: number }).b, controls + 55);
    layout.height = (layout.height as number) + b - (layout.margin as { b: number }).b;
    layout.margin = { ...margin, b };
    // Paper coordinates: a fraction of the plot area's height below its bottom edge.
    layout.legend = { ...legend, y: -LEGEND_BELOW_AXIS / ((layout.height as number) - margin.t - b), yanchor: "top" };
  }
  const playArgs = { frame: { duration, redraw: has3d }, transition: { duration: 0 }, fromcurrent: true, mode: "immediate" };
  const jump = { mode: "immediate", frame: { duration: 0, redraw: has3d }, transition: { duration: 0 } };
  layout.updatemenus = [
    {
      type: "buttons",
      direction: "left",
      showactive: false,
      x: 0,
      xanchor: "left",
      y: 0,
      yanchor: "top",
      pad: { t: controls, r: 10 },
      buttons: [
        { label: "▶", method: "animate", args: [null, playArgs] },
        { label: "❚❚", method: "animate", args: [[null], jump] },
      ],
    },
  ];
  layout.sliders = [
    {
      active: frameCount - 1,
      x: 0.14,
      len: 0.86,
      y: 0,
      yanchor: "top",
      pad: { t: controls - 15 },
      // Step labels would crowd the track; the current value says where we are.
      font: { color: "rgba(0,0,0,0)" },
      ticklen: 3,
      currentvalue: { prefix: opts.label ?? "step ", visible: true, xanchor: "left" },
      transition: { duration: 0 },
      steps: frames.map((f, k) => ({ label: stepLabel(ends[k]!), method: "animate", args: [[f.name], jump] })),
    },
  ];
  return new Figure(data, layout, frames);
}
