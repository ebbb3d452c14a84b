// Kernel entry point: `node dist/kernel/main.js <connection_file>`, normally
// reached through kernel/kernels/descent/launch.js from a kernelspec.
//
// Start-up order, for a fast first reply: the compiler thread starts loading
// TypeScript at once; meanwhile this thread binds the sockets. Shell requests
// are answered as soon as the compiler has built its program; it then warms
// up (binds, checks a first cell, loads descent's types) while this thread
// loads descent/jupyter and the descent library and starts the parent poller.

import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { Engine } from "./engine";
import { watchParent, parentWatch } from "./parent";
import { PRECOMPILED_ENV } from "../jupyter/kernelspec";
import { forwardDescentRequires, kernelPackageRoot } from "./resolve";
import { watchInterrupts } from "./sigint";
import type { KernelServer } from "./server";

/** Kernel start-up diagnostics go to the real stderr (Jupyter's log) only when DESCENT_KERNEL_DEBUG is set. */
function debugLog(text: string): void {
  if (!process.env.DESCENT_KERNEL_DEBUG) return;
  try {
    fs.writeSync(2, text.endsWith("\n") ? text : text + "\n");
  } catch {
    // no stderr
  }
}

/** Start a kernel for the given connection file, in the current directory. */
export interface StartOptions {
  /**
   * Do the deferred start-up work (display channel, loading descent, the parent
   * poller's thread) before returning rather than after the first reply: the
   * grading harness locks the process down once this resolves, and a worker
   * thread cannot be started after that.
   */
  eager?: boolean;
  /**
   * Keep the cells' text for history_request (default true). The grading kernel keeps none: a hidden
   * test's text, once run, would be there for any later cell that can reach the kernel's sockets.
   */
  history?: boolean;
  /**
   * Cells arrive compiled (execute_request's `descent_compiled`, from the
   * grader or `descent run`): no compiler thread until a cell comes without.
   * Default: the environment variable DESCENT_KERNEL_PRECOMPILED is "1", so a
   * kernel started from its kernelspec can be told too.
   */
  precompiled?: boolean;
}


export async function startKernel(connectionFile: string, options: StartOptions = {}): Promise<KernelServer> {
  const t0 = performance.now();
  const root = kernelPackageRoot();
  const cwd = process.cwd();
  let server: KernelServer | undefined;
  const precompiled = options.precompiled ?? process.env[PRECOMPILED_ENV] === "1";
  // Not passed on to whatever the cells start.
  delete process.env[PRECOMPILED_ENV];
  // First of all, so that TypeScript loads while everything else does.
  const engine = new Engine({ cwd, root, log: debugLog, onTslab: () => server?.connectTslabDisplay(), precompiled });
  // The sockets (zeromq's native addon) come after the compiler thread is on its way.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KernelServer, readConnectionFile } = require("./server") as typeof import("./server");
  const conn = readConnectionFile(connectionFile);
  const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  const tslabRequire = Module.createRequire(require.resolve("tslab/package.json"));
  const tsVersion = (JSON.parse(fs.readFileSync(tslabRequire.resolve("@tslab/typescript-for-tslab/package.json"), "utf8")) as { version: string }).version;
  forwardDescentRequires(cwd, root);
  const exit = process.exit.bind(process) as (code: number) => never;
  server = new KernelServer(conn, engine, { implementationVersion: version, typescriptVersion: tsVersion }, exit, { history: options.history ?? true });
  const s = server;

  // A cell (or a timer it set) calling process.exit: say who, then exit.
  process.exit = ((code?: number | string | null) => {
    s.reportExit(code);
    return exit(typeof code === "number" ? code : Number(code ?? process.exitCode ?? 0) || 0);
  }) as typeof process.exit;
  // Jupyter interrupts by SIGINT. During synchronous cell code node's watchdog turns it into an
  // exception; otherwise it cancels the cell's compilation or await (sigint.ts).
  watchInterrupts(() => engine.interrupt());
  process.on("SIGTERM", () => s.shutdown());
  process.on("uncaughtException", (err) => s.reportUncaught(err));
  process.on("unhandledRejection", (reason) => s.reportUncaught(reason));

  let warmed = false;
  const warmUp = () => {
    if (warmed) return;
    warmed = true;
    s.installDisplayChannel();
    try {
      // The learner's `import "descent"` then finds it loaded.
      Module.createRequire(path.join(cwd, "[cell].js"))("descent");
    } catch {
      // not resolvable from here: the cell will say so
    }
    const watch = parentWatch();
    if (watch) {
      watchParent(watch, (reason) => {
        debugLog(`descent kernel: ${reason}; shutting down`);
        s.shutdown(1);
      });
    }
    debugLog(`descent kernel: main thread warm ${when()}`);
  };
  s.afterFirstReply(() => {
    debugLog(`descent kernel: first reply ${when()}`);
    warmUp();
  });
  // A client that never asks still gets a kernel that leaves with its parent.
  setTimeout(warmUp, 2000).unref();
  // Wall time since this module started, and CPU time of the whole process (both threads) so far.
  const when = () => {
    const cpu = process.cpuUsage();
    return `${Math.round(performance.now() - t0)} ms after start (process CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms)`;
  };
  void engine.compiler.created().then((r) => debugLog(`descent kernel: compiler created ${when()}; ${JSON.stringify(r)}`));
  void engine.compiler.ready().then((r) => debugLog(`descent kernel: compiler ready ${when()}; ${JSON.stringify(r)}`));
  await s.start();
  if (options.eager) warmUp();
  return s;
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stdout.write("usage: node dist/kernel/main.js CONNECTION_FILE\n");
    process.exit(2);
  }
  startKernel(file).catch((e: unknown) => {
    // Startup failures are the one thing worth stderr: Jupyter shows it in its log.
    process.stderr.write(`descent kernel failed to start: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
