/**
 * PMML NearestNeighborModel through the `nearestNeighbors` op (as jpmml-evaluator's
 * NearestNeighborModelEvaluator scores it).
 *
 * - TrainingInstances with an InlineTable (TableLocator is refused): InstanceFields map the table's
 *   columns to fields. Each KNNInput's value for an instance is the table's value when the KNNInput is a
 *   derived field listed in InstanceFields; otherwise it is computed from the instance's DataFields as a
 *   record would be (the MiningSchema's treatment, then the transformations), by the pipeline's own
 *   reference evaluation, at conversion time. Instances must give every KNNInput a number.
 * - ComparisonMeasure and KNNInputs (compareFunction, fieldWeight) as in clustering.ts; distance
 *   measures skip missing inputs and scale the distance up (jpmml-evaluator's adjustment), similarity
 *   measures refuse a row with a missing input.
 * - numberOfNeighbors, threshold (default 0.001), continuousScoringMethod (median, average,
 *   weightedAverage; default average), categoricalScoringMethod (majorityVote, weightedMajorityVote;
 *   default majorityVote): one prediction per target (MiningFields of usageType target or predicted; a
 *   continuous target's values are numbers, a categorical one's labels of its type). functionName
 *   clustering has no target and no prediction.
 * - instanceIdVariable: the instances' ids (the table's text); without it, the 1-based row numbers.
 *
 * Features: "entityId" and "entityId:<rank>" (the id of the neighbour of that rank), "entityAffinity"
 * and "clusterAffinity" (the nearest neighbour's distance or similarity), "affinity:<id>" (that of the
 * instance with this id), "predictedValue:<target>" (the prediction for another target than the first).
 */
import type { NearestNeighborsParams, NeighborOutput, NeighborTarget } from "../../../src/ir/ops/nearest-neighbors.js";
import type { LabelType } from "../../../src/ir/ops/model-util.js";
import type { ClusterParams } from "../../../src/ir/ops/cluster.js";
import { compileEvaluator } from "../../../src/ir/evaluate.js";
import type { Pipeline } from "../../../src/ir/pipeline.js";
import { nonNull } from "../../../src/ir/types.js";
import { labelTypeOf, parseBoolean, parseNumber, parseValue } from "../fields.js";
import type { FieldInfo, ModelReader } from "../model.js";
import { child, children, type XmlElement } from "../xml.js";
import { readComparisonMeasure } from "./clustering.js";
import { addExpr, constant, ExprInputs, LazyFeatures, need, numberAttr } from "./ruleset.js";

/** An InlineTable's rows: each row's cells by column name (the cell's text). */
export function readInlineTable(table: XmlElement): Map<string, string>[] {
  return children(table, "row").map((row) => {
    const cells = new Map<string, string>();
    for (const c of row.children) if (!cells.has(c.name)) cells.set(c.name, c.text);
    return cells;
  });
}

/** A value for a pipeline input of this type, from a table cell (null: missing). */
function inputValue(text: string | undefined, kind: string): unknown {
  if (text === undefined || text === "") return null;
  if (kind === "string") return text;
  if (kind === "boolean") return parseBoolean(text);
  return parseNumber(text);
}

/** The steps of `p` that its outputs need (the rest could refuse a row for nothing). */
function needed(p: Pipeline): Pipeline {
  const want = new Set(p.outputs);
  const kept: Pipeline["steps"] = [];
  for (let i = p.steps.length - 1; i >= 0; i--) {
    const s = p.steps[i]!;
    if (!s.outputs.some((o) => want.has(o.name))) continue;
    kept.push(s);
    for (const c of s.inputs) want.add(c);
  }
  return { ...p, steps: kept.reverse() };
}

interface TargetDecl {
  name: string;
  info: FieldInfo;
  element: XmlElement;
}

