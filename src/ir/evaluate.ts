/**
 * The reference evaluator: scores a pipeline row by row straight from the IR, each op by its own
 * `evaluate`, without PFA. It is what diff-score compares with when no outside oracle exists, and what
 * the property tests compare the written PFA with.
 */
import { opDefinition } from "./ops/index.js";
import { columnTypes, type Pipeline } from "./pipeline.js";
import type { IRType } from "./types.js";

export type Row = Record<string, unknown>;

/** Prepares `p` once; the returned function scores one row (input columns by name) to its output columns. */
export function compileEvaluator(p: Pipeline): (row: Row) => Row {
  const types = columnTypes(p);
  const steps = p.steps.map((step) => ({
    op: opDefinition(step.op)!,
    params: step.params,
    inputs: step.inputs,
    inputTypes: step.inputs.map((c) => types.get(c)!) as readonly IRType[],
    outputs: step.outputs.map((f) => f.name),
  }));
  const inputNames = p.inputs.map((f) => f.name);
  return (row) => {
    const columns = new Map<string, unknown>();
    for (const name of inputNames) columns.set(name, row[name] ?? null);
    for (const s of steps) {
      const values = s.op.evaluate(s.params, s.inputs.map((c) => columns.get(c)), s.inputTypes);
      s.outputs.forEach((name, i) => columns.set(name, values[i]));
    }
    const out: Row = {};
    for (const name of p.outputs) out[name] = columns.get(name);
    return out;
  };
}
