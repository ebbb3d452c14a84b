// Entry point of the grading kernel: `node --disallow-code-generation-from-strings
// dist/grading/sandbox/harness.js CONNECTION_FILE --anchor NAME [--preload MODULE]… [--precompiled]
// [--gate NAME,NAME…]` (with --gate, the gate's secret arrives on stdin: see gate.ts).
// It starts descent's ordinary kernel, loads the modules the hidden tests
// take their helpers from, locks the process down (see harden.ts) and
// publishes those modules under a global named NAME that nothing can
// replace or shadow: the grader rewrites each test cell to take `check`,
// `adam`… from there (see seal.ts), so a student's `function check() {}`
// or a patched module changes nothing a test sees. All of this happens
// before the kernel handles its first message.
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { descentRoot } from "../../jupyter/kernelspec";
import { GATE_KEY, installGate } from "./gate";
import { lockdown } from "./harden";
import { GLOBALS_KEY, saveGlobals } from "./intrinsics";

/** The argv the grader passes after the connection file. */
export interface HarnessArgs {
  connectionFile: string;
  anchor: string;
  preload: string[];
  /** Cells arrive compiled by the grader (compile-service.ts): the kernel starts no compiler. */
  precompiled: boolean;
  /** The library functions the notebook's exercises re-implement, for the gate (gate.ts); empty: no gate. */
  gate: string[];
}

/** Parse the harness's command line. @throws Error naming what is missing */
export function parseHarnessArgs(argv: string[]): HarnessArgs {
  const { values, positionals } = parseArgs({ args: argv, options: { anchor: { type: "string" }, preload: { type: "string", multiple: true }, precompiled: { type: "boolean" }, gate: { type: "string" } }, allowPositionals: true });
  const connectionFile = positionals[0];
  if (!connectionFile || typeof values.anchor !== "string" || !/^[A-Za-z_$][\w$]*$/.test(values.anchor)) {
    throw new Error("usage: harness.js CONNECTION_FILE --anchor NAME [--preload MODULE]… [--precompiled] [--gate NAME,NAME…]");
  }
  const gate = typeof values.gate === "string" ? values.gate.split(",").filter((n) => n !== "") : [];
  return { connectionFile, anchor: values.anchor, preload: (values.preload as string[] | undefined) ?? [], precompiled: values.precompiled === true, gate };
}

/** Milliseconds since the process started, and its CPU time so far (both threads), for the start-up log. */
function when(): string {
  const cpu = process.cpuUsage();
  return `${Math.round(performance.now())} ms after start (process CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms)`;
}

async function main(): Promise<void> {
  const args = parseHarnessArgs(process.argv.slice(2));
  // The gate's secret: all of stdin, read before anything else runs; nothing can read it again.
  const secret = args.gate.length > 0 ? fs.readFileSync(0, "utf8").trim() : "";
  if (args.gate.length > 0 && !/^[0-9a-f]{32,}$/.test(secret)) throw new Error("--gate needs the gate's secret (hex) on stdin");
  const debug = (what: string) => process.env.DESCENT_KERNEL_DEBUG && fs.writeSync(2, `descent grading kernel: ${what} ${when()}\n`);
  debug("harness started");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startKernel } = require("../../kernel/main") as typeof import("../../kernel/main");
  // eager: the parent poller's thread must start before the lockdown refuses new threads.
  // No history: a test's text, once run, is not kept for a later cell to ask the kernel for.
  await startKernel(args.connectionFile, { eager: true, precompiled: args.precompiled, history: false });
  debug("kernel started");
  // Modules resolve from the notebook's folder, as the cells' imports do, so both get the same instance.
  const cellRequire = Module.createRequire(path.join(process.cwd(), "cell.js"));
  const modules: Record<string, unknown> = { [GLOBALS_KEY]: saveGlobals() };
  for (const m of args.preload) {
    const mod = cellRequire(m) as Record<string, unknown>;
    // descent's entry loads each export's module on first use: load them all now, so every module is
    // in place (and frozen below) before student code could reach one first and patch it.
    for (const name of Object.keys(mod)) void mod[name];
    modules[m] = mod;
  }
  // Graded code runs on one thread: jobs already use the cores, and worker threads are refused.
  debug("modules loaded");
  const descent = modules.descent as { setThreads?: (n: number) => void } | undefined;
  descent?.setThreads?.(1);
  const root = descentRoot();
  // As the module cache and stack frames spell it (the real path).
  const distDir = path.join(fs.realpathSync(root), "dist") + path.sep;
  if (args.gate.length > 0) {
    const cache = (Module as unknown as { _cache: Record<string, { exports?: unknown } | undefined> })._cache;
    modules[GATE_KEY] = installGate({ secret, guarded: args.gate, distDir, modules, cache });
  }
  const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] })) + path.sep;
  const counts = lockdown({ deepPackages: [distDir, dirOf("tslab"), dirOf("zeromq")] });
  Object.defineProperty(globalThis, args.anchor, { value: Object.freeze(modules), writable: false, enumerable: false, configurable: false });
  // The kernel now routes process.stderr to the notebook; this line is for the grader's log.
  fs.writeSync(2, `descent grading kernel: locked down (${counts.shallow} module exports, ${counts.deep} objects of the kernel's packages frozen)\n`);
  debug("locked down");
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`descent grading kernel failed to start: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
