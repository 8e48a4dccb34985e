/**
 * PMML NeuralNetwork: the IR's `neuralNetwork` (its header documents the mapping), with `expr` and
 * `normContinuous` steps for the NeuralInputs' and NeuralOutputs' derived fields.
 *
 * As the PMML 4.4 "Neural Network" page says and jpmml-evaluator computes:
 *
 * - Each NeuralInput is a DerivedField of one field: FieldRef (the value as a number), NormContinuous
 *   (piecewise linear), NormDiscrete (1 when the field has the value, else 0). A missing input makes
 *   every output missing (the model's default result).
 * - Each NeuralLayer's neurons read the previous layer (the NeuralInputs for the first): Σ weight·input in
 *   the order of the Con elements, plus the bias, through the layer's activationFunction (else the
 *   network's; threshold with the layer's or the network's threshold, default 0), then the layer's
 *   normalizationMethod (else the network's, default none). radialBasis: Σ (input − weight)² over every
 *   input, divided by −2·width² (the neuron's width, else the layer's, else the network's), plus
 *   ln(altitude)·(number of inputs) when the altitude (the layer's, else the network's, default 1) is
 *   not 1, exponentiated; biases are not used. Connections from anything but the previous layer are
 *   refused.
 * - NeuralOutputs: regression reads the neuron of the target's NeuralOutput, through the inverse of its
 *   NormContinuous (extrapolating the first and last segments) or as it is (FieldRef of the target);
 *   classification reads one neuron per category (NormDiscrete of the target with the category as
 *   value): the neurons' values are the probabilities, and the label is the category of the largest (the
 *   first one, in the output layer's order, on a tie).
 */
import type { Expr, ExprConst } from "../../../src/ir/ops/expr.js";
import type { Activation, NeuralLayer, NeuralNetworkParams, NeuralOutput, Normalization } from "../../../src/ir/ops/neural-network.js";
import type { NormContinuousParams } from "../../../src/ir/ops/norm-continuous.js";
import { exprKindOf, labelTypeOf, realOf, sameCategory } from "../fields.js";
import type { ModelReader, ModelScope } from "../model.js";
import { child, children, type XmlElement } from "../xml.js";
import { labelValue, parseNumber, typedConst } from "./values.js";

function attrNumber(scope: ModelScope, e: XmlElement, attr: string): number | undefined {
  const text = e.attrs[attr];
  return text === undefined ? undefined : parseNumber(scope, e, attr, text);
}

/** The LinearNorm points of a NormContinuous. */
function linearNorms(scope: ModelScope, e: XmlElement): { orig: number; norm: number }[] {
  const points = children(e, "LinearNorm").map((l) => ({ orig: parseNumber(scope, l, "orig", l.attrs.orig), norm: parseNumber(scope, l, "norm", l.attrs.norm) }));
  if (points.length < 2) scope.fail(e, "NormContinuous needs at least two LinearNorm elements");
  return points;
}

