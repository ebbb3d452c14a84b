// Plots that travel, end to end. Lessons 00 and 13 are executed and saved as
// CI does; the saved notebooks must be light and carry a picture behind every
// plot, which nbconvert's HTML shows in Chromium with JavaScript off; the
// site's pages must be light, work from disk offline (plots interactive,
// animations playing with no kernel), name their lesson and link their
// neighbours; and screenshots of the table of contents and a lesson page at
// 1280 px are written for a person to look at.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { runNotebooks, type RunResult } from "../src/jupyter";
import { notebookToHtml } from "../src/jupyter/html";
import { newNotebook, type CodeCell, type Output } from "../src/jupyter/nbformat";
import { figureBundle } from "../src/cell/plotly-html";
import { animate } from "../src/plot/animate";
import { contour } from "../src/plot/surface";
import { browserMissing, CHROMIUM, itWithTools, missingTool } from "./helpers/tools";

const root = path.resolve(__dirname, "..");
const PLOTLY = "application/vnd.plotly.v1+json";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "descent-site-"));
const outDir = path.join(tmp, "out");
/** Where the screenshots go for review (printed by the test). */
const shots = process.env.DESCENT_SCREENSHOTS ?? path.join(os.tmpdir(), "descent-screenshots");

const noBrowser = browserMissing();
const built = fs.existsSync(path.join(root, "dist", "kernel", "main.js")) ? undefined : "dist/kernel/main.js missing: run npm run build";

type Browser = import("playwright-core").Browser;
async function launch(): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
}

/** A page that may load file:// only: the site must work offline. */
async function offlinePage(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: opts.javaScriptEnabled ?? true });
  const remote: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    remote.push(url);
    return route.abort();
  });
  return { page: await context.newPage(), remote, context };
}

/** How many marks each static plot on the page draws (markers, lines, bars, images, 3-D quads), and its width. */
async function staticPlots(page: import("playwright-core").Page, selector: string) {
  return page.$$eval(selector, (svgs) =>
    svgs.map((svg) => ({
      width: svg.getBoundingClientRect().width,
      marks: svg.querySelectorAll("g[clip-path] circle, g[clip-path] path, g[clip-path] image, g.scene path, g.scene circle").length,
    })),
  );
}

function plotOutputs(file: string): Output[] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: CodeCell[] };
  return nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : [])).filter((o) => "data" in o && o.data[PLOTLY] !== undefined);
}

