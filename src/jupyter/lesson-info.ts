// What the site says about a lesson: its number, English and Chinese title,
// the chapter of the notes it mirrors and a one-line summary. They come from
// the notebook's `metadata.descent`; a notebook without it falls back to its
// first heading, written `# NN · Title (中文)`, and then to its file name.

import path from "node:path";
import { joinText, type Notebook } from "./nbformat";

/** A lesson as the table of contents and page headers show it. */
export interface LessonInfo {
  /** "13" (text: lessons are numbered 00, 01, …). */
  number?: string;
  title: string;
  title_zh?: string;
  /** The chapter of the notes, in words a learner understands. */
  mirrors?: string;
  /** One line saying what the lesson does. */
  summary?: string;
}

const HAN = /[\u2e80-\u9fff\uf900-\ufaff]/;

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** Parse a heading line `# 13 · Adam (Adam优化算法)` into number, title and Chinese title. */
export function parseHeading(line: string): LessonInfo | undefined {
  const m = /^#\s+(?:(\d+)\s*[·.:\-–—]\s*)?(.+?)\s*$/.exec(line.trim());
  if (!m) return undefined;
  let title = m[2]!;
  let zh: string | undefined;
  const paren = /^(.*?)\s*[(（]([^()（）]+)[)）]$/.exec(title);
  if (paren && HAN.test(paren[2]!)) {
    title = paren[1]!;
    zh = paren[2]!.trim();
  }
  return { ...(m[1] ? { number: m[1] } : {}), title: title.trim(), ...(zh ? { title_zh: zh } : {}) };
}

/**
 * The lesson's info from `metadata.descent`, completed from the first
 * markdown heading and the file name (`13-adam.ipynb` gives number 13).
 */
export function lessonInfo(nb: Notebook | undefined, file: string): LessonInfo {
  const meta = ((nb?.metadata as Record<string, unknown> | undefined)?.descent as Record<string, unknown> | undefined) ?? {};
  let heading: LessonInfo | undefined;
  for (const cell of nb?.cells ?? []) {
    if (cell.cell_type !== "markdown") continue;
    const first = joinText(cell.source).split("\n").find((l) => /^#\s/.test(l));
    if (first) {
      heading = parseHeading(first);
      break;
    }
  }
  const base = path.basename(file, ".ipynb");
  const fromName = /^(\d+)[-_ ]/.exec(base)?.[1];
  const number = text(meta.number) ?? heading?.number ?? fromName;
  const info: LessonInfo = { title: text(meta.title) ?? heading?.title ?? base };
  if (number) info.number = number;
  const zh = text(meta.title_zh) ?? heading?.title_zh;
  if (zh) info.title_zh = zh;
  if (text(meta.mirrors)) info.mirrors = text(meta.mirrors);
  if (text(meta.summary)) info.summary = text(meta.summary);
  return info;
}

/** "13 · Adam" */
export function lessonLabel(info: LessonInfo): string {
  return info.number ? `${info.number} · ${info.title}` : info.title;
}
