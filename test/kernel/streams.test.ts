// Output is never lost: 200,000 lines printed by one cell arrive complete and
// in order at four clients — our test client, jupyter_client (what Notebook's
// server uses), nbconvert and `descent run` — and `idle` always follows.
// (Timings are not asserted: figures belong to bench/kernel.ts.)

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KernelClient, REPO, writeNotebook } from "../helpers/kernel-client";
import { itWithTools, missingTool } from "../helpers/tools";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));
const PY = "/usr/bin/python3";
const N = 200_000;
const FLOOD = `for (let i = 0; i < ${N}; i++) console.log("line " + i)`;
const env = { ...process.env, JUPYTER_PATH: path.join(REPO, "kernel") };

/** Every line, in order, exactly once. */
function expectAllLines(text: string): void {
  const lines = text.split("\n");
  expect(lines.pop()).toBe("");
  expect(lines.length).toBe(N);
  const wrong = lines.findIndex((l, i) => l !== `line ${i}`);
  expect(wrong, `first wrong line at ${wrong}: ${JSON.stringify(lines[wrong])}`).toBe(-1);
}

/** A notebook with the flooding cell and one after it. */
function floodNotebook(dir: string): string {
  return writeNotebook(dir, "flood.ipynb", [FLOOD, '"after"']);
}

function streamText(nbFile: string): { text: string; after: unknown } {
  const nb = JSON.parse(fs.readFileSync(nbFile, "utf8"));
  const join = (t: string | string[]) => (Array.isArray(t) ? t.join("") : t);
  const text = nb.cells[0].outputs.filter((o: { output_type: string }) => o.output_type === "stream").map((o: { text: string | string[] }) => join(o.text)).join("");
  const after = nb.cells[1].outputs[0]?.data?.["text/plain"];
  return { text, after: after === undefined ? undefined : join(after) };
}

describe.runIf(built)("200,000 lines from one cell", () => {
  it("arrive complete at our client, in a few batched messages, followed by idle; the kernel goes on", async () => {
    const k = await KernelClient.start({ cwd: REPO });
    try {
      const { reply, outputs } = await k.execute(FLOOD, {}, 600_000);
      expect(reply.content.status).toBe("ok");
      const streams = outputs.filter((m) => m.header.msg_type === "stream");
      // Batched (ipykernel-style), not one message per line.
      expect(streams.length).toBeLessThan(200);
      expectAllLines(streams.map((m) => m.content.text).join(""));
      const after = await k.execute('"next"');
      expect(after.outputs[0]!.content.data["text/plain"]).toBe("'next'");
    } finally {
      await k.shutdown();
    }
  }, 600_000);

  itWithTools(
    "arrive complete at jupyter_client, and execute_interactive sees idle",
    missingTool(PY, ["-c", "import jupyter_client"], "apt install python3-jupyter-client"),
    () => {
      const r = spawnSync(PY, [path.join(__dirname, "flood_client.py"), String(N)], { env, encoding: "utf8", timeout: 600_000 });
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout.trim().split("\n").pop()!);
      expect(got).toEqual({ status: "ok", messages: got.messages, lines: N, in_order: true, idle: true });
      expect(got.messages).toBeLessThan(200);
    },
    600_000,
  );

  itWithTools(
    "arrive complete in the notebook nbconvert executes",
    missingTool("jupyter", ["nbconvert", "--version"], "apt install jupyter-nbconvert"),
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-flood-"));
      const nb = floodNotebook(dir);
      const r = spawnSync("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output", "out.ipynb", nb], { cwd: dir, env, encoding: "utf8", timeout: 600_000 });
      expect(r.status, r.stderr).toBe(0);
      const { text, after } = streamText(path.join(dir, "out.ipynb"));
      expectAllLines(text);
      expect(after).toBe("'after'");
    },
    600_000,
  );

  it("arrive complete in the notebook `descent run` writes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-flood-"));
    const nb = floodNotebook(dir);
    const r = spawnSync(process.execPath, [path.join(REPO, "bin", "descent.js"), "run", nb, "--out", path.join(dir, "out")], { cwd: dir, encoding: "utf8", timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    const { text, after } = streamText(path.join(dir, "out", "flood.ipynb"));
    expectAllLines(text);
    expect(after).toBe("'after'");
  }, 600_000);
});
