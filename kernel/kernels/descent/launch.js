#!/usr/bin/env node
// Kernel launcher: finds the compiled descent kernel (dist/kernel/main.js) and
// runs it in this process, so Jupyter's SIGINT (interrupt) reaches it directly.
//
// Where the kernel is looked for, first match wins:
//   1. $DESCENT_ROOT (set by `descent kernel install` for an installed spec)
//   2. the package this kernelspec lives in: <root>/kernel/kernels/descent/launch.js
//   3. `descent` resolvable from the notebook's directory (a project that installed it)
"use strict";
const fs = require("fs");
const path = require("path");

function kernelMain() {
  const candidates = [];
  if (process.env.DESCENT_ROOT) candidates.push(process.env.DESCENT_ROOT);
  candidates.push(path.resolve(__dirname, "..", "..", ".."));
  try {
    candidates.push(path.dirname(require.resolve("descent/package.json", { paths: [process.cwd()] })));
  } catch {
    // not installed near the notebook
  }
  for (const root of candidates) {
    const main = path.join(root, "dist", "kernel", "main.js");
    if (fs.existsSync(main)) return main;
  }
  process.stderr.write(
    "descent kernel: dist/kernel/main.js not found in " + candidates.join(", ") + "\n" + "Run `npm run build` in the descent checkout.\n",
  );
  process.exit(1);
}

const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write("usage: launch.js CONNECTION_FILE\n");
  process.exit(2);
}
require(kernelMain())
  .startKernel(connectionFile)
  .catch((e) => {
    process.stderr.write("descent kernel failed to start: " + ((e && e.stack) || e) + "\n");
    process.exit(1);
  });
