// A real series for the exponentially weighted average lessons: daily
// temperatures in Seattle (2012–2015), from the seattle-weather.csv that the
// npm package vega-datasets ships (NOAA data), read from disk, no network.
import * as fs from "fs";
import { ValueError, kindOf } from "../errors";
import { vegaDatasetPath } from "./vega";

/** One day's record. */
export interface WeatherDay {
  /** ISO date, e.g. "2012-01-01". */
  date: string;
  precipitation: number;
  /** Daily maximum temperature, °C. */
  tempMax: number;
  /** Daily minimum temperature, °C. */
  tempMin: number;
  wind: number;
  weather: string;
}

let cache: WeatherDay[] | undefined;

/** Path of vega-datasets' seattle-weather.csv. */
export function seattleWeatherPath(): string {
  return vegaDatasetPath("seattle-weather.csv", "seattleWeather");
}

/** Every day of Seattle's weather, 2012-01-01 … 2015-12-31. */
export function seattleWeather(): WeatherDay[] {
  if (cache) return cache;
  const lines = fs.readFileSync(seattleWeatherPath(), "utf8").trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const col = (name: string): number => {
    const k = header.indexOf(name);
    if (k < 0) throw new ValueError(`seattleWeather: column ${name} missing from seattle-weather.csv (have ${header.join(", ")})`);
    return k;
  };
  const [cd, cp, cx, cn, cw, cwe] = ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"].map(col) as number[];
  cache = lines.slice(1).map((line) => {
    const f = line.split(",");
    return { date: f[cd!]!, precipitation: Number(f[cp!]), tempMax: Number(f[cx!]), tempMin: Number(f[cn!]), wind: Number(f[cw!]), weather: f[cwe!]! };
  });
  return cache;
}

/** A year of daily maximum temperatures θ_1 … θ_365 (°C), the series the EWA lessons average; default year 2012 (366 days). */
export function seattleTemperatures(year = 2012): { dates: string[]; temps: number[] } {
  if (!Number.isInteger(year)) throw new ValueError(`seattleTemperatures: year must be a year such as 2012, got ${kindOf(year)}`);
  const days = seattleWeather().filter((d) => d.date.startsWith(`${year}-`));
  if (days.length === 0) throw new ValueError(`seattleTemperatures: no data for ${year}; the series covers 2012 to 2015`);
  return { dates: days.map((d) => d.date), temps: days.map((d) => d.tempMax) };
}
