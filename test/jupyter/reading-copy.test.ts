// Reading copies: what a viewer without scripts keeps of an executed notebook,
// and the PNG each figure becomes (decoded and looked at, pixel by pixel).
import crypto from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { hasTag, keepTimings, readingContents, readingCopy, TIMING_TAG } from "../../src/jupyter/reading-copy";
import { svgSize, svgToPng } from "../../src/jupyter/rasterize";
import { FONT } from "../../src/plot/svg/text";
import { itWithTools, latinFontMissing } from "../helpers/tools";
import type { Cell, CodeCell, Notebook, Output } from "../../src/jupyter/nbformat";

// Red on the left half, blue on the right, with a title the PNG must not depend on.
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><title>t</title><rect width="20" height="20" fill="#ff0000"/><rect x="20" width="20" height="20" fill="#0000ff"/></svg>';
const SVG_SHA = crypto.createHash("sha256").update(SVG).digest("hex");

/** RGBA of pixel (x, y) of a PNG given as base64. */
async function pixel(base64: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(base64, "base64")).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [...data.subarray(at, at + 4)];
}
const figure = (type: "display_data" | "execute_result"): Output => {
  const data = {
    "application/vnd.plotly.v1+json": { data: [{ x: [1, 2], y: [3, 4] }], layout: {} },
    "text/html": `<div>${SVG}</div><script>Plotly.newPlot()</script>`,
    "image/svg+xml": SVG,
    "text/plain": "Figure: 1 trace",
  };
  return type === "execute_result" ? { output_type: "execute_result", execution_count: 2, data, metadata: { some: "frontend hint" } } : { output_type: "display_data", data, metadata: {} };
};
const code = (n: number | null, outputs: Output[], tags?: string[]): CodeCell => ({ cell_type: "code", id: `c${n}`, metadata: tags ? { tags } : {}, source: `cell ${n}`, execution_count: n, outputs });
const notebook = (cells: Cell[], descent?: Record<string, string>): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "descent", display_name: "TypeScript (descent)" }, ...(descent ? { descent } : {}) },
  cells,
});

describe("readingCopy", () => {
  const table: Output = { output_type: "execute_result", execution_count: 3, data: { "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "[[1]]" }, metadata: {} };
  const stream: Output = { output_type: "stream", name: "stdout", text: "✓ mean (2.5)\n" };
  const md: Cell = { cell_type: "markdown", id: "m", metadata: {}, source: "# 13 · Adam" };
  const nb = notebook([md, code(1, [stream, figure("display_data")]), code(2, [figure("execute_result")]), code(3, [table], [TIMING_TAG])]);

  it("turns a figure into its text and a PNG drawn from its SVG, and drops plotly's JSON and its live HTML", async () => {
    const copy = await readingCopy(nb);
    for (const [cell, type] of [[1, "display_data"], [2, "execute_result"]] as const) {
      const fig = (copy.cells[cell] as CodeCell).outputs[cell === 1 ? 1 : 0]!;
      expect(fig.output_type).toBe(type);
      if (fig.output_type !== "display_data" && fig.output_type !== "execute_result") continue;
      expect(Object.keys(fig.data).sort()).toEqual(["image/png", "text/plain"]);
      expect(fig.data["text/plain"]).toBe("Figure: 1 trace");
      // Shown at the SVG's size; the hash names the SVG it was drawn from.
      expect(fig.metadata).toEqual({ "image/png": { width: 40, height: 20 }, descent: { svg_sha256: SVG_SHA } });
      const png = fig.data["image/png"] as string;
      expect(await pixel(png, 5, 15)).toEqual([255, 0, 0, 255]);
      expect(await pixel(png, 55, 15)).toEqual([0, 0, 255, 255]);
    }
    expect((copy.cells[2] as CodeCell).outputs[0]).toMatchObject({ execution_count: 2 });
  });

  it("keeps HTML that is not a figure's (a table), streams, markdown, sources, counts and tags as they were", async () => {
    const copy = await readingCopy(nb);
    expect((copy.cells[3] as CodeCell).outputs).toEqual([table]);
    expect((copy.cells[1] as CodeCell).outputs[0]).toEqual(stream);
    expect(copy.cells[0]).toEqual(md);
    expect(copy.cells.map((c) => c.source)).toEqual(nb.cells.map((c) => c.source));
    expect(copy.cells.map((c) => (c.cell_type === "code" ? c.execution_count : null))).toEqual([null, 1, 2, 3]);
    expect(hasTag(copy.cells[3]!, TIMING_TAG)).toBe(true);
    expect(hasTag(copy.cells[1]!, TIMING_TAG)).toBe(false);
    expect(copy.metadata).toEqual(nb.metadata);
  });

  it("does not change the notebook it is given", async () => {
    const before = JSON.stringify(nb);
    await readingCopy(nb);
    expect(JSON.stringify(nb)).toBe(before);
  });

  it("refuses a notebook with a cell that failed or did not run, naming the cell", async () => {
    const failed: Output = { output_type: "error", ename: "CheckError", evalue: "✗ last loss: off by 0.05", traceback: [] };
    await expect(readingCopy(notebook([md, code(1, []), code(2, [failed])]), "13-adam.ipynb")).rejects.toThrow("13-adam.ipynb: cell 3 failed (CheckError: ✗ last loss: off by 0.05)");
    await expect(readingCopy(notebook([code(1, []), code(null, [])]), "x.ipynb")).rejects.toThrow("x.ipynb: cell 2 was not executed");
    // An empty code cell has nothing to run.
    await expect(readingCopy(notebook([code(1, []), { ...code(null, []), source: "  \n" }]))).resolves.toBeDefined();
  });
});

describe("keepTimings", () => {
  const timed = (n: number, text: string, source = "time it"): CodeCell => ({ ...code(n, [{ output_type: "stream", name: "stdout", text }, { output_type: "execute_result", execution_count: n, data: { "text/plain": text }, metadata: {} }], [TIMING_TAG]), id: "t", source });
  const plain = (n: number, text: string): CodeCell => ({ ...code(n, [{ output_type: "stream", name: "stdout", text }]), id: "p" });

  it("keeps an earlier copy's outputs in a timing cell whose code is unchanged, and nowhere else", () => {
    const previous = notebook([plain(1, "cost 0.5\n"), timed(2, "0.8 s\n")]);
    // The fresh run: one cell more in front, new times, a new cost.
    const fresh = notebook([{ ...plain(1, "new cell\n"), id: "n" }, plain(2, "cost 0.4\n"), timed(3, "0.7 s\n")]);
    const kept = keepTimings(fresh, previous);
    expect(kept.cells[1]).toEqual(fresh.cells[1]); // not timed: the fresh output
    const t = kept.cells[2] as CodeCell;
    expect(t.execution_count).toBe(3);
    expect(t.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "0.8 s\n" }, { output_type: "execute_result", execution_count: 3, data: { "text/plain": "0.8 s\n" }, metadata: {} }]);
  });

  it("takes the fresh outputs when the timing cell's code changed, or there is no earlier copy", () => {
    const fresh = notebook([timed(1, "0.7 s\n", "time it twice")]);
    expect(keepTimings(fresh, notebook([timed(1, "0.8 s\n")]))).toEqual(fresh);
    expect(keepTimings(fresh, undefined)).toEqual(fresh);
  });
});

