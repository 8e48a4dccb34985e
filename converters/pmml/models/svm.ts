/**
 * PMML SupportVectorMachineModel: the IR's `svm` (its header documents the mapping), with `expr` steps
 * for categorical vector fields and for the vote probabilities.
 *
 * As the PMML 4.4 "Support Vector Machine" page says and jpmml-evaluator computes:
 *
 * - The input vector is the VectorFields in order: a FieldRef's value (a number), a CategoricalPredictor's
 *   1 when its field has its value, else 0 (its coefficient must be 1). A missing value refuses the row.
 * - Each SupportVectorMachine's decision value is Σ coefficient·K(x, support vector) + absoluteValue
 *   (the Coefficients' absoluteValue), with the model's kernel: linear x·y, polynomial
 *   (gamma x·y + coef0)^degree, radial basis exp(−gamma ‖x − y‖²), sigmoid tanh(gamma x·y + coef0)
 *   (gamma, coef0 and degree default to 1). svmRepresentation="Coefficients": one coefficient per
 *   vector field, Σ coefficient·x + absoluteValue (the linear kernel only).
 * - regression: the one machine's value.
 * - classificationMethod OneAgainstAll: one machine per category (its targetCategory); the smallest
 *   value wins, or the largest with maxWins="true". OneAgainstOne: each machine votes for its
 *   targetCategory when its value is below its threshold (else the model's, default 0), otherwise for
 *   its alternateTargetCategory; the most votes win (ties: the tied category that got a vote first);
 *   a category's probability is its votes over the number of machines. With the model's
 *   alternateBinaryTargetCategory (one machine): the value rounded half up is 1 for the targetCategory
 *   (probability 1), 0 for the alternate, and anything else refuses the row. Without a
 *   classificationMethod, the method is OneAgainstOne when the first machine has an
 *   alternateTargetCategory (or the model an alternateBinaryTargetCategory), else OneAgainstAll, as
 *   jpmml-evaluator infers it for older producers that left the attribute out.
 */
import type { Expr, ExprConst } from "../../../src/ir/ops/expr.js";
import type { LabelType } from "../../../src/ir/ops/model-util.js";
import type { SvmKernel, SvmMachine, SvmMode, SvmParams } from "../../../src/ir/ops/svm.js";
import { exprKindOf, labelTypeOf, sameCategory } from "../fields.js";
import type { ModelReader, ModelScope } from "../model.js";
import { child, children, parseArray, type XmlElement } from "../xml.js";
import { labelValue, parseNumber, typedConst } from "./values.js";

function attrNumber(scope: ModelScope, e: XmlElement, attr: string, def: number): number {
  const text = e.attrs[attr];
  return text === undefined ? def : parseNumber(scope, e, attr, text);
}

// ---------------------------------------------------------------------------------------------
// Vectors

/** The numbers of an Array (types real and int) or a REAL-SparseArray / INT-SparseArray of `n` elements. */
function readVector(scope: ModelScope, instance: XmlElement, n: number): number[] {
  const dense = instance.children.find((c) => c.name === "Array" || c.name === "REAL-ARRAY" || c.name === "NUM-ARRAY" || c.name === "INT-ARRAY");
  const sparse = instance.children.find((c) => c.name === "REAL-SparseArray" || c.name === "INT-SparseArray");
  if ((dense === undefined) === (sparse === undefined)) return scope.fail(instance, "a VectorInstance needs one array (dense or sparse)");
  let values: number[];
  if (dense !== undefined) values = parseArray(dense).map((v) => parseNumber(scope, dense, "an array element", v));
  else {
    const s = sparse!;
    const size = s.attrs.n === undefined ? n : parseNumber(scope, s, "n", s.attrs.n);
    // Checked before anything is allocated: n comes from the document.
    if (size !== n) return scope.fail(s, `n="${s.attrs.n ?? ""}": the vector has ${size} elements, the VectorFields ${n}`);
    values = new Array<number>(size).fill(attrNumber(scope, s, "defaultValue", 0));
    const indices = child(s, "Indices");
    const entries = child(s, "REAL-Entries") ?? child(s, "INT-Entries");
    const idx = indices === undefined ? [] : parseArray(indices).map((v) => parseNumber(scope, indices, "an index", v));
    const vals = entries === undefined ? [] : parseArray(entries).map((v) => parseNumber(scope, entries, "an entry", v));
    if (idx.length !== vals.length) return scope.fail(s, "the sparse array has not as many entries as indices");
    idx.forEach((i, k) => {
      if (!Number.isInteger(i) || i < 1 || i > size) scope.fail(s, `index ${i} is outside the array`);
      values[i - 1] = vals[k]!;
    });
  }
  if (values.length !== n) return scope.fail(instance, `the vector has ${values.length} elements, the VectorFields ${n}`);
  return values;
}

