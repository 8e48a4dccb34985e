/**
 * Building the IR pipeline of one PMML document: the input columns (the DataDictionary fields the
 * model uses), the steps in order, fresh column names, and refusals that name the element and the
 * construct (DESIGN.md: `model.pmml: TreeModel 'tree1': missingValueStrategy="aggregateNodes" is not
 * supported`).
 */
import { UserError } from "../../src/errors.js";
import type { Pipeline, Step } from "../../src/ir/pipeline.js";
import { opDefinition } from "../../src/ir/ops/index.js";
import { describeType, type IRField, type IRType } from "../../src/ir/types.js";
import { exprKindOf } from "./fields.js";
import type { XmlElement } from "./xml.js";

/** How an element is named in messages: `TreeModel 'tree1'`, `DerivedField 'x2'`, `Segment 3`. */
export function describeElement(e: XmlElement): string {
  const name = e.attrs.modelName ?? e.attrs.name ?? e.attrs.id ?? e.attrs.field;
  return name === undefined ? e.name : `${e.name} '${name}'`;
}

/** A model the reader cannot convert faithfully: one line, naming the file, the element and the construct. */
export class PmmlUnsupported extends UserError {}

export class PipelineBuilder {
  readonly inputs: IRField[] = [];
  readonly steps: Step[] = [];
  private readonly types = new Map<string, IRType>();
  private counter = 0;

  constructor(readonly file: string) {}

  /** Refuses the model: `<file>: <element>: <construct>`. */
  fail(where: XmlElement | string, construct: string): never {
    throw new PmmlUnsupported(`${this.file}: ${typeof where === "string" ? where : describeElement(where)}: ${construct}`);
  }

  addInput(name: string, type: IRType): void {
    if (this.types.has(name)) return;
    this.inputs.push({ name, type });
    this.types.set(name, type);
  }

  hasColumn(name: string): boolean {
    return this.types.has(name);
  }

  typeOf(column: string): IRType {
    const t = this.types.get(column);
    if (t === undefined) throw new Error(`internal error: no column "${column}"`);
    return t;
  }

  /** A column name no other column has, derived from `hint` (the PMML names stay recognisable). */
  fresh(hint: string): string {
    let name = hint;
    while (this.types.has(name)) name = `${hint}#${++this.counter}`;
    return name;
  }

  /**
   * Adds a step; its output types come from the op itself (so a reader cannot declare them wrongly).
   * `outputs` are the hints for the new columns' names; returns the columns' actual names.
   */
  add(op: string, inputs: string[], outputs: string[], params: unknown, origin: XmlElement | string): string[] {
    const def = opDefinition(op);
    if (def === undefined) throw new Error(`internal error: unknown op ${op}`);
    const where = typeof origin === "string" ? origin : describeElement(origin);
    let types: IRType[];
    try {
      types = def.outputTypes(params, inputs.map((c) => this.typeOf(c)));
    } catch (e) {
      this.fail(where, (e as Error).message);
    }
    if (types.length !== outputs.length) throw new Error(`internal error: ${op} gives ${types.length} columns, ${outputs.length} named`);
    const names = outputs.map((hint) => this.fresh(hint));
    names.forEach((n, i) => this.types.set(n, types[i]!));
    this.steps.push({ op, inputs, outputs: names.map((name, i) => ({ name, type: types[i]! })), params, origin: where });
    return names;
  }

  /** The pipeline, with `outputs` renamed to their final names (the PMML output field names). */
  build(name: string, outputs: { column: string; name: string }[], metadata: Record<string, string>): Pipeline {
    const renamed: string[] = [];
    for (const o of outputs) {
      if (o.column === o.name) {
        renamed.push(o.column);
        continue;
      }
      if (this.types.has(o.name)) this.fail(name, `output field "${o.name}" has the name of another field`);
      const t = this.typeOf(o.column);
      // A column that holds no scalar (an array of rule ids) cannot pass through an expression: the
      // step that makes it names it after the output instead, when nothing else outputs it.
      if (exprKindOf(t) === null && !renamedTwice(outputs, o.column) && this.renameColumn(o.column, o.name)) {
        renamed.push(o.name);
        continue;
      }
      // Give the final column its name through an identity step (names are unique by construction).
      const [col] = this.addNamed("expr", [o.column], o.name, { expr: { op: "input", index: 0 } }, `output ${o.name}`, t);
      renamed.push(col!);
    }
    return { name, inputs: this.inputs, steps: this.steps, outputs: renamed, metadata };
  }

  /** Renames a step's output column everywhere; false when the column is an input of the pipeline. */
  private renameColumn(from: string, to: string): boolean {
    const step = this.steps.find((st) => st.outputs.some((f) => f.name === from));
    if (step === undefined) return false;
    step.outputs = step.outputs.map((f) => (f.name === from ? { ...f, name: to } : f));
    for (const st of this.steps) st.inputs = st.inputs.map((c) => (c === from ? to : c));
    this.types.set(to, this.types.get(from)!);
    this.types.delete(from);
    return true;
  }

  private addNamed(op: string, inputs: string[], name: string, params: unknown, origin: string, expected: IRType): string[] {
    const def = opDefinition(op)!;
    const [t] = def.outputTypes(params, inputs.map((c) => this.typeOf(c)));
    if (describeType(t!) !== describeType(expected)) throw new Error(`internal error: renaming changed ${describeType(expected)} to ${describeType(t!)}`);
    this.types.set(name, t!);
    this.steps.push({ op, inputs, outputs: [{ name, type: t! }], params, origin });
    return [name];
  }
}

function renamedTwice(outputs: readonly { column: string }[], column: string): boolean {
  return outputs.filter((o) => o.column === column).length > 1;
}
