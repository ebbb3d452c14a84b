// Kernel entry point: `node dist/kernel/main.js <connection_file>`, normally
// reached through kernel/kernels/descent/launch.js from a kernelspec.

import fs from "node:fs";
import path from "node:path";
import { Engine } from "./engine";
import { installDescentResolution, descentRoot } from "./resolve";
import { KernelServer, readConnectionFile } from "./server";

/** Start a kernel for the given connection file, in the current directory. */
export async function startKernel(connectionFile: string): Promise<KernelServer> {
  const conn = readConnectionFile(connectionFile);
  const root = descentRoot();
  installDescentResolution(process.cwd(), root);
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsVersion = (require(require.resolve("@tslab/typescript-for-tslab", { paths: [path.dirname(require.resolve("tslab/package.json"))] })) as { version: string }).version;
  const engine = new Engine(process.cwd());
  const server = new KernelServer(conn, engine, { implementationVersion: version, typescriptVersion: tsVersion });

  // Jupyter interrupts by SIGINT. During synchronous cell code vm's
  // breakOnSigint turns it into an exception; otherwise it cancels an await.
  process.on("SIGINT", () => engine.interrupt());
  process.on("SIGTERM", () => server.shutdown());
  process.on("uncaughtException", (err) => server.reportUncaught(err));
  process.on("unhandledRejection", (reason) => server.reportUncaught(reason));
  await server.start();
  return server;
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
