/**
 * What an IR op is: one file per op (src/ir/ops/<name>.ts) holds everything about it, in the manner of
 * the ONNX reference evaluator's one file per operator:
 *
 * - `outputTypes`: the types of the columns it adds, given its parameters and input column types (and
 *   the check that they fit);
 * - `evaluate`: the reference evaluation, in plain JavaScript, independent of PFA (what diff-score
 *   compares against when no outside oracle exists);
 * - `lower`: its PFA, as expressions over its inputs' PFA expressions, adding cells and functions
 *   through the context;
 * - `arbitrary`: random instances, for the property tests that check lower against evaluate.
 *
 * Values in `evaluate`: numbers (int, float, double; long may be a bigint beyond 2^53), strings,
 * booleans, number[] for vectors, arrays, null-prototype-free plain objects for maps and records,
 * and null for a missing value.
 */
import type { JsonValue } from "../pfa/json-value.js";
import type { Pipeline } from "./pipeline.js";
import type { IRType } from "./types.js";

/** Builds PFA for one op: names for cells, functions and types that cannot collide, and the Avro form of IR types. */
export interface LowerContext {
  /** Adds a cell initialised with `init` (JSON data of `avroType`); returns its name, derived from `hint`. */
  cell(hint: string, avroType: JsonValue, init: JsonValue): string;
  /** Adds a user function (`{"params", "ret", "do"}`); returns the name to call it by (`u.<name>`). */
  fcn(hint: string, definition: JsonValue): string;
  /** A name for a named Avro type (record, enum, fixed) that no other type of the document has. */
  typeName(hint: string): string;
  /** A symbol name for a `let` inside the op's expressions that no other symbol of the document has. */
  symbol(hint: string): string;
  /**
   * Binds `expression` to a fresh symbol before the step's outputs and returns the symbol, so that
   * several outputs can share one computation (a model's raw scores for its probabilities and its
   * label). The symbol is visible in the step's output expressions, not inside functions (`ctx.fcn`).
   */
  let(hint: string, expression: JsonValue): string;
  /** The Avro schema of an IR type (named types get fresh names). */
  avroType(t: IRType): JsonValue;
  /**
   * A sub-pipeline (a segment of an ensemble) lowered in place: the `let` statements of its steps and
   * the expressions of its outputs, given expressions for its inputs (in the order of `sub.inputs`).
   */
  pipeline(sub: Pipeline, inputs: readonly JsonValue[]): { statements: JsonValue[]; outputs: JsonValue[] };
}

export interface OpDef<P = unknown> {
  readonly name: string;
  /** A one-line description, for `pfa inspect`. */
  readonly summary: string;
  /** The relative tolerance of the PFA against `evaluate` when the op computes in float32 (default 1e-12). */
  readonly tolerance?: number;
  /** The types of the output columns; throws an Error saying what does not fit. */
  outputTypes(params: P, inputs: readonly IRType[]): IRType[];
  /** The reference evaluation of one row. */
  evaluate(params: P, inputs: readonly unknown[], inputTypes: readonly IRType[]): unknown[];
  /** PFA expressions for the outputs; `inputs` are PFA expressions (usually symbol names) of the input columns. */
  lower(params: P, inputs: readonly JsonValue[], inputTypes: readonly IRType[], ctx: LowerContext): JsonValue[];
  /** A random instance (parameters and input types) for property tests. */
  arbitrary(random: () => number): { params: P; inputs: IRType[] };
  /**
   * Random input values for property tests, when values drawn blindly from the types would not
   * exercise the op (strings from its vocabulary, numbers near its thresholds). Null is a missing value.
   */
  arbitraryInputs?(params: P, inputs: readonly IRType[], random: () => number): unknown[];
}

export function defineOp<P>(def: OpDef<P>): OpDef<P> {
  return def;
}
