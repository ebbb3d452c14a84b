// The kernelspec brings plotly to classic Notebook: `kernel install` copies
// kernel.js and the minified plotly.js (a real file, not the checkout's
// link), and the repo's own spec serves them through its link.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { install, parseInstallArgs, plotlyMinJs } from "../../src/cli/kernel";
import { REPO } from "../helpers/kernel-client";

describe("the kernelspec's plotly for classic Notebook", () => {
  it("install copies kernel.js and the minified plotly.js, and an older install gets them on re-run", () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "descent-prefix-"));
    const target = parseInstallArgs(["--prefix", prefix]);
    expect(install(target, REPO).changed).toBe(true);
    const js = path.join(target.dir, "kernel.js");
    const lib = path.join(target.dir, "plotly.min.js");
    expect(fs.readFileSync(js, "utf8")).toContain('register_mime_type(MIME, append, { safe: true, index: 0 })');
    expect(fs.lstatSync(lib).isSymbolicLink()).toBe(false);
    const head = fs.readFileSync(lib, "utf8").slice(0, 200);
    expect(head).toMatch(/plotly\.js v\d/);
    expect(fs.statSync(lib).size).toBe(fs.statSync(plotlyMinJs(REPO)!).size);
    fs.rmSync(lib);
    expect(install(target, REPO).changed).toBe(true);
    expect(fs.existsSync(lib)).toBe(true);
    expect(install(target, REPO).changed).toBe(false);
  });

  it("the repo's kernelspec (JUPYTER_PATH=kernel) serves the same file through its link", () => {
    const link = path.join(REPO, "kernel", "kernels", "descent", "plotly.min.js");
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(plotlyMinJs(REPO)!));
  });
});
