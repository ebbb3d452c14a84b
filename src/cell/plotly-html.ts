// The MIME bundle of a plotly figure. The HTML form must render offline, so the
// first figure of a kernel session carries plotly.js itself (read from the
// installed plotly.js-dist) and sets window.Plotly; later figures reuse it.

import fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { MimeBundle } from "./channel";
import { sessionState } from "./channel";

/** Plotly figure JSON: what `application/vnd.plotly.v1+json` carries. */
export interface FigureJSON {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

let plotlySource: string | undefined;

/** plotly.js source from the installed package, read once per process. */
export function plotlyJs(): string {
  if (plotlySource === undefined) {
    const file = require.resolve("plotly.js-dist");
    // A literal "</script" would end the <script> element early.
    plotlySource = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return plotlySource;
}

/**
 * A <script> that defines window.Plotly. `define`, `module` and `exports` are
 * shadowed so that a page with require.js (classic Notebook) or a CommonJS
 * shim does not capture the library instead of the global.
 */
export function plotlyLoaderHtml(): string {
  return `<script type="text/javascript">(function(define, module, exports){\n${plotlyJs()}\n}).call(window);</script>`;
}

function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** One-line summary used as text/plain. */
export function figureSummary(fig: FigureJSON): string {
  const kinds = [...new Set(fig.data.map((t) => String(t.type ?? "scatter")))].join(", ");
  const t = fig.layout.title as { text?: string } | string | undefined;
  const title = typeof t === "string" ? t : t?.text;
  return `<Figure${title ? ` "${title}"` : ""}: ${fig.data.length} trace${fig.data.length === 1 ? "" : "s"} (${kinds})>`;
}

/** Options for figureBundle. */
export interface FigureBundleOptions {
  /** Embed plotly.js; default: only for the first figure of this process (kernel session). */
  includePlotly?: boolean;
}

/** The {plotly JSON, offline HTML, text summary} bundle of a figure. */
export function figureBundle(fig: FigureJSON, opts: FigureBundleOptions = {}): MimeBundle {
  const state = sessionState();
  const include = opts.includePlotly ?? !state.plotlyInjected;
  if (include) state.plotlyInjected = true;
  const id = "descent-plot-" + randomBytes(6).toString("hex");
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 400;
  const draw = `<script type="text/javascript">(function(){
var fig = ${jsonForScript(fig)};
var tries = 0;
function draw(){
  var el = document.getElementById(${JSON.stringify(id)});
  if (!el) return;
  if (!window.Plotly) {
    if (++tries > 100) { el.textContent = "plotly.js is not loaded in this page: re-run the first plotting cell."; return; }
    return setTimeout(draw, 100);
  }
  window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true});
}
draw();
})();</script>`;
  const html = (include ? plotlyLoaderHtml() : "") + `<div id="${id}" class="descent-plot" style="width:100%;height:${height}px"></div>` + draw;
  return {
    "application/vnd.plotly.v1+json": { data: fig.data, layout: fig.layout },
    "text/html": html,
    "text/plain": figureSummary(fig),
  };
}
