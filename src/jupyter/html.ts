// Export an executed notebook as one self-contained HTML page: markdown
// rendered by markdown-it, LaTeX rendered server-side by KaTeX (its CSS and
// woff2 fonts inlined, so no CDN is needed), and every plotly figure drawn by
// plotly.js embedded once per page from node_modules/plotly.js-dist. The
// index page lists the lessons of a run with their status.
import fs from "node:fs";
import path from "node:path";
import katex from "katex";
import MarkdownIt from "markdown-it";
import { joinText, type Notebook, type Output } from "./nbformat";

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
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: "html", strict: "ignore" });
}

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

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
      const rendered = renderTex(body, display);
      out += display ? `\n\n${hold(`<div class="math-display">${rendered}</div>`)}\n\n` : hold(rendered);
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
  const html = md.render(out);
  // Placeholders use private-use characters (markdown-it replaces NUL). A display formula alone in a paragraph: drop the <p> so the block is not nested in it.
  return html
    .replace(/<p>\uE000(\d+)\uE001<\/p>/g, (_m, n: string) => math[Number(n)]!)
    .replace(/\uE000(\d+)\uE001/g, (_m, n: string) => math[Number(n)]!);
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

let plotlySource: string | undefined;

/** plotly.js from node_modules/plotly.js-dist, made safe to put inside a <script> element. */
export function plotlyScript(): string {
  plotlySource ??= fs.readFileSync(require.resolve("plotly.js-dist"), "utf8").replace(/<\/script/gi, "<\\/script");
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
    const fig = (typeof data[PLOTLY_MIME] === "string" ? JSON.parse(data[PLOTLY_MIME] as string) : data[PLOTLY_MIME]) as { data?: unknown; layout?: unknown; config?: unknown };
    const id = nextPlotId();
    const config = { responsive: true, displaylogo: false, ...(fig.config as object | undefined) };
    return `<div class="output plot" id="${id}"></div><script>Plotly.newPlot(${JSON.stringify(id)}, ${jsonForScript(fig.data ?? [])}, ${jsonForScript(fig.layout ?? {})}, ${jsonForScript(config)});</script>`;
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

const STYLE = `
:root { --fg: #1d2330; --muted: #5b6475; --border: #dde1e8; --code: #f5f7fa; --ok: #137333; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 16px/1.6 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 80px; }
a { color: #1a5fb4; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13.5px; }
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
.plot { width: 100%; min-height: 420px; }
.math-display { overflow-x: auto; overflow-y: hidden; }
.banner { padding: 10px 14px; border-radius: 6px; margin-bottom: 18px; font-size: 14px; }
.banner.ok { background: #e6f4ea; color: var(--ok); }
.banner.failed { background: #fdecea; color: var(--bad); white-space: pre-wrap; }
table.index { border-collapse: collapse; width: 100%; font-size: 15px; }
table.index th, table.index td { border-bottom: 1px solid var(--border); padding: 8px 10px; text-align: left; vertical-align: top; }
table.index td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-failed { color: var(--bad); font-weight: 600; }
.markdown table, .output.html table { border-collapse: collapse; }
.markdown th, .markdown td, .output.html th, .output.html td { border: 1px solid var(--border); padding: 3px 8px; }
`;

function page(title: string, body: string, withPlotly: boolean, withMath: boolean): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    withMath ? `<style>${inlineKatexCss()}</style>` : "",
    // Figures are drawn by scripts placed after their divs, so plotly.js must be loaded first.
    withPlotly ? `<script>${plotlyScript()}</script>` : "",
    "</head><body><main>",
    body,
    "</main></body></html>",
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

/**
 * A self-contained HTML page of an (executed) notebook.
 * @param status shown as a banner at the top when given
 */
export function notebookToHtml(nb: Notebook, title: string, status?: PageStatus): string {
  let plots = 0;
  const texBefore = texCount;
  const nextPlotId = () => `plot-${++plots}`;
  const parts: string[] = [];
  if (status) {
    const head = status.status === "ok" ? "✓ ran without errors" : `✗ failed${status.message ? `: ${status.message}` : ""}`;
    parts.push(`<div class="banner ${status.status}">${escapeHtml(head)}${fmtStatus(status) ? `<br>${escapeHtml(fmtStatus(status))}` : ""}</div>`);
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
  return page(title, parts.join("\n"), plots > 0, texCount > texBefore);
}

/** One row of the index page. */
export interface IndexEntry extends PageStatus {
  name: string;
  /** Link to the lesson's page, relative to the index. */
  href: string;
}

/** The index page: every lesson of the run with its status, checks and time. */
export function indexToHtml(entries: IndexEntry[], title = "descent lessons"): string {
  const ok = entries.filter((e) => e.status === "ok").length;
  const rows = entries.map(
    (e) =>
      `<tr><td><a href="${escapeHtml(e.href)}">${escapeHtml(e.name)}</a></td>` +
      `<td class="status-${e.status}">${e.status === "ok" ? "✓ ok" : "✗ failed"}</td>` +
      `<td class="num">${e.cells ?? ""}</td><td class="num">${e.seconds !== undefined ? e.seconds.toFixed(1) : ""}</td>` +
      `<td class="num">${e.checks?.passed ?? ""}</td><td class="num">${e.checks?.failed ?? ""}</td>` +
      `<td>${e.message ? `<pre class="output">${escapeHtml(e.message)}</pre>` : ""}</td></tr>`,
  );
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${ok} of ${entries.length} lessons ran without errors.</p>`,
    '<table class="index"><thead><tr><th>lesson</th><th>status</th><th>cells</th><th>seconds</th><th>checks passed</th><th>checks failed</th><th>problem</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody></table>`,
  ].join("\n");
  return page(title, body, false, false);
}
