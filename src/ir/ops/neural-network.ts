/**
 * neuralNetwork: a feed-forward stack of fully connected layers over the features (numbers and
 * vectors, concatenated). Each layer computes Z_j = Σ_i W[j][i] · h_i + b_j, applies its activation and
 * then its normalisation; the last layer's outputs are the values.
 *
 * - PMML NeuralNetwork: one layer per NeuralLayer (weights from the Con elements, 0 where a neuron has no
 *   connection to an input), the layer's activationFunction or the network's (threshold with its
 *   threshold, logistic, tanh, identity, exponential, reciprocal, square, Gauss, sine, cosine, Elliott,
 *   arctan, rectifier, radialBasis with width and altitude), the layer's normalizationMethod or the
 *   network's (none, simplemax, softmax; JPMML applies the network's to every layer without its own).
 *   NeuralInputs' derived fields and NeuralOutputs' NormContinuous are separate steps; for a classifier
 *   the output neurons' values are the probabilities, in the order of `labels`.
 * - Spark MultilayerPerceptronClassifier, MLeap multi_layer_perceptron_classifier: hidden layers
 *   logistic, the last layer identity with softmax; `raw` is Spark's rawPrediction (the last layer's Z),
 *   the values its probability; the label is argmax of raw, or argmaxScaled with thresholds.
 *
 * Activations of Z: threshold (Z > t ? 1 : 0), logistic 1 / (1 + e^-Z), tanh, identity, exponential
 * e^Z, reciprocal 1 / Z, square Z·Z, gauss e^-(Z·Z), sine, cosine, elliott Z / (1 + |Z|), arctan
 * 2 atan(Z) / π, rectifier max(0, Z) (NaN stays NaN). radialBasis ignores the biases: for neuron j with
 * width w_j and altitude a_j, Z_j = Σ_i (h_i - W[j][i])² and the output is
 * exp(Z_j / (-2 w_j²) + ln(a_j) · fanIn) (the altitude term only when a_j ≠ 1), as JPMML computes it.
 * Normalisations: simplemax y / Σ y, softmax exp(y - max) / Σ exp(y - max).
 */
import { defineOp, type LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, type IRType, vector } from "../types.js";
import { ARRAY_DOUBLE, doubleLiteral, ieeeGreater, pick } from "./common.js";
import {
  SharedValues,
  argmaxDecision,
  checkArgmaxDecision,
  checkFinite,
  decisionReadsValues,
  evaluateOrMissing,
  featureWidths,
  gatherFeatures,
  labelIRType,
  labelsCell,
  letChain,
  lowerArgmaxDecision,
  lowerElement,
  lowerFeatures,
  maybeNullable,
  outputsNullable,
  pfaPow,
  randomCoef,
  randomFeatureInputs,
  randomLabels,
  randomOutputs,
  randomThresholds,
  thresholdsCell,
  type ArgmaxDecision,
  type LabelType,
  type MissingMode,
  type ScoreOutput,
} from "./model-util.js";

export type Activation =
  | { fn: "logistic" | "tanh" | "identity" | "exponential" | "reciprocal" | "square" | "gauss" | "sine" | "cosine" | "elliott" | "arctan" | "rectifier" }
  | { fn: "threshold"; threshold: number }
  /** One width and one altitude per neuron. */
  | { fn: "radialBasis"; widths: number[]; altitudes: number[] };

export type Normalization = "none" | "simplemax" | "softmax";

export interface NeuralLayer {
  /** One row per neuron, one weight per input of the layer. */
  weights: number[][];
  /** One bias per neuron (unused by radialBasis; give zeros). */
  biases: number[];
  activation: Activation;
  normalization?: Normalization;
}

/** The label: argmax of the raw scores (the last layer's Z) or of the values, or Spark's argmaxScaled. */
export type NeuralDecision = ArgmaxDecision;

/** The last layer's Z (raw, before activation and normalisation) or its outputs (values), each a vector or one element, or the label. */
export type NeuralOutput = ScoreOutput;

export interface NeuralNetworkParams {
  layers: NeuralLayer[];
  labels?: (string | number)[];
  labelType?: LabelType;
  decision?: NeuralDecision;
  /** A missing input: the row is refused, or every output is missing (JPMML's default result). */
  missing: MissingMode;
  outputs: NeuralOutput[];
}

const NAME = "neuralNetwork";
const SIMPLE = ["logistic", "tanh", "identity", "exponential", "reciprocal", "square", "gauss", "sine", "cosine", "elliott", "arctan", "rectifier"];

