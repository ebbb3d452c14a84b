// A page's figures without WebGL: plotly.js draws 3-D and gl traces only with
// WebGL, and where a browser has none (switched off, a blocklisted GPU, some
// remote desktops) it puts "WebGL is not supported by your browser" where the
// figure was. The page already shows each figure's SVG, so that picture must
// stay; 2-D figures still turn interactive.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import { notebookToHtml, PLOTLY_MIME } from "../../src/jupyter/html";
import { newNotebook, type CodeCell } from "../../src/jupyter/nbformat";
import { browserMissing, CHROMIUM, itWithTools } from "../helpers/tools";

const noBrowser = browserMissing();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "descent-webgl-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const svg = (name: string) => `<svg xmlns="http://www.w3.org/2000/svg" class="descent-svg" width="300" height="200"><title>${name}</title><rect x="10" y="10" width="50" height="50" fill="#1f77b4"/></svg>`;

describe("a page's figures in a browser without WebGL", () => {
  itWithTools("keep their picture when plotly.js would need WebGL, and turn interactive otherwise", noBrowser, async () => {
    const nb = newNotebook([{ cell_type: "code", source: "plot.surface(…); plot.line(…)" }]);
    const cell = nb.cells[0] as CodeCell;
    cell.execution_count = 1;
    cell.outputs = [
      { output_type: "display_data", data: { [PLOTLY_MIME]: { data: [{ type: "surface", z: [[1, 2], [3, 4]] }], layout: { width: 300, height: 200 } }, "image/svg+xml": svg("surface"), "text/plain": "Figure" }, metadata: {} },
      { output_type: "display_data", data: { [PLOTLY_MIME]: { data: [{ type: "scatter", y: [1, 3, 2] }], layout: { width: 300, height: 200 } }, "image/svg+xml": svg("line"), "text/plain": "Figure" }, metadata: {} },
    ];
    const file = path.join(tmp, "page.html");
    fs.writeFileSync(file, notebookToHtml(nb, "webgl"));

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require("playwright-core") as typeof import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-webgl", "--disable-3d-apis"] });
    try {
      const page = await browser.newPage();
      await page.goto("file://" + file);
      expect(await page.evaluate(() => !!document.createElement("canvas").getContext("webgl"))).toBe(false);
      // The 2-D figure is drawn by plotly.js: the script ran.
      await page.waitForSelector("#plot-2 .main-svg", { timeout: 30_000 });
      await page.waitForTimeout(500);
      expect(await page.locator("#plot-1").innerText()).not.toContain("WebGL");
      expect(await page.locator("#plot-1 > svg.descent-svg title").textContent()).toBe("surface");
      const box = await page.locator("#plot-1 > svg.descent-svg").boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(await page.locator("#plot-2 > svg.descent-svg").count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
