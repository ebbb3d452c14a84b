#!/usr/bin/env node
// Authoring aid for lessons: convert between a notebook and a plain-text
// "percent" form that is pleasant to write and review, then back.
//
//   node scripts/nbtext.mjs to-text  lessons/00-getting-started.ipynb > /tmp/00.ts
//   node scripts/nbtext.mjs to-ipynb /tmp/00.ts lessons/00-getting-started.ipynb [--force]
//
// Text form: a cell starts with a line `// %%` (code) or `// %% [markdown]`;
// optional JSON after `meta=` on that line becomes the cell's metadata (e.g.
// nbgrader's), and `id=` keeps the cell id. Markdown cell lines are written
// as `// ` comments. Outputs are never kept: lessons are committed clean.
import fs from "node:fs";
import crypto from "node:crypto";
import url from "node:url";


export function toText(nb) {
  const out = [];
  for (const cell of nb.cells) {
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const meta = cell.metadata && Object.keys(cell.metadata).length ? ` meta=${JSON.stringify(cell.metadata)}` : "";
    const id = cell.id ? ` id=${cell.id}` : "";
    if (cell.cell_type === "markdown") {
      out.push(`// %% [markdown]${id}${meta}`);
      out.push(...source.split("\n").map((l) => (l ? "// " + l : "//")));
    } else {
      out.push(`// %%${id}${meta}`);
      out.push(source);
    }
    out.push("");
  }
  return out.join("\n");
}

function splitLines(text) {
  const lines = text.split("\n").map((l, i, a) => (i < a.length - 1 ? l + "\n" : l));
  return lines.filter((l) => l !== "");
}

export function toIpynb(text, previous) {
  const cells = [];
  let cur = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === "") cur.lines.pop();
    const body = cur.type === "markdown" ? cur.lines.map((l) => l.replace(/^\/\/ ?/, "")).join("\n") : cur.lines.join("\n");
    const cell = { cell_type: cur.type, id: cur.id ?? crypto.randomBytes(4).toString("hex"), metadata: cur.meta ?? {}, source: splitLines(body) };
    if (cur.type === "code") Object.assign(cell, { execution_count: null, outputs: [] });
    cells.push(cell);
  };
  for (const line of text.split("\n")) {
    const m = /^\/\/ %%( \[markdown\])?( id=(\S+))?( meta=(.*))?\s*$/.exec(line);
    if (m) {
      flush();
      cur = { type: m[1] ? "markdown" : "code", id: m[3], meta: m[5] ? JSON.parse(m[5]) : undefined, lines: [] };
    } else if (cur) cur.lines.push(line);
    else if (line.trim()) throw new Error(`text before the first "// %%" cell marker: ${JSON.stringify(line)}`);
  }
  flush();
  const ids = new Set();
  for (const c of cells) {
    if (ids.has(c.id)) throw new Error(`duplicate cell id ${c.id}`);
    ids.add(c.id);
  }
  return {
    cells,
    metadata: previous?.metadata ?? {
      kernelspec: { display_name: "TypeScript (descent)", language: "typescript", name: "descent" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function main([cmd, src, dst, ...rest]) {
  const force = rest.includes("--force");
  if (cmd === "to-text" && src) {
    process.stdout.write(toText(JSON.parse(fs.readFileSync(src, "utf8"))));
  } else if (cmd === "to-ipynb" && src && dst) {
    let previous;
    if (fs.existsSync(dst)) {
      previous = JSON.parse(fs.readFileSync(dst, "utf8"));
      const hasOutputs = previous.cells.some((c) => c.outputs && c.outputs.length);
      if (hasOutputs && !force) {
        console.error(`${dst} has outputs that would be dropped; pass --force to overwrite`);
        process.exit(2);
      }
    }
    fs.writeFileSync(dst, JSON.stringify(toIpynb(fs.readFileSync(src, "utf8"), previous), null, 1) + "\n");
    console.error(`wrote ${dst}`);
  } else {
    console.error("usage: nbtext.mjs to-text NB.ipynb | to-ipynb TEXT NB.ipynb [--force]");
    process.exit(2);
  }
}

// Run as a command; imported (by its test), only the two conversions.
if (process.argv[1] && url.pathToFileURL(process.argv[1]).href === import.meta.url) main(process.argv.slice(2));
