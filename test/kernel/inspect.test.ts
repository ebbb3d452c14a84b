// Help where the cursor is (inspect_request, Shift-Tab / contextual help) and
// completion (complete_request), over the Jupyter protocol. The expected
// documentation is read from descent's own sources, so the tests check that
// the learner sees what the library documents.

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, REPO } from "../helpers/kernel-client";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));

/** The one-line TSDoc just above `declaration` in a source file of descent. */
function tsdocAbove(file: string, declaration: RegExp): string {
  const src = fs.readFileSync(path.join(REPO, "src", file), "utf8");
  const at = src.search(declaration);
  if (at < 0) throw new Error(`${declaration} not found in ${file}`);
  const before = src.slice(0, at);
  const open = before.lastIndexOf("/**");
  const close = before.lastIndexOf("*/");
  if (open < 0 || close < open || before.slice(close + 2).trim() !== "") throw new Error(`no TSDoc right above ${declaration} in ${file}`);
  return before
    .slice(open + 3, close)
    .replace(/^\s*\*\s?/gm, "")
    .trim();
}

describe.runIf(built)("inspection at the cursor", () => {
  let k: KernelClient;
  beforeAll(async () => {
    k = await KernelClient.start({ cwd: REPO });
    const r = await k.execute('import { adam, lines, seed } from "descent"\nconst lr0 = 0.05');
    expect(r.reply.content.status).toBe("ok");
  });
  afterAll(async () => {
    await k?.shutdown();
  });

  async function inspect(code: string, cursor = code.length): Promise<string | undefined> {
    const { reply } = await k.request("inspect_request", { code, cursor_pos: cursor, detail_level: 0 });
    expect(reply.content.status).toBe("ok");
    return reply.content.found ? (reply.content.data["text/plain"] as string) : undefined;
  }

  const adamDoc = tsdocAbove("optim/adam.ts", /export function adam\(/);
  const learningRateDoc = tsdocAbove("optim/adam.ts", /\n\s*learningRate\?: LearningRate;/);
  const beta1Doc = tsdocAbove("optim/adam.ts", /\n\s*beta1\?: number;/);
  const beta2Doc = tsdocAbove("optim/adam.ts", /\n\s*beta2\?: number;/);
  const linesDoc = tsdocAbove("plot/charts.ts", /export function lines\(/);

  it("inside a call, right after the parenthesis (where Notebook and Lab put the cursor): the call's signature and TSDoc", async () => {
    const text = await inspect("adam(");
    expect(text).toContain("adam(opts?: AdamOptions): InPlaceOptimizer<AdamState>");
    expect(text).toContain(adamDoc);
  });

  it("on the name itself, before or after it", async () => {
    expect(await inspect("adam")).toContain(adamDoc);
    expect(await inspect("adam(", 2)).toContain(adamDoc);
    expect(await inspect("lr0 * 2", 3)).toMatch(/lr0: 0\.05|lr0: number/);
  });

  it("typing an option in an options object: that option's type and doc, then the call it belongs to", async () => {
    const text = (await inspect("adam({ lea"))!;
    expect(text).toContain("learningRate?: LearningRate");
    expect(text).toContain(learningRateDoc);
    expect(text).toContain("option of adam(opts?: AdamOptions)");
    expect(text).not.toContain("beta1");
  });

  it("a prefix shared by several options lists them all; a complete name, just that one", async () => {
    const both = (await inspect("adam({ learningRate: 0.1, beta"))!;
    expect(both).toContain(beta1Doc);
    expect(both).toContain(beta2Doc);
    const one = (await inspect("adam({ beta1: 0.8 })", 11))!;
    expect(one).toContain(beta1Doc);
    expect(one).not.toContain(beta2Doc);
  });

  it("in the braces but on no name: every option", async () => {
    const text = (await inspect("adam({  })", 7))!;
    for (const doc of [learningRateDoc, beta1Doc, beta2Doc]) expect(text).toContain(doc);
  });

  it("at a later argument: the argument being written", async () => {
    const text = (await inspect("lines([1, 2], "))!;
    expect(text).toContain("lines(series: SeriesInput, opts?: LinesOptions): Figure");
    expect(text).toContain("argument: opts?: LinesOptions");
    expect(text).toContain(linesDoc);
    expect(await inspect("seed(1).randn(2, ")).toMatch(/randn\(rows: number, cols: number\): Matrix[\s\S]*argument: cols: number/);
  });

  it("counts the cursor in code points, as Jupyter does (an emoji before it is one character)", async () => {
    const code = 'const face = "😀"; adam(';
    expect([...code].length).toBe(code.length - 1);
    expect(await inspect(code, [...code].length)).toContain(adamDoc);
  });

  it("still shows the runtime's own documentation (the compiler reads it only when asked)", async () => {
    const lib = fs.readFileSync(path.join(path.dirname(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [path.dirname(require.resolve("tslab/package.json"))] })), "lib", "lib.es5.d.ts"), "utf8");
    const maxDoc = /\/\*\*\s*\*\s*(Returns the larger[^\n]*)/.exec(lib)![1]!.trim();
    expect(await inspect("Math.max")).toContain(maxDoc);
    const call = (await inspect("Math.max(1, "))!;
    expect(call).toContain(maxDoc);
    expect(call).toMatch(/argument: \.\.\.values: number\[\] — Numeric expressions to be evaluated/);
  });

  it("finds nothing where there is nothing to say", async () => {
    expect(await inspect("1 + ")).toBeUndefined();
  });

  it("finds nothing on a name that is declared nowhere (a typo), as ipykernel does; not the error type \"any\"", async () => {
    expect(await inspect("adma")).toBeUndefined();
    expect(await inspect("Math.nope")).toBeUndefined();
    // Inside a call, an unknown argument leaves the call's own help.
    expect(await inspect("adam(lernRate", 6)).toContain(adamDoc);
    // A name declared as any is still found.
    expect(await inspect("let loose: any = 1; loose", 22)).toMatch(/loose: any/);
  });
});

