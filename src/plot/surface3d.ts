// A cost surface f(x, y) in 3-D, e.g. the saddle x² − y², with optimizer paths
// drawn on it: what a contour map flattens, seen from an angle.

import { ValueError, checkOptions, kindOf } from "../errors";
import { Figure, type Trace } from "./figure";
import { grid, pathXY, type Path, type Range2 } from "./surface";
import { colorscaleOf, seriesColor, type ColorScaleName } from "./palette";

/** Options of {@link surface3d}. */
export interface Surface3dOptions {
  x: Range2;
  y: Range2;
  /** Grid points per axis (default 40: smooth at notebook size, light to save). */
  steps?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  zLabel?: string;
  /** Paths drawn on the surface: name → points [x, y] (z is f there), in palette order like `contour`'s. */
  paths?: Record<string, Path>;
  colorscale?: ColorScaleName | [number, string][];
  /** Where the camera looks from (plotly's scene.camera.eye; default {x: 1.25, y: 1.25, z: 1.25}). */
  eye?: { x: number; y: number; z: number };
  width?: number;
  height?: number;
}

/**
 * The surface z = f(x, y) over x × y, with optional paths on it, e.g.
 * `surface3d((x, y) => x * x - y * y, { x: [-1, 1], y: [-1, 1], paths: { gd, adam } })`.
 * Its static picture is an orthographic view from the same camera.
 */
export function surface3d(f: (x: number, y: number) => number, opts: Surface3dOptions): Figure {
  if (!opts || typeof opts !== "object") throw new ValueError(`surface3d: options with x and y ranges are required, e.g. surface3d(f, { x: [-1, 1], y: [-1, 1] }), got ${kindOf(opts)}`);
  checkOptions("surface3d", opts, ["x", "y", "steps", "title", "xLabel", "yLabel", "zLabel", "paths", "colorscale", "eye", "width", "height"], "{ x: [-1, 1], y: [-1, 1], paths: { gd } }");
  for (const k of ["width", "height"] as const) {
    const v = opts[k];
    if (v !== undefined && !(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new ValueError(`surface3d: ${k} must be a positive number of pixels, got ${kindOf(v)}`);
  }
  const steps = opts.steps ?? 40;
  const g = grid(f, opts.x, opts.y, steps, "surface3d");
  const z = g.z.map((row) => row.map((v) => (Number.isFinite(v) ? v : null)));
  const traces: Trace[] = [
    {
      type: "surface",
      name: "f",
      x: g.x,
      y: g.y,
      z,
      colorscale: colorscaleOf(opts.colorscale, "Viridis", "colorscale", "surface3d"),
      colorbar: { title: { text: opts.zLabel ?? "f" }, len: 0.75 },
      showlegend: false,
    },
  ];
  Object.entries(opts.paths ?? {}).forEach(([name, p], i) => {
    const { x, y } = pathXY(p, name, "surface3d");
    const color = seriesColor(i);
    traces.push({ type: "scatter3d", mode: "lines+markers", name, x, y, z: x.map((xv, k) => (xv === null || y[k] === null ? null : f(xv, y[k]!))), line: { color, width: 5 }, marker: { color, size: 3 } });
  });
  const axis = (text: string | undefined, dflt: string) => ({ title: { text: text ?? dflt }, exponentformat: "power" });
  const layout: Record<string, unknown> = {
    height: opts.height ?? 500,
    margin: { l: 10, r: 10, t: opts.title ? 50 : 20, b: 10 },
    showlegend: traces.length > 2,
    legend: { x: 0.01, y: 0.99, xanchor: "left", yanchor: "top", bgcolor: "rgba(255,255,255,0.7)" },
    scene: {
      xaxis: axis(opts.xLabel, "x"),
      yaxis: axis(opts.yLabel, "y"),
      zaxis: axis(opts.zLabel, "f(x, y)"),
      aspectmode: "cube",
      camera: { eye: opts.eye ?? { x: 1.25, y: 1.25, z: 1.25 } },
    },
  };
  if (opts.title) layout.title = { text: opts.title };
  if (opts.width !== undefined) layout.width = opts.width;
  return new Figure(traces, layout);
}
