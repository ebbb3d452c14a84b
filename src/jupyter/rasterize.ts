// A figure's SVG as a PNG, for viewers that cannot be trusted with SVG: nbconvert
// (and nbviewer, built on it) passes an `image/svg+xml` output through an HTML
// sanitizer that strips its paths and rects and leaves the text in a heap, and
// GitHub's notebook view inlines SVG with similar breakage. Every one of them
// shows a PNG. The rendering is librsvg's, through sharp (libvips' well-kept
// binding, prebuilt for each platform), quantized to a 256-colour palette:
// plots are flat colours and anti-aliased edges, so this is a third of the
// size of a full-colour PNG and looks the same. sharp is a development
// dependency, loaded only here: learners' installs never need it.
import type sharpFn from "sharp";

/** Pixels per SVG pixel: crisp on high-density screens, still small. */
export const PNG_SCALE = 1.5;

/** A rendered picture: the PNG and the size to show it at (CSS pixels, the SVG's own). */
export interface Raster {
  png: Buffer;
  width: number;
  height: number;
}

type Sharp = typeof sharpFn;
let sharpModule: Sharp | undefined;

function loadSharp(): Sharp {
  if (!sharpModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      sharpModule = require("sharp") as Sharp;
    } catch (e) {
      throw new Error(`pictures for reading copies are drawn with the package "sharp", which could not be loaded (${(e as Error).message.split("\n")[0]}); install the project's development dependencies (npm ci) or run npm install --no-save sharp`);
    }
  }
  return sharpModule;
}

/** Throws, saying what to install, when pictures cannot be drawn here: call before work that would end in drawing them. */
export function checkRasterizer(): void {
  loadSharp();
}

/** The SVG's own width and height (its root element's attributes, in CSS pixels). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  const attr = (name: string) => Number(root && new RegExp(`\\s${name}="([\\d.]+)(?:px)?"`).exec(root)?.[1]);
  const width = attr("width"), height = attr("height");
  if (!root || !(width > 0) || !(height > 0)) throw new Error(`a figure's SVG must start with an <svg> element with a width and height in pixels; this one starts ${JSON.stringify(svg.slice(0, 80))}`);
  return { width, height };
}

/** The SVG drawn at `scale` pixels per SVG pixel, as a palette PNG. */
export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Raster> {
  const { width, height } = svgSize(svg);
  const sharp = loadSharp();
  // librsvg reads the SVG at 72 dpi as one pixel per SVG pixel.
  const png = await sharp(Buffer.from(svg), { density: 72 * scale }).png({ palette: true, compressionLevel: 9, effort: 10 }).toBuffer();
  return { png, width, height };
}
