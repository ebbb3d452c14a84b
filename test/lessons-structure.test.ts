// What every lesson has, read from the notebook files (no kernel): the house
// structure a learner relies on, and nothing that only the authors should see.
import fs from "node:fs";
import path from "node:path";
import katex from "katex";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { collectNotebooks, joinText, mathSpans, readNotebook } from "../src/jupyter";
import { isSolution } from "../src/grading";

const root = path.resolve(__dirname, "..");
const lessons = collectNotebooks([path.join(root, "lessons")]);
/** "seed 001", "003's", "seeds/", "001-ema.md": how the authors name the lecture notes' files, never a learner. */
const NOTES_FILE = /\bseeds?\s*0\d\d\b|\b00\d['’]s\b|seeds\/|\b0\d\d-[a-z-]+\.md\b/i;
const markdownOf = (f: string) =>
  readNotebook(f)
    .cells.filter((c) => c.cell_type === "markdown")
    .map((c) => joinText(c.source));

describe("every lesson", () => {
  it("is one of the 20 of the curriculum, numbered 00-19", () => {
    expect(lessons.map((f) => path.basename(f).slice(0, 2)).sort()).toEqual(Array.from({ length: 20 }, (_, i) => String(i).padStart(2, "0")));
  });

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: title cell with a Mirrors line, What to remember and Exercises at the end", (_name, f) => {
    const md = markdownOf(f);
    const nb = readNotebook(f);
    const meta = (nb.metadata as { descent?: Record<string, string> }).descent;
    expect(meta?.number).toBe(path.basename(f).slice(0, 2));
    for (const k of ["title", "title_zh", "mirrors", "summary"]) expect(meta?.[k], k).toBeTruthy();
    expect(md[0]).toMatch(new RegExp(`^# ${meta!.number} `));
    expect(md[0]).toMatch(/Mirrors:/);
    const headings = md.flatMap((t) => t.split("\n").filter((l) => /^#{1,3} /.test(l)));
    const remember = headings.findIndex((h) => /What to remember/i.test(h));
    const exercises = headings.findIndex((h) => /^#{1,3} Exercises/i.test(h));
    expect(remember, "a What to remember section").toBeGreaterThan(0);
    expect(exercises, "an Exercises section after it").toBeGreaterThan(remember);
  });

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: never names the lecture notes' files", (_name, f) => {
    const text = readNotebook(f).cells.map((c) => joinText(c.source)).join("\n");
    expect(text).not.toMatch(NOTES_FILE);
  });

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: no control characters in its text (a \\beta written as \"\\beta\" in JSON is a backspace then eta)", (_name, f) => {
    const found = readNotebook(f).cells.flatMap((c, i) => [...joinText(c.source).matchAll(/[\u0000-\u0008\u000b-\u001f\u007f]/g)].map((m) => `cell ${i}: ${JSON.stringify(m.input!.slice(Math.max(0, m.index! - 12), m.index! + 12))}`));
    expect(found).toEqual([]);
  });

  // A viewer that reads the markdown before the math (GitHub, for one) turns a backslash before ASCII
  // punctuation into the bare character: \\ into one backslash, \, into a comma, \{ into a group brace,
  // \| into |, \% into a TeX comment. It also reads [a](b) as a link, *…* as emphasis and so _…_ between
  // }_{ and a later x_{. So the lessons write \cr, \thinspace, \enspace, \lbrace, \rbrace, \Vert, ]{}(, \ast
  // and }_ { (a space after the _), which every renderer reads alike.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  const MARKDOWN_UNSAFE: Array<[RegExp, string]> = [
    [/\\\\/, "\\\\ (write \\cr)"],
    [/\\[!-\/:-@[\]^_`{-~]/, "a backslash before punctuation (\\, → \\thinspace, \\; → \\enspace, \\{ → \\lbrace, \\| → \\Vert; no \\% or \\_: a per cent or a name with _ goes outside the formula)"],
    [/\]\(/, "](, read as a link (write ]{}()"],
    [/\*/, "*, read as emphasis (write \\ast)"],
  ];

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: its math parses and reads the same when a viewer takes the markdown first", (_name, f) => {
    // The formulas as the reading copies' export finds them (src/jupyter/html.ts).
    const problems = markdownOf(f).flatMap((text, i) =>
      mathSpans(text).flatMap(({ tex, display }) => {
        const found: string[] = [];
        for (const [re, what] of MARKDOWN_UNSAFE) {
          const m = re.exec(tex);
          if (m) found.push(`markdown cell ${i}: ${what} in ${JSON.stringify(tex.slice(Math.max(0, m.index - 20), m.index + 30))}`);
        }
        // And whatever else markdown would make of it (an _ after } or ) opens emphasis that a later x_{ closes:
        // write "}_ {" or put the subscript first, z_{a}^{(i)}).
        const read = md.renderInline(tex);
        if (!found.length && read !== md.utils.escapeHtml(tex)) found.push(`markdown cell ${i}: markdown reads ${JSON.stringify(tex.slice(0, 60))} as ${JSON.stringify(read.slice(0, 80))}`);
        try {
          katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "ignore" });
        } catch (e) {
          found.push(`markdown cell ${i}: ${(e as Error).message.slice(0, 100)}`);
        }
        return found;
      }));
    expect(problems).toEqual([]);
  });

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: every graded solution declares the library functions it re-implements", (_name, f) => {
    const solutions = readNotebook(f).cells.filter(isSolution);
    expect(solutions.length).toBeGreaterThan(0);
    for (const c of solutions) {
      const declared = (c.metadata as { descent?: { reimplements?: unknown } }).descent?.reimplements;
      expect(Array.isArray(declared), `${(c.metadata as { id?: string }).id ?? ""} declares metadata.descent.reimplements`).toBe(true);
    }
  });
});


describe("the library", () => {
  // Its comments become the hover text and the type declarations a learner reads in a notebook.
  const src = path.join(root, "src");
  const sources = fs.readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => path.join(src, f));
  it("never names the lecture notes' files in its source (comments included)", () => {
    const named = sources.flatMap((f) =>
      fs.readFileSync(f, "utf8").split("\n").flatMap((line, i) => (NOTES_FILE.test(line) ? [`${path.relative(root, f)}:${i + 1}: ${line.trim()}`] : [])));
    expect(named).toEqual([]);
  });
});
