// `descent kernel install [--user | --prefix P | --sys-prefix] [--name N] [--display-name D] [--force]`:
// register the TypeScript (descent) kernelspec with Jupyter, without Python.
// The spec points at absolute paths (this Node, this package's launcher), so
// it works from any notebook directory.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { descentRoot } from "../jupyter";
import { helpText, parseCommand, runCommand, UsageError, type CommandSpec } from "./args";

const NAME = "descent";
const DISPLAY_NAME = "TypeScript (descent)";

const SPEC: CommandSpec = {
  name: "kernel install",
  positionals: "[--user | --prefix DIR | --sys-prefix] [--name NAME] [--display-name TEXT] [--force]",
  summary: "Register the TypeScript (descent) kernelspec with Jupyter (no Python needed).",
  options: {
    user: { type: "boolean", help: "your Jupyter data folder: ~/.local/share/jupyter/kernels/NAME on Linux, ~/Library/Jupyter/kernels/NAME on macOS (default; honours JUPYTER_DATA_DIR)" },
    prefix: { type: "string", value: "DIR", help: "DIR/share/jupyter/kernels/NAME" },
    "sys-prefix": { type: "boolean", help: "the active virtualenv/conda env ($VIRTUAL_ENV or $CONDA_PREFIX)" },
    name: { type: "string", value: "NAME", help: 'kernel name (default "descent")' },
    "display-name": { type: "string", value: "TEXT", help: 'name in Jupyter\'s launcher and kernel menu (default "TypeScript (descent)", or "TypeScript (descent: NAME)" with --name)' },
    force: { type: "boolean", help: "replace an existing, different kernelspec of that name" },
  },
};

/** The per-user Jupyter data directory, as jupyter_core computes it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

/** Parsed command line of `kernel install`. */
export interface InstallArgs {
  dir: string;
  name: string;
  /** What Jupyter's launcher shows: a second spec under another name must not look like the first. */
  displayName: string;
  /** --display-name was given: without it, an installed spec keeps the name it shows. */
  displayNameAsked?: boolean;
  force: boolean;
}

/** Parse install arguments into the kernelspec's target directory; throws a UsageError naming the bad one. */
export function parseInstallArgs(args: string[], env: NodeJS.ProcessEnv = process.env): InstallArgs {
  const parsed = parseCommand(SPEC, args);
  if (parsed === "help") throw new UsageError(helpText(SPEC));
  const { values, positionals } = parsed;
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const scopes = (["user", "prefix", "sys-prefix"] as const).filter((s) => values[s] !== undefined);
  if (scopes.length > 1) throw new UsageError(`choose one of --user, --prefix, --sys-prefix (got ${scopes.map((s) => `--${s}`).join(", ")})`);
  const name = (values.name as string | undefined) ?? NAME;
  if (!/^[a-z0-9._-]+$/i.test(name)) throw new UsageError(`--name must be letters, digits, ".", "_" or "-", got "${name}"`);
  let base: string;
  if (values.prefix !== undefined) base = path.join(path.resolve(values.prefix as string), "share", "jupyter");
  else if (values["sys-prefix"]) {
    const p = env.VIRTUAL_ENV || env.CONDA_PREFIX;
    if (!p) throw new UsageError("--sys-prefix needs an active virtualenv or conda env ($VIRTUAL_ENV or $CONDA_PREFIX); use --prefix DIR instead");
    base = path.join(p, "share", "jupyter");
  } else base = userDataDir(env);
  const asked = values["display-name"] as string | undefined;
  if (asked !== undefined && !asked.trim()) throw new UsageError("--display-name must not be empty");
  const displayName = asked ?? (name === NAME ? DISPLAY_NAME : `${DISPLAY_NAME.slice(0, -1)}: ${name})`);
  return { dir: path.join(base, "kernels", name), name, displayName, displayNameAsked: asked !== undefined, force: values.force === true };
}

