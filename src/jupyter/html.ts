// Export an executed notebook as an HTML page a learner can read offline:
// markdown rendered by markdown-it, LaTeX rendered server-side by KaTeX (its
// CSS and woff2 fonts inlined, so no CDN is needed), every plotly figure shown
// at once as its static SVG and made interactive by plotly.js when that loads
// (one minified file shared by the site's pages, or inlined for a lone page),
// a title, previous/next/contents links and fonts with CJK fallbacks. The
// index page is the site's table of contents.
//
// katex and markdown-it are required lazily, inside the functions that use
// them: the kernel imports descent/jupyter and must start fast.
import fs from "node:fs";
import path from "node:path";
import type MarkdownIt from "markdown-it";
import { joinText, type Notebook, type Output } from "./nbformat";
import { renderSvg } from "../plot/svg";
import { shownFigure } from "../plot/shown";
import { lessonLabel, type LessonInfo } from "./lesson-info";

/** The MIME type of plotly figures (data + layout JSON). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A lesson's run status, shown at the top of its page and in the index. */
export interface PageStatus {
  status: "ok" | "failed";
  /** e.g. "cell 7: CheckError: ✗ loss decreases …" */
  message?: string;
  checks?: { passed: number; failed: number };
  seconds?: number;
  cells?: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Formulas rendered so far; a page includes KaTeX's CSS (~300 KB with fonts) only if it has any. */
let texCount = 0;

function renderTex(tex: string, displayMode: boolean): string {
  texCount++;
  const katex = require("katex") as typeof import("katex");
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: "html", strict: "ignore" });
}

let md: MarkdownIt | undefined;

/** A formula of a markdown text: its TeX, and whether it is displayed (`$$…$$`, `\[…\]`) or inline. */
export interface MathSpan { tex: string; display: boolean }

/**
 * The `$…$`, `$$…$$`, `\(…\)` and `\[…\]` formulas of a markdown text, as `renderMarkdown`
 * finds them (none inside code spans or fenced code blocks).
 */
export function mathSpans(text: string): MathSpan[] {
  const spans: MathSpan[] = [];
  cutMath(text, (tex, display) => {
    spans.push({ tex, display });
    return "";
  });
  return spans;
}

/**
 * Render markdown with `$…$`, `$$…$$`, `\(…\)` and `\[…\]` math. Math is cut
 * out before markdown sees it (so `_` and `*` inside formulas stay TeX), but
 * not inside code spans or fenced code blocks.
 */
export function renderMarkdown(text: string): string {
  const math: string[] = [];
  const hold = (html: string) => {
    math.push(html);
    return `\uE000${math.length - 1}\uE001`;
  };
  const out = cutMath(text, (tex, display) => {
    const rendered = renderTex(tex, display);
    return display ? `\n\n${hold(`<div class="math-display">${rendered}</div>`)}\n\n` : hold(rendered);
  });
  md ??= new (require("markdown-it") as typeof MarkdownIt)({ html: true, linkify: false, typographer: false });
  const html = md.render(out);
  // Placeholders use private-use characters (markdown-it replaces NUL). A display formula alone in a paragraph: drop the <p> so the block is not nested in it.
  return html
    .replace(/<p>\uE000(\d+)\uE001<\/p>/g, (_m, n: string) => math[Number(n)]!)
    .replace(/\uE000(\d+)\uE001/g, (_m, n: string) => math[Number(n)]!);
}

/** The text with every formula outside code replaced by `replace(tex, display)`. */
function cutMath(text: string, replace: (tex: string, display: boolean) => string): string {
  let out = "";
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    // Fenced code block: copy through the closing fence untouched.
    if (lineStart) {
      const fence = /^( {0,3})(`{3,}|~{3,})/.exec(text.slice(i));
      if (fence) {
        const close = text.indexOf("\n" + fence[1] + fence[2], i + fence[0].length);
        const end = close < 0 ? text.length : text.indexOf("\n", close + 1) < 0 ? text.length : text.indexOf("\n", close + 1);
        out += text.slice(i, end);
        i = end;
        continue;
      }
    }
    const ch = text[i]!;
    if (ch === "`") {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      const end = close < 0 ? i + run.length : close + run.length;
      out += text.slice(i, end);
      i = end;
      lineStart = false;
      continue;
    }
    if (ch === "\\" && (text[i + 1] === "$")) {
      out += "\\$";
      i += 2;
      continue;
    }
    const delims: Array<[string, string, boolean]> = [
      ["$$", "$$", true],
      ["\\[", "\\]", true],
      ["\\(", "\\)", false],
      ["$", "$", false],
    ];
    let matched = false;
    for (const [open, close, display] of delims) {
      if (!text.startsWith(open, i)) continue;
      const end = text.indexOf(close, i + open.length);
      const body = end < 0 ? "" : text.slice(i + open.length, end);
      // Inline $…$ must not start or end with a space and stays on one paragraph (so "$5 and $6" is text).
      if (end < 0 || body.trim() === "" || (open === "$" && (/^\s|\s$/.test(body) || body.includes("\n\n")))) continue;
      out += replace(body, display);
      i = end + close.length;
      matched = true;
      break;
    }
    if (matched) {
      lineStart = false;
      continue;
    }
    out += ch;
    lineStart = ch === "\n";
    i++;
  }
  return out;
}

