/**
 * A small helper for the model ops' hand-checked tests: one op instance written to PFA and scored on
 * one row by the engine and by the reference evaluator.
 */
import { compileEvaluator } from "../../src/ir/evaluate.js";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import type { IRType } from "../../src/ir/types.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { PFAUserError } from "../../src/pfa/runtime.js";
import { writePfa } from "../../src/writer/write.js";

/** The outputs of the PFA and of the reference evaluator for one row (["refused"] when the row is refused). */
export function scoreBoth(op: OpDef<unknown>, params: unknown, inputs: IRType[], row: unknown[]): { pfa: unknown[]; ref: unknown[] } {
  const outputs = op.outputTypes(params, inputs);
  const p: Pipeline = {
    name: "t",
    inputs: inputs.map((type, i) => ({ name: `x${i}`, type })),
    steps: [{ op: op.name, inputs: inputs.map((_, i) => `x${i}`), outputs: outputs.map((type, i) => ({ name: `y${i}`, type })), params }],
    outputs: outputs.map((_, i) => `y${i}`),
    metadata: {},
  };
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
