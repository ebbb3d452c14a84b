// One real-browser test: classic Jupyter Notebook (apt jupyter-notebook) in
// Debian's Chromium driven by playwright-core. A cell that plots must show an
// interactive plotly plot (hover labels appear), drawn by the kernelspec's
// kernel.js with the plotly.js it serves — offline, and with no copy of
// plotly.js in the saved notebook — and a reopened notebook's saved plots
// must become interactive again.

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import { REPO } from "../helpers/kernel-client";
import { browserMissing, CHROMIUM, itWithTools, missingTool } from "../helpers/tools";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, log: () => string, exited: () => boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !exited()) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`notebook server did not come up at ${url}:\n${log()}`);
}

/**
 * Hover over the second point of the first trace: plotly shows its hover label.
 * After a reload kernel.js may replace the static picture by the live plot while we hover, so the
 * label is read in the page and the hover retried until the plot it belongs to has settled.
 */
async function expectHover(page: import("playwright-core").Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  let text = "";
  while (Date.now() < deadline) {
    const at = await page.evaluate(() => {
      const gd = document.querySelector(".output_plotly .js-plotly-plot") as unknown as { _fullLayout?: any; getBoundingClientRect(): DOMRect; calcdata?: { x: number; y: number }[][] } | null;
      const L = gd?._fullLayout;
      const p = gd?.calcdata?.[0]?.[1]; // the point as plotly computed it (x may be saved as x0/dx)
      if (!gd || !L || !p) return null;
      const box = gd.getBoundingClientRect();
      return { x: box.left + L.xaxis._offset + L.xaxis.c2p(p.x), y: box.top + L.yaxis._offset + L.yaxis.c2p(p.y) };
    });
    if (at) {
      await page.mouse.move(0, 0);
      await page.mouse.move(at.x, at.y, { steps: 3 });
      text = await page.evaluate(
        () => new Promise<string>((resolve) => setTimeout(() => resolve(document.querySelector(".output_plotly .hoverlayer .hovertext")?.textContent ?? ""), 300)),
      );
      if (text) break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(text).toMatch(/2/);
}

describe("classic Notebook in Chromium", () => {
  const missing =
    missingTool("/usr/bin/jupyter-notebook", ["--version"], "apt install jupyter-notebook") ??
    browserMissing() ??
    (fs.existsSync(path.join(REPO, "dist", "kernel", "main.js")) ? undefined : "dist/kernel/main.js missing: run npm run build");
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill("SIGTERM");
  });

  itWithTools(
    "draws a plot cell interactively (hover), offline, and again after the notebook is reopened",
    missing,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-browser-"));
      const nb = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "descent", display_name: "TypeScript (descent)", language: "typescript" } },
        cells: [{ cell_type: "code", id: "plot", metadata: {}, execution_count: null, outputs: [], source: 'import { lines } from "descent"\nlines({ sgd: [3, 2, 1.5, 1.2], adam: [3, 1, 0.6, 0.5] }, { title: "loss" })' }],
      };
      fs.writeFileSync(path.join(dir, "plot.ipynb"), JSON.stringify(nb));
      const port = await freePort();
      const token = "descent-test-token";
      let log = "";
      server = spawn(
        "/usr/bin/jupyter-notebook",
        ["--no-browser", "--ip=127.0.0.1", `--port=${port}`, `--NotebookApp.token=${token}`, `--notebook-dir=${dir}`, "--NotebookApp.open_browser=False", ...(process.getuid?.() === 0 ? ["--allow-root"] : [])],
        {
          cwd: dir,
          env: {
            ...process.env,
            JUPYTER_PATH: path.join(REPO, "kernel"),
            JUPYTER_CONFIG_DIR: path.join(dir, ".config"),
            JUPYTER_RUNTIME_DIR: path.join(dir, ".runtime"),
            JUPYTER_DATA_DIR: path.join(dir, ".data"),
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      server.stdout!.on("data", (d) => (log += d));
      server.stderr!.on("data", (d) => (log += d));
      await waitForHttp(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`, 60_000, () => log, () => server?.exitCode !== null);
      const specs = await (await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`)).json();
      expect(Object.keys(specs.kernelspecs)).toContain("descent");

      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { chromium } = require("playwright-core") as typeof import("playwright-core");
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      });
      try {
        const page = await browser.newPage();
        const external: string[] = [];
        // Plots must render offline: note any request leaving localhost.
        page.on("request", (req) => {
          const u = new URL(req.url());
          if (!["127.0.0.1", "localhost"].includes(u.hostname) && u.protocol.startsWith("http")) external.push(req.url());
        });
        await page.goto(`http://127.0.0.1:${port}/notebooks/plot.ipynb?token=${token}`);
        await page.waitForFunction(
          () => {
            const J = (window as unknown as { Jupyter?: any }).Jupyter;
            return J?.notebook?.kernel?.info_reply?.status === "ok";
          },
          undefined,
          { timeout: 60_000 },
        );
        await page.evaluate(() => (window as unknown as { Jupyter: any }).Jupyter.notebook.execute_all_cells());
        await page.waitForSelector(".output_area .output_plotly .plotly svg.main-svg", { timeout: 90_000 });
        const traces = await page.locator(".output_area .plotly .scatterlayer .trace").count();
        expect(traces).toBe(2);
        expect(await page.locator(".output_area .output_error").count()).toBe(0);
        await expectHover(page);

        // Saved, the notebook holds the figure and its SVG but not plotly.js.
        await page.evaluate(() => (window as unknown as { Jupyter: any }).Jupyter.notebook.save_notebook());
        await page.waitForFunction(() => !(window as unknown as { Jupyter: any }).Jupyter.notebook.dirty, undefined, { timeout: 30_000 });
        const saved = fs.readFileSync(path.join(dir, "plot.ipynb"), "utf8");
        expect(saved.length).toBeLessThan(100_000);
        expect(saved).toContain("image/svg+xml");
        expect(saved).not.toContain("plotly.js v");

        // Reopened, the saved plot is drawn interactive again (kernel.js upgrades the static picture).
        await page.reload();
        await page.waitForSelector(".output_area .output_plotly .plotly svg.main-svg", { timeout: 90_000 });
        expect(await page.locator(".output_area .plotly .scatterlayer .trace").count()).toBe(2);
        await expectHover(page);
        expect(external.filter((u) => /plot|cdn/i.test(u))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    240_000,
  );
});