function checkParams(p: NeuralNetworkParams, inputs: readonly IRType[]): number {
  if (inputs.length === 0) throw new Error(`${NAME}: no feature inputs`);
  if (p.layers.length === 0) throw new Error(`${NAME}: no layers`);
  let width = featureWidths(NAME, inputs).total;
  p.layers.forEach((layer, l) => {
    const n = layer.weights.length;
    if (n === 0) throw new Error(`${NAME}: layer ${l} has no neurons`);
    if (layer.biases.length !== n) throw new Error(`${NAME}: layer ${l} has ${n} neurons but ${layer.biases.length} biases`);
    layer.weights.forEach((row) => {
      if (row.length !== width) throw new Error(`${NAME}: layer ${l} takes ${row.length} inputs, the previous layer gives ${width}`);
      checkFinite(NAME, "weights", row);
    });
    checkFinite(NAME, "biases", layer.biases);
    const a = layer.activation;
    if (a.fn === "threshold") checkFinite(NAME, "thresholds", [a.threshold]);
    else if (a.fn === "radialBasis") {
      if (a.widths.length !== n || a.altitudes.length !== n) throw new Error(`${NAME}: layer ${l} needs one width and one altitude per neuron`);
      checkFinite(NAME, "widths and altitudes", [...a.widths, ...a.altitudes]);
    } else if (!SIMPLE.includes(a.fn)) throw new Error(`${NAME}: unknown activation function "${String(a.fn)}"`);
    if (layer.normalization !== undefined && !["none", "simplemax", "softmax"].includes(layer.normalization)) throw new Error(`${NAME}: unknown normalization "${layer.normalization}"`);
    width = n;
  });
  const d = p.decision;
  if (d !== undefined) checkArgmaxDecision(NAME, d, p.labels, p.labelType, { raw: width, values: width });
  if (p.outputs.length === 0) throw new Error(`${NAME}: no outputs`);
  for (const o of p.outputs) {
    if (o.kind === "label" && d === undefined) throw new Error(`${NAME}: a label output needs a decision`);
    if ((o.kind === "raw" || o.kind === "values") && o.index !== undefined && (o.index < 0 || o.index >= width)) throw new Error(`${NAME}: output index ${o.index} is out of range`);
    if (!["raw", "values", "label"].includes(o.kind)) throw new Error(`${NAME}: unknown output ${JSON.stringify(o)}`);
  }
  return width;
}

// ---------------------------------------------------------------------------------------------
// Reference evaluation

function activate(a: Activation, z: number): number {
  switch (a.fn) {
    case "threshold":
      return z > a.threshold ? 1 : 0;
    case "logistic":
      return 1 / (1 + Math.exp(-z));
    case "tanh":
      return Math.tanh(z);
    case "identity":
      return z;
    case "exponential":
      return Math.exp(z);
    case "reciprocal":
      return 1 / z;
    case "square":
      return z * z;
    case "gauss":
      return Math.exp(-(z * z));
    case "sine":
      return Math.sin(z);
    case "cosine":
      return Math.cos(z);
    case "elliott":
      return z / (1 + Math.abs(z));
    case "arctan":
      return (2 * Math.atan(z)) / Math.PI;
    case "rectifier":
      return z > 0 ? z : Number.isNaN(z) ? z : 0;
    case "radialBasis":
      throw new Error("radialBasis is computed per neuron");
  }
}

function normalize(n: Normalization | undefined, ys: number[]): number[] {
  if (n === "simplemax") {
    let s = 0;
    for (const y of ys) s += y;
    return ys.map((y) => y / s);
  }
  if (n === "softmax") {
    let max = -Infinity;
    for (const y of ys) max = Math.max(max, y);
    const e = ys.map((y) => Math.exp(y - max));
    let s = 0;
    for (const y of e) s += y;
    return e.map((y) => y / s);
  }
  return ys;
}

/** One layer: its Z (the linear combinations, or the radial sums) and its outputs. */
function layerForward(layer: NeuralLayer, h: readonly number[]): { z: number[]; out: number[] } {
  const a = layer.activation;
  if (a.fn === "radialBasis") {
    const z = layer.weights.map((row) => {
      let s = 0;
      for (let i = 0; i < h.length; i++) s += pfaPow(h[i]! - row[i]!, 2);
      return s;
    });
    const out = z.map((s, j) => {
      const w = a.widths[j]!;
      let v = s / (w * w * -2);
      if (a.altitudes[j] !== 1) v += Math.log(a.altitudes[j]!) * h.length;
      return Math.exp(v);
    });
    return { z, out: normalize(layer.normalization, out) };
  }
  const z = layer.weights.map((row, j) => {
    let s = 0;
    for (let i = 0; i < h.length; i++) s += row[i]! * h[i]!;
    return s + layer.biases[j]!;
  });
  return { z, out: normalize(layer.normalization, z.map((v) => activate(a, v))) };
}

