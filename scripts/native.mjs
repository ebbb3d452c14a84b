// Compile the machine-code product kernel (src/tensor/native/gemm.c) into <dir>/native/gemm.node,
// where a C compiler and node's headers are found. Never fails the build: without it every
// product runs on the WebAssembly kernels, with the same results (src/tensor/native.ts).
//   node scripts/native.mjs <dir>      (scripts/build.mjs calls buildNative(dist))
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const SOURCE = path.join(root, "src/tensor/native/gemm.c");

/** node's own headers: <prefix>/include/node beside <prefix>/bin/node (official builds, Debian's, nvm's). */
function nodeHeaders() {
  const dir = path.join(path.dirname(process.execPath), "..", "include", "node");
  return fs.existsSync(path.join(dir, "node_api.h")) ? dir : null;
}

/** Build it; returns a line saying what happened (the build prints it). */
export function buildNative(dir) {
  if (process.env.DESCENT_NATIVE === "0") return "native kernel: not built (DESCENT_NATIVE=0); products run on WebAssembly";
  if (process.platform === "win32" || process.arch !== "x64") return `native kernel: not built (it is written for x64 Linux and macOS, this is ${process.platform}-${process.arch}); products run on WebAssembly`;
  const headers = nodeHeaders();
  if (!headers) return `native kernel: not built (node's headers are not in ${path.join(path.dirname(process.execPath), "..", "include", "node")}); products run on WebAssembly`;
  const cc = process.env.CC || "cc";
  const out = path.join(dir, "native", "gemm.node");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Node resolves the N-API symbols when it loads the addon: on macOS the linker must be told so.
  // -ffp-contract=off: no multiply-add the source does not write (the sums must round as the WebAssembly kernels').
  const args = ["-O2", "-std=c11", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-I", headers, SOURCE, "-o", out];
  if (process.platform === "darwin") args.push("-undefined", "dynamic_lookup");
  try {
    execFileSync(cc, args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    fs.rmSync(out, { force: true });
    const why = e.code === "ENOENT" ? `no C compiler "${cc}"` : String(e.stderr || e.message).trim().split("\n").slice(0, 3).join(" / ");
    return `native kernel: not built (${why}); products run on WebAssembly`;
  }
  return `native kernel: built native/gemm.node with ${cc}`;
}

if (import.meta.url === url.pathToFileURL(process.argv[1]).href) console.log(buildNative(path.resolve(process.argv[2] ?? path.join(root, "dist"))));
