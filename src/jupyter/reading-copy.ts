// Reading copies: executed lessons as a reader without a kernel sees them, on
// GitHub or in any file viewer, where scripts never run. Each output keeps its
// text, and a figure becomes a PNG drawn from the SVG it carries (rasterize.ts
// says why not the SVG itself); what only a live page can use goes: plotly's
// JSON and the HTML that loads plotly.js around the same SVG. The PNG's output
// metadata holds the size to show it at and the SHA-256 of the SVG it was drawn
// from, so copies are compared by what they draw, not by a renderer's bytes.
//
// Cells tagged `timing` show what a machine measured (seconds, µs per step):
// their outputs change from run to run, so comparisons of copies skip them and
// a new copy keeps the previous copy's outputs for them while their code is the
// same (publishing again then changes only what the lessons really changed).
import crypto from "node:crypto";
import { lessonInfo } from "./lesson-info";
import { joinText, type Cell, type ErrorOutput, type MimeBundle, type Notebook, type Output } from "./nbformat";
import { svgToPng } from "./rasterize";

/** The cell tag of code whose outputs are measured times, different on every run. */
export const TIMING_TAG = "timing";

/** MIME types a live frontend needs and a static reader cannot show. */
const LIVE_ONLY = new Set(["application/vnd.plotly.v1+json", "application/javascript"]);

/** What a viewer without scripts can show of a bundle: text, a PNG for an SVG, and HTML when it is not a figure's live wrapper. */
async function staticBundle(data: MimeBundle): Promise<{ data: MimeBundle; metadata: Record<string, unknown> }> {
  const svg = data["image/svg+xml"];
  const picture = svg !== undefined || data["image/png"] !== undefined;
  const kept: MimeBundle = {};
  const metadata: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data)) {
    if (LIVE_ONLY.has(mime)) continue;
    // A figure's text/html is its SVG again plus the script that swaps in the live plot.
    if (mime === "text/html" && picture) continue;
    if (mime === "image/svg+xml") {
      const text = joinText(value as string | string[]);
      const { png, width, height } = await svgToPng(text);
      kept["image/png"] = png.toString("base64");
      metadata["image/png"] = { width, height };
      metadata[SVG_HASH_KEY] = { svg_sha256: svgHash(text) };
      continue;
    }
    kept[mime] = value;
  }
  return { data: kept, metadata };
}

/** Where a reading copy's output records the SVG its PNG was drawn from. */
export const SVG_HASH_KEY = "descent";

/** SHA-256 of a figure's SVG, hex. */
export const svgHash = (svg: string) => crypto.createHash("sha256").update(svg).digest("hex");

async function staticOutput(o: Output): Promise<Output> {
  if (o.output_type === "display_data") return { output_type: "display_data", ...(await staticBundle(o.data)) };
  if (o.output_type === "execute_result") return { output_type: "execute_result", execution_count: o.execution_count, ...(await staticBundle(o.data)) };
  return o;
}

/** True when a cell carries `tag` in `metadata.tags`. */
export function hasTag(cell: Cell, tag: string): boolean {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

/**
 * The reading copy of an executed notebook: the same cells and sources, each
 * output reduced to what shows without scripts (text, a PNG of each figure, HTML tables).
 * @throws Error when a code cell was not executed or failed: a copy for readers shows a lesson that ran
 */
export async function readingCopy(executed: Notebook, file = "<notebook>"): Promise<Notebook> {
  executed.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    if (c.execution_count === null && joinText(c.source).trim() !== "") throw new Error(`${file}: cell ${i + 1} was not executed; a reading copy is made from a notebook that ran to the end`);
    const err = c.outputs.find((o): o is ErrorOutput => o.output_type === "error");
    if (err) throw new Error(`${file}: cell ${i + 1} failed (${err.ename}: ${err.evalue}); a reading copy is made from a lesson that passed`);
  });
  const cells: Cell[] = [];
  // One figure at a time: drawing is quick, and a pack's worth at once would only hold memory.
  for (const c of executed.cells) {
    if (c.cell_type !== "code") { cells.push(c); continue; }
    const outputs: Output[] = [];
    for (const o of c.outputs) outputs.push(await staticOutput(o));
    cells.push({ ...c, outputs });
  }
  return { ...executed, cells };
}

/**
 * `fresh` with the outputs of `previous` (an earlier copy of the same lesson) in every cell
 * tagged `timing` whose id and source are unchanged: measured times are not news.
 */
export function keepTimings(fresh: Notebook, previous: Notebook | undefined): Notebook {
  if (!previous) return fresh;
  const before = new Map(previous.cells.map((c) => [c.id, c]));
  return {
    ...fresh,
    cells: fresh.cells.map((c) => {
      const old = before.get(c.id);
      if (c.cell_type !== "code" || !hasTag(c, TIMING_TAG) || old?.cell_type !== "code" || joinText(old.source) !== joinText(c.source)) return c;
      return { ...c, outputs: old.outputs.map((o) => (o.output_type === "execute_result" ? { ...o, execution_count: c.execution_count } : o)) };
    }),
  };
}

/** A file of a published pack: its name in the folder and its notebook. */
export interface PublishedLesson {
  file: string;
  notebook: Notebook;
}

/** `|` and line breaks would end a Markdown table cell. */
const cellText = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/**
 * The contents page of a folder of reading copies, as Markdown (GitHub shows a
 * folder's README.md under its file list): number, title with its Chinese
 * title, the chapter of the notes it mirrors, and its one-line summary.
 */
export function readingContents(lessons: PublishedLesson[], title = "descent lessons, executed"): string {
  const rows = lessons.map(({ file, notebook }) => {
    const info = lessonInfo(notebook, file);
    const name = `[${cellText(info.title)}](${encodeURI(file)})${info.title_zh ? ` ${cellText(info.title_zh)}` : ""}`;
    return `| ${cellText(info.number ?? "")} | ${name} | ${cellText(info.mirrors ?? "")} | ${cellText(info.summary ?? "")} |`;
  });
  return [
    `# ${title}`,
    "",
    "Every lesson as it ran, with its printed results and a static picture of each plot, to read here without",
    "a kernel. To run a lesson, change it and see the plots move, open it from `lessons/` in Jupyter or",
    "VS Code with the descent kernel (see the README at the top of the repository). These copies are written by",
    "`npm run publish-lessons`, and the tests check that they match the lessons. Like `lessons/`, they show",
    "the answers to the graded exercises and their hidden tests; the README says how to make your own copy",
    "without them (and a course that grades with this pack should write hidden tests of its own).",
    "",
    "| # | lesson | mirrors | what it does |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