// ---------------------------------------------------------------------------------------------
// Lowering

const ELEMENTWISE_LIB: Partial<Record<string, string>> = { logistic: "m.link.logit", tanh: "m.link.tanh", rectifier: "m.link.relu" };

/** PFA for an activation of the double symbol z. */
function lowerActivation(a: Activation, z: string): JsonValue {
  const one = doubleLiteral(1);
  switch (a.fn) {
    case "threshold":
      return { if: ieeeGreater(z, doubleLiteral(a.threshold)), then: one, else: doubleLiteral(0) };
    case "logistic":
      return { "m.link.logit": z };
    case "tanh":
      return { "m.tanh": z };
    case "identity":
      return z;
    case "exponential":
      return { "m.exp": z };
    case "reciprocal":
      return { "/": [one, z] };
    case "square":
      return { "*": [z, z] };
    case "gauss":
      return { "m.exp": { "u-": { "*": [z, z] } } };
    case "sine":
      return { "m.sin": z };
    case "cosine":
      return { "m.cos": z };
    case "elliott":
      return { "/": [z, { "+": [one, { "m.abs": z }] }] };
    case "arctan":
      return { "/": [{ "*": [doubleLiteral(2), { "m.atan": z }] }, doubleLiteral(Math.PI)] };
    case "rectifier":
      return { "m.link.relu": z };
    case "radialBasis":
      throw new Error("radialBasis is lowered per neuron");
  }
}

function activationFcn(ctx: LowerContext, a: Activation): JsonValue {
  const z = ctx.symbol("z");
  return { params: [{ [z]: "double" }], ret: "double", do: lowerActivation(a, z) };
}

/** An array(double) expression through the activation, element by element. */
function lowerArrayActivation(ctx: LowerContext, a: Activation, arr: JsonValue): JsonValue {
  if (a.fn === "identity") return arr;
  const lib = ELEMENTWISE_LIB[a.fn];
  return lib !== undefined ? { [lib]: arr } : { "a.map": [arr, activationFcn(ctx, a)] };
}

function lowerNormalization(ctx: LowerContext, n: Normalization | undefined, arr: JsonValue): JsonValue {
  if (n === "softmax") return { "m.link.softmax": arr };
  if (n === "simplemax") {
    const ys = ctx.symbol("ys");
    const s = ctx.symbol("sum");
    const y = ctx.symbol("y");
    return { do: [{ let: { [ys]: arr } }, { let: { [s]: { "a.sum": ys } } }, { "a.map": [ys, { params: [{ [y]: "double" }], ret: "double", do: { "/": [y, s] } }] }] };
  }
  return arr;
}

/** Whether the hidden layers fit model.neural.simpleLayers: one plain activation shared by all, no normalisation, no radial basis. */
function fitsSimpleLayers(p: NeuralNetworkParams): boolean {
  const hidden = p.layers.slice(0, -1);
  const last = p.layers[p.layers.length - 1]!;
  if (last.activation.fn === "radialBasis") return false;
  if (hidden.length === 0) return false;
  const a = JSON.stringify(hidden[0]!.activation);
  return hidden.every((l) => l.activation.fn !== "radialBasis" && JSON.stringify(l.activation) === a && (l.normalization ?? "none") === "none");
}

