/**
 * The shared IR: a pipeline of steps over named, typed columns. Every reader lowers its format into
 * this; the writer turns it into PFA; the reference evaluator scores it directly.
 *
 * Column names are the source's own names (`Sepal.Length`, `probability(setosa)`): the writer
 * sanitises them for PFA and records the originals in the document's metadata.
 */
import type { JsonValue } from "../pfa/json-value.js";
import { opDefinition } from "./ops/index.js";
import { describeType, type IRField, type IRType, typeEquals } from "./types.js";

export interface Step {
  /** The op's name (a file in src/ir/ops/). */
  op: string;
  /** The columns it reads, by name. */
  inputs: string[];
  /** The columns it adds. */
  outputs: IRField[];
  /** The op's parameters (its own, documented type). */
  params: unknown;
  /** Where the step came from in the source (`TreeModel 'tree1'`, `stage 3 (StringIndexerModel)`), for messages. */
  origin?: string;
}

export interface Pipeline {
  name: string;
  inputs: IRField[];
  steps: Step[];
  /** The columns the pipeline outputs, in order, by name. */
  outputs: string[];
  metadata: Record<string, string>;
}

export class IRError extends Error {}

/** The type of every column: inputs, then each step's outputs, checked against the ops' typing rules. */
export function columnTypes(p: Pipeline): Map<string, IRType> {
  const types = new Map<string, IRType>();
  for (const f of p.inputs) {
    if (types.has(f.name)) throw new IRError(`input column "${f.name}" appears twice`);
    types.set(f.name, f.type);
  }
  p.steps.forEach((step, i) => {
    const where = step.origin ?? `step ${i} (${step.op})`;
    const op = opDefinition(step.op);
    if (op === undefined) throw new IRError(`${where}: unknown op "${step.op}"`);
    const inputTypes = step.inputs.map((name) => {
      const t = types.get(name);
      if (t === undefined) throw new IRError(`${where}: reads column "${name}", which no input or earlier step defines`);
      return t;
    });
    let outputs: IRType[];
    try {
      outputs = op.outputTypes(step.params, inputTypes);
    } catch (e) {
      throw new IRError(`${where}: ${(e as Error).message}`);
    }
    if (outputs.length !== step.outputs.length) throw new IRError(`${where}: op "${step.op}" produces ${outputs.length} columns, the step names ${step.outputs.length}`);
    step.outputs.forEach((f, j) => {
      if (!typeEquals(f.type, outputs[j]!)) {
        throw new IRError(`${where}: output "${f.name}" is declared ${describeType(f.type)} but the op produces ${describeType(outputs[j]!)}`);
      }
      if (types.has(f.name)) throw new IRError(`${where}: column "${f.name}" is defined twice`);
      types.set(f.name, f.type);
    });
  });
  for (const o of p.outputs) if (!types.has(o)) throw new IRError(`output column "${o}" is not defined by any input or step`);
  return types;
}

/** The output fields (name and type) of a pipeline. */
export function outputFields(p: Pipeline): IRField[] {
  const types = columnTypes(p);
  return p.outputs.map((name) => ({ name, type: types.get(name)! }));
}

/** A pipeline as plain JSON (for `pfa inspect --ir` and IR files). */
export function pipelineToJson(p: Pipeline): JsonValue {
  return JSON.parse(JSON.stringify(p)) as JsonValue;
}
