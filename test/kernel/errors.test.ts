// Failures over the Jupyter protocol: whatever a cell throws (or a callback it
// scheduled throws later), the learner gets one correct `error` message on
// the cell that caused it, an execute_reply, and a kernel that answers next.

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, REPO, type Msg } from "../helpers/kernel-client";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

describe.runIf(built)("errors, whatever is thrown", () => {
  let k: KernelClient;
  beforeAll(async () => {
    k = await KernelClient.start({ cwd: REPO });
  });
  afterAll(async () => {
    await k?.shutdown();
  });

  /** Run a failing cell: exactly one error output whose content matches the reply's, then a working kernel. */
  async function fails(code: string): Promise<Msg["content"]> {
    const { reply, outputs } = await k.execute(code);
    expect(reply.content.status).toBe("error");
    expect(outputs.map((m) => m.header.msg_type)).toEqual(["error"]);
    const err = outputs[0]!.content;
    expect(reply.content).toMatchObject({ ename: err.ename, evalue: err.evalue });
    expect(err.traceback.length).toBeGreaterThan(0);
    const next = await k.execute("6 * 7");
    expect(next.outputs[0]!.content.data["text/plain"]).toBe("42");
    return err;
  }

  it("throw undefined, null, a string, a number, a symbol, a plain object: shown as the value, like Node's REPL", async () => {
    const cases: [string, string][] = [
      ["throw undefined", "undefined"],
      ["throw null", "null"],
      ['throw "boom"', "'boom'"],
      ["throw 42", "42"],
      ['throw Symbol("s")', "Symbol(s)"],
      ["throw { a: 1 }", "{ a: 1 }"],
    ];
    for (const [code, evalue] of cases) {
      const err = await fails(code);
      expect(err, code).toMatchObject({ ename: "Uncaught", evalue });
      expect(plain(err.traceback.join("\n")), code).toMatch(/at cell \[\d+\]/);
    }
  });

  it("a proxy whose every trap throws, a revoked proxy, an Error whose getters throw", async () => {
    const hostile = "new Proxy({}, { get() { throw new Error('get') }, getPrototypeOf() { throw new Error('proto') }, ownKeys() { throw new Error('keys') }, getOwnPropertyDescriptor() { throw new Error('desc') }, has() { throw new Error('has') } })";
    expect(await fails(`throw ${hostile}`)).toMatchObject({ ename: "Uncaught" });
    expect(await fails("const r = Proxy.revocable({}, {}); r.revoke(); throw r.proxy")).toMatchObject({ ename: "Uncaught", evalue: "<Revoked Proxy>" });
    const getters = "throw Object.create(Error.prototype, { message: { get() { throw 1 } }, stack: { get() { throw 2 } }, name: { get() { throw 3 } } })";
    expect(await fails(getters)).toMatchObject({ ename: "Error" });
    expect(await fails(`await Promise.reject(${hostile})`)).toMatchObject({ ename: "Uncaught" });
  });

  it("a hostile value as the last expression is still shown, as text", async () => {
    const { reply, outputs } = await k.execute("new Proxy({}, { get() { throw new Error('get') }, getPrototypeOf() { throw new Error('proto') }, ownKeys() { throw new Error('keys') } })");
    expect(reply.content.status).toBe("ok");
    expect(typeof outputs[0]!.content.data["text/plain"]).toBe("string");
  });

  it("names starting with __ work as any other (TypeScript escapes them internally)", async () => {
    await k.execute("const __x = 41\nfunction __f() { return __x + 1 }\nclass __C { v = 2 }");
    const { reply, outputs } = await k.execute("[__f(), new __C().v, __x]");
    expect(reply.content.status).toBe("ok");
    expect(outputs[0]!.content.data["text/plain"]).toMatch(/\[\s*42,\s*2,\s*41\s*\]/);
    const redeclared = await k.execute("const ___y = 3; let __x2 = ___y * 2; __x2");
    expect(redeclared.outputs[0]!.content.data["text/plain"]).toBe("6");
  });

  it("a library error names the function the cell called, not the library's files", async () => {
    await k.execute('import { adam } from "descent"');
    const err = await fails("const lr = -1\nconst opt = adam({ learningRate: lr })");
    expect(err.ename).toBe("ValueError");
    const tb = plain(err.traceback.join("\n"));
    expect(tb).toMatch(/in adam\(\)/);
    expect(tb).toMatch(/at cell \[\d+\], line 2\n.*2 \| const opt = adam\(\{ learningRate: lr \}\)/);
    expect(tb).not.toMatch(/dist\/|src\/|\.js:\d|node:internal|tslab/);
  });

  it("shows the full trace when asked (DESCENT_TRACEBACK=full, settable from a cell)", async () => {
    await k.execute('process.env.DESCENT_TRACEBACK = "full"');
    try {
      const err = await fails("adam({ beta1: 2 })");
      expect(plain(err.traceback.join("\n"))).toMatch(/dist\/optim\/.*\.js:\d+:\d+/);
    } finally {
      await k.execute("delete process.env.DESCENT_TRACEBACK");
    }
    const short = await fails("adam({ beta1: 2 })");
    expect(plain(short.traceback.join("\n"))).not.toMatch(/dist\//);
  });

  it("an error in a timer set by an earlier cell goes to that cell, even while another runs", async () => {
    const a = await k.execute('function later() { throw new TypeError("late") }\nsetTimeout(() => later(), 1500)\nsetTimeout(() => console.log("printed later"), 1400)\n"scheduled"');
    const b = await k.execute('await new Promise((r) => setTimeout(r, 3000))\n"b done"');
    expect(b.reply.content.status).toBe("ok");
    expect(b.outputs.map((m) => m.header.msg_type)).toEqual(["execute_result"]);
    const err = await k.waitIopub((m) => m.header.msg_type === "error" && m.content.evalue === "late", 5000);
    expect(err.parent_header.msg_id).toBe(a.id);
    const tb = plain(err.content.traceback.join("\n"));
    expect(tb).toMatch(new RegExp(`scheduled in cell \\[${a.reply.content.execution_count}\\], while cell \\[${b.reply.content.execution_count}\\] was running`));
    expect(tb).toMatch(/at cell \[\d+\], line 1, in later/);
    const printed = k.iopubMsgs.find((m) => m.header.msg_type === "stream" && m.content.text === "printed later\n");
    expect(printed?.parent_header.msg_id).toBe(a.id);
  });

  it("an unhandled rejection from a callback goes to the cell that scheduled it", async () => {
    const a = await k.execute('setTimeout(() => { Promise.reject(new RangeError("rejected later")) }, 200); "ok"');
    const err = await k.waitIopub((m) => m.header.msg_type === "error" && m.content.evalue === "rejected later", 5000);
    expect(err.parent_header.msg_id).toBe(a.id);
    expect(err.content.ename).toBe("RangeError");
  });

  it("an interrupt during type-checking cancels the cell", async () => {
    // A big cell keeps the compiler busy long enough to interrupt it there.
    const code = Array.from({ length: 3000 }, (_, i) => `const v${i}: number = ${i} * 2;`).join("\n");
    const id = k.startExecute(code);
    await k.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input");
    k.interrupt();
    const reply = await k.waitReply(id, 60_000);
    // Either the interrupt caught it compiling, or the cell had already finished.
    if (reply.content.status === "error") expect(reply.content.ename).toBe("Interrupted");
    const after = await k.execute("1 + 1");
    expect(after.outputs[0]!.content.data["text/plain"]).toBe("2");
  }, 90_000);

  it("writes nothing to its own stderr", () => {
    expect(k.stderr).toBe("");
  });
});

describe.runIf(built)("a cell or its timer exiting the process", () => {
  it("says which cell's callback called process.exit, to that cell, to the running cell and in the kernel's log", async () => {
    const k = await KernelClient.start({ cwd: REPO });
    try {
      const c = await k.execute('setTimeout(() => process.exit(3), 1000); "armed"');
      const d = k.startExecute("await new Promise((r) => setTimeout(r, 10_000))");
      expect(await k.exited).toBe(3);
      const cc = c.reply.content.execution_count;
      const dd = cc + 1;
      const why = `process.exit(3) called by a callback scheduled in cell [${cc}], while cell [${dd}] was running: the kernel exits`;
      expect(k.stderr).toContain(why);
      const onC = k.iopubMsgs.find((m) => m.parent_header.msg_id === c.id && m.header.msg_type === "error");
      expect(onC?.content).toMatchObject({ ename: "KernelExit", evalue: why });
      const onD = k.iopubMsgs.find((m) => m.parent_header.msg_id === d && m.header.msg_type === "stream");
      expect(onD?.content.text).toContain(why);
    } finally {
      await k.shutdown();
    }
  }, 60_000);
});
