/**
 * segmentation: an ensemble of sub-pipelines (PMML MiningModel's Segmentation, Spark's and MLeap's
 * ensembles of whole pipelines), each with a predicate saying when it applies and a weight, whose
 * outputs are combined by a rule:
 *
 * - sum, average, weightedSum, weightedAverage: of numbers, or element by element of vectors (the
 *   class probabilities of classifiers);
 * - median, max, min: of numbers (median of an even count: the mean of the two middle values, as
 *   PMML specifies);
 * - majorityVote, weightedMajorityVote: of labels; a tie goes to the label that reached the winning
 *   count first in segment order (`tie: "first"`) or to the smallest label (`tie: "smallest"`);
 * - selectFirst: the output of the first segment that applies;
 * - selectAll: the outputs of all segments that apply, as an array.
 *
 * A segment applies when its predicate (an `expr` expression over this step's input columns) is
 * true; a missing predicate value counts as false (PMML's UNKNOWN). When no segment applies, the
 * result is missing (selectAll: an empty array).
 *
 * Each segment has exactly one output column (its prediction); chains of models (PMML's modelChain)
 * are not an op: a reader flattens them into the pipeline.
 */
import { defineOp } from "../op.js";
import { compileEvaluator } from "../evaluate.js";
import { columnTypes, type Pipeline } from "../pipeline.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, STRING, arrayOf, describeType, nonNull, nullable, type IRType, typeEquals, vector } from "../types.js";
import { doubleLiteral } from "../../writer/literals.js";
import { expr as exprOp, type Expr } from "./expr.js";
import { pick } from "./common.js";

export type CombineMethod =
  | "sum"
  | "average"
  | "weightedSum"
  | "weightedAverage"
  | "median"
  | "max"
  | "min"
  | "majorityVote"
  | "weightedMajorityVote"
  | "selectFirst"
  | "selectAll";

export interface Segment {
  /** A boolean expression over the step's input columns (by index); null: the segment always applies. */
  predicate: Expr | null;
  weight: number;
  /** Its inputs must be columns of the step's inputs, by name and type. */
  pipeline: Pipeline;
}

export interface SegmentationParams {
  method: CombineMethod;
  segments: Segment[];
  /** The step's input column names, in order: segments read the step's inputs by these names. */
  inputNames: string[];
  /** For the votes: who wins a tie. Default "first". */
  tie?: "first" | "smallest";
}

const NUMERIC_METHODS = new Set<CombineMethod>(["sum", "average", "weightedSum", "weightedAverage"]);
const SCALAR_METHODS = new Set<CombineMethod>(["median", "max", "min"]);
const VOTES = new Set<CombineMethod>(["majorityVote", "weightedMajorityVote"]);

function segmentOutputType(s: Segment): IRType {
  if (s.pipeline.outputs.length !== 1) throw new Error(`a segment has exactly one output column, found ${s.pipeline.outputs.length}`);
  return columnTypes(s.pipeline).get(s.pipeline.outputs[0]!)!;
}

/** The step's inputs that each segment reads, as indexes into the step's inputs. */
function segmentInputs(s: Segment, stepInputs: readonly string[]): number[] {
  return s.pipeline.inputs.map((f) => {
    const i = stepInputs.indexOf(f.name);
    if (i < 0) throw new Error(`a segment reads column "${f.name}", which is not an input of the step`);
    return i;
  });
}

