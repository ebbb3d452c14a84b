// Drives the real kernel (built dist/, started from the repo's kernelspec)
// over the Jupyter protocol and checks message types and contents.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, REPO } from "../helpers/kernel-client";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));

describe.runIf(built)("descent kernel over the Jupyter protocol", () => {
  let k: KernelClient;
  beforeAll(async () => {
    k = await KernelClient.start({ cwd: path.join(REPO) });
  });
  afterAll(async () => {
    await k?.shutdown();
  });

  it("answers kernel_info with status ok and TypeScript language info", async () => {
    const { reply } = await k.request("kernel_info_request", {});
    expect(reply.header.msg_type).toBe("kernel_info_reply");
    expect(reply.content.status).toBe("ok");
    expect(reply.content.protocol_version).toBe("5.3");
    expect(reply.content.language_info.name).toBe("typescript");
    expect(reply.content.language_info.file_extension).toBe(".ts");
  });

  it("streams stdout and returns the last expression as execute_result", async () => {
    const { reply, outputs } = await k.execute('console.log("hello, world")\nconst answer: number = 6 * 7\nanswer');
    expect(reply.content.status).toBe("ok");
    const types = outputs.map((m) => m.header.msg_type);
    expect(types).toEqual(["stream", "execute_result"]);
    expect(outputs[0].content).toMatchObject({ name: "stdout", text: "hello, world\n" });
    expect(outputs[1].content.data["text/plain"]).toBe("42");
    expect(outputs[1].content.execution_count).toBe(reply.content.execution_count);
  });

  it("imports descent with types", async () => {
    const { reply, outputs } = await k.execute('import { lines, progress } from "descent"\ntypeof lines');
    expect(reply.content.status).toBe("ok");
    expect(outputs.at(-1)!.content.data["text/plain"]).toBe("'function'");
    const bad = await k.execute('import { noSuchExport } from "descent"');
    expect(bad.reply.content.status).toBe("error");
    expect(bad.reply.content.evalue).toMatch(/noSuchExport/);
  });

  it("sends a type error as an error message with the cell line, not as stderr", async () => {
    const { reply, outputs } = await k.execute('const ok = 1\nconst n: number = "not a number"');
    expect(reply.content.status).toBe("error");
    expect(reply.content.ename).toBe("TSError");
    expect(outputs.map((m) => m.header.msg_type)).toEqual(["error"]);
    const err = outputs[0].content;
    expect(err.evalue).toMatch(/not assignable to type 'number'/);
    expect(err.traceback.join("\n")).toMatch(/cell line 2/);
    expect(err.traceback.join("\n")).toContain('const n: number = "not a number"');
  });

  it("sends a thrown exception as an error message pointing at the throwing line", async () => {
    const { reply, outputs } = await k.execute('function fail(msg: string): never {\n  throw new RangeError(msg)\n}\nconst y = 2\nfail("boom")');
    expect(reply.content).toMatchObject({ status: "error", ename: "RangeError", evalue: "boom" });
    expect(outputs.map((m) => m.header.msg_type)).toEqual(["error"]);
    const tb = outputs[0].content.traceback.join("\n");
    expect(tb).toMatch(/at cell \[\d+\], line 2, in fail/);
    expect(tb).toContain("throw new RangeError(msg)");
  });

  it("keeps running after failures: state survives and the next cell works", async () => {
    await k.execute("let counter = 10");
    await k.execute('throw new Error("x")');
    const { reply, outputs } = await k.execute("counter + 1");
    expect(reply.content.status).toBe("ok");
    expect(outputs[0].content.data["text/plain"]).toBe("11");
  });

  it("keeps the names of a cell that failed after giving them all values (as Python keeps them), and none of one that failed before", async () => {
    // A training cell whose last check fails: what it made is still there to look at.
    const failed = await k.execute('const trained = 41\nconst note = "ready"\nthrow new Error("a check failed")');
    expect(failed.reply.content).toMatchObject({ status: "error", evalue: "a check failed", descent_kept: true });
    const next = await k.execute("trained + 1");
    expect(next.reply.content.status).toBe("ok");
    expect(next.outputs[0].content.data["text/plain"]).toBe("42");
    // Failing before `second` has a value: no name of the cell is declared, so using one says so (not "undefined").
    const early = await k.execute('const first = (() => { throw new Error("early") })() as number\nconst second = 2');
    expect(early.reply.content.status).toBe("error");
    expect(early.reply.content.descent_kept).toBeUndefined();
    const after = await k.execute("second");
    expect(after.reply.content.ename).toBe("TSError");
    expect(after.reply.content.evalue).toMatch(/Cannot find name 'second'/);
  });

  it("tells a name set to undefined from one never reached (Greek names too), and puts back what a cell it does not keep redeclared", async () => {
    // `best` is undefined on purpose: the cell still gave every name its value.
    const withUndefined = await k.execute('let best: number | undefined;\nconst epochs = 3\nthrow new Error("later")');
    expect(withUndefined.reply.content.descent_kept).toBe(true);
    expect((await k.execute("epochs + (best ?? 0)")).outputs[0].content.data["text/plain"]).toBe("3");
    // α got its value, `net` never did: nothing is kept (the name's pattern must not skip α).
    const greek = await k.execute('const α = 0.01\nthrow new Error("boom")\nconst net = { w: 1 }');
    expect(greek.reply.content.descent_kept).toBeUndefined();
    expect((await k.execute("net.w")).reply.content.evalue).toMatch(/Cannot find name 'net'/);
    // A cell not kept changes no name: `shape` keeps its earlier value (and type), not undefined.
    await k.execute("const shape = 1");
    await k.execute('const other = (() => { throw new Error("early"); })() as number\nconst shape = "two"');
    expect((await k.execute("shape + 1")).outputs[0].content.data["text/plain"]).toBe("2");
  });

  it("lets a later cell re-import, redeclare and reassign names, and re-export a module (its names stay plain, writable values)", async () => {
    const text = (o: { content: { data?: Record<string, string> } }[]) => o.map((x) => x.content.data?.["text/plain"] ?? "").join("");
    await k.execute('import { adam } from "descent"\nlet steps = 1');
    // The same import again (TypeScript defines it as a getter on exports each time), a redeclared let, and a loop over it.
    const again = await k.execute('import { adam, sgd } from "descent"\nlet steps = 2\nfor (let i = 0; i < 1000; i++) steps += 1;\n[steps, typeof adam, typeof sgd]');
    expect(again.reply.content.status).toBe("ok");
    expect(text(again.outputs)).toMatch(/1002,\s*'function',\s*'function'/);
    // An imported name redeclared by a later cell, as at a REPL.
    const over = await k.execute("let adam: unknown = undefined;\ntypeof adam");
    expect(over.reply.content.status).toBe("ok");
    expect(text(over.outputs)).toBe("'undefined'");
    const star = await k.execute('export * from "descent"');
    expect(star.reply.content.status).toBe("ok");
    const after = await k.execute('export * from "descent"\nconst d = Object.getOwnPropertyDescriptor(exports, "momentum")!;\n[typeof d.value, d.writable, d.configurable]');
    expect(after.reply.content.status).toBe("ok");
    expect(text(after.outputs)).toMatch(/'function',\s*true,\s*true/);
  });

  it("reaches earlier cells' variables through shorthand properties and destructuring", async () => {
    await k.execute("const beta = 0.9; let lr = 0.1");
    const { reply, outputs } = await k.execute("const o = { beta, lr }; let a = 0, b = 0; ({ a, b = 5 } = { a: lr } as { a: number; b?: number }); [o.beta, o.lr, a, b]");
    expect(reply.content.status).toBe("ok");
    expect(outputs[0].content.data["text/plain"]).toMatch(/0\.9,\s*0\.1,\s*0\.1,\s*5/);
    // A renamed destructuring key that is also an earlier cell's variable.
    await k.execute("const params = { w: 1 }; function pair() { return { params: 2, grads: 3 }; }");
    const r2 = await k.execute("let total = 0;\n{ const { params: p, grads: g } = pair(); total = p + g + params.w; }\ntotal");
    expect(r2.reply.content.status).toBe("ok");
    expect(r2.outputs[0].content.data["text/plain"]).toBe("6");
  });

  it("shows matrices readably: duck-typed Matrix and number[][] as HTML tables", async () => {
    const { outputs } = await k.execute("({ rows: 2, cols: 2, data: new Float64Array([1, 2.5, -3, 4]) })");
    const data = outputs[0].content.data;
    expect(data["text/html"]).toContain("<table");
    expect(data["text/html"]).toContain("<td>2.5</td>");
    expect(data["text/plain"]).toContain("Matrix 2×2");
    const grid = await k.execute("[[1, 2], [3, 4]]");
    expect(grid.outputs[0].content.data["text/html"]).toContain("<td>4</td>");
  });

  it("displays figures, markdown and LaTeX as display_data bundles", async () => {
    const { outputs } = await k.execute('import { lines, markdown, latex } from "descent"\nlines({ sgd: [3, 2, 1], adam: [3, 1, 0.5] }, { logY: true }).show()\nmarkdown("**bold**")\nlatex("x^2")\nundefined');
    const shown = outputs.filter((m) => m.header.msg_type === "display_data");
    expect(shown).toHaveLength(3);
    const fig = shown[0].content.data;
    expect(fig["application/vnd.plotly.v1+json"].data.map((t: { name: string }) => t.name)).toEqual(["sgd", "adam"]);
    expect(fig["application/vnd.plotly.v1+json"].layout.yaxis.type).toBe("log");
    expect(fig["image/svg+xml"]).toMatch(/^<svg/);
    expect(fig["text/html"]).toContain(fig["image/svg+xml"]);
    expect(fig["text/plain"]).toBe("<Figure: 2 traces (scatter)>");
    expect(shown[1].content.data["text/markdown"]).toBe("**bold**");
    expect(shown[2].content.data["text/latex"]).toBe("$$x^2$$");
  });

  it("never embeds plotly.js: figures stay light", async () => {
    const a = await k.execute('import { scatter } from "descent"\nscatter({ x: [1, 2], y: [3, 4] })');
    const b = await k.execute("scatter({ x: [1, 2], y: [3, 4] })");
    const htmlA = a.outputs[0].content.data["text/html"] as string;
    const htmlB = b.outputs[0].content.data["text/html"] as string;
    expect(htmlA).not.toContain("plotly.js v");
    expect(htmlB).not.toContain("plotly.js v");
    expect(htmlA.length).toBeLessThan(10_000);
    expect(htmlB.length).toBeLessThan(10_000);
  });

  it("updates a progress display in place with update_display_data", async () => {
    const { reply, outputs } = await k.execute('import { progress } from "descent"\nconst p = progress(5, { title: "train", interval: 0 })\nfor (let i = 1; i <= 5; i++) p.update(i, { loss: 1 / i })\np.done()');
    expect(reply.content.status).toBe("ok");
    const first = outputs.find((m) => m.header.msg_type === "display_data")!;
    const id = first.content.transient.display_id;
    expect(typeof id).toBe("string");
    const updates = outputs.filter((m) => m.header.msg_type === "update_display_data");
    expect(updates.length).toBeGreaterThanOrEqual(5);
    expect(updates.every((m) => m.content.transient.display_id === id)).toBe(true);
    expect(updates.at(-1)!.content.data["text/plain"]).toMatch(/train .* 5\/5 loss 0\.2 .*done/);
  });

  it("completes members of descent exports and of globals", async () => {
    const code = 'import { lines } from "descent"\nMath.fl';
    const { reply } = await k.request("complete_request", { code, cursor_pos: code.length });
    expect(reply.content.status).toBe("ok");
    expect(reply.content.matches).toContain("floor");
    expect(reply.content.cursor_end - reply.content.cursor_start).toBe(2);
    const code2 = 'import { prog } from "descent"';
    const r2 = await k.request("complete_request", { code: code2, cursor_pos: code2.indexOf("prog") + 4 });
    expect(r2.reply.content.matches).toContain("progress");
  });

  it("answers is_complete, inspect and history", async () => {
    const inc = await k.request("is_complete_request", { code: "function f() {" });
    expect(inc.reply.content.status).toBe("incomplete");
    const done = await k.request("is_complete_request", { code: "1 + 1" });
    expect(done.reply.content.status).toBe("complete");
    const ins = await k.request("inspect_request", { code: "Math.max", cursor_pos: 7, detail_level: 0 });
    expect(ins.reply.content.found).toBe(true);
    expect(ins.reply.content.data["text/plain"]).toMatch(/max/);
    const hist = await k.request("history_request", { output: false, raw: true, hist_access_type: "tail", n: 1 });
    expect(hist.reply.content.history).toHaveLength(1);
  });

  it("interrupts a long synchronous loop and stays usable", async () => {
    const id = k.startExecute("let spins = 0\nwhile (true) { spins++ }");
    await k.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input");
    // Signals are only seen by the running loop, not while the cell is type-checked.
    await new Promise((r) => setTimeout(r, 1500));
    k.interrupt();
    const reply = await k.waitReply(id, 10_000);
    expect(reply.content.status).toBe("error");
    expect(reply.content.ename).toBe("Interrupted");
    const after = await k.execute("1 + 1");
    expect(after.reply.content.status).toBe("ok");
    expect(after.outputs[0].content.data["text/plain"]).toBe("2");
  });

  it("interrupts an awaiting cell", async () => {
    const id = k.startExecute("await new Promise((r) => setTimeout(r, 60_000))");
    await k.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input");
    await new Promise((r) => setTimeout(r, 300));
    k.interrupt();
    const reply = await k.waitReply(id, 10_000);
    expect(reply.content).toMatchObject({ status: "error", ename: "Interrupted" });
  });

  it("survives interrupts landing anywhere in a stream of short cells, at the start and end of each included", async () => {
    // Left to vm's breakOnSigint, a SIGINT in the instants around a cell's script (listeners off,
    // watchdog not yet started or already stopped) killed the kernel: this stream died within
    // 1-4 s in each of four runs. Every cell must now get its reply, ok or Interrupted.
    await k.execute("const spin = (ms: number) => { const t = Date.now(); while (Date.now() - t < ms) {} }");
    let sent = 0, timer: NodeJS.Timeout | undefined;
    const fire = () => {
      k.interrupt();
      sent++;
      timer = setTimeout(fire, 20 + 40 * Math.random());
    };
    timer = setTimeout(fire, 10);
    const statuses: string[] = [];
    try {
      for (const end = Date.now() + 6000; Date.now() < end; ) {
        const ids = Array.from({ length: 5 }, () => k.startExecute("spin(1)", { stop_on_error: false }));
        for (const id of ids) {
          const r = await k.waitReply(id, 10_000);
          statuses.push(r.content.status === "ok" ? "ok" : r.content.ename);
        }
      }
    } finally {
      clearTimeout(timer);
    }
    expect(k.proc.exitCode).toBe(null);
    expect(new Set(statuses)).toEqual(new Set(["ok", "Interrupted"]));
    // Each interrupt stops at most one cell; one that lands between two cells stops none.
    expect(statuses.filter((s) => s === "Interrupted").length).toBeLessThanOrEqual(sent);
    // The last interrupt may still be on its way: let it land (between cells it stops nothing) before checking.
    await new Promise((r) => setTimeout(r, 300));
    const after = await k.execute("1 + 1");
    expect(after.outputs[0].content.data["text/plain"]).toBe("2");
  });

  it("a cell's own SIGINT listener is called, and interrupts still stop loops and awaits", async () => {
    const own = await KernelClient.start({ cwd: path.join(REPO) });
    try {
      await own.execute('let heard = 0; process.on("SIGINT", () => { heard++ })');
      for (const code of ["while (true) {}", "await new Promise((r) => setTimeout(r, 60_000))"]) {
        const id = own.startExecute(code);
        await own.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input");
        await new Promise((r) => setTimeout(r, 1000));
        own.interrupt();
        expect((await own.waitReply(id, 10_000)).content).toMatchObject({ status: "error", ename: "Interrupted" });
      }
      // The loop's SIGINT went to the watchdog alone (vm takes listeners off while a cell's code runs); the await's reached both.
      expect((await own.execute("heard")).outputs[0]!.content.data["text/plain"]).toBe("1");
      expect(own.proc.exitCode).toBe(null);
    } finally {
      await own.shutdown();
    }
  });

  it("survives an exception thrown later from a callback, reporting it as an error message", async () => {
    const { id } = await k.execute('setTimeout(() => { throw new TypeError("later") }, 10); "scheduled"');
    const err = await k.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "error", 5000);
    expect(err.content).toMatchObject({ ename: "TypeError", evalue: "later" });
    const after = await k.execute("2 + 2");
    expect(after.outputs[0].content.data["text/plain"]).toBe("4");
  });

  it("writes nothing to stderr that the user did not write", async () => {
    const { outputs } = await k.execute('console.error("user said so")');
    expect(outputs[0].content).toMatchObject({ name: "stderr", text: "user said so\n" });
    // The kernel process's own stderr stays empty through all the tests above.
    expect(k.stderr).toBe("");
  });
});