export const readNearestNeighborModel: ModelReader = (model, scope) => {
  const fn = model.attrs.functionName;
  if (fn !== "regression" && fn !== "classification" && fn !== "mixed" && fn !== "clustering") scope.fail(model, `functionName="${fn ?? ""}" is not supported`);
  const k = numberAttr(model, "numberOfNeighbors", undefined, scope);
  if (k === undefined) return scope.fail(model, "has no numberOfNeighbors");
  const threshold = numberAttr(model, "threshold", 0.001, scope);
  const continuousMethod = model.attrs.continuousScoringMethod ?? "average";
  if (!["median", "average", "weightedAverage"].includes(continuousMethod)) scope.fail(model, `continuousScoringMethod="${continuousMethod}" is not supported`);
  const categoricalMethod = model.attrs.categoricalScoringMethod ?? "majorityVote";
  if (!["majorityVote", "weightedMajorityVote"].includes(categoricalMethod)) scope.fail(model, `categoricalScoringMethod="${categoricalMethod}" is not supported`);
  const idVariable = model.attrs.instanceIdVariable;

  // the targets: the MiningSchema's, the model's own (scope.target) first
  const targets: TargetDecl[] = [];
  if (fn !== "clustering") {
    for (const mf of children(need(model, "MiningSchema", scope), "MiningField")) {
      if (mf.attrs.usageType !== "target" && mf.attrs.usageType !== "predicted") continue;
      const name = mf.attrs.name!;
      const base = name === scope.target?.name ? scope.target : scope.field(name);
      if (base === undefined) return scope.fail(mf, `the target "${name}" is not defined`);
      targets.push({ name, info: { ...base, optype: mf.attrs.optype ?? base.optype }, element: mf });
    }
    if (targets.length === 0) scope.fail(model, "has no target");
    if (scope.target !== null && targets[0]!.name !== scope.target.name) scope.fail(model, "the model's target is not its first target field");
  } else if (idVariable === undefined) scope.fail(model, "a clustering model needs an instanceIdVariable");

  const training = need(model, "TrainingInstances", scope);
  if (child(training, "TableLocator") !== undefined) scope.fail(child(training, "TableLocator")!, "is not supported");
  const rows = readInlineTable(need(training, "InlineTable", scope));
  const columnOf = new Map<string, string>();
  for (const f of children(need(training, "InstanceFields", scope), "InstanceField")) {
    const field = f.attrs.field;
    if (field === undefined) return scope.fail(f, "has no field");
    columnOf.set(field, f.attrs.column ?? field);
  }
  if (rows.length === 0) scope.fail(training, "has no instances");
  if (!Number.isInteger(k) || k < 1 || k > rows.length) scope.fail(model, `numberOfNeighbors="${model.attrs.numberOfNeighbors}" is not between 1 and the number of instances (${rows.length})`);

  const knn = children(need(model, "KNNInputs", scope), "KNNInput").map((element) => {
    const field = element.attrs.field;
    if (field === undefined) return scope.fail(element, "has no field");
    return { element, field };
  });
  if (knn.length === 0) scope.fail(model, "has no KNNInput");
  const spec = readComparisonMeasure(need(model, "ComparisonMeasure", scope), knn, scope);
  const columns = knn.map((f) => scope.column(f.field, f.element));
  for (const [i, c] of columns.entries()) {
    const kind = nonNull(scope.typeOf(c)).kind;
    if (kind !== "double" && kind !== "float" && kind !== "int" && kind !== "long") scope.fail(knn[i]!.element, `the field "${knn[i]!.field}" is not a number (the nearestNeighbors op compares numbers)`);
  }

  // the instances' KNNInput values
  const b = scope.builder;
  const inputNames = new Set(b.inputs.map((f) => f.name));
  const direct = knn.map((f) => !inputNames.has(f.field) && columnOf.has(f.field));
  const computed = columns.filter((_c, i) => !direct[i]);
  const evaluate = computed.length === 0 ? null : compileEvaluator(needed({ name: "instances", inputs: b.inputs, steps: [...b.steps], outputs: computed, metadata: {} }));
  const instances = rows.map((row, r) => {
    let values: Record<string, unknown> = {};
    if (evaluate !== null) {
      const input: Record<string, unknown> = {};
      for (const f of b.inputs) input[f.name] = columnOf.has(f.name) ? inputValue(row.get(columnOf.get(f.name)!), nonNull(f.type).kind) : null;
      try {
        values = evaluate(input);
      } catch (e) {
        return scope.fail(training, `instance ${r + 1}: ${(e as Error).message}`);
      }
    }
    return knn.map((f, i) => {
      const v = direct[i] ? parseNumber(row.get(columnOf.get(f.field)!) ?? "") : values[columns[i]!];
      if (typeof v !== "number" || !Number.isFinite(v)) return scope.fail(training, `instance ${r + 1} has no number for the KNNInput "${f.field}"`);
      return v;
    });
  });

  const ids = rows.map((row, r) => {
    if (idVariable === undefined) return String(r + 1);
    const column = columnOf.get(idVariable);
    if (column === undefined) return scope.fail(training, `the instanceIdVariable "${idVariable}" is not an InstanceField`);
    const id = row.get(column);
    if (id === undefined || id === "") return scope.fail(training, `instance ${r + 1} has no ${idVariable}`);
    return id;
  });

  const neighborTarget = (t: TargetDecl): NeighborTarget => {
    const column = columnOf.get(t.name);
    if (column === undefined) return scope.fail(t.element, `the target "${t.name}" is not an InstanceField`);
    const texts = rows.map((row, r) => row.get(column) ?? scope.fail(training, `instance ${r + 1} has no value of the target "${t.name}"`));
    if (t.info.optype === "continuous") {
      const values = texts.map((s, r) => {
        const v = parseNumber(s);
        if (v === null || !Number.isFinite(v)) return scope.fail(training, `instance ${r + 1}: the target value "${s}" is not a number`);
        return v;
      });
      return { kind: "continuous", values, method: continuousMethod as "median" | "average" | "weightedAverage" };
    }
    const valueType: LabelType = labelTypeOf(t.info);
    const values = texts.map((s, r) => {
      const v = parseValue(valueType, s);
      if (v === null || typeof v === "boolean") return scope.fail(training, `instance ${r + 1}: the target value "${s}" is not a ${t.info.dataType}`);
      return v;
    });
    return { kind: "categorical", values, valueType, method: categoricalMethod as "majorityVote" | "weightedMajorityVote" };
  };

  const base = { ...spec, k, instances, threshold, ids, idType: "string" as const, missing: spec.adjustMissing === true ? ("null" as const) : ("error" as const) };
  const neighbors = (outputs: NeighborOutput[], hints: string[], target?: NeighborTarget): string[] => {
    const params: NearestNeighborsParams = { ...base, ...(target === undefined ? {} : { target }), outputs };
    return b.add("nearestNeighbors", columns, hints, params, model);
  };
  const predictions = new Map<string, string>();
  const predict = (t: TargetDecl): string => {
    let c = predictions.get(t.name);
    if (c === undefined) {
      c = neighbors([{ kind: "prediction" }], [t.name], neighborTarget(t))[0]!;
      predictions.set(t.name, c);
    }
    return c;
  };
  const first = targets[0];
  const predicted = first === undefined ? addExpr(scope, new ExprInputs(), constant("string", null), "prediction", model, "string") : predict(first);
  const features: LazyFeatures = new LazyFeatures((key: string): string | undefined => {
    if (key === "entityId" || /^entityId:\d+$/.test(key)) {
      const rank = key === "entityId" ? 1 : Number(key.slice("entityId:".length));
      if (rank < 1 || rank > k) return undefined;
      return neighbors([{ kind: "neighborId", rank }], [`neighbor(${rank})`])[0]!;
    }
    if (key === "entityAffinity" || key === "clusterAffinity") return features.get("entityAffinity:1");
    if (key === "entityAffinity:1") return neighbors([{ kind: "neighborDistance", rank: 1 }], ["affinity(1)"])[0]!;
    if (key.startsWith("affinity:")) {
      // the distance (or similarity) to one instance: the same measure against it alone
      const i = ids.indexOf(key.slice("affinity:".length));
      if (i < 0) return undefined;
      const params: ClusterParams = { ...spec, centers: [instances[i]!], missing: base.missing, outputs: [{ kind: "affinity" }] };
      return b.add("cluster", columns, [`affinity(${ids[i]})`], params, model)[0]!;
    }
    if (key.startsWith("predictedValue:")) {
      const t = targets.find((x) => x.name === key.slice("predictedValue:".length));
      return t === undefined ? undefined : predict(t);
    }
    return undefined;
  });
  return { functionName: fn === "mixed" ? (first?.info.optype === "continuous" ? "regression" : "classification") : fn, predicted, features };
};