export const neuralNetwork = defineOp<NeuralNetworkParams>({
  name: NAME,
  summary: "feed-forward neural network: layers of weights, activations and normalisations",
  outputTypes(p, inputs) {
    const width = checkParams(p, inputs);
    const isNull = outputsNullable(p.missing, inputs);
    return p.outputs.map((o) =>
      maybeNullable(o.kind === "label" ? labelIRType(p.labelType!) : o.index === undefined ? vector(width) : DOUBLE, isNull),
    );
  },
  evaluate(p, values) {
    return evaluateOrMissing(NAME, p.missing, values, p.outputs.length, () => {
      let h = gatherFeatures(values)!;
      let z: number[] = [];
      for (const layer of p.layers) {
        const r = layerForward(layer, h);
        z = r.z;
        h = r.out;
      }
      const d = p.decision;
      const label = d === undefined ? null : p.labels![argmaxDecision(d, z, h)]!;
      return p.outputs.map((o) => (o.kind === "label" ? label : o.kind === "raw" ? (o.index === undefined ? z : z[o.index]!) : o.index === undefined ? h : h[o.index]!));
    });
  },
  lower(p, inputs, types, ctx) {
    const simple = fitsSimpleLayers(p);
    const nl = p.layers.length;
    // model.neural.simpleLayers reads layers as {weights, bias}; a layer on its own is model.reg.linear over {coeff, const}
    const layersCell = simple
      ? ctx.cell(
          "layers",
          {
            type: "array",
            items: {
              type: "record",
              name: ctx.typeName("Layer"),
              fields: [
                { name: "weights", type: { type: "array", items: ARRAY_DOUBLE } },
                { name: "bias", type: ARRAY_DOUBLE },
              ],
            },
          },
          p.layers.map((l) => ({ weights: l.weights, bias: l.biases })),
        )
      : null;
    const linearType = ctx.typeName("LayerWeights");
    const radialType = ctx.typeName("RadialNeuron");
    let linearDefined = false;
    let radialDefined = false;
    const layerCells = p.layers.map((l, i): string | null => {
      if (simple) return null;
      const a = l.activation;
      if (a.fn === "radialBasis") {
        const type: JsonValue = radialDefined
          ? { type: "array", items: radialType }
          : {
              type: "array",
              items: {
                type: "record",
                name: radialType,
                fields: [
                  { name: "center", type: ARRAY_DOUBLE },
                  { name: "width", type: "double" },
                  { name: "altitude", type: "double" },
                ],
              },
            };
        radialDefined = true;
        return ctx.cell(`layer${i + 1}`, type, l.weights.map((w, j) => ({ center: w, width: a.widths[j]!, altitude: a.altitudes[j]! })));
      }
      const type: JsonValue = linearDefined
        ? linearType
        : {
            type: "record",
            name: linearType,
            fields: [
              { name: "coeff", type: { type: "array", items: ARRAY_DOUBLE } },
              { name: "const", type: ARRAY_DOUBLE },
            ],
          };
      linearDefined = true;
      return ctx.cell(`layer${i + 1}`, type, { coeff: l.weights, const: l.biases });
    });
    const labels = p.decision !== undefined ? labelsCell(ctx, p.labels!, p.labelType!) : null;
    const thresholds = thresholdsCell(ctx, p.decision);

    /** The number of inputs of layer i. */
    const fanIn = (i: number): number => (i === 0 ? featureWidths(NAME, types).total : p.layers[i - 1]!.weights.length);
    /** Layer i's Z from the previous layer's outputs h: the linear combinations, or a radial-basis layer's sums of squares. */
    const layerZ = (i: number, h: string): JsonValue => {
      if (p.layers[i]!.activation.fn !== "radialBasis") return { "model.reg.linear": [h, { cell: layerCells[i]! }] };
      const n = ctx.symbol("neuron");
      const a = ctx.symbol("a");
      const b = ctx.symbol("b");
      const sumSq: JsonValue = { "a.sum": { "a.zipmap": [h, { attr: n, path: [["center"]] }, { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: { "**": [{ "-": [a, b] }, doubleLiteral(2)] } }] } };
      return { "a.map": [{ cell: layerCells[i]! }, { params: [{ [n]: radialType }], ret: "double", do: sumSq }] };
    };
    /** Layer i's outputs from its Z: the activation (a radial-basis neuron's, with its width and altitude), then the normalisation. */
    const layerOutputs = (i: number, z: JsonValue): JsonValue => {
      const layer = p.layers[i]!;
      if (layer.activation.fn !== "radialBasis") return lowerNormalization(ctx, layer.normalization, lowerArrayActivation(ctx, layer.activation, z));
      const s = ctx.symbol("z");
      const n = ctx.symbol("neuron");
      const width: JsonValue = { attr: n, path: [["width"]] };
      const altitude: JsonValue = { attr: n, path: [["altitude"]] };
      const scaled: JsonValue = { "/": [s, { "*": [{ "*": [width, width] }, doubleLiteral(-2)] }] };
      const out: JsonValue = { "m.exp": { if: { "!=": [altitude, doubleLiteral(1)] }, then: { "+": [scaled, { "*": [{ "m.ln": altitude }, doubleLiteral(fanIn(i))] }] }, else: scaled } };
      return lowerNormalization(ctx, layer.normalization, { "a.zipmap": [z, { cell: layerCells[i]! }, { params: [{ [s]: "double" }, { [n]: radialType }], ret: "double", do: out }] });
    };

    // the network once per row: the last layer's Z (raw), then its outputs (values) where an output reads them
    const d = p.decision;
    const shared = new SharedValues(ctx, NAME, p.missing, inputs, types);
    const raw = shared.fromInputs("raw", (xs) => {
      const steps: [string, (prev: string[]) => JsonValue][] = [["features", () => lowerFeatures(xs, types)]];
      if (simple) return letChain(ctx, steps, ([x]) => ({ "model.neural.simpleLayers": [x!, { cell: layersCell! }, activationFcn(ctx, p.layers[0]!.activation)] }));
      for (let i = 0; i < nl - 1; i++) steps.push([`layer${i + 1}`, (prev) => layerOutputs(i, layerZ(i, prev[prev.length - 1]!))]);
      return letChain(ctx, steps, (syms) => layerZ(nl - 1, syms[syms.length - 1]!));
    });
    const values = p.outputs.some((o) => o.kind === "values" || (o.kind === "label" && decisionReadsValues(d!))) ? shared.from("values", [raw], ([z]) => layerOutputs(nl - 1, z!)) : null;

    return p.outputs.map((o) => {
      switch (o.kind) {
        case "raw":
          return shared.output([raw], ([z]) => lowerElement(z!, o.index));
        case "values":
          return shared.output([values!], ([v]) => lowerElement(v!, o.index));
        case "label": {
          const dd = d!;
          const dep = decisionReadsValues(dd) ? values! : raw;
          return shared.output([dep], ([v]) => ({ cell: labels!, path: [lowerArgmaxDecision(ctx, dd, thresholds, v!, v!)] }));
        }
      }
    });
  },
  arbitrary(random) {
    const inputs = randomFeatureInputs(random, 4);
    let width = featureWidths(NAME, inputs).total;
    const nLayers = 1 + Math.floor(random() * 3);
    const acts: Activation["fn"][] = ["logistic", "tanh", "identity", "exponential", "reciprocal", "square", "gauss", "sine", "cosine", "elliott", "arctan", "rectifier", "threshold", "radialBasis"];
    const sparkLike = random() < 0.35;
    const shared = pick(random, acts);
    const layers: NeuralLayer[] = [];
    for (let l = 0; l < nLayers; l++) {
      const isLast = l === nLayers - 1;
      const n = 1 + Math.floor(random() * 4);
      const fn = sparkLike ? (isLast ? "identity" : "logistic") : random() < 0.5 ? shared : pick(random, acts);
      const activation: Activation =
        fn === "threshold"
          ? { fn, threshold: pick(random, [0, 0.5, -0.25]) }
          : fn === "radialBasis"
            ? { fn, widths: Array.from({ length: n }, () => pick(random, [0.5, 1, 2])), altitudes: Array.from({ length: n }, () => pick(random, [1, 1, 0.5, 2])) }
            : { fn };
      const layer: NeuralLayer = {
        weights: Array.from({ length: n }, () => Array.from({ length: width }, () => randomCoef(random))),
        biases: Array.from({ length: n }, () => randomCoef(random)),
        activation,
      };
      if (sparkLike ? isLast : random() < 0.3) layer.normalization = sparkLike ? "softmax" : pick(random, ["none", "simplemax", "softmax"] as const);
      layers.push(layer);
      width = n;
    }
    const p: NeuralNetworkParams = { layers, missing: pick(random, ["error", "null"] as const), outputs: [] };
    const dk = pick(random, ["argmax", "argmaxScaled", "none"] as const);
    if (dk === "argmax") p.decision = { kind: "argmax", of: pick(random, ["raw", "values"] as const) };
    if (dk === "argmaxScaled") p.decision = { kind: "argmaxScaled", thresholds: randomThresholds(random, width) };
    if (p.decision !== undefined) Object.assign(p, randomLabels(random, width));
    const outs: NeuralOutput[] = [{ kind: "values" }, { kind: "raw" }, { kind: "values", index: Math.floor(random() * width) }, { kind: "raw", index: Math.floor(random() * width) }];
    if (p.decision !== undefined) outs.push({ kind: "label" }, { kind: "label" });
    p.outputs = randomOutputs(random, outs);
    return { params: p, inputs };
  },
});
