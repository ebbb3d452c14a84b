// Read, validate and write Jupyter notebooks in nbformat 4.5 (the version that
// gives every cell an `id`). We validate by hand rather than with a JSON-schema
// library: the checks are few, and a hand-written check can say *which* cell
// and *which* field is wrong in words a lesson author understands.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

/** Text as nbformat stores it: one string, or a list of lines to be joined. */
export type MultilineString = string | string[];

/** A MIME bundle: MIME type → content (string, list of lines, or JSON). */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: unknown;
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}
export interface MarkdownCell {
  cell_type: "markdown";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}
export interface RawCell {
  cell_type: "raw";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}
export type Cell = CodeCell | MarkdownCell | RawCell;

export interface NotebookMetadata {
  kernelspec?: { name: string; display_name: string; language?: string };
  language_info?: { name: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** A notebook in nbformat 4.5. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: Cell[];
}

/** A notebook that is not valid nbformat 4; the message names the file and the problem. */
export class NotebookFormatError extends Error {
  override name = "NotebookFormatError";
  constructor(
    /** The file (or label) the notebook came from. */
    readonly file: string,
    /** What is wrong, e.g. `cells[3].cell_type is "python"; expected code, markdown or raw`. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** Join nbformat's multiline text into one string. */
export function joinText(text: MultilineString | undefined): string {
  if (text === undefined) return "";
  return Array.isArray(text) ? text.join("") : text;
}

/** Split text into lines that keep their "\n", as Jupyter writes it (diff-friendly). */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/(?<=\n)/);
  return lines;
}

/** A fresh cell id as Jupyter makes them (8 hex digits is what nbformat uses for new cells). */
export function newCellId(taken: Set<string>): string {
  for (;;) {
    const id = crypto.randomBytes(4).toString("hex");
    if (!taken.has(id)) return id;
  }
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isMultiline(v: unknown): v is MultilineString {
  return typeof v === "string" || (Array.isArray(v) && v.every((s) => typeof s === "string"));
}

/**
 * Parse and validate notebook JSON. Notebooks older than 4.5 (no cell ids) are
 * upgraded in memory: ids are added and `nbformat_minor` becomes 5.
 *
 * @param text the file's contents
 * @param file the file name, used in error messages
 * @throws NotebookFormatError naming the file and what is wrong
 */
export function parseNotebook(text: string, file = "<notebook>"): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(file, `not valid JSON (${(e as Error).message})`);
  }
  return validateNotebook(raw, file);
}

/**
 * Validate an already-parsed notebook object (see {@link parseNotebook}).
 * Returns the same object, upgraded to 4.5 if needed.
 */
export function validateNotebook(raw: unknown, file = "<notebook>"): Notebook {
  const fail = (problem: string): never => {
    throw new NotebookFormatError(file, problem);
  };
  if (!isObject(raw)) fail(`the top level is ${kind(raw)}; expected a JSON object with "cells", "metadata", "nbformat"`);
  const nb = raw as Record<string, unknown>;
  if (nb.nbformat !== 4) fail(`nbformat is ${JSON.stringify(nb.nbformat)}; only nbformat 4 is supported`);
  if (typeof nb.nbformat_minor !== "number" || !Number.isInteger(nb.nbformat_minor) || nb.nbformat_minor < 0) {
    fail(`nbformat_minor is ${JSON.stringify(nb.nbformat_minor)}; expected a non-negative integer`);
  }
  if (!isObject(nb.metadata)) fail(`metadata is ${kind(nb.metadata)}; expected an object`);
  const meta = nb.metadata as Record<string, unknown>;
  if (meta.kernelspec !== undefined) {
    const ks = meta.kernelspec;
    if (!isObject(ks) || typeof ks.name !== "string" || ks.name === "") {
      fail(`metadata.kernelspec must be an object with a non-empty "name" string`);
    }
  }
  if (!Array.isArray(nb.cells)) fail(`cells is ${kind(nb.cells)}; expected an array`);
  const cells = nb.cells as unknown[];
  const upgrade = (nb.nbformat_minor as number) < 5;
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    const at = `cells[${i}]`;
    if (!isObject(c)) fail(`${at} is ${kind(c)}; expected an object`);
    const cell = c as Record<string, unknown>;
    if (cell.cell_type !== "code" && cell.cell_type !== "markdown" && cell.cell_type !== "raw") {
      fail(`${at}.cell_type is ${JSON.stringify(cell.cell_type)}; expected "code", "markdown" or "raw"`);
    }
    if (!isMultiline(cell.source)) fail(`${at}.source is ${kind(cell.source)}; expected a string or a list of strings`);
    if (cell.metadata === undefined && upgrade) cell.metadata = {};
    if (!isObject(cell.metadata)) fail(`${at}.metadata is ${kind(cell.metadata)}; expected an object`);
    if (cell.id === undefined && upgrade) {
      cell.id = newCellId(seen);
    }
    if (typeof cell.id !== "string" || !CELL_ID.test(cell.id)) {
      fail(`${at}.id is ${JSON.stringify(cell.id)}; nbformat 4.5 needs 1-64 characters of letters, digits, "-" or "_"`);
    }
    if (seen.has(cell.id as string)) fail(`${at}.id ${JSON.stringify(cell.id)} is used by an earlier cell; ids must be unique`);
    seen.add(cell.id as string);
    if (cell.cell_type === "code") {
      if (cell.outputs === undefined) cell.outputs = [];
      if (cell.execution_count === undefined) cell.execution_count = null;
      if (!Array.isArray(cell.outputs)) fail(`${at}.outputs is ${kind(cell.outputs)}; expected an array`);
      const ec = cell.execution_count;
      if (ec !== null && !(typeof ec === "number" && Number.isInteger(ec))) {
        fail(`${at}.execution_count is ${JSON.stringify(ec)}; expected an integer or null`);
      }
      (cell.outputs as unknown[]).forEach((o, j) => validateOutput(o, `${at}.outputs[${j}]`, fail));
    }
  });
  if (upgrade) nb.nbformat_minor = 5;
  return nb as unknown as Notebook;
}

