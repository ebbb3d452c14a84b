// A real data set whose features differ by orders of magnitude: the Palmer
// penguins (Gorman, Williams & Fraser 2014; 344 birds of three species on three
// islands), as the npm package vega-datasets ships them. Bill (beak) length and
// depth are tens of millimetres, flipper length about 200 mm and body mass
// thousands of grams: the input-normalization lesson's example.
import * as fs from "fs";
import { ValueError, checkOptions } from "../errors";
import { Matrix } from "../tensor/matrix";
import { vegaDatasetPath } from "./vega";

/** One penguin as recorded; a measurement or the sex is null when it was not taken. */
export interface Penguin {
  species: string;
  island: string;
  billLengthMm: number | null;
  billDepthMm: number | null;
  flipperLengthMm: number | null;
  bodyMassG: number | null;
  sex: "female" | "male" | null;
}

/** A row of the file with something missing. */
export interface MissingPenguin {
  /** Row in the file (0-based), as in {@link penguinRecords}. */
  row: number;
  species: string;
  /** What is missing: feature names and/or "sex". */
  missing: string[];
  /** Whether this row was left out of X. */
  dropped: boolean;
}

export interface PenguinsOptions {
  /**
   * Rows with missing values: `"features"` (default) drops the rows without measurements and keeps those
   * with only the sex unknown; `true` drops every row with anything missing; `false` keeps every row
   * (NaN in X where a measurement is missing).
   */
  dropMissing?: boolean | "features";
}

/** The penguins as features x examples, with species and sex per example and a report of missing values. */
export interface PenguinsData {
  /** 4 x m: bill length (mm), bill depth (mm), flipper length (mm), body mass (g). */
  X: Matrix;
  /** Names (with units) of X's rows. */
  features: string[];
  /** 1 x m species index into `speciesNames`. */
  Y: Matrix;
  speciesNames: string[];
  species: string[];
  island: string[];
  sex: ("female" | "male" | null)[];
  /** Row of the file each example came from. */
  rows: number[];
  /** Every row with a missing value, whether dropped or kept. */
  missing: MissingPenguin[];
}

export const PENGUIN_FEATURES = ["bill length (mm)", "bill depth (mm)", "flipper length (mm)", "body mass (g)"] as const;
export const PENGUIN_SPECIES = ["Adelie", "Chinstrap", "Gentoo"] as const;

let records: Penguin[] | undefined;

/** Path of vega-datasets' penguins.json. */
export function penguinsPath(): string {
  return vegaDatasetPath("penguins.json", "loadPenguins");
}

/** Every row of the file, as recorded (344 penguins; "." and null both read as unknown). Read once, then shared: treat as read-only. */
export function penguinRecords(): Penguin[] {
  if (records) return records;
  const raw = JSON.parse(fs.readFileSync(penguinsPath(), "utf8")) as Record<string, unknown>[];
  const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
  records = raw.map((r) => {
    if (!("Species" in r) || !("Beak Length (mm)" in r)) {
      throw new ValueError(`loadPenguins: penguins.json has unexpected fields (${Object.keys(r).join(", ")}); expected Species, Island, Beak Length (mm), …`);
    }
    const sex = typeof r.Sex === "string" ? r.Sex.toLowerCase() : "";
    return {
      species: String(r.Species), island: String(r.Island),
      billLengthMm: num(r["Beak Length (mm)"]), billDepthMm: num(r["Beak Depth (mm)"]),
      flipperLengthMm: num(r["Flipper Length (mm)"]), bodyMassG: num(r["Body Mass (g)"]),
      sex: sex === "female" || sex === "male" ? sex : null,
    };
  });
  return records;
}

/**
 * The Palmer penguins as a data set: `X` (4 x m: bill length mm, bill depth mm, flipper length mm, body
 * mass g), species labels `Y` (0 Adelie, 1 Chinstrap, 2 Gentoo), island and sex per example, and every row
 * with a missing value reported in `missing` (2 rows lack all measurements, 9 more lack the sex).
 */
export function loadPenguins(opts: PenguinsOptions = {}): PenguinsData {
  checkOptions("loadPenguins", opts, ["dropMissing"], '{ dropMissing: true }');
  const drop = opts.dropMissing ?? "features";
  if (drop !== true && drop !== false && drop !== "features") {
    throw new ValueError(`loadPenguins: dropMissing must be true, false or "features", got ${JSON.stringify(drop)}`);
  }
  const all = penguinRecords();
  const keep: number[] = [];
  const missing: MissingPenguin[] = [];
  all.forEach((p, row) => {
    const feats = [p.billLengthMm, p.billDepthMm, p.flipperLengthMm, p.bodyMassG];
    const miss = PENGUIN_FEATURES.filter((_, k) => feats[k] === null) as string[];
    const noFeature = miss.length > 0;
    if (p.sex === null) miss.push("sex");
    const dropped = miss.length > 0 && (drop === true || (drop === "features" && noFeature));
    if (miss.length > 0) missing.push({ row, species: p.species, missing: miss, dropped });
    if (!dropped) keep.push(row);
  });
  const m = keep.length, X = new Matrix(4, m), Y = new Matrix(1, m);
  keep.forEach((row, j) => {
    const p = all[row]!;
    [p.billLengthMm, p.billDepthMm, p.flipperLengthMm, p.bodyMassG].forEach((v, i) => { X.data[i * m + j] = v ?? NaN; });
    const s = (PENGUIN_SPECIES as readonly string[]).indexOf(p.species);
    if (s < 0) throw new ValueError(`loadPenguins: unknown species ${JSON.stringify(p.species)} in row ${row}`);
    Y.data[j] = s;
  });
  return {
    X, features: [...PENGUIN_FEATURES], Y, speciesNames: [...PENGUIN_SPECIES],
    species: keep.map((r) => all[r]!.species), island: keep.map((r) => all[r]!.island), sex: keep.map((r) => all[r]!.sex),
    rows: keep, missing,
  };
}
