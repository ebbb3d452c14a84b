// The grading kernel (sandbox/harness.ts, here without bwrap) keeps no input
// history: a hidden test's text, once run, is not there for a later cell that
// reaches the kernel's sockets to ask for. An ordinary kernel keeps it
// (test/kernel/protocol.test.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, REPO } from "../helpers/kernel-client";

const harness = path.join(REPO, "dist", "grading", "sandbox", "harness.js");

describe.runIf(fs.existsSync(harness))("the grading kernel's history", () => {
  let k: KernelClient;
  beforeAll(async () => {
    const kernelDir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-harness-spec-"));
    fs.writeFileSync(path.join(kernelDir, "kernel.json"), JSON.stringify({ argv: ["node", harness, "{connection_file}", "--anchor", "dg$history", "--preload", "descent"], language: "typescript", display_name: "grading" }));
    k = await KernelClient.start({ kernelDir });
  }, 60_000);
  afterAll(async () => {
    await k?.shutdown();
  });

  it("runs cells but answers history_request with nothing, however it is asked", async () => {
    const { reply, outputs } = await k.execute('const expected = "a hidden test\'s value: 0.125";\nexpected.length');
    expect(reply.content.status).toBe("ok");
    expect(outputs.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("28");
    for (const req of [
      { output: false, raw: true, hist_access_type: "tail", n: 10 },
      { output: true, raw: true, hist_access_type: "range", start: 0, stop: 100 },
      { output: false, raw: true, hist_access_type: "search", pattern: "*hidden*" },
    ]) {
      const hist = await k.request("history_request", req);
      expect(hist.reply.content.status).toBe("ok");
      expect(hist.reply.content.history).toEqual([]);
    }
  });
});