function validateOutput(o: unknown, at: string, fail: (p: string) => never): void {
  if (!isObject(o)) fail(`${at} is ${kind(o)}; expected an object`);
  const out = o as Record<string, unknown>;
  switch (out.output_type) {
    case "stream":
      if (out.name !== "stdout" && out.name !== "stderr") fail(`${at}.name is ${JSON.stringify(out.name)}; expected "stdout" or "stderr"`);
      if (!isMultiline(out.text)) fail(`${at}.text must be a string or a list of strings`);
      return;
    case "display_data":
    case "execute_result":
      if (!isObject(out.data)) fail(`${at}.data is ${kind(out.data)}; expected a MIME bundle object`);
      if (out.metadata === undefined) out.metadata = {};
      if (!isObject(out.metadata)) fail(`${at}.metadata is ${kind(out.metadata)}; expected an object`);
      return;
    case "error":
      if (typeof out.ename !== "string" || typeof out.evalue !== "string" || !Array.isArray(out.traceback)) {
        fail(`${at} is an error output without string ename/evalue and a traceback list`);
      }
      return;
    default:
      fail(`${at}.output_type is ${JSON.stringify(out.output_type)}; expected stream, display_data, execute_result or error`);
  }
}

/**
 * Read and validate a notebook file.
 * @throws NotebookFormatError naming the file and the problem (also for a missing file)
 */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new NotebookFormatError(file, err.code === "ENOENT" ? "no such file" : `cannot be read (${err.message})`);
  }
  return parseNotebook(text, file);
}

/** Serialize as Jupyter does: 1-space indent, sorted keys, text as lists of lines, final newline. */
export function formatNotebook(nb: Notebook): string {
  return JSON.stringify(normalize(nb), sortedReplacer, 1) + "\n";
}

// Text fields Jupyter stores as lists of lines; we do the same so diffs of
// executed notebooks stay line-by-line.
function normalize(nb: Notebook): Notebook {
  const lines = (t: MultilineString) => splitLines(joinText(t));
  return {
    ...nb,
    nbformat: 4,
    nbformat_minor: Math.max(5, nb.nbformat_minor),
    cells: nb.cells.map((c) => {
      const cell = { ...c, source: lines(c.source) } as Cell;
      if (cell.cell_type === "code") {
        cell.outputs = cell.outputs.map((o) => {
          if (o.output_type === "stream") return { ...o, text: lines(o.text) };
          if (o.output_type === "display_data") {
            // `transient` is for the frontend only and not allowed in the file format.
            const { transient: _t, ...rest } = o;
            return rest as DisplayDataOutput;
          }
          return o;
        });
      }
      return cell;
    }),
  };
}

/** A JSON.stringify replacer that writes object keys sorted, as Jupyter saves notebooks (and so two notebooks compare by content). */
export function sortedReplacer(_key: string, value: unknown): unknown {
  if (isObject(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));
  }
  return value;
}

/**
 * Validate then write a notebook file (creating its folder).
 * @throws NotebookFormatError if `nb` is not a valid notebook
 */
export function writeNotebook(file: string, nb: Notebook): void {
  const text = formatNotebook(nb);
  validateNotebook(JSON.parse(text), file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A minimal new notebook for the descent kernel (used by tests and tools). */
export function newNotebook(cells: Array<{ cell_type: Cell["cell_type"]; source: string }>, kernelName = "descent"): Notebook {
  const taken = new Set<string>();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: kernelName, display_name: "TypeScript (descent)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: cells.map((c) => {
      const id = newCellId(taken);
      taken.add(id);
      return c.cell_type === "code"
        ? { cell_type: "code", id, metadata: {}, source: c.source, execution_count: null, outputs: [] }
        : { cell_type: c.cell_type, id, metadata: {}, source: c.source };
    }),
  };
}
