// Find kernelspecs the way Jupyter does: a kernel named N is the first
// `kernels/N/kernel.json` found in the Jupyter data path, which is
// JUPYTER_PATH's entries, then the user's data dir, then the system ones.
// Extra directories (such as <repo>/kernel when running from the repo) are
// searched first so no environment variable is needed there.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A kernelspec: how to start a kernel and how to interrupt it. */
export interface KernelSpec {
  /** Kernel name (its folder name). */
  name: string;
  /** The folder holding kernel.json; substituted for `{resource_dir}` in argv. */
  resourceDir: string;
  /** Command line; `{connection_file}` and `{resource_dir}` get substituted. */
  argv: string[];
  displayName: string;
  language: string;
  /** `signal` (SIGINT to the process) or `message` (interrupt_request on control). */
  interruptMode: "signal" | "message";
  /** Extra environment variables for the kernel. */
  env: Record<string, string>;
}

/** No kernelspec of that name in the search path; the message lists where we looked. */
export class KernelSpecError extends Error {
  override name = "KernelSpecError";
}

/** The Jupyter data path, in search order, after `extraDirs`. */
export function jupyterDataPath(extraDirs: string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [...extraDirs];
  for (const d of (env.JUPYTER_PATH ?? "").split(path.delimiter)) if (d) dirs.push(d);
  const home = os.homedir();
  if (env.JUPYTER_DATA_DIR) dirs.push(env.JUPYTER_DATA_DIR);
  else if (process.platform === "darwin") dirs.push(path.join(home, "Library", "Jupyter"));
  else dirs.push(path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter"));
  dirs.push("/usr/local/share/jupyter", "/usr/share/jupyter");
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

/**
 * Find and parse the kernelspec called `name`.
 * @param extraDirs data directories searched before JUPYTER_PATH (each holds `kernels/<name>/kernel.json`)
 * @throws KernelSpecError if it is missing or its kernel.json is malformed
 */
export function findKernelSpec(name: string, extraDirs: string[] = [], env: NodeJS.ProcessEnv = process.env): KernelSpec {
  const searched = jupyterDataPath(extraDirs, env);
  for (const dir of searched) {
    const resourceDir = path.join(dir, "kernels", name);
    const file = path.join(resourceDir, "kernel.json");
    if (fs.existsSync(file)) return parseKernelSpec(file, name);
  }
  throw new KernelSpecError(
    `no kernelspec named "${name}": looked for kernels/${name}/kernel.json in ${searched.join(", ")}` +
      (name === "descent" ? ` (run \`descent kernel install --user\`, or set JUPYTER_PATH to the repo's kernel/ folder)` : ""),
  );
}

/** Parse one kernel.json. @throws KernelSpecError naming the file and the problem */
export function parseKernelSpec(file: string, name = path.basename(path.dirname(file))): KernelSpec {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new KernelSpecError(`${file}: not readable JSON (${(e as Error).message})`);
  }
  const argv = raw.argv;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
    throw new KernelSpecError(`${file}: "argv" must be a non-empty list of strings`);
  }
  if (!argv.some((a: string) => a.includes("{connection_file}"))) {
    throw new KernelSpecError(`${file}: "argv" never mentions {connection_file}, so the kernel could not know its ports`);
  }
  const mode = raw.interrupt_mode ?? "signal";
  if (mode !== "signal" && mode !== "message") {
    throw new KernelSpecError(`${file}: "interrupt_mode" is ${JSON.stringify(mode)}; expected "signal" or "message"`);
  }
  const env = (raw.env ?? {}) as Record<string, string>;
  return {
    name,
    resourceDir: path.dirname(file),
    argv: argv as string[],
    displayName: typeof raw.display_name === "string" ? raw.display_name : name,
    language: typeof raw.language === "string" ? raw.language : "",
    interruptMode: mode,
    env,
  };
}

/** The argv with `{connection_file}` and `{resource_dir}` substituted. */
export function kernelCommand(spec: KernelSpec, connectionFile: string): string[] {
  return spec.argv.map((a) => a.replaceAll("{connection_file}", connectionFile).replaceAll("{resource_dir}", spec.resourceDir));
}

/** The package root of the descent this code belongs to (two levels up from src/jupyter/ or dist/jupyter/). */
export function descentRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "descent") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the descent package above ${__dirname}`);
    dir = up;
  }
}

/** The environment variable that starts a kernel from its kernelspec in precompiled mode ("1"): its cells arrive compiled (compile-service.ts). */
export const PRECOMPILED_ENV = "DESCENT_KERNEL_PRECOMPILED";

/** The node_modules folder descent's dependencies are installed in (the repo's, or a project's when descent is a dependency). */
export function dependencyDir(root = descentRoot()): string {
  const tslab = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));
  return path.dirname(tslab);
}
