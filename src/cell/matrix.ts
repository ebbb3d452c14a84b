// Matrices rendered for people: an HTML table and aligned plain text.
// Duck-typed on { rows, cols, data } so it needs nothing from the tensor module.

import { makeFormatter } from "../tensor/format";
import type { MimeBundle } from "./channel";

/** Anything shaped like descent's Matrix: row-major `data` of `rows × cols` numbers. */
export interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** True when `v` looks like a matrix (integer rows/cols, numeric data of the right length). */
export function isMatrixLike(v: unknown): v is MatrixLike {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Partial<MatrixLike>;
  return (
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    m.data !== undefined &&
    typeof (m.data as ArrayLike<number>).length === "number" &&
    (m.data as ArrayLike<number>).length === (m.rows as number) * (m.cols as number)
  );
}

/** Format one entry: 4 significant digits, exponent form for very large or small magnitudes. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** How many rows/cols to show at most before eliding the middle with "…". */
const EDGE = 6;

function shownIndices(n: number): (number | null)[] {
  if (n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

/** Plain-text rendering with right-aligned columns; large matrices are elided in the middle. */
export function matrixText(m: MatrixLike): string {
  const rows = shownIndices(m.rows);
  const cols = shownIndices(m.cols);
  const cells = rows.map((r) => cols.map((c) => (r === null || c === null ? "…" : formatNumber(m.data[r * m.cols + c]))));
  const width = cells.reduce((w, row) => Math.max(w, ...row.map((s) => s.length)), 1);
  const lines = cells.map((row) => "[" + row.map((s) => s.padStart(width)).join(" ") + "]");
  return `Matrix ${m.rows}×${m.cols}\n[` + lines.join("\n ") + "]";
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] as string);
}

/**
 * HTML table with row/column indices; the same elision as the text form.
 * Entries use numpy's print style (up to 8 decimals, one notation for the
 * whole table), so they read like the course's expected outputs.
 */
export function matrixHtml(m: MatrixLike): string {
  const rows = shownIndices(m.rows);
  const cols = shownIndices(m.cols);
  const shown: number[] = [];
  for (const r of rows) for (const c of cols) if (r !== null && c !== null) shown.push(m.data[r * m.cols + c]!);
  const fmt = makeFormatter(shown);
  // A table needs no padding, nor numpy's bare trailing point ("4." -> "4").
  const cell = (x: number) => fmt(x).trim().replace(/\.(?=e|$)/, "");
  const head = "<tr><th></th>" + cols.map((c) => `<th>${c === null ? "…" : c}</th>`).join("") + "</tr>";
  const body = rows
    .map((r) => {
      const tds = cols.map((c) => `<td>${r === null || c === null ? "…" : escapeHtml(cell(m.data[r * m.cols + c]!))}</td>`);
      return `<tr><th>${r === null ? "…" : r}</th>${tds.join("")}</tr>`;
    })
    .join("");
  return (
    `<div class="descent-matrix"><div style="font-size:smaller;color:#666">Matrix ${m.rows}×${m.cols}</div>` +
    `<table style="font-family:monospace;text-align:right"><thead>${head}</thead><tbody>${body}</tbody></table></div>`
  );
}

/** The MIME bundle for a matrix. */
export function matrixBundle(m: MatrixLike): MimeBundle {
  return { "text/plain": matrixText(m), "text/html": matrixHtml(m) };
}
