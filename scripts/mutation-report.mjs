#!/usr/bin/env node
// docs/mutation.md from the last mutation runs (docs/mutation/incremental-<part>.json, the full
// results `npm run mutation` keeps for its next incremental run, committed) and the reviewed equivalent mutants (docs/mutation/equivalent*.json:
// "file | the mutated line's text | mutator | replacement" → why no test can tell it from the
// original; keyed by the line's text, not its number, so edits elsewhere in the file keep the list valid).
//   node scripts/mutation-report.mjs
import fs from "node:fs";
import path from "node:path";
import { MODULES } from "./mutation.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
// equivalent.json plus one equivalent-<part>.json per part, so parts reviewed in parallel do not edit one file.
const equivalent = {};
for (const f of fs.readdirSync(path.join(ROOT, "docs/mutation")).filter((n) => /^equivalent(-[\w-]+)?\.json$/.test(n)).sort()) {
  for (const [k, why] of Object.entries(JSON.parse(fs.readFileSync(path.join(ROOT, "docs/mutation", f), "utf8")))) {
    if (equivalent[k] && equivalent[k] !== why) throw new Error(`mutation-report: ${f} gives another reason for "${k}"`);
    equivalent[k] = why;
  }
}
const key = (file, m, lines) => `${file} | ${lines[m.location.start.line - 1].trim()} | ${m.mutatorName} | ${m.replacement ?? ""}`;
const where = (file, m) => `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? "").slice(0, 80)}`;

const rows = [], open = [], equiv = [];
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) + "%" : "n/a");
const zero = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, invalid: 0 });
const line = (label, c) => {
  const detected = c.killed + c.timeout, valid = detected + c.survived + c.noCoverage + c.equivalent;
  return `| ${label} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.equivalent} | ${pct(detected, valid)} | ${pct(detected, valid - c.equivalent)} |`;
};
// Parts of a module (nn:backward, nn:model-train, …) add up under the module's name.
const groups = new Map();
for (const part of Object.keys(MODULES)) {
  const g = part.split(":")[0];
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g).push(part);
}
for (const [g, parts] of groups) {
  const total = zero(), fileRows = [];
  let missing = [];
  for (const part of parts) {
    const file = path.join(ROOT, `docs/mutation/incremental-${part.replace(":", "-")}.json`);
    if (!fs.existsSync(file)) { missing.push(part); continue; }
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const [f, data] of Object.entries(report.files)) {
      const c = zero(), lines = data.source.split("\n");
      for (const m of data.mutants) {
        const k = key(f, m, lines), w = where(f, m);
        if (m.status === "Killed") c.killed++;
        else if (m.status === "Timeout") c.timeout++;
        else if (m.status === "CompileError" || m.status === "RuntimeError" || m.status === "Ignored") c.invalid++;
        else if (equivalent[k]) { c.equivalent++; equiv.push([w, equivalent[k]]); }
        else if (m.status === "Survived") { c.survived++; open.push(w); }
        else if (m.status === "NoCoverage") { c.noCoverage++; open.push(w + " (no coverage)"); }
      }
      fileRows.push([f, c]);
      for (const s of Object.keys(total)) total[s] += c[s];
    }
  }
  rows.push(line(`**${g}**${missing.length ? ` (not run: ${missing.join(", ")})` : ""}`, total));
  for (const [f, c] of fileRows.sort((a, b) => (a[0] < b[0] ? -1 : 1))) rows.push(line(`&nbsp;&nbsp;${f}`, c));
}

const md = fs.readFileSync(path.join(ROOT, "docs/mutation.md"), "utf8");
const table = [
  "| module / file | killed | timeout | survived | no coverage | equivalent | score (Stryker) | score without equivalents |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
  ...rows,
].join("\n");
const survivors = open.length ? open.map((k) => `- \`${k}\``).join("\n") : "None.";
const eq = equiv.length ? equiv.map(([k, why]) => `- \`${k}\`: ${why}`).join("\n") : "None.";
const out = md
  .replace(/<!-- scores -->[\s\S]*<!-- \/scores -->/, `<!-- scores -->\n${table}\n<!-- /scores -->`)
  .replace(/<!-- survivors -->[\s\S]*<!-- \/survivors -->/, `<!-- survivors -->\n${survivors}\n<!-- /survivors -->`)
  .replace(/<!-- equivalent -->[\s\S]*<!-- \/equivalent -->/, `<!-- equivalent -->\n${eq}\n<!-- /equivalent -->`);
fs.writeFileSync(path.join(ROOT, "docs/mutation.md"), out);
console.log(`docs/mutation.md: ${open.length} open survivors, ${equiv.length} equivalent`);