describe.runIf(built)("descent kernel outside the repo", () => {
  it("imports descent in a subfolder of the repo (like lessons/01-…)", async () => {
    const k = await KernelClient.start({ cwd: path.join(REPO, "test", "kernel") });
    try {
      const { reply, outputs } = await k.execute('import { scatter } from "descent"\nscatter({ x: [1], y: [2] }).data.length');
      expect(reply.content.status).toBe("ok");
      expect(outputs[0].content.data["text/plain"]).toBe("1");
    } finally {
      await k.shutdown();
    }
  }, 60_000);

  it("imports descent with types from a directory without node_modules", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-nb-"));
    const k = await KernelClient.start({ cwd: dir });
    try {
      const ok = await k.execute('import { histogram } from "descent"\nhistogram([1, 2, 2, 3]).toString()');
      expect(ok.reply.content.status).toBe("ok");
      expect(ok.outputs[0].content.data["text/plain"]).toBe("'<Figure: 1 trace (histogram)>'");
      const typed = await k.execute('import { histogram as h } from "descent"\nh("nope")');
      expect(typed.reply.content.ename).toBe("TSError");
      expect(k.stderr).toBe("");
    } finally {
      await k.shutdown();
    }
  }, 60_000);
});

describe.runIf(built)("descent kernel shutdown", () => {
  it("answers shutdown_request on control and broadcasts the reply on iopub (as ipykernel does, for the other clients), then exits", async () => {
    const k = await KernelClient.start({ cwd: REPO });
    try {
      const { reply } = await k.request("kernel_info_request", {});
      expect(reply.content.status).toBe("ok");
      const { id, reply: done } = await k.request("shutdown_request", { restart: false }, { control: true, timeout: 10_000 });
      expect(done.header.msg_type).toBe("shutdown_reply");
      expect(done.content).toEqual({ status: "ok", restart: false });
      const broadcast = await k.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "shutdown_reply", 5000);
      expect(broadcast.content).toEqual({ status: "ok", restart: false });
      expect(await Promise.race([k.exited, new Promise((r) => setTimeout(() => r("still running"), 5000))])).toBe(0);
    } finally {
      await k.shutdown();
    }
  }, 60_000);
});

it.runIf(!built)("kernel tests need a build", () => {
  throw new Error("dist/kernel/main.js is missing: run `npm run build` before the kernel tests");
});
