// In the real kernel: a cell ending with show(fig) or fig.show() shows one
// plot (show returns nothing, so there is no execute_result copy), and a cell
// ending with the bare figure shows it once as the cell's value.

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, REPO } from "../helpers/kernel-client";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));
const PLOTLY = "application/vnd.plotly.v1+json";

describe.runIf(built)("figures in the kernel are shown once", () => {
  let k: KernelClient;
  beforeAll(async () => {
    k = await KernelClient.start({ cwd: path.join(REPO) });
  });
  afterAll(async () => {
    await k?.shutdown();
  });
  const plots = (outputs: { header: { msg_type: string }; content: { data?: Record<string, unknown> } }[]) =>
    outputs.filter((m) => (m.header.msg_type === "display_data" || m.header.msg_type === "execute_result") && m.content.data && PLOTLY in m.content.data);

  it("show(fig) and fig.show() at the end of a cell", async () => {
    const a = await k.execute('import { lines, show } from "descent"\nconst fig = lines({ a: [1, 2], b: [2, 1] })\nshow(fig)');
    expect(a.reply.content.status).toBe("ok");
    expect(plots(a.outputs)).toHaveLength(1);
    expect(a.outputs.map((m) => m.header.msg_type)).not.toContain("execute_result");
    const b = await k.execute("fig.show()");
    expect(plots(b.outputs)).toHaveLength(1);
    const c = await k.execute("show([fig, fig])");
    expect(plots(c.outputs)).toHaveLength(1);
  });

  it("a bare figure as the cell's value", async () => {
    const { outputs } = await k.execute("fig");
    const shown = plots(outputs);
    expect(shown).toHaveLength(1);
    expect(shown[0].header.msg_type).toBe("execute_result");
  });
});