/** The kernel element of the model. */
function readKernel(scope: ModelScope, model: XmlElement): SvmKernel {
  const k = model.children.find((c) => c.name.endsWith("KernelType"));
  if (k === undefined) return scope.fail(model, "no kernel (LinearKernelType, PolynomialKernelType, RadialBasisKernelType or SigmoidKernelType)");
  switch (k.name) {
    case "LinearKernelType":
      return { kind: "linear" };
    case "PolynomialKernelType":
      return { kind: "poly", gamma: attrNumber(scope, k, "gamma", 1), coef0: attrNumber(scope, k, "coef0", 1), degree: attrNumber(scope, k, "degree", 1) };
    case "RadialBasisKernelType":
      return { kind: "rbf", gamma: attrNumber(scope, k, "gamma", 1) };
    case "SigmoidKernelType":
      return { kind: "sigmoid", gamma: attrNumber(scope, k, "gamma", 1), coef0: attrNumber(scope, k, "coef0", 1) };
    default:
      return scope.fail(k, "this kernel is not supported");
  }
}

// ---------------------------------------------------------------------------------------------
// The reader

export const readSupportVectorMachineModel: ModelReader = (model, scope) => {
  const functionName = model.attrs.functionName ?? "";
  if (functionName !== "regression" && functionName !== "classification") return scope.fail(model, `functionName="${functionName}" is not supported`);
  if (model.attrs.mathContext === "float" || model.attrs["x-mathContext"] === "float") scope.fail(model, 'mathContext="float" is not supported');
  const representation = model.attrs.svmRepresentation ?? "SupportVectors";
  if (representation !== "SupportVectors" && representation !== "Coefficients") return scope.fail(model, `svmRepresentation="${representation}" is not supported`);
  const kernel = readKernel(scope, model);
  if (representation === "Coefficients" && kernel.kind !== "linear") return scope.fail(model, 'svmRepresentation="Coefficients" with a kernel other than the linear one is not supported');

  // The input vector
  const dictionary = child(model, "VectorDictionary");
  if (dictionary === undefined) return scope.fail(model, "VectorDictionary is missing");
  const vectorFields = child(dictionary, "VectorFields");
  if (vectorFields === undefined) return scope.fail(dictionary, "VectorFields is missing");
  const features: string[] = [];
  for (const f of vectorFields.children) {
    if (f.name === "Extension") continue;
    const field = f.name === "FieldRef" ? f.attrs.field : f.name === "CategoricalPredictor" ? f.attrs.name : undefined;
    if (field === undefined) return scope.fail(f, f.name === "FieldRef" || f.name === "CategoricalPredictor" ? `${f.name} without a field` : `${f.name} in VectorFields is not supported`);
    const column = scope.column(field, f);
    const t = scope.typeOf(column);
    const kind = exprKindOf(t);
    if (f.name === "FieldRef") {
      if (kind === null || kind === "string") return scope.fail(f, `vector field "${field}" is not a number`);
      if (kind === "boolean" || f.attrs.mapMissingTo !== undefined) {
        const x: Expr = f.attrs.mapMissingTo === undefined ? { op: "input", index: 0 } : { op: "input", index: 0, mapMissingTo: typedConst(scope, f, t, f.attrs.mapMissingTo) };
        const [col] = scope.builder.add("expr", [column], [`SupportVectorMachine:${field}`], { expr: x, type: "double" }, f);
        features.push(col!);
      } else features.push(column);
      continue;
    }
    const value = f.attrs.value;
    if (value === undefined) return scope.fail(f, "CategoricalPredictor without a value");
    if (attrNumber(scope, f, "coefficient", 1) !== 1) return scope.fail(f, "a CategoricalPredictor's coefficient other than 1 is not supported");
    if (kind === null) return scope.fail(f, `field "${field}" cannot be compared with a value`);
    const expr: Expr = {
      op: "apply",
      fn: "if",
      args: [
        { op: "apply", fn: "equal", args: [{ op: "input", index: 0 }, typedConst(scope, f, t, value)] },
        { op: "const", type: "double", value: 1 },
        { op: "const", type: "double", value: 0 },
      ],
    };
    const [col] = scope.builder.add("expr", [column], [`SupportVectorMachine:${field}=${value}`], { expr, type: "double" }, f);
    features.push(col!);
  }
  const width = features.length;
  if (width === 0) return scope.fail(vectorFields, "no vector fields");

  // Support vectors
  const supportVectors: number[][] = [];
  const vectorIndex = new Map<string, number>();
  if (representation === "SupportVectors") {
    for (const inst of children(dictionary, "VectorInstance")) {
      const id = inst.attrs.id;
      if (id === undefined) return scope.fail(inst, "VectorInstance without an id");
      vectorIndex.set(id, supportVectors.length);
      supportVectors.push(readVector(scope, inst, width));
    }
  }

  // Machines
  const machineElements = children(model, "SupportVectorMachine");
  if (machineElements.length === 0) return scope.fail(model, "no SupportVectorMachine");
  const modelThreshold = attrNumber(scope, model, "threshold", 0);
  const machines: SvmMachine[] = machineElements.map((m) => {
    const coefficientsElement = child(m, "Coefficients");
    if (coefficientsElement === undefined) return scope.fail(m, "Coefficients is missing");
    const coefficients = children(coefficientsElement, "Coefficient").map((c) => attrNumber(scope, c, "value", 0));
    const intercept = attrNumber(scope, coefficientsElement, "absoluteValue", 0);
    const threshold = attrNumber(scope, m, "threshold", modelThreshold);
    if (representation === "Coefficients") {
      if (coefficients.length !== width) return scope.fail(coefficientsElement, `${coefficients.length} coefficients for ${width} vector fields`);
      supportVectors.push(coefficients);
      return { vectors: [supportVectors.length - 1], coefficients: [1], intercept, threshold };
    }
    const svs = child(m, "SupportVectors");
    const ids = svs === undefined ? [] : children(svs, "SupportVector").map((sv) => sv.attrs.vectorId);
    if (ids.length !== coefficients.length) return scope.fail(m, `${ids.length} support vectors but ${coefficients.length} coefficients`);
    const vectors = ids.map((id) => {
      const i = id === undefined ? undefined : vectorIndex.get(id);
      if (i === undefined) return scope.fail(m, `support vector "${id}" is not in the VectorDictionary`);
      return i;
    });
    if (vectors.length === 0) {
      // no support vectors: the value is the absoluteValue (a zero vector with coefficient 0)
      supportVectors.push(new Array<number>(width).fill(0));
      return { vectors: [supportVectors.length - 1], coefficients: [0], intercept, threshold };
    }
    return { vectors, coefficients, intercept, threshold };
  });
  if (supportVectors.length === 0) return scope.fail(dictionary, "no VectorInstance");

  const params: SvmParams = { kernel, supportVectors, machines, mode: { kind: "regression" }, missing: "error", outputs: [] };
  if (functionName === "regression") {
    if (machines.length !== 1) return scope.fail(model, `a regression needs one SupportVectorMachine, found ${machines.length}`);
    params.outputs = [{ kind: "value" }];
    const [predicted] = scope.builder.add("svm", features, ["SupportVectorMachine:predicted"], params, model);
    return { functionName, predicted: predicted!, features: new Map() };
  }

  // classification
  const target = scope.target;
  if (target === null) return scope.fail(model, "a classifier needs a target field");
  const labelType = labelTypeOf(target);
  const alternateBinary = model.attrs.alternateBinaryTargetCategory;
  const targetCategories = machineElements.map((m) => {
    const c = m.attrs.targetCategory;
    if (c === undefined) return scope.fail(m, "SupportVectorMachine without a targetCategory");
    return c;
  });
  let method = model.attrs.classificationMethod;
  if (method === undefined) method = alternateBinary !== undefined || machineElements[0]!.attrs.alternateTargetCategory !== undefined ? "OneAgainstOne" : "OneAgainstAll";
  const maxWins = model.attrs.maxWins === "true";

  if (method === "OneAgainstAll") {
    for (const m of machineElements) if (m.attrs.alternateTargetCategory !== undefined) return scope.fail(m, "alternateTargetCategory with OneAgainstAll is not supported");
    for (let i = 0; i < targetCategories.length; i++)
      for (let j = 0; j < i; j++) if (sameCategory(target, targetCategories[i]!, targetCategories[j]!)) return scope.fail(machineElements[i]!, `two machines for category "${targetCategories[i]}"`);
    params.mode = { kind: "oneVsAll", maxWins };
    params.labels = targetCategories.map((c) => labelValue(scope, model, c));
    params.labelType = labelType;
    params.outputs = [{ kind: "label" }];
    const [predicted] = scope.builder.add("svm", features, ["SupportVectorMachine:predicted"], params, model);
    return { functionName, predicted: predicted!, features: new Map() };
  }
  if (method !== "OneAgainstOne") return scope.fail(model, `classificationMethod="${method}" is not supported`);

  if (alternateBinary !== undefined) {
    if (machines.length !== 1) return scope.fail(model, "alternateBinaryTargetCategory with more than one SupportVectorMachine is not supported");
    if (machineElements[0]!.attrs.alternateTargetCategory !== undefined) return scope.fail(machineElements[0]!, "alternateTargetCategory with the model's alternateBinaryTargetCategory is not supported");
    const labels = [targetCategories[0]!, alternateBinary];
    params.mode = { kind: "binaryRounded" };
    params.labels = labels.map((c) => labelValue(scope, model, c));
    params.labelType = labelType;
    params.outputs = [{ kind: "label" }];
    const [predicted] = scope.builder.add("svm", features, ["SupportVectorMachine:predicted"], params, model);
    // the winner's probability is 1
    const probabilities = new Map<string, string>();
    labels.forEach((c, i) => {
      const expr: Expr = {
        op: "apply",
        fn: "if",
        args: [{ op: "apply", fn: "equal", args: [{ op: "input", index: 0 }, labelConst(labelType, params.labels![i]!)] }, { op: "const", type: "double", value: 1 }, { op: "const", type: "double", value: 0 }],
      };
      const [col] = scope.builder.add("expr", [predicted!], [`SupportVectorMachine:probability(${c})`], { expr, type: "double" }, model);
      probabilities.set(c, col!);
    });
    return { functionName, predicted: predicted!, probabilities, features: new Map() };
  }

  // one machine per pair: the labels are the target's categories (then any other the machines name)
  const labels: string[] = [...target.values];
  const indexOf = (c: string): number => {
    let i = labels.findIndex((l) => sameCategory(target, l, c));
    if (i < 0) i = labels.push(c) - 1;
    return i;
  };
  machineElements.forEach((m, k) => {
    const alt = m.attrs.alternateTargetCategory;
    if (alt === undefined) scope.fail(m, "OneAgainstOne needs an alternateTargetCategory");
    machines[k]!.classes = [indexOf(targetCategories[k]!), indexOf(alt)];
  });
  const mode: SvmMode = { kind: "oneVsOne", rule: "below", ties: "firstVoted" };
  params.mode = mode;
  params.labels = labels.map((c) => labelValue(scope, model, c));
  params.labelType = labelType;
  params.outputs = [{ kind: "label" }, ...machines.map((_, i) => ({ kind: "decisions" as const, index: i }))];
  const cols = scope.builder.add("svm", features, ["SupportVectorMachine:predicted", ...machineElements.map((_, i) => `SupportVectorMachine:decision(${i + 1})`)], params, model);
  // a category's probability: its votes over the number of machines
  const decisions = cols.slice(1);
  const probabilities = new Map<string, string>();
  labels.forEach((c, ci) => {
    const votes: Expr[] = [];
    machines.forEach((m, k) => {
      const below: Expr = { op: "apply", fn: "lessThan", args: [{ op: "input", index: k }, { op: "const", type: "double", value: m.threshold! }] };
      if (m.classes![0] === ci) votes.push({ op: "apply", fn: "if", args: [below, { op: "const", type: "double", value: 1 }, { op: "const", type: "double", value: 0 }] });
      else if (m.classes![1] === ci) votes.push({ op: "apply", fn: "if", args: [below, { op: "const", type: "double", value: 0 }, { op: "const", type: "double", value: 1 }] });
    });
    const sum = votes.length === 0 ? ({ op: "const", type: "double", value: 0 } as Expr) : votes.slice(1).reduce<Expr>((a, b) => ({ op: "apply", fn: "+", args: [a, b] }), votes[0]!);
    const expr: Expr = { op: "apply", fn: "/", args: [sum, { op: "const", type: "double", value: machines.length }] };
    const [col] = scope.builder.add("expr", decisions, [`SupportVectorMachine:probability(${c})`], { expr, type: "double" }, model);
    probabilities.set(c, col!);
  });
  return { functionName, predicted: cols[0]!, probabilities, features: new Map() };
};

function labelConst(labelType: LabelType, v: string | number): ExprConst {
  if (labelType === "string") return { op: "const", type: "string", value: String(v) };
  return { op: "const", type: labelType === "double" ? "double" : labelType, value: v as number };
}
