// What a call throws, as one comparable string: "ShapeError: relativeError: a has shape …".
// The argument-check tests compare it whole, so the error's class, the function named and every
// word of the message are pinned at once.

/** `ErrorClass: message` of what `f` throws, or "no error". */
export function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
  return "no error";
}
