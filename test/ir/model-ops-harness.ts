/**
 * Small helpers for the model ops' hand-checked tests: one op instance written to PFA and scored on
 * one row by the engine and by the reference evaluator; how often the written action computes the
 * model; numbers compared within a tolerance.
 */
import assert from "node:assert/strict";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import type { IRType } from "../../src/ir/types.js";
import { stringifyJson, type JsonValue } from "../../src/pfa/json-value.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { PFAUserError } from "../../src/pfa/runtime.js";
import { writePfa } from "../../src/writer/write.js";
import { agree } from "./property.js";

/** The one-step pipeline of an op instance: inputs x0, x1, ..., outputs y0, y1, ... */
function onePipeline(op: OpDef<unknown>, params: unknown, inputs: IRType[]): Pipeline {
  const outputs = op.outputTypes(params, inputs);
  return {
    name: "t",
    inputs: inputs.map((type, i) => ({ name: `x${i}`, type })),
    steps: [{ op: op.name, inputs: inputs.map((_, i) => `x${i}`), outputs: outputs.map((type, i) => ({ name: `y${i}`, type })), params }],
    outputs: outputs.map((_, i) => `y${i}`),
    metadata: {},
  };
}

/** The outputs of the PFA and of the reference evaluator for one row (["refused"] when the row is refused). */
export function scoreBoth(op: OpDef<unknown>, params: unknown, inputs: IRType[], row: unknown[]): { pfa: unknown[]; ref: unknown[] } {
  const outputs = op.outputTypes(params, inputs);
  const p = onePipeline(op, params, inputs);
  const engine = PFAEngine.fromJson(writePfa(p));
  const rec = Object.fromEntries(row.map((v, i) => [`x${i}`, v]));
  let pfa: unknown[];
  try {
    const a = engine.action(rec) as Record<string, unknown>;
    pfa = outputs.map((_, i) => a[`y${i}`]);
  } catch (e) {
    if (!(e instanceof PFAUserError)) throw e;
    pfa = ["refused"];
  }
  let ref: unknown[];
  try {
    const b = compileEvaluator(p)(rec);
    ref = outputs.map((_, i) => b[`y${i}`]);
  } catch (e) {
    if (!(e instanceof MissingValueError)) throw e;
    ref = ["refused"];
  }
  return { pfa, ref };
}

/**
 * How many times each of `needles` (a library or user function's name) occurs in the written action
 * of an op instance: the model's computation should occur once, however many outputs read it.
 */
export function actionOccurrences(op: OpDef<unknown>, params: unknown, inputs: IRType[], needles: string[]): number[] {
  const action = stringifyJson((writePfa(onePipeline(op, params, inputs)) as { action: JsonValue }).action);
  return needles.map((n) => action.split(`"${n}"`).length - 1);
}

/**
 * The check of a multi-output instance: the model computed once in the action (each needle occurs
 * once), and the PFA and the reference evaluator agreeing on each row (missing values included).
 */
export function checkComputedOnce(op: OpDef<unknown>, params: unknown, inputs: IRType[], needles: string[], rows: unknown[][]): void {
  assert.deepEqual(actionOccurrences(op, params, inputs, needles), needles.map(() => 1), `${op.name}: ${needles.join(", ")} once in the action`);
  for (const row of rows) {
    const { pfa, ref } = scoreBoth(op, params, inputs, row);
    assert.ok(agree(pfa, ref, 1e-12), `${op.name} on ${JSON.stringify(row)}: the PFA gives ${JSON.stringify(pfa)}, the reference ${JSON.stringify(ref)}`);
  }
}

/** `actual` is a number within `tol` (relative, absolute below 1) of `expected`. */
export function close(actual: unknown, expected: number, tol = 1e-12): void {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${String(actual)} != ${expected}`);
}