export const segmentation = defineOp<SegmentationParams>({
  name: "segmentation",
  summary: "an ensemble of sub-pipelines with predicates and a combination rule",
  outputTypes(params, inputs) {
    if (params.segments.length === 0) throw new Error("a segmentation needs at least one segment");
    const types = params.segments.map(segmentOutputType);
    const inner = types.map(nonNull);
    const first = inner[0]!;
    if (!inner.every((t) => typeEquals(t, first))) throw new Error(`the segments' outputs differ in type: ${types.map(describeType).join(", ")}`);
    for (const s of params.segments) {
      if (!Number.isFinite(s.weight)) throw new Error("segment weights must be finite numbers");
      if (s.predicate !== null) {
        const [t] = exprOp.outputTypes({ expr: s.predicate }, inputs);
        if (nonNull(t!).kind !== "boolean") throw new Error(`a segment predicate must be boolean, found ${describeType(t!)}`);
      }
      if (params.inputNames.length !== inputs.length) throw new Error(`inputNames names ${params.inputNames.length} columns, the step has ${inputs.length}`);
      segmentInputs(s, params.inputNames).forEach((idx, k) => {
        if (!typeEquals(inputs[idx]!, s.pipeline.inputs[k]!.type)) throw new Error(`a segment reads "${s.pipeline.inputs[k]!.name}" as ${describeType(s.pipeline.inputs[k]!.type)}, the step gives ${describeType(inputs[idx]!)}`);
      });
    }
    const m = params.method;
    if (NUMERIC_METHODS.has(m)) {
      if (first.kind === "vector") return [nullable(vector(first.size))];
      if (!["double", "float", "int", "long"].includes(first.kind)) throw new Error(`${m} combines numbers or vectors, found ${describeType(first)}`);
      return [nullable(DOUBLE)];
    }
    if (SCALAR_METHODS.has(m)) {
      if (!["double", "float", "int", "long"].includes(first.kind)) throw new Error(`${m} combines numbers, found ${describeType(first)}`);
      return [nullable(DOUBLE)];
    }
    if (VOTES.has(m)) {
      if (first.kind !== "string") throw new Error(`${m} combines labels (strings), found ${describeType(first)}`);
      return [nullable(STRING)];
    }
    if (m === "selectFirst") return [nullable(first)];
    if (m === "selectAll") return [arrayOf(first)];
    throw new Error(`unknown combination method "${String(m)}"`);
  },

  evaluate(params, inputs, inputTypes) {
    const names = params.inputNames;
    const results: { value: unknown; weight: number }[] = [];
    for (const s of params.segments) {
      if (s.predicate !== null) {
        const [applies] = exprOp.evaluate({ expr: s.predicate }, inputs, inputTypes);
        if (applies !== true) continue;
      }
      const evaluate = compileEvaluator(s.pipeline);
      const row: Record<string, unknown> = {};
      segmentInputs(s, names).forEach((idx, k) => (row[s.pipeline.inputs[k]!.name] = inputs[idx]));
      const value = evaluate(row)[s.pipeline.outputs[0]!];
      results.push({ value, weight: s.weight });
      if (params.method === "selectFirst") break;
    }
    return [combine(params, results)];
  },

  lower(params, inputs, inputTypes, ctx) {
    const outType = this.outputTypes(params, inputTypes)[0]!;
    const outAvro = ctx.avroType(outType);
    const value = (s: Segment): JsonValue => {
      const sub = ctx.pipeline(s.pipeline, segmentInputs(s, params.inputNames).map((idx) => inputs[idx]!));
      return sub.statements.length === 0 ? sub.outputs[0]! : { do: [...sub.statements, sub.outputs[0]!] };
    };
    if (params.method === "selectFirst") {
      // The first segment that applies decides, even when its value is missing.
      const clauses = params.segments.map((s) => ({ if: s.predicate === null ? true : predicateTest(s.predicate, inputs, inputTypes, ctx), then: { upcast: value(s), as: outAvro } }));
      return [{ cond: clauses, else: { upcast: null, as: outAvro } }];
    }
    // Each segment: its value when it applies, null when it does not.
    const itemType = nonNull(segmentOutputType(params.segments[0]!));
    const nullableItem = ctx.avroType(nullable(itemType));
    const statements: JsonValue[] = [];
    const syms = params.segments.map((s, i) => {
      const sym = ctx.symbol(`segment${i}`);
      const applied: JsonValue = { upcast: value(s), as: nullableItem };
      statements.push({ let: { [sym]: s.predicate === null ? applied : { if: predicateTest(s.predicate, inputs, inputTypes, ctx), then: applied, else: { upcast: null, as: nullableItem } } } });
      return sym;
    });
    return [{ do: [...statements, lowerCombine(params, syms, itemType, outType, ctx)] }];
  },

  arbitrary(random) {
    const method = pick(random, ["sum", "average", "weightedSum", "weightedAverage", "median", "max", "min", "majorityVote", "weightedMajorityVote", "selectFirst", "selectAll"] as const);
    const votes = VOTES.has(method);
    const n = 1 + Math.floor(random() * 4);
    const inputs: IRType[] = [DOUBLE, nullable(DOUBLE)];
    const inputNames = ["a", "b"];
    const segments: Segment[] = Array.from({ length: n }, (_, i) => {
      const threshold = Math.round((random() - 0.5) * 6);
      const predicate: Expr | null = random() < 0.3 ? null : { op: "apply", fn: pick(random, ["lessThan", "greaterOrEqual"]), args: [{ op: "input", index: Math.floor(random() * 2) }, { op: "const", type: "double", value: threshold }] };
      const pipeline: Pipeline = votes
        ? {
            name: `segment${i}`,
            inputs: [{ name: "a", type: DOUBLE }],
            steps: [{ op: "expr", inputs: ["a"], outputs: [{ name: "label", type: STRING }], params: { expr: { op: "apply", fn: "if", args: [{ op: "apply", fn: "greaterThan", args: [{ op: "input", index: 0 }, { op: "const", type: "double", value: Math.round((random() - 0.5) * 4) }] }, { op: "const", type: "string", value: pick(random, ["x", "y"]) }, { op: "const", type: "string", value: pick(random, ["y", "z"]) }] } } }],
            outputs: ["label"],
            metadata: {},
          }
        : {
            name: `segment${i}`,
            inputs: [{ name: "a", type: DOUBLE }],
            steps: [{ op: "expr", inputs: ["a"], outputs: [{ name: "score", type: DOUBLE }], params: { expr: { op: "apply", fn: "*", args: [{ op: "input", index: 0 }, { op: "const", type: "double", value: Math.round((random() - 0.5) * 40) / 4 }] } } }],
            outputs: ["score"],
            metadata: {},
          };
      return { predicate, weight: Math.round(random() * 8) / 4, pipeline };
    });
    return { params: { method, segments, tie: pick(random, ["first", "smallest"] as const), inputNames }, inputs };
  },
});

