// Jupyter's own kernel conformance suite (apt: python3-jupyter-kernel-test)
// against the descent kernelspec in kernel/.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect } from "vitest";
import { REPO } from "../helpers/kernel-client";
import { itWithTools, missingTool } from "../helpers/tools";

const PY = "/usr/bin/python3";

describe("jupyter_kernel_test", () => {
  const missing =
    missingTool(PY, ["-c", "import jupyter_kernel_test, jupyter_client"], "apt install python3-jupyter-kernel-test") ??
    (fs.existsSync(path.join(REPO, "dist", "kernel", "main.js")) ? undefined : "dist/kernel/main.js missing: run npm run build");
  itWithTools(
    "passes Jupyter's kernel test suite",
    missing,
    () => {
      const r = spawnSync(PY, ["-m", "unittest", "-v", "jkt_descent"], {
        cwd: __dirname,
        env: { ...process.env, JUPYTER_PATH: path.join(REPO, "kernel") },
        encoding: "utf8",
        timeout: 240_000,
      });
      const log = r.stdout + r.stderr;
      expect(log, log).toMatch(/\nOK( \(skipped=\d+\))?\s*$/);
      expect(r.status).toBe(0);
      // Every sample we provided ran: only the pager test (no pager payloads) may skip.
      expect(log.match(/ \.\.\. ok$/gm)?.length ?? 0).toBeGreaterThanOrEqual(11);
    },
    300_000,
  );
});
