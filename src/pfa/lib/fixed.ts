/** The "fixed" module: conversions between fixed-size, named bytes and arbitrary bytes. */
import { fixed, type LibFcnImpl } from "./define.js";

export const functions: readonly LibFcnImpl[] = [
  // Same representation (Uint8Array) and values are immutable: the value itself.
  fixed("fixed.toBytes", (x: Uint8Array) => x),

  // The result has the original's size: a shorter replacement keeps the original's tail, a longer one is cut.
  fixed("fixed.fromBytes", (original: Uint8Array, replacement: Uint8Array) => {
    const out = original.slice();
    out.set(replacement.length > out.length ? replacement.subarray(0, out.length) : replacement);
    return out;
  }),
];
