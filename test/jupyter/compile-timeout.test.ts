// The grader's compiler (compile-service.ts) when a cell's type-checking does
// not end: that cell is blamed with a type error saying so, the compiler
// process is replaced, and the cells queued behind it compile in the new one.
// The stuck compile is made by a 1 ms limit, shorter than any type-check (a
// real runaway type is machine-dependent); the limit is raised once the first
// cell is in the compiler, so only that one runs out of time.
import { describe, expect, it } from "vitest";
import { CompileService, TIMEOUTS_PER_SESSION, type CompileServiceOptions } from "../../src/jupyter/compile-service";

/** A started service whose cells get 1 ms to type-check until the test raises `options.timeoutMs`; closed afterwards. */
async function withService(body: (service: CompileService, options: CompileServiceOptions) => Promise<void>): Promise<void> {
  const options: CompileServiceOptions = { sandbox: null, timeoutMs: 1 };
  const service = new CompileService(options);
  try {
    await service.start();
    await body(service, options);
  } finally {
    service.close();
  }
}

describe("CompileService, a cell that does not finish type-checking", () => {
  it("is blamed, and the next cell compiles in a fresh compiler", async () => {
    await withService(async (service, options) => {
      const stuck = service.compile("a", "", "const n: number = 1;");
      const next = service.compile("b", "", "const s: string = 'x'; s.length");
      // The first request is in the compiler with its 1 ms limit; the next gets a real one.
      await new Promise((r) => setTimeout(r, 0));
      options.timeoutMs = 60_000;
      const blamed = await stuck;
      expect(blamed.kind).toBe("errors");
      expect(blamed.kind === "errors" && blamed.diagnostics).toEqual([{ line: 0, character: 0, message: expect.stringMatching(/^the grader's type-checker did not finish this cell within \d+ s$/) }]);
      const compiled = await next;
      expect(compiled.kind).toBe("cell");
      expect(service.stats.restarts).toBe(1);
      // A failure is not remembered: the same cell, asked again, is compiled (and now passes).
      expect((await service.compile("a", "", "const n: number = 1;")).kind).toBe("cell");
    });
  }, 120_000);

  it("a cell asked for after the timeout, before the killed compiler's exit is seen, compiles in a fresh one (it is not blamed for the stuck cell)", async () => {
    await withService(async (service, options) => {
      const stuck = service.compile("a", "", "const n: number = 1;");
      await new Promise((r) => setTimeout(r, 0));
      options.timeoutMs = 60_000;
      expect((await stuck).kind).toBe("errors");
      // The timer has fired and killed the compiler; its exit event is still to come.
      const late = await service.compile("b", "", "const s: string = 'x'; s.length");
      expect(late).toMatchObject({ kind: "cell" });
      expect(service.stats.restarts).toBe(1);
    });
  }, 120_000);

  it(`a notebook whose cells run out of time ${TIMEOUTS_PER_SESSION} times gets no more of the shared compiler; the others do`, async () => {
    await withService(async (service, options) => {
      for (let i = 0; i < TIMEOUTS_PER_SESSION; i++) expect((await service.compile("slow", "", `const n${i}: number = ${i};`)).kind).toBe("errors");
      options.timeoutMs = 60_000;
      const refused = await service.compile("slow", "", "const k: number = 2;");
      expect(refused.kind === "errors" && refused.diagnostics[0]!.message).toMatch(/checks no more cells of this notebook: 2 of its cells did not finish/);
      expect(service.stats.restarts).toBe(TIMEOUTS_PER_SESSION);
      expect((await service.compile("other", "", "const k: number = 2;")).kind).toBe("cell");
      // A new kernel for the same notebook (a new session) starts afresh.
      service.endSession("slow");
      expect((await service.compile("slow", "", "const k: number = 2;")).kind).toBe("cell");
    });
  }, 120_000);
});
