// A stand-in for a Jupyter client: starts the descent kernel from its
// kernelspec in its own process group (as jupyter_client and `descent run`
// do), prints {"kernel": pid} and lives until killed. Used to test that the
// kernel leaves when its parent dies.
//
// node stand_in_parent.js KERNEL_DIR CONNECTION_FILE [--jpy] [--wrapper]
//   --jpy      set JPY_PARENT_PID to this process, as jupyter_client does
//   --wrapper  start the kernel through `sh -c`, which stays alive as its
//              parent (so only JPY_PARENT_PID tells the kernel we are gone)
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const [kernelDir, connectionFile, ...flags] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(path.join(kernelDir, "kernel.json"), "utf8"));
const argv = spec.argv.map((a) => a.replace("{resource_dir}", kernelDir).replace("{connection_file}", connectionFile));
const env = { ...process.env, ...(spec.env || {}) };
if (flags.includes("--jpy")) env.JPY_PARENT_PID = String(process.pid);
const node = argv[0] === "node" ? process.execPath : argv[0];
const child = flags.includes("--wrapper")
  ? spawn("sh", ["-c", `"${node}" ${argv.slice(1).map((a) => JSON.stringify(a)).join(" ")}; exit 0`], { detached: true, stdio: "ignore", env })
  : spawn(node, argv.slice(1), { detached: true, stdio: "ignore", env });
child.unref();
process.stdout.write(JSON.stringify({ parent: process.pid, child: child.pid }) + "\n");
setInterval(() => {}, 60_000);
