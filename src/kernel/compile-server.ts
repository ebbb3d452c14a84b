// The shared type-checker: `node dist/kernel/compile-server.js`, run by
// src/jupyter/compile-service.ts (for the grader, in a sandbox of its own: the same file
// system a grading kernel sees), answering on stdin/stdout, one JSON object a line:
//   → { id, session, prevDecl, src }      ← { id, ok: true, value: Compiled, shared } | { id, ok: false, error }
//   → { id, close: session }               ← { id, ok: true }
// It is the kernel's own compiler (tslab's converter, src/kernel/compiler.ts),
// loaded once for a whole grading run (or lesson run) instead of once per
// kernel, which was most of a submission's CPU time. It never runs notebook code: it only
// type-checks and emits JavaScript, which the submission's kernel runs.
//
// A compile depends only on the earlier cells' declarations (prevDecl), the
// cell's source and the `@module` cells registered before, so one compiler
// serves every submission, except that a submission that registers a
// `@module` cell gets a compiler of its own from then on: its modules must
// not be seen by anyone else's cells.
import { onLines } from "../jupyter/lines";
import type { Compiled, Compiler as KernelCompiler } from "./compiler";

type Request = { id: number; session: string; prevDecl: string; src: string } | { id: number; close: string };

function main(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Compiler } = require("./compiler") as typeof import("./compiler");
  // tslab's notice that the kernel keeps a cell's first program (see compiler.ts) is noise here too.
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (args[0] !== "builder is not recreated though contents are changed.") warn(...args);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getCodeMetadata } = require("tslab/dist/metadata") as { getCodeMetadata(src: string): { module?: string } };
  const options = { cwd: process.cwd(), root: process.env.DESCENT_ROOT ?? process.cwd() };
  const shared: KernelCompiler = new Compiler(options);
  shared.warm();
  const own = new Map<string, KernelCompiler>();
  const send = (m: unknown) => process.stdout.write(JSON.stringify(m) + "\n");
  send({ id: 0, ok: true, ready: true });
  onLines(process.stdin, (line) => {
    let req: Request;
    try {
      req = JSON.parse(line) as Request;
    } catch {
      return;
    }
    try {
      if ("close" in req) {
        own.get(req.close)?.close();
        own.delete(req.close);
        send({ id: req.id, ok: true });
        return;
      }
      let compiler = own.get(req.session);
      if (!compiler && getCodeMetadata(req.src).module) {
        compiler = new Compiler(options);
        compiler.warm();
        own.set(req.session, compiler);
      }
      const value: Compiled = (compiler ?? shared).compile(req.prevDecl, req.src);
      send({ id: req.id, ok: true, value, shared: !compiler });
    } catch (e) {
      send({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
  process.stdin.on("end", () => process.exit(0));
}

if (require.main === module) main();
