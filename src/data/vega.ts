// Files of the npm package vega-datasets, read from disk (no network): the
// package's `exports` hide its data folder, so go up from its entry point.
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { ValueError, kindOf } from "../errors";

/** Path of `data/<file>` inside the installed vega-datasets package. */
export function vegaDatasetPath(file: string, where = "vegaDatasetPath"): string {
  // `require` exists in the CommonJS build; an ES-module host (a kernel, a bundler) gets one from createRequire.
  if (typeof file !== "string" || file === "") throw new ValueError(`${where}: file must be a file name in vega-datasets' data/ folder such as "penguins.json", got ${kindOf(file)}`);
  // A bundler's stand-in `require` may have no resolve: it would read as "not installed".
  const req = typeof require === "function" && typeof require.resolve === "function" ? require : createRequire(path.join(process.cwd(), "index.js"));
  let entry: string;
  try {
    entry = req.resolve("vega-datasets");
  } catch {
    throw new ValueError(`${where}: the vega-datasets package is not installed; install it with \`npm install vega-datasets\``);
  }
  let dir = path.dirname(entry);
  for (let i = 0; i < 5; i++) {
    const p = path.join(dir, "data", file);
    if (fs.existsSync(p)) return p;
    dir = path.dirname(dir);
  }
  throw new ValueError(`${where}: data/${file} not found in the vega-datasets package; reinstall it with \`npm install vega-datasets\``);
}