describe.runIf(built)("completion", () => {
  let k: KernelClient;
  beforeAll(async () => {
    k = await KernelClient.start({ cwd: REPO });
    await k.execute('import { adam, adamw, adagrad } from "descent"\nconst adaptiveRate = 1');
  });
  afterAll(async () => {
    await k?.shutdown();
  });

  async function complete(code: string, cursor = code.length) {
    const { reply } = await k.request("complete_request", { code, cursor_pos: cursor });
    expect(reply.content.status).toBe("ok");
    return reply.content as { matches: string[]; cursor_start: number; cursor_end: number };
  }

  it("ranks the notebook's own names and the library's above the runtime's globals, and drops mere substrings", async () => {
    const r = await complete("ada");
    expect(r.matches.slice(0, 4).sort()).toEqual(["adagrad", "adam", "adamw", "adaptiveRate"]);
    // `ReadableStreamDefaultReader` merely contains "ada".
    expect(r.matches.some((m) => /^Readable/.test(m))).toBe(false);
    expect([r.cursor_start, r.cursor_end]).toEqual([0, 3]);
  });

  it("a name of this cell comes before everything else", async () => {
    const r = await complete("const adaLocal = 2\nada");
    expect(r.matches[0]).toBe("adaLocal");
  });

  it("completes an import list from descent before the module is named", async () => {
    const r = await complete("import { progr");
    expect(r.matches[0]).toBe("progress");
    expect([r.cursor_start, r.cursor_end]).toEqual([9, 14]);
    const multi = await complete("import {\n  adam,\n  lin");
    expect(multi.matches).toContain("lines");
    expect(multi.matches).toContain("linspace");
  });

  it("completes an import list from the module it names", async () => {
    const code = 'import { progr } from "descent"';
    expect((await complete(code, 14)).matches[0]).toBe("progress");
  });

  it("completes members and names with __", async () => {
    expect((await complete("Math.fl")).matches).toEqual(["floor"]);
    expect((await complete("const __seen = 1; __se")).matches[0]).toBe("__seen");
  });
});
