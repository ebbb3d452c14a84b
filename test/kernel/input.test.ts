// input(): a line from the person running the notebook, as Python's input() in ipykernel.
// Over the protocol at jupyter_client (what Notebook's and Lab's servers relay) and at descent's
// own client; refused with a clear error where the request says allow_stdin: false (nbconvert,
// `descent run`, the grader); and in plain Node, from standard input.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KernelClient as TestClient, REPO, writeNotebook } from "../helpers/kernel-client";
import { itWithTools, missingTool } from "../helpers/tools";
import { KernelClient, findKernelSpec, launchKernel, type Output } from "../../src/jupyter";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));
const PY = "/usr/bin/python3";
const env = { ...process.env, JUPYTER_PATH: path.join(REPO, "kernel") };
const NOT_ALLOWED = /input: this frontend does not take input \(its request says allow_stdin: false/;

interface PyCell { status: string; requests: { prompt: string; password: boolean }[]; stdout: string; errors: string[]; order: [string, number][] }

describe.runIf(built)("input() in the kernel", () => {
  itWithTools(
    "jupyter_client: each input_request carries the prompt and password flag, the typed line comes back, prompts follow earlier output",
    missingTool(PY, ["-c", "import jupyter_client"], "apt install python3-jupyter-client"),
    () => {
      const r = spawnSync(PY, [path.join(__dirname, "input_client.py")], { env, encoding: "utf8", timeout: 180_000 });
      expect(r.status, r.stderr).toBe(0);
      const [first, second, third, refused] = JSON.parse(r.stdout.trim().split("\n").pop()!) as PyCell[];
      expect(first).toMatchObject({ status: "ok", requests: [{ prompt: "alpha = ", password: false }], stdout: "0.5\n", errors: [] });
      expect(second).toMatchObject({ status: "ok", requests: [{ prompt: "secret: ", password: true }, { prompt: "", password: false }], errors: [] });
      expect(second!.stdout).toBe('["hunter2",""]\n');
      expect(third).toMatchObject({ status: "ok", stdout: "before\nafter three words here\n" });
      // The kernel sent "before" before the prompt (it flushes its streams first), "after" after it. iopub
      // and stdin are two sockets, so the client may see them in either order: the kernel's dates tell.
      const sent = (type: string, k = 0) => third!.order.filter(([t]) => t === type)[k]![1];
      expect(third!.order.map(([t]) => t).sort()).toEqual(["input_request", "stream", "stream"]);
      expect(sent("stream", 0)).toBeLessThanOrEqual(sent("input_request"));
      expect(sent("stream", 1)).toBeGreaterThanOrEqual(sent("input_request"));
      expect(refused!.status).toBe("error");
      expect(refused!.requests).toEqual([]);
      expect(refused!.errors.join("\n")).toMatch(NOT_ALLOWED);
    },
    200_000,
  );

  itWithTools(
    "nbconvert (allow_stdin false): the cell fails with the reason and the notebook keeps it, no kernel left waiting",
    missingTool("jupyter", ["nbconvert", "--version"], "apt install jupyter-nbconvert"),
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-input-"));
      try {
        writeNotebook(dir, "ask.ipynb", ['import { input } from "descent"\nconst a = await input("a? ")']);
        const r = spawnSync("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--ExecutePreprocessor.timeout=60", "--output", "out.ipynb", "ask.ipynb"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
        expect(r.status, r.stderr).toBe(0);
        const out = JSON.parse(fs.readFileSync(path.join(dir, "out.ipynb"), "utf8"));
        const errors = out.cells[0].outputs.filter((o: { output_type: string }) => o.output_type === "error");
        expect(errors).toHaveLength(1);
        expect(errors[0].evalue).toMatch(NOT_ALLOWED);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    150_000,
  );

  it("descent's client: onInput answers; without allow_stdin the cell fails at once with the reason, and the kernel goes on", async () => {
    const kernel = await launchKernel(findKernelSpec("descent", [path.join(REPO, "kernel")]), { cwd: REPO });
    const client = new KernelClient(kernel.connection);
    try {
      client.connect();
      await client.waitForReady(60_000, kernel.exited);
      const prompts: [string, boolean][] = [];
      client.onInput = async (prompt, password) => {
        prompts.push([prompt, password]);
        return prompt === "n = " ? "7" : "x";
      };
      const out: Output[] = [];
      const ok = await client.execute('import { input } from "descent"\nconst n = Number(await input("n = "))\nn * 6', (o) => out.push(o), { allow_stdin: true }).done;
      expect(ok.status).toBe("ok");
      expect(prompts).toEqual([["n = ", false]]);
      expect(out.at(-1)).toMatchObject({ output_type: "execute_result", data: { "text/plain": "42" } });
      // What `descent run` sends: no input_request reaches the client, the cell fails with the reason.
      const refused = await client.execute('await input("anyone? ")').done;
      expect(refused.status).toBe("error");
      expect(String(refused.content.evalue)).toMatch(NOT_ALLOWED);
      expect(prompts).toHaveLength(1);
      const after = await client.execute("n + 1").done;
      expect(after.status).toBe("ok");
    } finally {
      await client.shutdown(2000).catch(() => false);
      client.close();
      await kernel.kill();
    }
  }, 120_000);

  it("an input interrupted before its answer ends the cell with one error and nothing after it runs; a late reply is dropped, the next input gets its own", async () => {
    const k = await TestClient.start({ cwd: REPO });
    try {
      // Answered by hand below: the test client does not reply to input_request by itself.
      const pending = k.execute('import { input } from "descent"\nconst late = await input("first? ")\nconsole.log("after the input")', { allow_stdin: true });
      const req1 = await k.waitStdin((m) => m.header.msg_type === "input_request");
      expect(req1.content).toEqual({ prompt: "first? ", password: false });
      // As a person would, a moment later: the request leaves while the cell's synchronous part may
      // still be running, and a SIGINT landing there is vm's (breakOnSigint), not the await's.
      await new Promise((r) => setTimeout(r, 300));
      k.interrupt();
      const { id, reply } = await pending;
      expect(reply.content.status).toBe("error");
      expect(reply.content.ename).toBe("Interrupted");
      // The late answer to the first request, then a new cell asking again.
      k.replyInput(req1, "stale");
      const next = k.execute('import { input as ask } from "descent"\nconst fresh = await ask("second? ")\nfresh', { allow_stdin: true });
      const req2 = await k.waitStdin((m) => m.header.msg_type === "input_request" && m.header.msg_id !== req1.header.msg_id);
      expect(req2.content.prompt).toBe("second? ");
      k.replyInput(req2, "fresh answer");
      const done = await next;
      expect(done.reply.content.status).toBe("ok");
      expect(done.outputs.at(-1)!.content.data["text/plain"]).toBe("'fresh answer'");
      // The interrupted cell: its one error, and none of the rest of its code ran, then or later.
      expect(k.outputsOf(id).map((m) => [m.header.msg_type, m.content.ename])).toEqual([["error", "Interrupted"]]);
    } finally {
      await k.shutdown();
    }
  }, 120_000);
});

describe.runIf(built)("input() to a client the kernel cannot reach on stdin", () => {
  it("fails at once, saying so, rather than waiting for an answer that cannot come", async () => {
    const k = await TestClient.start({ cwd: REPO, stdinIdentity: "not-the-shell-identity" });
    try {
      const { reply } = await k.execute('import { input } from "descent"\nawait input("anyone? ")', { allow_stdin: true }, 30_000);
      expect(reply.content.status).toBe("error");
      expect(reply.content.evalue).toMatch(/^input: the frontend's stdin channel cannot be reached \(EHOSTUNREACH\)/);
      expect(k.stdinMsgs).toEqual([]);
    } finally {
      await k.shutdown();
    }
  }, 60_000);
});

describe.runIf(built)("input() in plain Node", () => {
  const script = (body: string) => `const { input } = require("descent");\n(async () => {\n${body}\n})().catch((e) => { console.log("rejected: " + e.message); });`;

  it("reads lines from standard input, each call the next one, several arriving together kept", () => {
    const r = spawnSync(process.execPath, ["-e", script('const a = await input("a? "); const b = await input(); const c = await input("c? "); console.log("\\n" + JSON.stringify([a, b, c]));')], {
      cwd: REPO, input: "first\nsecond line\n\nleft over\n", encoding: "utf8", timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('a? c? \n["first","second line",""]\n');
  });

  it("rejects with the reason when standard input ends first", () => {
    const r = spawnSync(process.execPath, ["-e", script('const a = await input("a? "); const b = await input("b? "); console.log(a, b);')], {
      cwd: REPO, input: "only\n", encoding: "utf8", timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("a? b? rejected: input: standard input ended before a line was typed\n");
  });

  it("a script that has its line ends, though standard input stays open", async () => {
    const child = spawn(process.execPath, ["-e", script('console.log("got " + (await input()));')], { cwd: REPO, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stdin.write("one\n"); // and never closed
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill(); resolve(null); }, 20_000);
      child.on("exit", (c) => { clearTimeout(timer); resolve(c); });
    });
    expect(code).toBe(0);
    expect(stdout).toBe("got one\n");
  }, 30_000);

  it("names a bad prompt or option", async () => {
    const { input } = await import("../../src/index");
    await expect(input(5 as unknown as string)).rejects.toThrow("input: prompt must be a string, got number 5");
    await expect(input("p", { password: "yes" as unknown as boolean })).rejects.toThrow('input: password must be true or false, got string "yes"');
    await expect(input("p", { hidden: true } as never)).rejects.toThrow(/input: unknown option "hidden"/);
  });
});
