#!/usr/bin/env node
// Entry point of the `descent` command; the CLI itself is compiled into dist/.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(cli)) {
  console.error("descent: dist/ is missing; run `npm run build` in " + path.join(__dirname, ".."));
  process.exit(1);
}
require(cli).main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { console.error(err && err.message ? err.message : String(err)); process.exit(1); },
);
