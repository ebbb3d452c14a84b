// The grader's one compiler for a run (compile-service.ts): what one
// submission's cells do to it must not change how another's compile, and a
// compile it already did is not done again. One compiler process (no
// sandbox, to keep it quick; grade.test.ts and the red-team suite grade
// through it in the sandbox).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompileService, precompiledCells } from "../../src/jupyter/compile-service";
import type { CellResult } from "../../src/jupyter";

let service: CompileService;

beforeAll(async () => {
  service = new CompileService({ sandbox: null, timeoutMs: 60_000 });
  await service.start();
}, 120_000);

afterAll(() => service?.close());

const ok = { status: "ok" } as CellResult;

describe("CompileService", () => {
  it("reports a type error as the kernel does, and remembers a compile across sessions", async () => {
    const bad = await service.compile("a", "", "const n: number = 'x';");
    expect(bad.kind).toBe("errors");
    expect(bad.kind === "errors" && bad.diagnostics[0]!.message).toMatch(/Type 'string' is not assignable to type 'number'/);
    const first = await service.compile("a", "", "const k = 41 + 1;");
    const compiled = service.stats.compiled;
    const again = await service.compile("b", "", "const k = 41 + 1;");
    expect(again).toEqual(first);
    expect(service.stats.compiled).toBe(compiled);
  });

  it("a session's @module cell is seen by that session only", async () => {
    const mod = await service.compile("owner", "", "/** @module helper */\nexport const secret: number = 42;");
    expect(mod.kind).toBe("module");
    const use = 'import { secret } from "./helper";\nconst s: number = secret;';
    expect((await service.compile("owner", "", use)).kind).toBe("cell");
    const other = await service.compile("other", "", use);
    expect(other.kind).toBe("errors");
    expect(other.kind === "errors" && other.diagnostics[0]!.message).toMatch(/helper/);
    // The same module cell in another submission registers it there too (not one remembered compile).
    expect((await service.compile("twin", "", "/** @module helper */\nexport const secret: number = 42;")).kind).toBe("module");
    expect((await service.compile("twin", "", use)).kind).toBe("cell");
    service.endSession("owner");
    service.endSession("twin");
  }, 90_000);

  it("precompiledCells carries declarations from a cell that ran to the next, and puts the tests' anchor back", async () => {
    const anchor = "dg$0123456789abcdef";
    const next = precompiledCells(service, "s1", anchor);
    const a = (await next("function f(x: number): number { return x + 1; }", undefined)).descent_compiled as { kind: string; declarations: string };
    expect(a.kind).toBe("cell");
    const test = `declare const ${anchor}: any; { const g = ${anchor}; f(1); }`;
    const b = (await next(test, ok)).descent_compiled as { kind: string; js: string };
    expect(b.kind).toBe("cell");
    expect(b.js).toContain(anchor);
    // A new kernel (no previous cell) starts with no declarations: f is unknown again.
    const c = (await next("f(1);", undefined)).descent_compiled as { kind: string };
    expect(c.kind).toBe("errors");
  });
});
