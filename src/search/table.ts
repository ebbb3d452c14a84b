// Search results for people: the trials as a table (best first), how many
// distinct values each hyperparameter was tried at, and a grid search's
// scores laid out as a matrix for a heatmap.
import { ValueError, assertInt, checkOptions, kindOf } from "../errors";
import type { SearchResult, Trial } from "./search";

// The kernel's rich-display key (src/cell/mime.ts), by its global name so this
// module needs nothing from the display layer.
const MIME_BUNDLE = Symbol.for("descent.mimeBundle");

/** A number as a table shows it: integers whole, tiny or huge values with an exponent, else 4 significant digits. */
export function formatCell(v: number | string): string {
  if (typeof v === "string") return v;
  // A grid may hold other values (biasCorrection: [true, false]); the checks below would read true as +∞.
  if (typeof v !== "number") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  // Rounded first, so that 99999.5 (4 digits: 1.000e5) takes the exponent as 1e5 does.
  const r = Number(v.toPrecision(4)), a = Math.abs(r);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2);
  return String(r);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A small table of named columns; shows as aligned text and, in a notebook, as an HTML table. */
export class ResultTable {
  constructor(public readonly columns: string[], public readonly rows: (number | string)[][], public readonly title = "") {
    const example = 'e.g. new ResultTable(["alpha", "score"], [[0.01, 0.93]])';
    if (!Array.isArray(columns)) throw new ValueError(`ResultTable: columns must be an array of column names, ${example}, got ${kindOf(columns)}`);
    columns.forEach((c, k) => {
      if (typeof c !== "string") throw new ValueError(`ResultTable: columns[${k}] must be a string (a column name), got ${kindOf(c)}`);
    });
    if (!Array.isArray(rows)) throw new ValueError(`ResultTable: rows must be an array of rows, each an array of cells, ${example}, got ${kindOf(rows)}`);
    rows.forEach((r, i) => {
      if (!Array.isArray(r)) throw new ValueError(`ResultTable: row ${i} must be an array of cells, got ${kindOf(r)}`);
      if (r.length !== columns.length) throw new ValueError(`ResultTable: row ${i} has ${r.length} cells but there are ${columns.length} columns`);
    });
    if (typeof title !== "string") throw new ValueError(`ResultTable: title must be a string, got ${kindOf(title)}`);
  }

  /** One column's values, e.g. `table.column("alpha")`. */
  column(name: string): (number | string)[] {
    const k = this.columns.indexOf(name);
    if (k < 0) throw new ValueError(`ResultTable.column: no column ${JSON.stringify(name)} (have ${this.columns.join(", ")})`);
    return this.rows.map((r) => r[k]!);
  }

  toString(): string {
    const cells = [this.columns, ...this.rows.map((r) => r.map(formatCell))];
    const widths = this.columns.map((_, k) => Math.max(...cells.map((r) => r[k]!.length)));
    const line = (r: string[]) => r.map((c, k) => c.padStart(widths[k]!)).join("  ");
    const out = [line(cells[0]!), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)];
    return (this.title ? this.title + "\n" : "") + out.join("\n");
  }

  [MIME_BUNDLE](): Record<string, string> {
    const head = `<tr>${this.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
    const body = this.rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join("")}</tr>`).join("");
    const caption = this.title ? `<caption style="caption-side:top;text-align:left">${escapeHtml(this.title)}</caption>` : "";
    return {
      "text/plain": this.toString(),
      "text/html": `<table class="descent-table" style="font-family:monospace;text-align:right">${caption}<thead>${head}</thead><tbody>${body}</tbody></table>`,
    };
  }
}

export interface TrialsTableOptions {
  /** Show only the best `top` trials (default all). */
  top?: number;
  /** Hyperparameter columns, in this order (default: every name, in the order of the first trial). */
  columns?: string[];
  /** Heading of the score column (default "score"). */
  scoreName?: string;
  title?: string;
}

