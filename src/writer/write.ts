/**
 * IR to PFA (DESIGN.md, "PFA that a person can read"): the input is a record of the pipeline's input
 * columns, the output a record of its output columns; each step becomes `let`s of its output columns,
 * computed by the op's own lowering; parameters live in cells; names that are not valid Avro names
 * are sanitised and the originals recorded in the metadata. The same pipeline always writes the same
 * document, and every document is validated before it is returned.
 */
import type { JsonValue } from "../pfa/json-value.js";
import { checkDocument } from "../pfa/validate.js";
import { opDefinition } from "../ir/ops/index.js";
import type { LowerContext } from "../ir/op.js";
import { columnTypes, type Pipeline } from "../ir/pipeline.js";
import { nonNull, type IRType } from "../ir/types.js";

/** Metadata keys under which the writer records original column names (JSON objects: PFA name to original name). */
export const INPUT_NAMES_KEY = "pfa.input.names";
export const OUTPUT_NAMES_KEY = "pfa.output.names";

export class WriterError extends Error {}

/** A valid PFA name from any text: invalid characters become `_`, a leading digit gets a `_` in front. */
export function sanitizeName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (s === "" || /^[0-9]/.test(s)) s = "_" + s;
  return s;
}

/** Hands out names that are unique within one namespace, derived from hints. */
class Names {
  private readonly used = new Set<string>();
  constructor(reserved: string[] = []) {
    for (const r of reserved) this.used.add(r);
  }
  take(hint: string): string {
    const base = sanitizeName(hint);
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** PFA's predefined symbols: never used for a column. */
const PREDEFINED = ["input", "output", "name", "instance", "metadata", "version", "actionsStarted", "actionsFinished", "tally"];

export interface WriteOptions {
  /** The document's name (default: the pipeline's). */
  name?: string;
}

export function writePfa(p: Pipeline, options: WriteOptions = {}): JsonValue {
  const types = columnTypes(p);
  const symbols = new Names(PREDEFINED);
  const cellNames = new Names();
  const fcnNames = new Names();
  const typeNames = new Names(["Input", "Output"]);
  const cells: Record<string, JsonValue> = {};
  const fcns: Record<string, JsonValue> = {};

  // A named type is defined in full where it is first written and referenced by name afterwards
  // (the caller must place what it is given in the document).
  const namedTypes = new Map<string, string>();
  const avroType = (t: IRType): JsonValue => {
    if (t.kind === "record" || t.kind === "enum") {
      const key = JSON.stringify(t);
      const known = namedTypes.get(key);
      if (known !== undefined) return known;
      const name = typeNames.take(t.name);
      namedTypes.set(key, name);
      if (t.kind === "enum") {
        const bad = t.symbols.find((s) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s));
        if (bad !== undefined) throw new WriterError(`enum ${t.name}: symbol "${bad}" is not a valid PFA name (use a string column)`);
        return { type: "enum", name, symbols: [...t.symbols] };
      }
      return { type: "record", name, fields: t.fields.map((f) => ({ name: sanitizeName(f.name), type: avroType(f.type) })) };
    }
    switch (t.kind) {
      case "vector":
        return { type: "array", items: "double" };
      case "array":
        return { type: "array", items: avroType(t.items) };
      case "map":
        return { type: "map", values: avroType(t.values) };
      case "nullable":
        return [avroType(t.inner), "null"];
      default:
        return t.kind;
    }
  };

  /**
   * The `let`s that compute a pipeline's steps, given PFA expressions for its input columns; returns
   * them with the expressions of its output columns. Used for the document and for sub-pipelines
   * (segments of an ensemble), whose symbols come from the same pool so that none collides.
   */
  const lowerSteps = (pipeline: Pipeline, inputs: ReadonlyMap<string, JsonValue>): { statements: JsonValue[]; outputs: JsonValue[] } => {
    const types = columnTypes(pipeline);
    const columnExpr = new Map(inputs);
    const statements: JsonValue[] = [];
    pending.push(statements);
    pipeline.steps.forEach((step, i) => {
      const op = opDefinition(step.op)!;
      const inputTypes = step.inputs.map((c) => types.get(c)!);
      let exprs: JsonValue[];
      try {
        exprs = op.lower(step.params, step.inputs.map((c) => columnExpr.get(c)!), inputTypes, ctx);
      } catch (e) {
        throw new WriterError(`${step.origin ?? `step ${i} (${step.op})`}: ${(e as Error).message}`);
      }
      const bindings: Record<string, JsonValue> = {};
      step.outputs.forEach((f, j) => {
        const sym = symbols.take(f.name);
        bindings[sym] = exprs[j]!;
        columnExpr.set(f.name, sym);
      });
      if (step.outputs.length > 0) statements.push({ let: bindings });
    });
    pending.pop();
    return { statements, outputs: pipeline.outputs.map((c) => columnExpr.get(c)!) };
  };
  // Where ctx.let puts its bindings: the statements of the pipeline being lowered (innermost last).
  const pending: JsonValue[][] = [];

  const ctx: LowerContext = {
    cell(hint, type, init) {
      const name = cellNames.take(hint);
      cells[name] = { type, init };
      return name;
    },
    fcn(hint, definition) {
      const name = fcnNames.take(hint);
      fcns[name] = definition;
      return `u.${name}`;
    },
    typeName: (hint) => typeNames.take(hint),
    symbol: (hint) => symbols.take(hint),
    avroType,
    let(hint, expression) {
      const sym = symbols.take(hint);
      pending[pending.length - 1]!.push({ let: { [sym]: expression } });
      return sym;
    },
    pipeline(sub, inputs) {
      return lowerSteps(sub, new Map(sub.inputs.map((f, i) => [f.name, inputs[i]!])));
    },
  };

  // Inputs: fields of the input record, read as input.<field>.
  const inputFields = new Names();
  const inputNames: Record<string, string> = {};
  const columnExpr = new Map<string, JsonValue>();
  const inputSchema: JsonValue[] = p.inputs.map((f) => {
    const name = inputFields.take(f.name);
    inputNames[name] = f.name;
    columnExpr.set(f.name, `input.${name}`);
    return { name, type: avroType(f.type) };
  });

  const { statements: action, outputs: outputExprs } = lowerSteps(p, columnExpr);

  const outputFields = new Names();
  const outputNames: Record<string, string> = {};
  const outputSchema: JsonValue[] = [];
  const outputValue: Record<string, JsonValue> = {};
  p.outputs.forEach((col, i) => {
    const name = outputFields.take(col);
    outputNames[name] = col;
    outputSchema.push({ name, type: avroType(types.get(col)!) });
    outputValue[name] = outputExprs[i]!;
  });
  action.push({ new: outputValue, type: "Output" });

  const metadata: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(p.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) metadata[k] = v;
  metadata[INPUT_NAMES_KEY] = JSON.stringify(inputNames);
  metadata[OUTPUT_NAMES_KEY] = JSON.stringify(outputNames);

  const doc: Record<string, JsonValue> = {
    name: sanitizeName(options.name ?? p.name),
    input: { type: "record", name: "Input", fields: inputSchema },
    output: { type: "record", name: "Output", fields: outputSchema },
    action,
  };
  if (Object.keys(cells).length > 0) doc.cells = cells;
  if (Object.keys(fcns).length > 0) doc.fcns = fcns;
  doc.metadata = metadata;

  const checked = checkDocument(doc);
  if (!checked.valid) {
    const first = checked.errors[0]!;
    throw new WriterError(`internal error: the written PFA does not validate (${first.path || "/"}: ${first.message}); this is a bug in pfa's lowering`);
  }
  return doc;
}

/** Whether a column of this type may be missing (its PFA is a union with null). */
export function mayBeMissing(t: IRType): boolean {
  return t.kind === "nullable";
}

export { nonNull };
export { doubleLiteral } from "./literals.js";
