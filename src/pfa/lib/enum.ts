/**
 * Enumeration symbols (spec "enum" module). Values of an enum type are their symbols (strings).
 */
import { bySite, type LibFcnImpl } from "./define.js";
import type { AvroEnum } from "../types.js";

export const functions: readonly LibFcnImpl[] = [
  bySite("enum.toString", () => (x: string) => x),

  bySite("enum.toInt", (site) => {
    const index = new Map((site.paramTypes[0] as AvroEnum).symbols.map((s, i) => [s, i]));
    return (x: string) => index.get(x);
  }),

  bySite("enum.numSymbols", (site) => {
    const n = (site.paramTypes[0] as AvroEnum).symbols.length;
    return () => n;
  }),
];