/** The trials of a search as a table, best first: rank, each hyperparameter, the score. */
export function trialsTable(result: SearchResult | Trial[], opts: TrialsTableOptions = {}): ResultTable {
  const trials = Array.isArray(result) ? result : result?.trials;
  if (!Array.isArray(trials) || trials.length === 0) throw new ValueError("trialsTable: expected a search result (from randomSearch, gridSearch, coarseToFine) or a non-empty list of trials");
  trialList("trialsTable", trials); // each trial an object with its hp
  checkOptions("trialsTable", opts, ["top", "columns", "scoreName", "title"], '{ top: 5, scoreName: "dev error" }');
  if (opts.top !== undefined) assertInt("top", opts.top, 1, Number.MAX_SAFE_INTEGER, "trialsTable");
  if (opts.columns !== undefined && (!Array.isArray(opts.columns) || opts.columns.some((c) => typeof c !== "string"))) {
    throw new ValueError(`trialsTable: columns must be a list of hyperparameter names like ["alpha", "beta"], got ${JSON.stringify(opts.columns)}`);
  }
  const names = opts.columns ?? Object.keys(trials[0]!.hp);
  for (const n of names) {
    if (!trials.some((t) => n in t.hp)) throw new ValueError(`trialsTable: no trial has a hyperparameter ${JSON.stringify(n)} (have ${Object.keys(trials[0]!.hp).join(", ")})`);
  }
  const shown = trials.slice(0, opts.top);
  const rows = shown.map((t, i) => [i + 1, ...names.map((n) => t.hp[n] ?? ""), t.score]);
  return new ResultTable(["#", ...names, opts.scoreName ?? "score"], rows, opts.title ?? "");
}

/** The trials of a search result or of a list, or a named error for anything else. */
function trialList(where: string, trials: unknown): Trial[] {
  const list = Array.isArray(trials) ? trials : (trials as SearchResult | null)?.trials;
  if (!Array.isArray(list) || list.some((t) => typeof t !== "object" || t === null || typeof (t as Trial).hp !== "object" || (t as Trial).hp === null)) {
    throw new ValueError(`${where}: expected a search result (from randomSearch, gridSearch, coarseToFine) or a list of its trials, got ${kindOf(trials)}`);
  }
  return list as Trial[];
}

/**
 * How many distinct values of each hyperparameter the trials tried. A 5 × 5 grid tries 25 points
 * but only 5 values of each; 25 random points try 25 values of each — which is why random search
 * wins when only some hyperparameters matter.
 */
export function distinctValues(trials: Trial[] | SearchResult): Record<string, number> {
  const list = trialList("distinctValues", trials);
  const out: Record<string, number> = {};
  for (const t of list) for (const n of Object.keys(t.hp)) out[n] = 0;
  for (const n of Object.keys(out)) out[n] = new Set(list.map((t) => t.hp[n])).size;
  return out;
}

/**
 * A grid search's scores as a matrix for a heatmap: `z[i][j]` is the score at `rowName = rows[i]`,
 * `colName = cols[j]` (values sorted ascending; NaN where no trial was run, the mean where several
 * trials share the cell).
 */
export function gridScores(trials: Trial[] | SearchResult, rowName: string, colName: string): { rows: (number | string)[]; cols: (number | string)[]; z: number[][] } {
  const list = trialList("gridScores", trials);
  if (!list.length) throw new ValueError("gridScores: no trials");
  for (const [arg, n] of [["rowName", rowName], ["colName", colName]] as const) {
    if (typeof n !== "string") throw new ValueError(`gridScores: ${arg} must be the name of a hyperparameter (a string), got ${kindOf(n)}`);
  }
  for (const n of [rowName, colName]) {
    if (!(n in list[0]!.hp)) throw new ValueError(`gridScores: the trials have no hyperparameter ${JSON.stringify(n)} (have ${Object.keys(list[0]!.hp).join(", ")})`);
    // A later trial without it would add an undefined row or column.
    const k = list.findIndex((t) => !(n in t.hp));
    if (k > 0) throw new ValueError(`gridScores: trial ${k} has no hyperparameter ${JSON.stringify(n)} (it has ${Object.keys(list[k]!.hp).join(", ")})`);
  }
  const sortVals = (vs: (number | string)[]) => [...new Set(vs)].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b))));
  const rows = sortVals(list.map((t) => t.hp[rowName]!)), cols = sortVals(list.map((t) => t.hp[colName]!));
  const sum = rows.map(() => cols.map(() => 0)), count = rows.map(() => cols.map(() => 0));
  for (const t of list) {
    const i = rows.indexOf(t.hp[rowName]!), j = cols.indexOf(t.hp[colName]!);
    sum[i]![j]! += t.score;
    count[i]![j]! += 1;
  }
  return { rows, cols, z: sum.map((r, i) => r.map((s, j) => (count[i]![j] ? s / count[i]![j]! : NaN))) };
}