/** A predicate as a PFA boolean test: a missing value is false. */
function predicateTest(p: Expr, inputs: readonly JsonValue[], inputTypes: readonly IRType[], ctx: Ctx): JsonValue {
  const [t] = exprOp.outputTypes({ expr: p }, inputTypes);
  const [e] = exprOp.lower({ expr: p }, inputs, inputTypes, ctx);
  if (t!.kind !== "nullable") return e!;
  const v = ctx.symbol("applies");
  return { ifnotnull: { [v]: e! }, then: v, else: false };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function combine(params: SegmentationParams, results: { value: unknown; weight: number }[]): unknown {
  const m = params.method;
  const present = results.filter((r) => r.value !== null && r.value !== undefined);
  if (m === "selectAll") return present.map((r) => r.value);
  if (m === "selectFirst") return results.length === 0 ? null : (results[0]!.value ?? null);
  if (present.length === 0) return null;
  if (VOTES.has(m)) {
    const tally = new Map<string, number>();
    let best: string | null = null;
    let bestCount = -Infinity;
    for (const r of present) {
      const label = r.value as string;
      const count = (tally.get(label) ?? 0) + (m === "weightedMajorityVote" ? r.weight : 1);
      tally.set(label, count);
      if (params.tie !== "smallest" && count > bestCount) {
        best = label;
        bestCount = count;
      }
    }
    if (params.tie === "smallest") {
      for (const [label, count] of [...tally].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (count > bestCount) {
          best = label;
          bestCount = count;
        }
      }
    }
    return best;
  }
  const vectors = Array.isArray(present[0]!.value);
  const weighted = m === "weightedSum" || m === "weightedAverage";
  const totalWeight = present.reduce((a, r) => a + (weighted ? r.weight : 1), 0);
  if (vectors) {
    const n = (present[0]!.value as number[]).length;
    const out = new Array<number>(n).fill(0);
    for (const r of present) (r.value as number[]).forEach((x, k) => (out[k]! += (weighted ? r.weight : 1) * x));
    return m === "average" || m === "weightedAverage" ? out.map((x) => x / totalWeight) : out;
  }
  const values = present.map((r) => Number(r.value));
  switch (m) {
    case "median":
      return median(values);
    case "max":
      return Math.max(...values);
    case "min":
      return Math.min(...values);
    default: {
      let sum = 0;
      present.forEach((r, i) => (sum += (weighted ? r.weight : 1) * values[i]!));
      return m === "average" || m === "weightedAverage" ? sum / totalWeight : sum;
    }
  }
}

type Ctx = Parameters<typeof exprOp.lower>[3];

/** The combination in PFA, over the segments' nullable values (`segments`: their symbols). */
function lowerCombine(params: SegmentationParams, segments: string[], itemType: IRType, outType: IRType, ctx: Ctx): JsonValue {
  const m = params.method;
  const itemAvro = ctx.avroType(itemType);
  const arrayOfItems: JsonValue = { type: "array", items: itemAvro };
  // The values of the segments that gave one, and their weights, as two arrays.
  const values: JsonValue[] = [];
  const weightParts: JsonValue[] = [];
  params.segments.forEach((seg, i) => {
    const v = ctx.symbol("value");
    values.push({ ifnotnull: { [v]: segments[i]! }, then: { new: [v], type: arrayOfItems }, else: { new: [], type: arrayOfItems } });
    const w = ctx.symbol("applied");
    weightParts.push({ ifnotnull: { [w]: segments[i]! }, then: { new: [doubleLiteral(seg.weight)], type: { type: "array", items: "double" } }, else: { new: [], type: { type: "array", items: "double" } } });
  });
  const flatten = (parts: JsonValue[], items: JsonValue): JsonValue => ({ "a.flatten": { new: parts, type: { type: "array", items: { type: "array", items } } } });
  const present = ctx.symbol("present");
  const weights = ctx.symbol("weights");
  const lets: JsonValue = { let: { [present]: flatten(values, itemAvro), [weights]: flatten(weightParts, "double") } };
  if (m === "selectAll") return { do: [lets, present] };

  const weighted = m === "weightedSum" || m === "weightedAverage" || m === "weightedMajorityVote";
  const average = m === "average" || m === "weightedAverage";
  const denominator: JsonValue = weighted ? { "a.sum": weights } : { "a.len": present };
  let result: JsonValue;
  if (VOTES.has(m)) {
    result = lowerVote(present, weights, weighted, params.tie ?? "first", ctx);
  } else if (itemType.kind === "vector") {
    const vec = { type: "array", items: "double" };
    const [v, w, a, b] = [ctx.symbol("v"), ctx.symbol("w"), ctx.symbol("a"), ctx.symbol("b")];
    const scaled: JsonValue = weighted ? { "a.zipmap": [present, weights, { params: [{ [v]: vec }, { [w]: "double" }], ret: vec, do: { "la.scale": [v, w] } }] } : present;
    const sum: JsonValue = { "a.reduce": [scaled, { params: [{ [a]: vec }, { [b]: vec }], ret: vec, do: { "la.add": [a, b] } }] };
    result = average ? { "la.scale": [sum, { "/": [1, denominator] }] } : sum;
  } else {
    const [v, w] = [ctx.symbol("v"), ctx.symbol("w")];
    const asDouble: JsonValue = itemType.kind === "double" ? present : { "a.map": [present, { params: [{ [v]: itemAvro }], ret: "double", do: { "cast.double": v } }] };
    if (m === "median") result = medianPfa(asDouble, ctx);
    else if (m === "max") result = { "a.max": asDouble };
    else if (m === "min") result = { "a.min": asDouble };
    else {
      const total: JsonValue = weighted ? { "a.sum": { "a.zipmap": [asDouble, weights, { params: [{ [v]: "double" }, { [w]: "double" }], ret: "double", do: { "*": [v, w] } }] } } : { "a.sum": asDouble };
      result = average ? { "/": [total, denominator] } : total;
    }
  }
  const outAvro = ctx.avroType(outType);
  return { do: [lets, { if: { "==": [{ "a.len": present }, 0] }, then: { upcast: null, as: outAvro }, else: { upcast: result, as: outAvro } }] };
}

function medianPfa(values: JsonValue, ctx: Ctx): JsonValue {
  const s = ctx.symbol("sorted");
  const n = ctx.symbol("n");
  return {
    do: [
      { let: { [s]: { "a.sort": values }, [n]: { "a.len": values } } },
      {
        if: { "==": [{ "%": [n, 2] }, 1] },
        then: { attr: s, path: [{ "//": [n, 2] }] },
        else: { "/": [{ "+": [{ attr: s, path: [{ "-": [{ "//": [n, 2] }, 1] }] }, { attr: s, path: [{ "//": [n, 2] }] }] }, 2] },
      },
    ],
  };
}

/** The vote in PFA: counts per label in a map, then the winner by the tie rule. */
function lowerVote(labels: string, weights: string, weighted: boolean, tie: "first" | "smallest", ctx: Ctx): JsonValue {
  const [counts, best, bestCount, i, label, count, k, c] = ["counts", "best", "bestCount", "i", "label", "count", "k", "c"].map((h) => ctx.symbol(h)) as [string, string, string, string, string, string, string, string];
  const tally: JsonValue[] = [
    { let: { [label]: { attr: labels, path: [i] } } },
    { let: { [count]: { "+": [{ if: { "map.containsKey": [counts, label] }, then: { attr: counts, path: [label] }, else: 0.0 }, weighted ? { attr: weights, path: [i] } : 1.0] } } },
    { set: { [counts]: { "map.add": [counts, label, count] } } },
  ];
  // "first": the label whose count first exceeds the best so far, in segment order.
  if (tie === "first") tally.push({ if: { ">": [count, bestCount] }, then: [{ set: { [best]: label, [bestCount]: count } }] });
  const smallest: JsonValue[] =
    tie === "smallest"
      ? [{ foreach: k, in: { "a.sort": { "map.keys": counts } }, do: [{ let: { [c]: { attr: counts, path: [k] } } }, { if: { ">": [c, bestCount] }, then: [{ set: { [best]: k, [bestCount]: c } }] }] }]
      : [];
  return {
    do: [
      { let: { [counts]: { type: { type: "map", values: "double" }, value: {} }, [best]: { string: "" }, [bestCount]: doubleLiteral(-Infinity) } },
      { for: { [i]: 0 }, while: { "<": [i, { "a.len": labels }] }, step: { [i]: { "+": [i, 1] } }, do: tally },
      ...smallest,
      best,
    ],
  };
}
