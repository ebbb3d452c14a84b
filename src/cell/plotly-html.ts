// The MIME bundle of a plotly figure. It carries no plotly.js: JupyterLab and
// VS Code draw `application/vnd.plotly.v1+json` themselves, and classic
// Notebook does it through the kernelspec's kernel.js (which loads the
// minified plotly.js installed beside it). Every other reader (GitHub,
// nbconvert's HTML, an untrusted notebook, a PDF) gets a static SVG drawn in
// Node: as `image/svg+xml`, and as the body of the `text/html` form, where the
// interactive plot takes its place when scripts run.

import type { MimeBundle } from "./channel";
import { shownFigure } from "../plot/shown";
import { renderSvg } from "../plot/svg";

/** The MIME type of plotly figures. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Plotly figure JSON: what `application/vnd.plotly.v1+json` carries (frames for animations). */
export interface FigureJSON {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  frames?: { name?: string; data?: Record<string, unknown>[]; traces?: number[] }[];
}

/** One-line summary used as text/plain. */
export function figureSummary(fig: FigureJSON): string {
  const kinds = [...new Set(fig.data.map((t) => String(t.type ?? "scatter")))].join(", ");
  const t = fig.layout.title as { text?: string } | string | undefined;
  const title = typeof t === "string" ? t : t?.text;
  const frames = fig.frames?.length ? `, ${fig.frames.length} frames` : "";
  return `<Figure${title ? ` "${title}"` : ""}: ${fig.data.length} trace${fig.data.length === 1 ? "" : "s"} (${kinds})${frames}>`;
}

/** The static picture of a figure wrapped for `text/html`; the class lets a frontend script find and replace it. */
export function svgPlaceholder(svg: string): string {
  return `<div class="descent-plot">${svg}</div>`;
}

/** The {plotly JSON (compact), SVG, HTML with the SVG, text summary} bundle of a figure. */
export function figureBundle(fig: FigureJSON): MimeBundle {
  const compact = shownFigure(fig);
  const json: FigureJSON = { data: compact.data, layout: compact.layout };
  if (compact.frames) json.frames = compact.frames;
  const svg = renderSvg(compact);
  return {
    [PLOTLY_MIME]: json,
    "image/svg+xml": svg,
    "text/html": svgPlaceholder(svg),
    "text/plain": figureSummary(fig),
  };
}