let katexCss: string | undefined;

/** KaTeX's stylesheet with its woff2 fonts inlined as data URIs (woff/ttf fallbacks dropped). */
export function inlineKatexCss(): string {
  if (katexCss !== undefined) return katexCss;
  const dir = path.join(path.dirname(require.resolve("katex/package.json")), "dist");
  const css = fs.readFileSync(path.join(dir, "katex.min.css"), "utf8");
  katexCss = css.replace(/src:([^;}]*)/g, (_all, src: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(src);
    if (!woff2) return `src:${src}`;
    const data = fs.readFileSync(path.join(dir, woff2[1]!)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return katexCss;
}

/** The path of the minified plotly.js (plotly.js-dist-min) that pages load. */
export function plotlyMinPath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

let plotlySource: string | undefined;

/** The minified plotly.js, made safe to put inside a <script> element (for a page that must stand alone). */
export function plotlyScript(): string {
  plotlySource ??= fs.readFileSync(plotlyMinPath(), "utf8").replace(/<\/script/gi, "<\\/script");
  return plotlySource;
}

function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Render one output; `plotId` numbers the plot divs of the page. */
function renderOutput(o: Output, nextPlotId: () => string): string {
  switch (o.output_type) {
    case "stream": {
      const text = joinText(o.text).replace(ANSI, "");
      const lines = text.split("\n").map((l) => (l.startsWith("✓ ") ? `<span class="check-pass">${escapeHtml(l)}</span>` : escapeHtml(l)));
      return `<pre class="output stream ${o.name}">${lines.join("\n")}</pre>`;
    }
    case "error": {
      const tb = o.traceback.map((l) => l.replace(ANSI, "")).join("\n");
      const head = `${o.ename}: ${o.evalue}`;
      const body = tb && !tb.includes(o.evalue) ? `${head}\n${tb}` : tb || head;
      return `<pre class="output error">${escapeHtml(body)}</pre>`;
    }
    case "display_data":
    case "execute_result":
      return renderBundle(o.data, nextPlotId);
  }
}

/** Pick the richest representation we can draw, as a frontend does. */
function renderBundle(data: Record<string, unknown>, nextPlotId: () => string): string {
  const text = (k: string) => (Array.isArray(data[k]) ? (data[k] as string[]).join("") : String(data[k]));
  if (data[PLOTLY_MIME] !== undefined) {
    const fig = (typeof data[PLOTLY_MIME] === "string" ? JSON.parse(data[PLOTLY_MIME] as string) : data[PLOTLY_MIME]) as { data?: Record<string, unknown>[]; layout?: Record<string, unknown>; frames?: unknown[]; config?: unknown };
    const id = nextPlotId();
    // The static picture saved with the figure (or drawn now for an older notebook) shows at once and without scripts.
    const svg = data["image/svg+xml"] !== undefined ? text("image/svg+xml") : renderSvg(shownFigure({ data: fig.data ?? [], layout: fig.layout ?? {} }));
    const json = { data: fig.data ?? [], layout: fig.layout ?? {}, ...(fig.frames ? { frames: fig.frames } : {}), config: { responsive: true, displaylogo: false, ...(fig.config as object | undefined) } };
    return `<div class="output plot" id="${id}">${svg}</div><script type="application/json" data-plot="${id}">${jsonForScript(json)}</script>`;
  }
  if (data["text/html"] !== undefined) return `<div class="output html">${text("text/html")}</div>`;
  if (data["image/svg+xml"] !== undefined) return `<div class="output image">${text("image/svg+xml")}</div>`;
  for (const img of ["image/png", "image/jpeg", "image/gif"]) {
    if (data[img] !== undefined) return `<div class="output image"><img src="data:${img};base64,${text(img).replace(/\s/g, "")}"></div>`;
  }
  if (data["text/markdown"] !== undefined) return `<div class="output markdown">${renderMarkdown(text("text/markdown"))}</div>`;
  if (data["text/latex"] !== undefined) {
    const tex = text("text/latex").trim().replace(/^\$\$?|\$\$?$/g, "");
    return `<div class="output math-display">${renderTex(tex, true)}</div>`;
  }
  if (data["text/plain"] !== undefined) return `<pre class="output text">${escapeHtml(text("text/plain"))}</pre>`;
  return `<pre class="output text">[${escapeHtml(Object.keys(data).join(", "))}]</pre>`;
}

/** Body text in the system's UI font, falling back to CJK fonts where the system has them, so Chinese never shows as boxes. */
export const FONT_STACK = `-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif`;
const MONO_STACK = `ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace`;

const STYLE = `
:root { --fg: #1d2330; --muted: #5b6475; --border: #dde1e8; --code: #f5f7fa; --ok: #137333; --bad: #b3261e; --link: #1a5fb4; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 16px/1.6 ${FONT_STACK}; background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 8px 20px 60px; }
a { color: var(--link); }
pre, code { font-family: ${MONO_STACK}; font-size: 13.5px; }
nav.pager { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; padding: 10px 0; border-bottom: 1px solid var(--border); font-size: 14px; }
nav.pager.bottom { border-bottom: 0; border-top: 1px solid var(--border); margin-top: 32px; }
nav.pager a { text-decoration: none; }
nav.pager a:hover { text-decoration: underline; }
nav.pager .prev, nav.pager .next { flex: 1; }
nav.pager .next { text-align: right; }
nav.pager .contents { flex: 0 0 auto; font-weight: 600; }
header.lesson { margin: 18px 0 6px; color: var(--muted); font-size: 14px; }
header.lesson .mirrors { display: block; }
.zh { font-weight: 400; }
.cell { margin: 14px 0; }
.cell.code .source { display: flex; gap: 8px; }
.prompt { color: var(--muted); font: 12px/2 ui-monospace, monospace; min-width: 56px; text-align: right; user-select: none; }
.source pre { flex: 1; margin: 0; padding: 10px 12px; background: var(--code); border: 1px solid var(--border); border-radius: 6px; overflow-x: auto; }
.outputs { margin-left: 64px; }
.output { margin: 6px 0; overflow-x: auto; }
pre.output { padding: 4px 2px; white-space: pre-wrap; word-break: break-word; }
pre.stderr { background: #fff5f5; color: #7a271a; }
pre.error { background: #fdecea; color: var(--bad); padding: 8px 10px; border-radius: 6px; }
.check-pass { color: var(--ok); font-weight: 600; }
.plot { width: 100%; }
.plot > svg { display: block; max-width: 100%; height: auto; }
.math-display { overflow-x: auto; overflow-y: hidden; }
.banner { padding: 6px 12px; border-radius: 6px; margin: 8px 0 14px; font-size: 13px; }
.banner.ok { background: #e6f4ea; color: var(--ok); }
.banner.failed { background: #fdecea; color: var(--bad); white-space: pre-wrap; font-size: 14px; }
table.toc { border-collapse: collapse; width: 100%; font-size: 15px; }
table.toc th, table.toc td { border-bottom: 1px solid var(--border); padding: 10px 10px; text-align: left; vertical-align: top; }
table.toc th { font-size: 13px; color: var(--muted); font-weight: 600; }
table.toc td.num { font-variant-numeric: tabular-nums; color: var(--muted); font-weight: 600; white-space: nowrap; }
table.toc td.lesson { width: 24%; }
table.toc td.lesson a { font-weight: 600; text-decoration: none; }
table.toc td.lesson a:hover { text-decoration: underline; }
table.toc td.lesson .zh { display: block; color: var(--muted); font-size: 14px; }
table.toc td.mirrors { color: var(--muted); font-size: 14px; width: 26%; }
table.toc td.status { font-size: 12px; color: var(--muted); white-space: nowrap; }
table.toc .problem { font-size: 12px; margin: 4px 0 0; white-space: pre-wrap; color: var(--bad); }
.status-ok { color: var(--ok); font-weight: 600; }
.status-failed { color: var(--bad); font-weight: 600; }
.markdown table, .output.html table { border-collapse: collapse; }
.markdown th, .markdown td, .output.html th, .output.html td { border: 1px solid var(--border); padding: 3px 8px; }
`;

/** Where a page gets plotly.js: a file beside it (a site), inlined (a lone page), or nowhere (static pictures only). */
export type PlotlySource = { src: string } | "inline" | "none";

/** Options of {@link notebookToHtml}. */
export interface PageOptions {
  /** Default "inline": the page stands alone. The runner shares one file for the whole site. */
  plotly?: PlotlySource;
  /** The lesson's number, titles, chapter and summary (page title and header). */
  info?: LessonInfo;
  /** Links to the neighbouring lessons and the table of contents. */
  nav?: { prev?: { href: string; label: string }; next?: { href: string; label: string }; contents?: string };
}

/** Trace types plotly.js draws only with WebGL (3-D scenes, gl variants, map tiles). */
const WEBGL_TRACES = ["surface", "mesh3d", "scatter3d", "cone", "streamtube", "isosurface", "volume", "scattergl", "scatterpolargl", "splom", "parcoords", "heatmapgl", "pointcloud", "scattermapbox", "choroplethmapbox", "densitymapbox", "scattermap", "choroplethmap", "densitymap"];

// Draw every figure of the page once plotly.js is there; until then (or without it) its SVG stays.
// It stays too where plotly.js would only say "WebGL is not supported" (a figure with a WebGL trace,
// a browser without WebGL), and comes back if drawing fails, now or later (newPlot returns a promise).
const DRAW_PLOTS = `(function(){if(!window.Plotly)return;var GL=${JSON.stringify(WEBGL_TRACES)},gl;function webgl(){if(gl===undefined){try{var c=document.createElement("canvas");gl=!!(window.WebGLRenderingContext&&(c.getContext("webgl")||c.getContext("experimental-webgl")));}catch(e){gl=false;}}return gl;}document.querySelectorAll("script[data-plot]").forEach(function(s){var el=document.getElementById(s.getAttribute("data-plot"));if(!el)return;var pic=el.innerHTML;function keep(e){console.warn(e);try{Plotly.purge(el);}catch(_){}el.innerHTML=pic;}try{var f=JSON.parse(s.textContent);if((f.data||[]).some(function(t){return GL.indexOf(t.type)>=0;})&&!webgl())return;el.innerHTML="";Promise.resolve(Plotly.newPlot(el,f)).catch(keep);}catch(e){keep(e);}});})();`;

function page(title: string, body: string, plots: boolean, withMath: boolean, plotly: PlotlySource): string {
  const loader = !plots || plotly === "none" ? "" : plotly === "inline" ? `<script>${plotlyScript()}</script>` : `<script src="${escapeHtml(plotly.src)}"></script>`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    withMath ? `<style>${inlineKatexCss()}</style>` : "",
    "</head><body><main>",
    body,
    "</main>",
    // plotly.js at the end: the text and static pictures show before it loads.
    loader,
    loader ? `<script>${DRAW_PLOTS}</script>` : "",
    "</body></html>",
    "",
  ].join("\n");
}

function fmtStatus(s: PageStatus): string {
  const parts: string[] = [];
  if (s.checks) parts.push(`checks ${s.checks.passed} passed, ${s.checks.failed} failed`);
  if (s.cells !== undefined) parts.push(`${s.cells} cells`);
  if (s.seconds !== undefined) parts.push(`${s.seconds.toFixed(1)} s`);
  return parts.join(" · ");
}

function pager(nav: NonNullable<PageOptions["nav"]>, where: "top" | "bottom"): string {
  const prev = nav.prev ? `<a class="prev" rel="prev" href="${escapeHtml(nav.prev.href)}">← ${escapeHtml(nav.prev.label)}</a>` : `<span class="prev"></span>`;
  const next = nav.next ? `<a class="next" rel="next" href="${escapeHtml(nav.next.href)}">${escapeHtml(nav.next.label)} →</a>` : `<span class="next"></span>`;
  const contents = nav.contents ? `<a class="contents" href="${escapeHtml(nav.contents)}">Contents</a>` : "";
  return `<nav class="pager ${where}">${prev}${contents}${next}</nav>`;
}

/**
 * An HTML page of an (executed) notebook.
 * @param status shown as a banner at the top when given
 */
export function notebookToHtml(nb: Notebook, title: string, status?: PageStatus, options: PageOptions = {}): string {
  let plots = 0;
  const texBefore = texCount;
  const nextPlotId = () => `plot-${++plots}`;
  const parts: string[] = [];
  if (options.nav) parts.push(pager(options.nav, "top"));
  if (options.info) {
    const bits = [options.info.mirrors ? `<span class="mirrors">Mirrors: ${escapeHtml(options.info.mirrors)}</span>` : "", options.info.summary ? `<span class="summary">${escapeHtml(options.info.summary)}</span>` : ""].filter(Boolean);
    if (bits.length) parts.push(`<header class="lesson">${bits.join("")}</header>`);
  }
  if (status) {
    const head = status.status === "ok" ? "✓ ran without errors" : `✗ failed${status.message ? `: ${status.message}` : ""}`;
    parts.push(`<div class="banner ${status.status}">${escapeHtml(head)}${fmtStatus(status) ? ` · ${escapeHtml(fmtStatus(status))}` : ""}</div>`);
  }
  for (const cell of nb.cells) {
    const source = joinText(cell.source);
    if (cell.cell_type === "markdown") {
      parts.push(`<div class="cell markdown" id="cell-${escapeHtml(cell.id)}">${renderMarkdown(source)}</div>`);
    } else if (cell.cell_type === "raw") {
      parts.push(`<div class="cell raw" id="cell-${escapeHtml(cell.id)}"><pre>${escapeHtml(source)}</pre></div>`);
    } else {
      const prompt = `[${cell.execution_count ?? " "}]:`;
      const outputs = cell.outputs.map((o) => renderOutput(o, nextPlotId)).join("\n");
      parts.push(
        `<div class="cell code" id="cell-${escapeHtml(cell.id)}"><div class="source"><div class="prompt">${escapeHtml(prompt)}</div><pre><code>${escapeHtml(source)}</code></pre></div>` +
          (outputs ? `<div class="outputs">${outputs}</div>` : "") +
          "</div>",
      );
    }
  }
  if (options.nav) parts.push(pager(options.nav, "bottom"));
  const pageTitle = options.info ? `${lessonLabel(options.info)}${options.info.title_zh ? ` (${options.info.title_zh})` : ""} — descent` : title;
  return page(pageTitle, parts.join("\n"), plots > 0, texCount > texBefore, options.plotly ?? "inline");
}

/** One row of the index page. */
export interface IndexEntry extends PageStatus {
  name: string;
  /** Link to the lesson's page, relative to the index. */
  href: string;
  /** Number, titles, chapter and summary; without it the row shows the name. */
  info?: LessonInfo;
}

/**
 * The index page: a table of contents of the lessons (number, English and
 * Chinese title, the chapter of the notes each mirrors, a one-line summary)
 * with each lesson's run status in small print.
 */
export function indexToHtml(entries: IndexEntry[], title = "descent lessons"): string {
  const ok = entries.filter((e) => e.status === "ok").length;
  const rows = entries.map((e) => {
    const info = e.info ?? { title: e.name };
    const name = `${escapeHtml(info.title)}${info.title_zh ? ` <span class="zh" lang="zh">${escapeHtml(info.title_zh)}</span>` : ""}`;
    const link = e.href ? `<a href="${escapeHtml(e.href)}">${name}</a>` : name;
    const ci = [e.checks ? `${e.checks.passed} checks` : "", e.seconds !== undefined ? `${e.seconds.toFixed(1)} s` : ""].filter(Boolean).join(" · ");
    return (
      `<tr><td class="num">${escapeHtml(info.number ?? "")}</td>` +
      `<td class="lesson">${link}</td>` +
      `<td class="mirrors">${escapeHtml(info.mirrors ?? "")}</td>` +
      `<td class="summary">${escapeHtml(info.summary ?? "")}</td>` +
      `<td class="status"><span class="status-${e.status}">${e.status === "ok" ? "✓ ok" : "✗ failed"}</span>${ci ? `<br>${escapeHtml(ci)}` : ""}` +
      `${e.message ? `<pre class="problem">${escapeHtml(e.message)}</pre>` : ""}</td></tr>`
    );
  });
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Lessons on making deep networks train well, in TypeScript. ${ok} of ${entries.length} ran without errors in this build.</p>`,
    '<table class="toc"><thead><tr><th>#</th><th>lesson</th><th>mirrors</th><th>what it does</th><th>status</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody></table>`,
  ].join("\n");
  return page(title, body, false, false, "none");
}