describe("light notebooks with a picture behind every plot, and a site to read them", () => {
  let run: RunResult | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (built) return;
    run = await runNotebooks([path.join(root, "lessons", "00-getting-started.ipynb"), path.join(root, "lessons", "13-adam.ipynb")], { outDir, jobs: 2 });
    if (!noBrowser) browser = await launch();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
  });

  itWithTools("lessons 00 and 13, executed and saved, are light and every plot carries its SVG", built, () => {
    expect(run!.lessons.map((l) => [l.name, l.status])).toEqual([["00-getting-started", "ok"], ["13-adam", "ok"]]);
    const sizes = Object.fromEntries(fs.readdirSync(outDir).map((f) => [f, fs.statSync(path.join(outDir, f)).size]));
    console.log(`saved and exported sizes (bytes): ${JSON.stringify(sizes)}; out/ total ${Object.values(sizes).reduce((a, b) => a + b, 0)}`);
    expect(sizes["13-adam.ipynb"]).toBeLessThanOrEqual(1_000_000);
    expect(sizes["00-getting-started.ipynb"]).toBeLessThanOrEqual(1_000_000);
    for (const page of ["index.html", "00-getting-started.html", "13-adam.html"]) expect(sizes[page], page).toBeLessThanOrEqual(1_500_000);
    for (const name of ["00-getting-started", "13-adam"]) {
      const file = path.join(outDir, `${name}.ipynb`);
      const plots = plotOutputs(file);
      expect(plots.length, `${name} has plots`).toBeGreaterThan(0);
      for (const o of plots) {
        const data = (o as { data: Record<string, string> }).data;
        expect(data["image/svg+xml"]).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
        expect(data["text/html"]).toContain(data["image/svg+xml"]);
      }
      expect(fs.readFileSync(file, "utf8")).not.toContain("plotly.js v");
    }
  }, 60_000);

  const nbconvert = missingTool("/usr/bin/jupyter", ["nbconvert", "--version"], "apt install jupyter-nbconvert") ?? noBrowser ?? built;
  itWithTools("nbconvert's HTML with JavaScript off shows a non-empty picture for every plot", nbconvert, async () => {
    for (const name of ["00-getting-started", "13-adam"]) {
      const r = spawnSync("/usr/bin/jupyter", ["nbconvert", "--to", "html", "--output-dir", path.join(tmp, "nbconvert"), path.join(outDir, `${name}.ipynb`)], { encoding: "utf8", timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const { page, context } = await offlinePage(browser!, { javaScriptEnabled: false });
      await page.goto("file://" + path.join(tmp, "nbconvert", `${name}.html`));
      const plots = await staticPlots(page, ".descent-plot > svg");
      expect(plots.length, `${name}: every plot output is drawn`).toBe(plotOutputs(path.join(outDir, `${name}.ipynb`)).length);
      for (const p of plots) {
        expect(p.width).toBeGreaterThan(200);
        expect(p.marks).toBeGreaterThan(0);
      }
      console.log(`${name}: nbconvert HTML, JavaScript off: ${plots.length} plots, marks drawn ${plots.map((p) => p.marks).join(", ")}`);
      await context.close();
    }
  }, 240_000);

  itWithTools("the site works from disk, offline: pages name their lesson, link their neighbours, and plots turn interactive", noBrowser ?? built, async () => {
    const { page, remote, context } = await offlinePage(browser!);
    await page.goto("file://" + path.join(outDir, "13-adam.html"));
    expect(await page.title()).toBe("13 · Adam (Adam优化算法) — descent");
    expect(await page.locator("nav.pager.top a.prev").textContent()).toBe("← 00 · Getting started");
    expect(await page.locator("nav.pager.top a.contents").getAttribute("href")).toBe("index.html");
    const count = plotOutputs(path.join(outDir, "13-adam.ipynb")).length;
    await page.waitForFunction((n) => document.querySelectorAll(".output.plot.js-plotly-plot .main-svg").length >= n, count, { timeout: 60_000 });
    expect(await page.locator(".output.plot > svg").count()).toBe(0); // every SVG was replaced
    expect(remote).toEqual([]);
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "lesson-13-top.png") });
    await page.locator(".output.plot").nth(1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "lesson-13-plot.png") });
    // The same page without JavaScript still shows every figure as its picture.
    const off = await offlinePage(browser!, { javaScriptEnabled: false });
    await off.page.goto("file://" + path.join(outDir, "13-adam.html"));
    const pictures = await staticPlots(off.page, ".output.plot > svg");
    expect(pictures.length).toBe(count);
    pictures.forEach((p) => expect(p.marks).toBeGreaterThan(0));
    await off.context.close();
    await context.close();
  }, 120_000);

  itWithTools("the table of contents lists titles in English and Chinese in a CJK font, with chapters and summaries", noBrowser ?? built, async () => {
    const { page, context } = await offlinePage(browser!);
    await page.goto("file://" + path.join(outDir, "index.html"));
    const rows = await page.$$eval("table.toc tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent!.trim())));
    expect(rows.map((r) => r[0])).toEqual(["00", "13"]);
    expect(rows[1]![1]).toBe("Adam Adam优化算法");
    expect(rows[1]![2]).toMatch(/^Course 2, week 2: the Adam optimization algorithm/);
    expect(rows[1]![3]!.length).toBeGreaterThan(40);
    expect(rows[1]![4]).toMatch(/^✓ ok/);
    // The Chinese title is drawn with a font that has Chinese glyphs (fonts-noto-cjk), not boxes.
    const cdp = await context.newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root: doc } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: doc.nodeId, selector: "table.toc tbody tr:nth-child(2) .zh" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    console.log(`fonts drawing "Adam优化算法": ${JSON.stringify(fonts)}`);
    expect(fonts.some((f) => /CJK|Han|Hei|PingFang|YaHei/i.test(f.familyName) && f.glyphCount >= 4)).toBe(true);
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "index.png"), fullPage: true });
    console.log(`screenshots: ${shots}`);
    await context.close();
  }, 60_000);

  itWithTools("an animation plays in an exported page with no kernel: frames, play and slider", noBrowser, async () => {
    const path1 = Array.from({ length: 11 }, (_, k) => [1 - k / 10, 0.6 * (-0.7) ** k]);
    const fig = animate(contour((x, y) => x * x + 10 * y * y, { x: [-1.2, 1.2], y: [-1, 1], steps: 30, paths: { gd: path1 } }), { duration: 30 });
    const nb = newNotebook([{ cell_type: "code", source: "animate(…)" }]);
    (nb.cells[0] as CodeCell).outputs = [{ output_type: "display_data", data: figureBundle(fig.toJSON()) as Record<string, unknown>, metadata: {} } as Output];
    const dir = path.join(tmp, "anim");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "anim.html"), notebookToHtml(nb, "anim", undefined, { plotly: { src: "plotly.min.js" } }));
    fs.copyFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), path.join(dir, "plotly.min.js"));
    const { page, remote, context } = await offlinePage(browser!);
    await page.goto("file://" + path.join(dir, "anim.html"));
    await page.waitForSelector(".js-plotly-plot .slider-container");
    const points = () => page.locator(".js-plotly-plot .scatterlayer .trace").first().locator(".point").count();
    expect(await points()).toBe(11); // it opens on the last frame: the whole path
    await page.evaluate(() => (window as unknown as { Plotly: any }).Plotly.animate(document.querySelector(".js-plotly-plot"), ["0"], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } }));
    expect(await points()).toBe(1);
    await page.locator(".updatemenu-button").first().click(); // ▶
    await page.waitForFunction(() => document.querySelector(".js-plotly-plot .scatterlayer .trace")!.querySelectorAll(".point").length === 11, undefined, { timeout: 10_000 });
    expect(await page.locator(".js-plotly-plot .slider-container .slider-label").first().textContent()).toBe("step 10"); // the current value
    expect(remote).toEqual([]);
    await context.close();
  }, 60_000);
});
