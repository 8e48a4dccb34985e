/**
 * Helpers for the PMML document reader's tests: a PMML text read into the IR (with the real model
 * readers, or with test readers), and rows scored by both the written PFA (in the engine) and the IR's
 * reference evaluation, which must agree; outputs come back by their PMML names.
 */
import assert from "node:assert/strict";
import { readDocument, type ModelReaders } from "../../converters/pmml/document.js";
import { MODEL_READERS } from "../../converters/pmml/models/index.js";
import { parseXml } from "../../converters/pmml/xml.js";
import { UserError } from "../../src/errors.js";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import { nonNull } from "../../src/ir/types.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { PFAUserError } from "../../src/pfa/runtime.js";
import { INPUT_NAMES_KEY, OUTPUT_NAMES_KEY, writePfa } from "../../src/writer/write.js";
import { agree } from "../ir/property.js";

/** A PMML document with a DataDictionary of `fields` (`name:dataType[:optype]`, or DataField XML) around `body`. */
export function pmml(fields: string[], body: string, extra = ""): string {
  const dd = fields
    .map((f) => {
      if (f.startsWith("<")) return f;
      const [name, dataType, optype] = f.split(":");
      const op = optype ?? (dataType === "string" || dataType === "boolean" ? "categorical" : "continuous");
      return `<DataField name="${name}" dataType="${dataType}" optype="${op}"/>`;
    })
    .join("\n");
  return `<?xml version="1.0"?>
<PMML version="4.4" xmlns="http://www.dmg.org/PMML-4_4">
<Header/>
<DataDictionary>${dd}</DataDictionary>
${extra}
${body}
</PMML>`;
}

/** A PMML text read into the IR. */
export function read(xml: string, readers: ModelReaders = MODEL_READERS): Pipeline {
  return readDocument(parseXml(xml), "test.pmml", readers, "test");
}

/** The one-line refusal of a PMML text (fails the test if it converts). */
export function refusal(xml: string, readers: ModelReaders = MODEL_READERS): string {
  try {
    const p = read(xml, readers);
    writePfa(p);
  } catch (e) {
    if (e instanceof UserError) {
      assert.ok(!e.message.includes("\n"), `a refusal is one line: ${e.message}`);
      return e.message;
    }
    throw e;
  }
  return assert.fail("the document converted, but a refusal was expected");
}

export interface Scorer {
  pipeline: Pipeline;
  /** Scores one row (inputs by PMML name) with the PFA and the IR evaluator; they must agree. */
  score(row: Record<string, unknown>): Record<string, unknown> | "refused";
}

function names(doc: unknown, key: string): Map<string, string> {
  const meta = (doc as { metadata?: Record<string, string> }).metadata ?? {};
  return new Map(Object.entries(JSON.parse(meta[key] ?? "{}") as Record<string, string>));
}

/** Reads a document and returns a scorer of its rows. */
export function scorer(xml: string, readers: ModelReaders = MODEL_READERS): Scorer {
  const pipeline = read(xml, readers);
  const doc = writePfa(pipeline);
  const engine = PFAEngine.fromJson(doc);
  const evaluate = compileEvaluator(pipeline);
  const inputField = new Map([...names(doc, INPUT_NAMES_KEY)].map(([field, original]) => [original, field]));
  const outputNames = names(doc, OUTPUT_NAMES_KEY);
  return {
    pipeline,
    score(row) {
      const input: Record<string, unknown> = {};
      for (const f of pipeline.inputs) {
        const v = row[f.name] ?? null;
        input[inputField.get(f.name) ?? f.name] = v;
      }
      const irRow: Record<string, unknown> = {};
      for (const f of pipeline.inputs) irRow[f.name] = row[f.name] ?? null;
      let ref: Record<string, unknown> | "refused";
      try {
        ref = evaluate(irRow);
      } catch (e) {
        if (!(e instanceof MissingValueError)) throw e;
        ref = "refused";
      }
      let pfa: Record<string, unknown> | "refused";
      try {
        const out = engine.action(input) as Record<string, unknown>;
        pfa = {};
        for (const [field, v] of Object.entries(out)) pfa[outputNames.get(field) ?? field] = typeof v === "bigint" ? Number(v) : v;
      } catch (e) {
        if (!(e instanceof PFAUserError)) throw e;
        pfa = "refused";
      }
      if (pfa === "refused" || ref === "refused") {
        assert.equal(pfa, ref, `the PFA ${pfa === "refused" ? "refuses" : "scores"} the row, the IR evaluator ${ref === "refused" ? "refuses" : "scores"} it: ${JSON.stringify(row)}`);
        return "refused";
      }
      for (const name of pipeline.outputs) {
        assert.ok(agree(pfa[name], ref[name], 1e-12), `output ${name}: PFA ${String(pfa[name])}, IR ${String(ref[name])} (row ${JSON.stringify(row)})`);
      }
      return pfa;
    },
  };
}

/** The input types of a pipeline, by name, as `kind` or `kind?`. */
export function inputTypes(p: Pipeline): Record<string, string> {
  return Object.fromEntries(p.inputs.map((f) => [f.name, `${nonNull(f.type).kind}${f.type.kind === "nullable" ? "?" : ""}`]));
}

export function close(actual: unknown, expected: number, rtol = 1e-12): void {
  assert.equal(typeof actual, "number", `expected a number near ${expected}, found ${String(actual)}`);
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= 1e-12 + rtol * Math.abs(expected), `${a} is not ${expected}`);
}

/**
 * A model that outputs derived fields: `derived` is the DerivedFields' XML (LocalTransformations),
 * `outputs` the names to show (each becomes an OutputField "out <name>" reading it); every input is
 * kept as it is (invalidValueTreatment asIs).
 */
export function showing(fields: string[], derived: string, outputs: string[], dictionary = ""): string {
  const inputs = fields.map((f) => f.split(":")[0]!);
  return pmml(
    [...fields, "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema>${inputs.map((n) => `<MiningField name="${n}" invalidValueTreatment="asIs"/>`).join("")}<MiningField name="y" usageType="target"/></MiningSchema>
       <Output>${outputs.map((o) => `<OutputField name="out ${o}" feature="transformedValue"><FieldRef field="${o}"/></OutputField>`).join("")}</Output>
       <LocalTransformations>${derived}</LocalTransformations>
       <RegressionTable intercept="0"/>
     </RegressionModel>`,
    dictionary === "" ? "" : `<TransformationDictionary>${dictionary}</TransformationDictionary>`,
  );
}

/** The shown fields of a row (by the names given to `showing`); the row must not be refused. */
export function show(xml: string, row: Record<string, unknown>): Record<string, unknown> {
  const r = scorer(xml).score(row);
  assert.notEqual(r, "refused");
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r as Record<string, unknown>)) if (k.startsWith("out ")) out[k.slice(4)] = v;
  return out;
}

/** A DerivedField of a dataType (categorical for strings, continuous otherwise) around an expression. */
export const df = (name: string, dataType: string, body: string): string =>
  `<DerivedField name="${name}" dataType="${dataType}" optype="${dataType === "string" ? "categorical" : "continuous"}">${body}</DerivedField>`;
