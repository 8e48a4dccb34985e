/**
 * Scoring a PMML document in the model readers' tests: the document reader with the given model
 * readers, then the IR's evaluator and the PFA the writer makes, which must agree on every row
 * (`{ refused: true }` for a refused row). The outputs are the target and the OutputFields.
 */
import { strict as assert } from "node:assert";
import { readDocument } from "../../converters/pmml/document.js";
import type { ModelReader } from "../../converters/pmml/model.js";
import { parseXml } from "../../converters/pmml/xml.js";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { PFARuntimeError, PFAUserError } from "../../src/pfa/runtime.js";
import { writePfa } from "../../src/writer/write.js";

export type Row = Record<string, unknown>;

export const close = (a: unknown, b: number, tol = 1e-12): void => {
  assert.equal(typeof a, "number", `expected a number, found ${JSON.stringify(a)}`);
  assert.ok(Math.abs((a as number) - b) <= tol * Math.max(1, Math.abs(b)), `${String(a)} is not ${b}`);
};

export function scoreWith(xml: string, rows: Row[], readers: Record<string, ModelReader>): Row[] {
  const pipeline = readDocument(parseXml(xml), "test.pmml", readers, "test");
  const evaluate = compileEvaluator(pipeline);
  const engine = PFAEngine.fromJson(writePfa(pipeline));
  return rows.map((row) => {
    let ref: Row;
    try {
      ref = evaluate(row);
    } catch (e) {
      if (!(e instanceof MissingValueError)) throw e;
      ref = { refused: true };
    }
    let pfa: Row;
    try {
      const out = engine.action(Object.fromEntries(pipeline.inputs.map((f) => [f.name, row[f.name] ?? null]))) as Row;
      const values = Object.values(out).map((v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? Object.values(v)[0] : v));
      pfa = Object.fromEntries(pipeline.outputs.map((n, i) => [n, values[i]]));
    } catch (e) {
      if (!(e instanceof PFAUserError || e instanceof PFARuntimeError)) throw e;
      pfa = { refused: true };
    }
    assert.deepEqual(Object.keys(pfa), Object.keys(ref));
    for (const k of Object.keys(ref)) {
      const a = ref[k];
      const b = pfa[k];
      if (typeof a === "number" && typeof b === "number") assert.ok(a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)), `${k}: the PFA gives ${b}, the IR ${a}`);
      else assert.deepEqual(b, a, `${k}: the PFA gives ${JSON.stringify(b)}, the IR ${JSON.stringify(a)}`);
    }
    return ref;
  });
}
