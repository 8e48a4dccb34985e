/** PFA literals that keep their type when written: doubles that stay doubles, non-finite numbers. */
import { type JsonValue, JsonDouble } from "../pfa/json-value.js";

/** A double literal that stays a double when written (`2.0`, not `2`); non-finite ones as typed values. */
export function doubleLiteral(x: number): JsonValue {
  if (Number.isFinite(x)) return Number.isInteger(x) ? new JsonDouble(x) : x;
  return { type: "double", value: Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf" };
}
