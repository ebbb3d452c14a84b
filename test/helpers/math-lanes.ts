// Whether the bit-for-bit tests of src/nn/wasm-math.ts apply on this machine. V8's Math.exp and
// Math.log are fdlibm's C code; where that was compiled with fused multiply-adds (clang may on
// arm64) they round otherwise, the training module sees it (lanesOk() is 0) and calls them instead,
// and comparing the lanes with them would test nothing of descent's. On x64 the C code cannot fuse
// (the baseline instruction set has no fused multiply-add), so there the tests always run and a
// mismatch fails them.
import { mathModule } from "../../src/nn/wasm-math";

/** lanesOk() of the module importing `exp` and `log` (by default this process's Math.exp and Math.log). */
export function lanesOk(exp: (x: number) => number = Math.exp, log: (x: number) => number = Math.log): number {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const m = new WebAssembly.Instance(new WebAssembly.Module(mathModule().buffer as ArrayBuffer), { Math: { exp, log }, env: { memory } });
  return (m.exports.lanesOk as () => number)();
}

/** Run the bit-for-bit comparisons here: always on x64, elsewhere where the lanes match. */
export const LANES_TESTED = process.arch === "x64" || lanesOk() === 1;