describe("svgToPng", () => {
  it("draws at 1.5 pixels per SVG pixel by default, or the scale asked", async () => {
    for (const [scale, w, h] of [[undefined, 60, 30], [1, 40, 20], [2, 80, 40]] as const) {
      const { png, width, height } = await svgToPng(SVG, scale);
      expect([width, height]).toEqual([40, 20]);
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", w, h]);
    }
  });

  // The published pictures are drawn with this machine's fonts (scripts/setup.sh --tests installs Liberation
  // Sans and Noto Sans CJK). "|·|" at 40 px spans ~26 px in Liberation Sans, ~29 in DejaVu Sans and 52 in a
  // CJK font, whose · (and ‖) are a full square wide: the gap between the bars says which font drew the dot.
  itWithTools("draws · and ‖ from a Latin font, also where none of Plotly's fonts is installed", latinFontMissing(), async () => {
    const inkSpan = async (family: string, text: string) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family='${family}' font-size="40"><rect width="200" height="60" fill="#fff"/><text x="10" y="45">${text}</text></svg>`;
      const { data, info } = await sharp((await svgToPng(svg, 1)).png).raw().toBuffer({ resolveWithObject: true });
      const inked: number[] = [];
      for (let x = 0; x < info.width; x++) {
        for (let y = 0; y < info.height; y++) if (data[(y * info.width + x) * info.channels]! < 128) { inked.push(x); break; }
      }
      return inked.at(-1)! - inked[0]!;
    };
    const withoutPlotlys = FONT.replace(/^"Open Sans", verdana, arial, /, "");
    expect(withoutPlotlys).not.toBe(FONT);
    for (const family of [FONT, withoutPlotlys]) {
      for (const text of ["|·|", "|‖|"]) expect(await inkSpan(family, text), `${text} in ${family.slice(0, 40)}`).toBeLessThan(40);
    }
  });

  it("names an SVG without a pixel width and height", () => {
    expect(svgSize('<svg width="700" height="400.5" viewBox="0 0 700 400">')).toEqual({ width: 700, height: 400.5 });
    expect(() => svgSize('<svg viewBox="0 0 10 10"></svg>')).toThrow(/must start with an <svg> element with a width and height in pixels; this one starts "<svg viewBox/);
    expect(() => svgSize("<div/>")).toThrow(/<svg> element/);
  });
});

describe("readingContents", () => {
  it("lists each copy with its number, linked title, Chinese title, chapter and summary, in the order given", () => {
    const adam = notebook([], { number: "13", title: "Adam", title_zh: "Adam优化算法", mirrors: "Week 2 · Adam", summary: "Momentum and RMSprop together" });
    const plain = notebook([{ cell_type: "markdown", id: "m", metadata: {}, source: "# 02 · Bias | variance\n\ntext" }]);
    const md = readingContents([{ file: "13-adam.ipynb", notebook: adam }, { file: "02 bias.ipynb", notebook: plain }]);
    const rows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| #"));
    expect(rows).toEqual([
      "| 13 | [Adam](13-adam.ipynb) Adam优化算法 | Week 2 · Adam | Momentum and RMSprop together |",
      // A `|` in a title would end the table cell; a space in a file name would end the link.
      "| 02 | [Bias \\| variance](02%20bias.ipynb) |  |  |",
    ]);
    expect(md.startsWith("# descent lessons, executed\n")).toBe(true);
    expect(md).toContain("npm run publish-lessons");
  });
});