/** The minified plotly.js the kernelspec serves to classic Notebook, if installed. */
export function plotlyMinJs(root = descentRoot()): string | undefined {
  try {
    return require.resolve("plotly.js-dist-min/plotly.min.js", { paths: [root] });
  } catch {
    return undefined;
  }
}

/** The kernel.json for an installed spec: absolute node and launcher paths, and the name the launcher shows. */
export function installedSpec(root = descentRoot(), node = process.execPath, displayName?: string): Record<string, unknown> {
  const source = JSON.parse(fs.readFileSync(path.join(root, "kernel", "kernels", NAME, "kernel.json"), "utf8")) as Record<string, unknown>;
  return {
    ...source,
    ...(displayName !== undefined ? { display_name: displayName } : {}),
    argv: [node, path.join(root, "kernel", "kernels", NAME, "launch.js"), "{connection_file}"],
    env: { ...((source.env as object) ?? {}), DESCENT_ROOT: root },
  };
}

/** The display_name of an installed kernel.json's text, if it has one. */
function displayNameOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const name = (JSON.parse(text) as { display_name?: unknown }).display_name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Write the kernelspec into `target.dir`. Refuses to replace a different
 * existing spec unless `force`: nothing the user had is lost without asking.
 */
export function install(target: InstallArgs, root = descentRoot()): { dir: string; changed: boolean } {
  const file = path.join(target.dir, "kernel.json");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  // A spec installed before (another default display name, or the user's own edit of it) keeps the name
  // Jupyter shows unless --display-name asks for another.
  const shown = target.displayNameAsked ? target.displayName : (displayNameOf(existing) ?? target.displayName);
  const spec = JSON.stringify(installedSpec(root, process.execPath, shown), null, 2) + "\n";
  if (existing !== undefined) {
    const complete = ["kernel.js", ...(plotlyMinJs(root) ? ["plotly.min.js"] : [])].every((f) => fs.existsSync(path.join(target.dir, f)));
    if (existing === spec && complete) return { dir: target.dir, changed: false };
    if (existing !== spec && !target.force) {
      const was = displayNameOf(existing);
      if (was !== undefined && existing === JSON.stringify(installedSpec(root, process.execPath, was), null, 2) + "\n") {
        throw new Error(`the kernelspec at ${target.dir} shows as "${was}"\n(re-run with --force to show it as "${shown}")`);
      }
      throw new Error(`a different kernelspec already exists at ${target.dir}\n(re-run with --force to replace it, or --name to install under another name)`);
    }
  }
  fs.mkdirSync(target.dir, { recursive: true });
  // Logos and other resources next to the source kernel.json come along.
  const srcDir = path.join(root, "kernel", "kernels", NAME);
  for (const f of fs.readdirSync(srcDir)) {
    if (/^logo-.*\.(png|svg)$/.test(f) || f === "kernel.js") fs.copyFileSync(path.join(srcDir, f), path.join(target.dir, f));
  }
  // kernel.js draws plots in classic Notebook with this minified plotly.js (copied, not linked: the spec must outlive the checkout's node_modules layout).
  const plotly = plotlyMinJs(root);
  if (plotly) fs.copyFileSync(plotly, path.join(target.dir, "plotly.min.js"));
  fs.writeFileSync(file, spec);
  return { dir: target.dir, changed: true };
}

/** Entry point of `descent kernel`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "install") {
    if (sub === undefined || sub === "-h" || sub === "--help") {
      console.log(helpText(SPEC));
      return sub ? 0 : 2;
    }
    console.error(`descent kernel: unknown subcommand "${sub}" (the one there is: install)\n\n${helpText(SPEC)}`);
    return 2;
  }
  return runCommand(SPEC, rest, () => {
    const target = parseInstallArgs(rest);
    const res = install(target);
    console.log(res.changed ? `installed kernelspec "${target.displayName}" in ${res.dir}` : `kernelspec already up to date in ${res.dir}`);
    return 0;
  });
}
