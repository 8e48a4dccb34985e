/**
 * Hand-checked cases for one op: a one-step pipeline scored row by row by the reference evaluator and by
 * the engine running the written PFA, each compared with the expected outputs (or the expectation
 * that the row is refused).
 */
import assert from "node:assert/strict";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import type { IRType } from "../../src/ir/types.js";
import type { JsonValue } from "../../src/pfa/json-value.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { PFAUserError } from "../../src/pfa/runtime.js";
import { writePfa } from "../../src/writer/write.js";
import { agree } from "./property.js";

export const REFUSED = Symbol("refused");

export interface OpCase {
  inputs: unknown[];
  /** The expected outputs, or REFUSED when the model refuses the row. */
  expected: unknown[] | typeof REFUSED;
}

export function onePipeline(op: OpDef<unknown>, params: unknown, inputs: IRType[]): Pipeline {
  const outputs = op.outputTypes(params, inputs);
  return {
    name: `case_${op.name}`,
    inputs: inputs.map((type, i) => ({ name: `x${i}`, type })),
    steps: [{ op: op.name, inputs: inputs.map((_, i) => `x${i}`), outputs: outputs.map((type, i) => ({ name: `y${i}`, type })), params }],
    outputs: outputs.map((_, i) => `y${i}`),
    metadata: {},
  };
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : typeof x === "bigint" ? `${x}n` : x));
}

/**
 * Scores `cases` with the reference evaluator and, unless `pfa` is false, with the engine running the
 * written PFA; both must give the expected outputs. Returns the written document.
 */
export function checkCases(op: OpDef<unknown>, params: unknown, inputs: IRType[], cases: OpCase[], options: { pfa?: boolean; rtol?: number } = {}): JsonValue {
  const pipeline = onePipeline(op, params, inputs);
  const evaluate = compileEvaluator(pipeline);
  const doc = writePfa(pipeline);
  const engine = options.pfa === false ? null : PFAEngine.fromJson(doc);
  const rtol = options.rtol ?? 1e-12;
  for (const c of cases) {
    const row = Object.fromEntries(c.inputs.map((v, i) => [`x${i}`, v]));
    const sides: [string, () => Record<string, unknown>, (e: unknown) => boolean][] = [["reference evaluator", () => evaluate(row), (e) => e instanceof MissingValueError]];
    if (engine !== null) sides.push(["PFA", () => engine.action(row) as Record<string, unknown>, (e) => e instanceof PFAUserError]);
    for (const [side, run, isRefusal] of sides) {
      let got: unknown[] | typeof REFUSED;
      try {
        const out = run();
        got = c.expected === REFUSED ? Object.values(out) : (c.expected as unknown[]).map((_, i) => out[`y${i}`]);
      } catch (e) {
        if (!isRefusal(e)) throw e;
        got = REFUSED;
      }
      const ok = c.expected === REFUSED || got === REFUSED ? got === c.expected : agree(got, c.expected, rtol);
      assert.ok(ok, `${op.name} ${show(params)}: ${side} on ${show(c.inputs)} gives ${got === REFUSED ? "a refusal" : show(got)}, expected ${c.expected === REFUSED ? "a refusal" : show(c.expected)}`);
    }
  }
  return doc;
}
