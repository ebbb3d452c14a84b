// docs/lessons: each lesson executed, as GitHub and file viewers show it (no
// scripts run there). Read from the files: the copies are there, copy today's
// lessons, show only what a static viewer can, and are listed in their
// README. test/lessons.test.ts compares their outputs with a fresh run.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectNotebooks, PNG_SCALE, readingContents, readNotebook } from "../src/jupyter";
import { READING_DIR, REPUBLISH, sourceDifferences } from "./helpers/reading-copies";

const lessons = collectNotebooks([path.resolve(__dirname, "..", "lessons")]);
const copyOf = (f: string) => path.join(READING_DIR, path.basename(f));

describe("the reading copies in docs/lessons", () => {
  it("are one per lesson, and nothing else but their README", () => {
    expect(fs.readdirSync(READING_DIR).sort()).toEqual([...lessons.map((f) => path.basename(f)), "README.md"].sort());
  });

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: the lesson's cells as they are today, every code cell run", (name, f) => {
    const copy = readNotebook(copyOf(f));
    expect(sourceDifferences(copy, readNotebook(f)), `docs/lessons/${name} is out of date: ${REPUBLISH}`).toEqual([]);
    for (const c of copy.cells) if (c.cell_type === "code") expect(c.execution_count, `a cell of ${name} did not run`).not.toBeNull();
  });

  it.each(lessons.map((f) => [path.basename(f), f]))("%s: only what shows without scripts, a picture for every figure, and small", (name, f) => {
    const copy = readNotebook(copyOf(f));
    const outputs = copy.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
    let pictures = 0;
    for (const o of outputs) {
      expect(o.output_type, `${name} shows an error`).not.toBe("error");
      if (o.output_type !== "display_data" && o.output_type !== "execute_result") continue;
      const mimes = Object.keys(o.data);
      expect(mimes.filter((m) => m.includes("plotly") || m.includes("javascript")), name).toEqual([]);
      expect(mimes, `${name}: figures are PNGs (static viewers sanitize SVG)`).not.toContain("image/svg+xml");
      if (mimes.includes("image/png")) {
        pictures++;
        expect(mimes.sort(), `${name}: a figure keeps its PNG and text, not its live HTML`).toEqual(["image/png", "text/plain"]);
        const png = Buffer.from(o.data["image/png"] as string, "base64");
        const size = o.metadata["image/png"] as { width: number; height: number };
        // A PNG (signature), drawn at 1.5 pixels per SVG pixel (IHDR's width and height), shown at the SVG's size.
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Math.round(size.width * PNG_SCALE), Math.round(size.height * PNG_SCALE)]);
        expect((o.metadata.descent as { svg_sha256?: string })?.svg_sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    // Every lesson draws; each plot cell's figure arrives as a picture.
    const plotCells = copy.cells.filter((c) => c.cell_type === "code" && /\bplot\.\w+\(/.test(c.source.toString()));
    expect(pictures, name).toBeGreaterThanOrEqual(Math.min(1, plotCells.length));
    // Small enough to re-commit when a lesson changes (palette PNGs, no plotly JSON).
    expect(fs.statSync(copyOf(f)).size, name).toBeLessThan(800_000);
  });

  it("are listed in their README.md, as `npm run publish-lessons` writes it", () => {
    const copies = lessons.map((f) => ({ file: path.basename(f), notebook: readNotebook(copyOf(f)) }));
    expect(fs.readFileSync(path.join(READING_DIR, "README.md"), "utf8"), REPUBLISH).toBe(readingContents(copies));
  });
});
