/**
 * The "model-verification" reference of diff-score: a PMML model's own ModelVerification element (its
 * VerificationFields and the rows of its InlineTable), which brings both the input rows and the
 * expected outputs. Fields that are inputs of the pipeline give the rows; fields that are its outputs
 * (the target, OutputFields) give the expected values, compared with the document's own tolerance for
 * each (VerificationField@precision, a relative tolerance, default 1E-6, and @zeroThreshold, default
 * 1E-16), or the run's tolerance where that is looser.
 */
import { readFile } from "node:fs/promises";
import type { ReferenceScorer } from "../../src/diff/diff-score.js";
import { UserError } from "../../src/errors.js";
import type { SourceRow } from "../../src/diff/rows.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import { outputFields as pipelineOutputs } from "../../src/ir/pipeline.js";
import { nonNull } from "../../src/ir/types.js";
import { modelElement } from "./document.js";
import { parseBoolean, parseNumber } from "./fields.js";
import { readPmmlRoot } from "./reader.js";
import { child, children, type XmlElement } from "./xml.js";

interface VerificationField {
  field: string;
  column: string;
  precision: number;
  zeroThreshold: number;
}

export interface Verification {
  fields: VerificationField[];
  rows: Map<string, string>[];
}

/** Reads a model's ModelVerification element (null when it has none). */
export function readVerification(model: XmlElement, file: string): Verification | null {
  const mv = child(model, "ModelVerification");
  if (mv === undefined) return null;
  const vf = child(mv, "VerificationFields");
  const table = child(mv, "InlineTable");
  if (vf === undefined || table === undefined) throw new Error(`${file}: ModelVerification needs VerificationFields and an InlineTable`);
  const number = (e: XmlElement, attr: string, fallback: number): number => {
    const text = e.attrs[attr];
    if (text === undefined) return fallback;
    const x = parseNumber(text);
    if (x === null) throw new Error(`${file}: VerificationField '${e.attrs.field}': ${attr}="${text}" is not a number`);
    return x;
  };
  const fields = children(vf, "VerificationField").map((f) => {
    const field = f.attrs.field;
    if (field === undefined) throw new Error(`${file}: a VerificationField needs a field`);
    return { field, column: f.attrs.column ?? field, precision: number(f, "precision", 1e-6), zeroThreshold: number(f, "zeroThreshold", 1e-16) };
  });
  const rows = children(table, "row").map((r) => new Map(r.children.map((c) => [c.name, c.text] as [string, string])));
  return { fields, rows };
}

/** A cell's text as a value of the pipeline input's type (null: missing). */
function inputValue(text: string | undefined, kind: string): unknown {
  if (text === undefined || text === "" || text === "NA" || text === "N/A") return null;
  switch (kind) {
    case "string":
      return text;
    case "boolean":
      return parseBoolean(text);
    default:
      return parseNumber(text);
  }
}

/** The column name as the InlineTable writes it (namespace prefixes dropped, as xml.ts drops them). */
function cellName(column: string): string {
  const i = column.indexOf(":");
  return i < 0 ? column : column.slice(i + 1);
}

/** A row of the table: each cell's text, or the list of texts of a collected field. */
type Row = Map<string, string | string[]>;

/**
 * The rows of a model that reads transactions (a group field), one per transaction: consecutive rows
 * with the same group value are one transaction, as in jpmml-evaluator's verification. A field that
 * is `collected` (the items, a multi-valued output) is the list of its non-empty cells over the
 * transaction's rows, in order; any other field is its first row's cell.
 */
function groupRows(v: Verification, group: string, collected: (field: string) => boolean): Row[] {
  const out: Row[] = [];
  let current: Row | null = null;
  let key: string | undefined;
  const groupColumn = cellName(v.fields.find((f) => f.field === group)?.column ?? group);
  for (const row of v.rows) {
    const k = row.get(groupColumn);
    if (current === null || k !== key) {
      current = new Map();
      out.push(current);
      key = k;
    }
    for (const f of v.fields) {
      const name = cellName(f.column);
      const cell = row.get(name);
      if (collected(f.field)) {
        const list = (current.get(name) as string[] | undefined) ?? [];
        current.set(name, list);
        if (cell !== undefined && cell !== "") list.push(cell);
      } else if (cell !== undefined && !current.has(name)) current.set(name, cell);
    }
  }
  return out;
}

/** The reference, or null when the document has no ModelVerification. */
export async function modelVerificationReference(model: string, pipeline: Pipeline): Promise<ReferenceScorer | null> {
  let text: string;
  try {
    text = await readFile(model, "utf8");
  } catch {
    return null;
  }
  if (!text.includes("ModelVerification")) return null;
  const root = await readPmmlRoot(model);
  const m = modelElement(root);
  if (m === undefined) return null;
  let v: Verification | null;
  try {
    v = readVerification(m, model);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  if (v === null) return null;
  const inputs = new Map(pipeline.inputs.map((f) => [f.name, nonNull(f.type).kind]));
  const outputs = new Set(pipeline.outputs);
  const inputFields = v.fields.filter((f) => inputs.has(f.field));
  const outputFields = v.fields.filter((f) => outputs.has(f.field) && !inputs.has(f.field));
  const group = children(child(m, "MiningSchema") ?? m, "MiningField").find((f) => f.attrs.usageType === "group")?.attrs.name;
  const outputTypes = new Map(pipelineOutputs(pipeline).map((f) => [f.name, nonNull(f.type).kind]));
  const rows = group === undefined ? (v.rows as Row[]) : groupRows(v, group, (field) => inputs.get(field) === "array" || outputTypes.get(field) === "array");
  const tolerances: Record<string, { rtol: number; atol: number }> = {};
  for (const f of outputFields) tolerances[f.field] = { rtol: f.precision, atol: f.zeroThreshold };
  let index = 0;
  return {
    kind: "model-verification",
    description: `the ${rows.length} rows of the document's ModelVerification (${outputFields.length} verified output field${outputFields.length === 1 ? "" : "s"}, each within its precision)`,
    columns: outputFields.map((f) => f.field),
    tolerances,
    async *rows(): AsyncGenerator<SourceRow> {
      for (let i = 0; i < rows.length; i++) {
        const record: Record<string, unknown> = {};
        for (const f of inputFields) {
          const cell = rows[i]!.get(cellName(f.column));
          record[f.field] = Array.isArray(cell) ? cell : inputValue(cell, inputs.get(f.field)!);
        }
        yield { number: i + 1, record };
      }
    },
    async score() {
      const row = rows[index++];
      if (row === undefined) throw new Error("model-verification: more rows scored than the table has");
      const out: Record<string, unknown> = {};
      // A cell the row leaves out is not verified (as jpmml-evaluator does).
      for (const f of outputFields) {
        const t = row.get(cellName(f.column));
        if (t !== undefined) out[f.field] = t === "" ? null : t;
        // A collected output of a group with no value for it is the empty list.
        else if (group !== undefined && outputTypes.get(f.field) === "array") out[f.field] = [];
      }
      return { outputs: out };
    },
  };
}
