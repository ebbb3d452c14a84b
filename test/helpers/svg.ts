// Reading the static pictures in tests: elements and their attributes by
// tag, and the points of a path, so a test can compare what is drawn with
// the figure's data (counts and positions), not with a screenshot.

/** Every `<tag …>` element's attributes (and text content for <text>). */
export function elements(svg: string, tag: string): (Record<string, string> & { text?: string })[] {
  const re = new RegExp(`<${tag}(\\s[^>]*?)?(/>|>([\\s\\S]*?)</${tag}>|>)`, "g");
  const out: (Record<string, string> & { text?: string })[] = [];
  for (const m of svg.matchAll(re)) {
    const attrs: Record<string, string> & { text?: string } = {};
    for (const a of (m[1] ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    if (m[3] !== undefined) attrs.text = m[3].replace(/<[^>]*>/g, "");
    out.push(attrs);
  }
  return out;
}

/** The absolute points of an SVG path made of M, L, H, V and Z commands, one array per subpath. */
export function pathRuns(d: string): [number, number][][] {
  const runs: [number, number][][] = [];
  let x = 0, y = 0;
  for (const m of d.matchAll(/([MLHVZ])([^MLHVZ]*)/g)) {
    const n = m[2]!.trim().split(/[\s,]+/).filter(Boolean).map(Number);
    switch (m[1]) {
      case "M": x = n[0]!; y = n[1]!; runs.push([[x, y]]); break;
      case "L": x = n[0]!; y = n[1]!; runs.at(-1)!.push([x, y]); break;
      case "H": x = n[0]!; runs.at(-1)!.push([x, y]); break;
      case "V": y = n[0]!; runs.at(-1)!.push([x, y]); break;
    }
  }
  return runs;
}