/** The expression of a DerivedField (its single expression child). */
function expressionOf(scope: ModelScope, derived: XmlElement | undefined, where: XmlElement): XmlElement {
  if (derived === undefined) return scope.fail(where, "DerivedField is missing");
  const e = derived.children.find((c) => c.name !== "Extension" && c.name !== "Value");
  if (e === undefined) return scope.fail(derived, "DerivedField without an expression");
  return e;
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** A NeuralInput's value as a numeric column. */
function inputColumn(scope: ModelScope, model: XmlElement, neuralInput: XmlElement): string {
  const id = neuralInput.attrs.id ?? "?";
  const e = expressionOf(scope, child(neuralInput, "DerivedField"), neuralInput);
  if (e.name !== "FieldRef" && e.name !== "NormContinuous" && e.name !== "NormDiscrete") return scope.fail(e, `NeuralInput ${id}: a DerivedField with ${e.name} is not supported`);
  const field = e.attrs.field;
  if (field === undefined) return scope.fail(e, `${e.name} without a field`);
  const column = scope.column(field, e);
  const t = scope.typeOf(column);
  const kind = exprKindOf(t);
  switch (e.name) {
    case "FieldRef": {
      if (kind === null || kind === "string") return scope.fail(e, `NeuralInput ${id}: field "${field}" is not a number`);
      if (e.attrs.mapMissingTo === undefined && kind !== "boolean") return column;
      const x: Expr = e.attrs.mapMissingTo === undefined ? { op: "input", index: 0 } : { op: "input", index: 0, mapMissingTo: typedConst(scope, e, t, e.attrs.mapMissingTo) };
      const [col] = scope.builder.add("expr", [column], [`NeuralInput:${id}`], { expr: x, type: "double" }, model);
      return col!;
    }
    case "NormContinuous": {
      if (kind === null || kind === "string" || kind === "boolean") return scope.fail(e, `NeuralInput ${id}: field "${field}" is not a number`);
      const outliers = e.attrs.outliers ?? "asIs";
      if (outliers !== "asIs" && outliers !== "asMissingValues" && outliers !== "asExtremeValues") return scope.fail(e, `outliers="${outliers}" is not supported`);
      const params: NormContinuousParams = { points: linearNorms(scope, e), outliers, mapMissingTo: e.attrs.mapMissingTo === undefined ? null : parseNumber(scope, e, "mapMissingTo", e.attrs.mapMissingTo) };
      const [col] = scope.builder.add("normContinuous", [column], [`NeuralInput:${id}`], params, model);
      return col!;
    }
    case "NormDiscrete": {
      const value = e.attrs.value;
      if (value === undefined) return scope.fail(e, "NormDiscrete without a value");
      if (kind === null) return scope.fail(e, `NeuralInput ${id}: field "${field}" cannot be compared with a value`);
      // a missing value gives mapMissingTo (else missing)
      const mapMissingTo: ExprConst | undefined = e.attrs.mapMissingTo === undefined ? undefined : { op: "const", type: "double", value: realOf(parseNumber(scope, e, "mapMissingTo", e.attrs.mapMissingTo)) };
      const expr: Expr = {
        op: "apply",
        fn: "if",
        args: [
          { op: "apply", fn: "equal", args: [{ op: "input", index: 0 }, typedConst(scope, e, t, value)] },
          { op: "const", type: "double", value: 1 },
          { op: "const", type: "double", value: 0 },
        ],
        ...(mapMissingTo === undefined ? {} : { mapMissingTo }),
      };
      const [col] = scope.builder.add("expr", [column], [`NeuralInput:${id}`], { expr, type: "double" }, model);
      return col!;
    }
    default:
      return scope.fail(e, `NeuralInput ${id}: a DerivedField with ${e.name} is not supported`);
  }
}

// ---------------------------------------------------------------------------------------------
// Layers

const SIMPLE_ACTIVATIONS: Record<string, Activation["fn"]> = {
  logistic: "logistic",
  tanh: "tanh",
  identity: "identity",
  exponential: "exponential",
  reciprocal: "reciprocal",
  square: "square",
  Gauss: "gauss",
  sine: "sine",
  cosine: "cosine",
  Elliott: "elliott",
  arctan: "arctan",
  rectifier: "rectifier",
};

function normalizationOf(scope: ModelScope, where: XmlElement, method: string): Normalization {
  if (method === "none" || method === "simplemax" || method === "softmax") return method;
  return scope.fail(where, `normalizationMethod="${method}" is not supported`);
}

/** One NeuralLayer over the previous layer's entities (ids in order). */
function readLayer(scope: ModelScope, network: XmlElement, layer: XmlElement, previous: string[]): { layer: NeuralLayer; ids: string[] } {
  const neurons = children(layer, "Neuron");
  if (neurons.length === 0) scope.fail(layer, "NeuralLayer without neurons");
  const fnName = layer.attrs.activationFunction ?? network.attrs.activationFunction;
  if (fnName === undefined) scope.fail(layer, "no activationFunction (neither the layer's nor the network's)");
  const position = new Map(previous.map((id, i) => [id, i]));
  const ids: string[] = [];
  const weights: number[][] = [];
  const biases: number[] = [];
  for (const n of neurons) {
    const id = n.attrs.id;
    if (id === undefined) scope.fail(n, "Neuron without an id");
    ids.push(id);
    const row = new Array<number>(previous.length).fill(0);
    const seen = new Set<number>();
    for (const con of children(n, "Con")) {
      const from = con.attrs.from;
      if (from === undefined) scope.fail(con, "Con without a from");
      const i = position.get(from);
      if (i === undefined) scope.fail(n, `Neuron ${id}: a connection from "${from}", which is not in the previous layer, is not supported`);
      const w = parseNumber(scope, con, "weight", con.attrs.weight);
      if (seen.has(i) && fnName === "radialBasis") scope.fail(n, `Neuron ${id}: two connections from "${from}" in a radialBasis layer are not supported`);
      seen.add(i);
      row[i] = row[i]! + w;
    }
    if (fnName === "radialBasis" && seen.size !== previous.length) scope.fail(n, `Neuron ${id}: a radialBasis neuron must read every input of its layer`);
    weights.push(row);
    biases.push(fnName === "radialBasis" ? 0 : (attrNumber(scope, n, "bias") ?? 0));
  }
  let activation: Activation;
  if (fnName === "threshold") {
    activation = { fn: "threshold", threshold: attrNumber(scope, layer, "threshold") ?? attrNumber(scope, network, "threshold") ?? 0 };
  } else if (fnName === "radialBasis") {
    const layerWidth = attrNumber(scope, layer, "width") ?? attrNumber(scope, network, "width");
    const altitude = attrNumber(scope, layer, "altitude") ?? attrNumber(scope, network, "altitude") ?? 1;
    const widths = neurons.map((n) => {
      const w = attrNumber(scope, n, "width") ?? layerWidth;
      if (w === undefined) return scope.fail(n, "radialBasis neuron without a width (neither its own, the layer's nor the network's)");
      const a = attrNumber(scope, n, "altitude");
      // jpmml-evaluator reads the layer's or the network's altitude only
      if (a !== undefined && a !== altitude) scope.fail(n, "a neuron's own altitude is not supported");
      return w;
    });
    activation = { fn: "radialBasis", widths, altitudes: neurons.map(() => altitude) };
  } else {
    const fn = SIMPLE_ACTIVATIONS[fnName!];
    if (fn === undefined) return scope.fail(layer, `activationFunction="${fnName}" is not supported`);
    activation = { fn } as Activation;
  }
  const method = layer.attrs.normalizationMethod ?? network.attrs.normalizationMethod ?? "none";
  return { layer: { weights, biases, activation, normalization: normalizationOf(scope, layer, method) }, ids };
}

// ---------------------------------------------------------------------------------------------
// The reader

export const readNeuralNetwork: ModelReader = (model, scope) => {
  const functionName = model.attrs.functionName ?? "";
  if (functionName !== "regression" && functionName !== "classification") return scope.fail(model, `functionName="${functionName}" is not supported`);
  if (model.attrs.mathContext === "float" || model.attrs["x-mathContext"] === "float") scope.fail(model, 'mathContext="float" is not supported');
  const inputsElement = child(model, "NeuralInputs");
  if (inputsElement === undefined) return scope.fail(model, "NeuralInputs is missing");
  const neuralInputs = children(inputsElement, "NeuralInput");
  if (neuralInputs.length === 0) return scope.fail(inputsElement, "no NeuralInput");
  const columns = neuralInputs.map((ni) => inputColumn(scope, model, ni));
  let previous = neuralInputs.map((ni) => {
    if (ni.attrs.id === undefined) scope.fail(ni, "NeuralInput without an id");
    return ni.attrs.id;
  });
  const layerElements = children(model, "NeuralLayer");
  if (layerElements.length === 0) return scope.fail(model, "no NeuralLayer");
  const layers: NeuralLayer[] = [];
  for (const le of layerElements) {
    const r = readLayer(scope, model, le, previous);
    layers.push(r.layer);
    previous = r.ids;
  }
  const outputIds = previous;

  const outputsElement = child(model, "NeuralOutputs");
  if (outputsElement === undefined) return scope.fail(model, "NeuralOutputs is missing");
  const target = scope.target;
  if (target === null) return scope.fail(model, "a NeuralNetwork needs a target field");
  const neuralOutputs = children(outputsElement, "NeuralOutput").map((no) => {
    const neuron = no.attrs.outputNeuron;
    if (neuron === undefined) return scope.fail(no, "NeuralOutput without an outputNeuron");
    const index = outputIds.indexOf(neuron);
    if (index < 0) return scope.fail(no, `outputNeuron "${neuron}" is not a neuron of the last layer`);
    const e = expressionOf(scope, child(no, "DerivedField"), no);
    return { element: no, index, expression: e };
  });
  const ofTarget = neuralOutputs.filter((o) => o.expression.attrs.field === target.name);
  const params: NeuralNetworkParams = { layers, missing: "null", outputs: [] };

  if (functionName === "regression") {
    if (ofTarget.length !== 1) return scope.fail(outputsElement, `a regression needs one NeuralOutput of the target "${target.name}", found ${ofTarget.length}`);
    const out = ofTarget[0]!;
    params.outputs = [{ kind: "values", index: out.index }];
    const [value] = scope.builder.add("neuralNetwork", columns, [`NeuralNetwork:neuron(${outputIds[out.index]})`], params, model);
    const e = out.expression;
    if (e.name === "FieldRef") return { functionName, predicted: value!, features: new Map() };
    if (e.name !== "NormContinuous") return scope.fail(e, `a NeuralOutput with ${e.name} is not supported`);
    const outliers = e.attrs.outliers ?? "asIs";
    if (outliers !== "asIs") return scope.fail(e, `the inverse of a NormContinuous with outliers="${outliers}" is not supported`);
    const points = linearNorms(scope, e).map((p) => ({ orig: p.norm, norm: p.orig }));
    if (!points.every((p, i) => i === 0 || p.orig > points[i - 1]!.orig)) return scope.fail(e, "the inverse of a NormContinuous whose norm values are not strictly ascending is not supported");
    const denorm: NormContinuousParams = { points, outliers: "asIs", mapMissingTo: null };
    const [predicted] = scope.builder.add("normContinuous", [value!], ["NeuralNetwork:predicted"], denorm, e);
    return { functionName, predicted: predicted!, features: new Map() };
  }

  // classification: one neuron per category, in the last layer's order
  if (target.values.length < 2) return scope.fail(model, `the target "${target.name}" needs at least two categories (Value elements)`);
  const labelType = labelTypeOf(target);
  const categoryOf = new Array<string | undefined>(outputIds.length).fill(undefined);
  for (const o of ofTarget) {
    if (o.expression.name !== "NormDiscrete") return scope.fail(o.expression, `a classifier's NeuralOutput with ${o.expression.name} is not supported`);
    const value = o.expression.attrs.value;
    if (value === undefined) return scope.fail(o.expression, "NormDiscrete without a value");
    if (categoryOf[o.index] !== undefined) return scope.fail(o.element, `neuron "${outputIds[o.index]}" is the output of two categories`);
    categoryOf[o.index] = value;
  }
  if (ofTarget.length !== neuralOutputs.length) return scope.fail(outputsElement, "NeuralOutputs of other fields than the target are not supported");
  const missing = categoryOf.findIndex((c) => c === undefined);
  if (missing >= 0) return scope.fail(outputsElement, `neuron "${outputIds[missing]}" of the last layer is not the output of a category`);
  const order = ofTarget.map((o) => o.index);
  if (order.some((v, i) => v !== i)) return scope.fail(outputsElement, "NeuralOutputs in another order than the last layer's neurons are not supported");
  const labels = categoryOf.map((c) => labelValue(scope, outputsElement, c!));
  params.labels = labels;
  params.labelType = labelType;
  params.decision = { kind: "argmax", of: "values" };
  params.outputs = [{ kind: "label" }, ...labels.map((_, i): NeuralOutput => ({ kind: "values", index: i }))];
  const cols = scope.builder.add("neuralNetwork", columns, ["NeuralNetwork:predicted", ...categoryOf.map((c) => `NeuralNetwork:probability(${c})`)], params, model);
  const probabilities = new Map<string, string>();
  for (const c of target.values) {
    const i = categoryOf.findIndex((x) => sameCategory(target, x!, c));
    if (i >= 0) probabilities.set(c, cols[i + 1]!);
  }
  // categories of the NeuralOutputs that the DataField does not list
  categoryOf.forEach((c, i) => {
    if (![...probabilities.keys()].some((k) => sameCategory(target, k, c!))) probabilities.set(c!, cols[i + 1]!);
  });
  // entityId: the id of the winning category's output neuron
  const labelKind = labelType === "string" ? "string" : labelType === "int" ? "int" : "double";
  let entity: Expr = { op: "const", type: "string", value: null };
  for (let i = labels.length - 1; i >= 0; i--) {
    const label: ExprConst = { op: "const", type: labelKind, value: labels[i]! };
    entity = { op: "apply", fn: "if", args: [{ op: "apply", fn: "equal", args: [{ op: "input", index: 0 }, label] }, { op: "const", type: "string", value: outputIds[i]! }, entity] };
  }
  const [entityId] = scope.builder.add("expr", [cols[0]!], ["NeuralNetwork:entityId"], { expr: entity, type: "string" }, model);
  return { functionName, predicted: cols[0]!, probabilities, features: new Map([["entityId", entityId!]]) };
};
