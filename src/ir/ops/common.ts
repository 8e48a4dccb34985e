/** Pieces several ops share: the missing-value error, literals, random choices for property tests. */
import type { JsonValue } from "../../pfa/json-value.js";

/**
 * A row the model itself refuses (a missing value where the source raises an error). The reference
 * evaluator throws it; the PFA raises a user error at the same row; diff-score counts both as the
 * same outcome.
 */
export class MissingValueError extends Error {}

/** NaN as a PFA expression (JSON has no NaN). */
export function nanLiteral(): JsonValue {
  return { "/": [0.0, 0.0] };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
