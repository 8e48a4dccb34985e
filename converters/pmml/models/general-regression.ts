/**
 * PMML GeneralRegressionModel: every modelType through the IR's `linearModel` (its header documents
 * the mapping), with one `expr` column per predictor term.
 *
 * The semantics are the PMML 4.4 "General Regression" page's, as jpmml-evaluator (the reference
 * evaluator) computes them:
 *
 * - A Parameter that has PPCells is a term: the product of its factors (1 when the field's value equals
 *   the PPCell's value, else 0; for a factor with a contrast Matrix, the matrix element at the row of the
 *   field's category and the column of the PPCell's category, a category outside the Categories refusing
 *   the row) and of its covariates (the field's value raised to the PPCell's value, a power). When the
 *   factors' product is 0 the covariates are not read (a missing covariate then does not matter); a
 *   missing factor or covariate otherwise makes the prediction missing. A Parameter without PPCells is
 *   an intercept (beta × 1).
 * - regression, generalLinear: Σ beta·term (PCells without targetCategory).
 * - generalizedLinear: the inverse link of Σ beta·term + offset (offsetValue, or offsetVariable whose
 *   missing value refuses the row), times trials (trialsValue, or trialsVariable: an integer, a missing
 *   value refusing the row). As a classifier (two categories only): the first category, after the
 *   reference category (targetReferenceCategory, else the one category without PCells) is moved last,
 *   has probability link(Σ beta·term + offset), the other one minus that.
 * - multinomialLogistic: exp(Σ beta·term) per category, the reference category's being exp(0),
 *   normalised to sum 1 (a softmax over the scores with a zero row for the reference category).
 * - ordinalMultinomial: per category but the last, its one intercept PCell and the shared PCells
 *   (without targetCategory) give the cumulative link of the score + offset; the probabilities are the
 *   successive differences, the last category's 1 minus the last cumulative value.
 * - CoxRegression: the predicted value is the cumulative hazard H0(t)·exp(r − s), r = Σ beta·term,
 *   s = Σ beta·referencePoint, H0(t) the cumHazard of the BaselineCell with the largest time not above
 *   t = endTimeVariable (of the baselineStrataVariable's BaselineStratum; no such stratum: missing); 0
 *   when t is below the first time, missing when t is above maxTime. A missing endTimeVariable or
 *   strata value refuses the row.
 *
 * The classifier's label is the category with the largest probability (the first one on a tie, in the
 * order above). Refused: PPCells with a targetCategory, generalizedLinear classifiers with more than two
 * categories or with trials, CoxRegression with a startTimeVariable, x-mathContext="float".
 * (pmml4s predicts a Cox model's survival exp(−H) instead; jpmml-evaluator, followed here, the cumulative
 * hazard H.)
 */
import type { Expr, ExprConst } from "../../../src/ir/ops/expr.js";
import type { Link, LinearModelParams, LinearOutput, LinearTransform } from "../../../src/ir/ops/linear-model.js";
import type { LabelType } from "../../../src/ir/ops/model-util.js";
import { exprKindOf, labelTypeOf, realOf, sameCategory } from "../fields.js";
import type { ModelReader, ModelResult, ModelScope } from "../model.js";
import { child, children, parseArray, type XmlElement } from "../xml.js";
import { labelValue, parseNumber, typedConst } from "./values.js";

function attrNumber(scope: ModelScope, e: XmlElement, attr: string, def?: number): number {
  const text = e.attrs[attr];
  if (text === undefined) {
    if (def !== undefined) return def;
    return scope.fail(e, `attribute ${attr} is missing`);
  }
  return parseNumber(scope, e, attr, text);
}

const dbl = (value: number | null): ExprConst => ({ op: "const", type: "double", value: value === null ? null : realOf(value) });
const input = (index: number): Expr => ({ op: "input", index });
const apply = (fn: string, ...args: Expr[]): Expr => ({ op: "apply", fn, args });
/** An expression that refuses the row, saying why. */
const refuse = (reason: string): Expr => ({ op: "invalid", type: "double", reason: `GeneralRegressionModel: ${reason}` });

// ---------------------------------------------------------------------------------------------
// The model's structure

interface PCell {
  parameter: string;
  beta: number;
  /** The category as written, or null. */
  category: string | null;
}

interface Predictor {
  name: string;
  /** A factor's contrast matrix: its categories (rows, and columns in order) and rows. */
  contrast?: { categories: string[]; rows: number[][] };
}

function readPredictors(scope: ModelScope, list: XmlElement | undefined): Map<string, Predictor> {
  const out = new Map<string, Predictor>();
  if (list === undefined) return out;
  for (const p of children(list, "Predictor")) {
    const name = p.attrs.name ?? p.attrs.field;
    if (name === undefined) scope.fail(p, "Predictor without a name");
    const predictor: Predictor = { name };
    const matrix = child(p, "Matrix");
    if (matrix !== undefined) {
      const cats = child(p, "Categories");
      if (cats === undefined) scope.fail(p, "a contrast Matrix without Categories is not supported");
      const categories = children(cats, "Category").map((c) => {
        const v = c.attrs.value;
        if (v === undefined) scope.fail(c, "Category without a value");
        return v;
      });
      predictor.contrast = { categories, rows: readMatrix(scope, matrix) };
    }
    out.set(name, predictor);
  }
  return out;
}

/** A Matrix (kind "any": one Array per row; "diagonal" and "symmetric" are expanded; MatCell form). */
function readMatrix(scope: ModelScope, m: XmlElement): number[][] {
  const kind = m.attrs.kind ?? "any";
  const arrays = children(m, "Array");
  const cells = children(m, "MatCell");
  let rows: number[][];
  if (arrays.length > 0) {
    const parsed = arrays.map((a) => parseArray(a).map((v) => parseNumber(scope, m, "a Matrix element", v)));
    if (kind === "diagonal") {
      const d = parsed[0] ?? [];
      rows = d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));
    } else if (kind === "symmetric") {
      const n = parsed.length;
      rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j <= i ? parsed[i]![j]! : parsed[j]![i]!)));
    } else rows = parsed;
  } else {
    const nr = attrNumber(scope, m, "nbRows");
    const nc = attrNumber(scope, m, "nbCols");
    const off = m.attrs.offDiagDefault === undefined ? null : parseNumber(scope, m, "offDiagDefault", m.attrs.offDiagDefault);
    const diag = m.attrs.diagDefault === undefined ? null : parseNumber(scope, m, "diagDefault", m.attrs.diagDefault);
    rows = Array.from({ length: nr }, (_, i) => Array.from({ length: nc }, (_, j) => ((i === j ? diag : off) ?? NaN)));
    for (const c of cells) {
      const r = attrNumber(scope, c, "row") - 1;
      const col = attrNumber(scope, c, "col") - 1;
      if (!(r >= 0 && r < nr && col >= 0 && col < nc)) scope.fail(c, "MatCell outside the matrix");
      rows[r]![col] = parseNumber(scope, c, "a MatCell value", c.text);
    }
  }
  for (const row of rows) for (const v of row) if (!Number.isFinite(v)) scope.fail(m, "the contrast Matrix has an element that is missing or not finite");
  return rows;
}

/** One predictor term (a Parameter with PPCells) as an expr step; returns its column. */
function buildTerm(scope: ModelScope, model: XmlElement, parameter: string, cells: XmlElement[], factors: Map<string, Predictor>, covariates: Map<string, Predictor>): string {
  const inputs: string[] = [];
  const ref = (column: string): Expr => {
    let i = inputs.indexOf(column);
    if (i < 0) i = inputs.push(column) - 1;
    return input(i);
  };
  const factorTerms: Expr[] = [];
  const covariateTerms: Expr[] = [];
  for (const cell of cells) {
    const name = cell.attrs.predictorName ?? cell.attrs.field;
    const value = cell.attrs.value;
    if (name === undefined || value === undefined) return scope.fail(cell, "PPCell needs predictorName and value");
    if (cell.attrs.targetCategory !== undefined) return scope.fail(cell, "PPCell with a targetCategory is not supported");
    const factor = factors.get(name);
    if (factor !== undefined) {
      const column = scope.column(name, cell);
      const t = scope.typeOf(column);
      const x = ref(column);
      if (factor.contrast === undefined) {
        factorTerms.push(apply("if", apply("equal", x, typedConst(scope, cell, t, value)), dbl(1), dbl(0)));
      } else {
        const { categories, rows } = factor.contrast;
        const col = categories.findIndex((c) => c === value);
        if (col < 0) return scope.fail(cell, `value "${value}" is not one of the Categories of factor "${name}"`);
        // the row of the field's category; a value outside the categories refuses the row
        let e: Expr = refuse(`the value of factor "${name}" is not one of its Categories`);
        for (let r = categories.length - 1; r >= 0; r--) {
          const element = rows[r]?.[col];
          if (element === undefined) return scope.fail(model, `the contrast Matrix of factor "${name}" has no element (${r + 1}, ${col + 1})`);
          e = apply("if", apply("equal", x, typedConst(scope, cell, t, categories[r]!)), dbl(element), e);
        }
        factorTerms.push(e);
      }
      continue;
    }
    if (covariates.has(name)) {
      const column = scope.column(name, cell);
      const t = scope.typeOf(column);
      const kind = exprKindOf(t);
      if (kind === null || kind === "string" || kind === "boolean") return scope.fail(cell, `covariate "${name}" is not a number`);
      const exponent = parseNumber(scope, cell, "the PPCell's value (an exponent)", value);
      const x = ref(column);
      covariateTerms.push(exponent === 1 ? x : { op: "apply", fn: "pow", args: [x, dbl(exponent)], invalidValueTreatment: "asIs" });
      continue;
    }
    return scope.fail(cell, `predictor "${name}" is neither in the FactorList nor in the CovariateList`);
  }
  // a covariate on its own is the field's value: the column itself
  if (factorTerms.length === 0 && covariateTerms.length === 1 && covariateTerms[0]!.op === "input") return inputs[0]!;
  // multiplied in order, from the factors' product (or 1.0), in doubles as jpmml-evaluator does
  const product = (terms: Expr[]): Expr => terms.slice(1).reduce((acc, t) => apply("*", acc, t), terms[0]!);
  let expr: Expr;
  if (covariateTerms.length === 0) expr = product(factorTerms);
  else if (factorTerms.length === 0) expr = product([dbl(1), ...covariateTerms]);
  else {
    const fp = product(factorTerms);
    // the covariates are read only when the factors' product is not 0
    expr = apply("if", apply("equal", fp, dbl(0)), dbl(0), product([fp, ...covariateTerms]));
  }
  const [col] = scope.builder.add("expr", inputs, [`GeneralRegression:term(${parameter})`], { expr, type: "double" }, model);
  return col!;
}

/** A column that is the field's value, refusing the row when it is missing (jpmml-evaluator's MissingValueException). */
function requiredColumn(scope: ModelScope, model: XmlElement, field: string, kind: "double" | "int"): string {
  const column = scope.column(field, model);
  const t = scope.typeOf(column);
  const k = exprKindOf(t);
  if (k === null || k === "string" || k === "boolean") return scope.fail(model, `field "${field}" is not a number`);
  const present: Expr = { op: "input", index: 0, mapMissingTo: { op: "const", type: k, value: 0 } };
  const value: Expr = kind === "int" ? { op: "cast", type: "int", arg: present } : present;
  const expr: Expr = t.kind === "nullable" ? apply("if", apply("isMissing", input(0)), refuse(`"${field}" is missing`), value) : value;
  const [col] = scope.builder.add("expr", [column], [`GeneralRegression:${field}`], { expr, type: kind }, model);
  return col!;
}

function linkOf(scope: ModelScope, model: XmlElement): Link {
  const fn = model.attrs.linkFunction;
  const param = (): number => attrNumber(scope, model, "linkParameter");
  switch (fn) {
    case undefined:
      return scope.fail(model, "generalizedLinear without a linkFunction");
    case "identity":
    case "cloglog":
    case "logc":
    case "logit":
    case "loglog":
    case "probit":
      return { fn };
    case "log":
      return { fn: "exp" };
    case "negbin":
      return { fn: "negbin", c: attrNumber(scope, model, "distParameter") };
    case "oddspower":
      return { fn: "oddspower", d: param() };
    case "power":
      return { fn: "power", p: param() };
    default:
      return scope.fail(model, `linkFunction="${fn}" is not supported`);
  }
}

function cumulativeLinkOf(scope: ModelScope, model: XmlElement): Link {
  const fn = model.attrs.cumulativeLink;
  switch (fn) {
    case "logit":
    case "probit":
    case "cloglog":
    case "loglog":
    case "cauchit":
      return { fn };
    case undefined:
      return scope.fail(model, "ordinalMultinomial without a cumulativeLink");
    default:
      return scope.fail(model, `cumulativeLink="${fn}" is not supported`);
  }
}

// ---------------------------------------------------------------------------------------------
// The reader

export const readGeneralRegressionModel: ModelReader = (model, scope) => {
  const modelType = model.attrs.modelType;
  const functionName = model.attrs.functionName ?? "";
  if (model.attrs.mathContext === "float" || model.attrs["x-mathContext"] === "float") scope.fail(model, 'mathContext="float" is not supported');
  if (!["regression", "generalLinear", "generalizedLinear", "multinomialLogistic", "ordinalMultinomial", "CoxRegression"].includes(modelType ?? "")) {
    return scope.fail(model, modelType === undefined ? "modelType is missing" : `modelType="${modelType}" is not supported`);
  }
  const classification = functionName === "classification";
  if (!classification && functionName !== "regression") return scope.fail(model, `functionName="${functionName}" is not supported`);
  const regressionTypes = ["regression", "generalLinear", "CoxRegression"];
  if (classification && regressionTypes.includes(modelType!)) return scope.fail(model, `modelType="${modelType}" cannot be a classifier`);
  if (!classification && ["multinomialLogistic", "ordinalMultinomial"].includes(modelType!)) return scope.fail(model, `modelType="${modelType}" needs functionName="classification"`);

  // Parameters, predictors, cells
  const parameterList = child(model, "ParameterList");
  if (parameterList === undefined) return scope.fail(model, "ParameterList is missing");
  const referencePoints = new Map<string, number>();
  for (const p of children(parameterList, "Parameter")) {
    if (p.attrs.name === undefined) scope.fail(p, "Parameter without a name");
    referencePoints.set(p.attrs.name, attrNumber(scope, p, "referencePoint", 0));
  }
  const factors = readPredictors(scope, child(model, "FactorList"));
  const covariates = readPredictors(scope, child(model, "CovariateList"));
  const ppMatrix = child(model, "PPMatrix");
  const ppCells = new Map<string, XmlElement[]>();
  for (const cell of ppMatrix === undefined ? [] : children(ppMatrix, "PPCell")) {
    const p = cell.attrs.parameterName;
    if (p === undefined) scope.fail(cell, "PPCell without a parameterName");
    const list = ppCells.get(p) ?? [];
    list.push(cell);
    ppCells.set(p, list);
  }
  const paramMatrix = child(model, "ParamMatrix");
  if (paramMatrix === undefined) return scope.fail(model, "ParamMatrix is missing");
  const pCells: PCell[] = children(paramMatrix, "PCell").map((c) => {
    const parameter = c.attrs.parameterName;
    if (parameter === undefined) scope.fail(c, "PCell without a parameterName");
    return { parameter, beta: attrNumber(scope, c, "beta"), category: c.attrs.targetCategory ?? null };
  });
  // PCells by target category (null: no targetCategory), in document order
  const byCategory = new Map<string | null, PCell[]>();
  for (const c of pCells) {
    const list = byCategory.get(c.category) ?? [];
    list.push(c);
    byCategory.set(c.category, list);
  }

  // The rows of the linear model: PCell lists, each a raw score.
  let rows: PCell[][];
  let transform: LinearTransform;
  let labels: string[] | null = null;
  let labelType: LabelType | null = null;
  const target = scope.target;

  const categoriesOf = (): string[] => {
    if (target === null) return scope.fail(model, "a classifier needs a target field");
    if (target.values.length < 2) return scope.fail(model, `the target "${target.name}" needs at least two categories (Value elements)`);
    labelType = labelTypeOf(target);
    return target.values;
  };
  const cellsOf = (category: string | null): PCell[] | undefined => {
    if (category === null) return byCategory.get(null);
    for (const [k, v] of byCategory) if (k !== null && sameCategory(target, k, category)) return v;
    return undefined;
  };
  /** The categories with the reference category moved last (multinomialLogistic, generalizedLinear). */
  const withReferenceLast = (categories: string[]): string[] => {
    let reference: string | undefined = model.attrs.targetReferenceCategory;
    if (reference === undefined) {
      const without = categories.filter((c) => cellsOf(c) === undefined);
      if (without.length !== 1) return scope.fail(model, "the reference category is not given (targetReferenceCategory) and is not the one category without PCells");
      reference = without[0]!;
    }
    const i = categories.findIndex((c) => sameCategory(target, c, reference));
    if (i < 0) return categories;
    return [...categories.slice(0, i), ...categories.slice(i + 1), categories[i]!];
  };
  for (const [k] of byCategory) {
    if (k === null) continue;
    if (!classification) return scope.fail(model, `PCell targetCategory "${k}" in a regression model is not supported`);
  }

  switch (modelType) {
    case "regression":
    case "generalLinear":
    case "CoxRegression": {
      const cells = byCategory.get(null);
      if (cells === undefined || byCategory.size !== 1) return scope.fail(paramMatrix, "the ParamMatrix must have PCells without targetCategory (one set)");
      rows = [cells];
      transform = { kind: "link", link: { fn: "identity" } };
      break;
    }
    case "generalizedLinear": {
      if (!classification) {
        const cells = byCategory.get(null);
        if (cells === undefined || byCategory.size !== 1) return scope.fail(paramMatrix, "the ParamMatrix must have PCells without targetCategory (one set)");
        rows = [cells];
        transform = { kind: "link", link: linkOf(scope, model) };
        break;
      }
      const categories = categoriesOf();
      if (categories.length !== 2) return scope.fail(model, `a generalizedLinear classifier with ${categories.length} categories is not supported (only two)`);
      labels = withReferenceLast(categories);
      const cells = cellsOf(labels[0]!) ?? byCategory.get(null);
      if (cells === undefined) return scope.fail(paramMatrix, `no PCells for category "${labels[0]}"`);
      rows = [cells];
      transform = { kind: "binary", link: linkOf(scope, model), position: 0 };
      break;
    }
    case "multinomialLogistic": {
      const categories = categoriesOf();
      labels = withReferenceLast(categories);
      rows = labels.slice(0, -1).map((c) => {
        const cells = cellsOf(c) ?? (labels!.length === 2 ? byCategory.get(null) : undefined);
        if (cells === undefined) return scope.fail(paramMatrix, `no PCells for category "${c}"`);
        return cells;
      });
      // the reference category's score is 0
      rows.push([]);
      transform = { kind: "softmax" };
      break;
    }
    case "ordinalMultinomial": {
      labels = categoriesOf();
      const shared = byCategory.get(null);
      if (shared === undefined) return scope.fail(paramMatrix, "ordinalMultinomial needs PCells without targetCategory (the shared parameters)");
      rows = labels.slice(0, -1).map((c) => {
        const intercept = cellsOf(c);
        if (intercept === undefined || intercept.length !== 1) return scope.fail(paramMatrix, `ordinalMultinomial needs exactly one PCell for category "${c}"`);
        return [...intercept, ...shared];
      });
      transform = { kind: "cumulative", link: cumulativeLinkOf(scope, model) };
      break;
    }
    default:
      return scope.fail(model, `modelType="${modelType}" is not supported`);
  }

  // The terms every row uses, in order of first use.
  const termColumns = new Map<string, string>();
  for (const row of rows)
    for (const c of row) {
      const cells = ppCells.get(c.parameter);
      if (cells !== undefined && !termColumns.has(c.parameter)) termColumns.set(c.parameter, buildTerm(scope, model, c.parameter, cells, factors, covariates));
    }
  const termNames = [...termColumns.keys()];
  const featureColumns = [...termColumns.values()];
  if (featureColumns.length === 0) {
    // an intercept-only model: one constant feature with weight 0
    const [zero] = scope.builder.add("expr", [], ["GeneralRegression:zero"], { expr: dbl(0), type: "double" }, model);
    featureColumns.push(zero!);
    termNames.push("");
  }
  const coefficients = rows.map((row) => {
    const w = new Array<number>(termNames.length).fill(0);
    for (const c of row) {
      const j = termNames.indexOf(c.parameter);
      if (j >= 0 && termColumns.has(c.parameter)) w[j] = w[j]! + c.beta;
    }
    return w;
  });
  const intercepts = rows.map((row) => row.filter((c) => !termColumns.has(c.parameter)).reduce((s, c) => s + c.beta, 0));

  const params: LinearModelParams = { coefficients, intercepts, transform, missing: "null", outputs: [] };
  const inputs = [...featureColumns];

  // offset and trials (generalizedLinear, ordinalMultinomial)
  if (modelType === "generalizedLinear" || modelType === "ordinalMultinomial") {
    if (model.attrs.offsetVariable !== undefined) {
      inputs.push(requiredColumn(scope, model, model.attrs.offsetVariable, "double"));
      params.offsetColumn = true;
    } else if (model.attrs.offsetValue !== undefined) params.offset = attrNumber(scope, model, "offsetValue");
  }
  if (modelType === "generalizedLinear") {
    const hasTrials = model.attrs.trialsVariable !== undefined || model.attrs.trialsValue !== undefined;
    if (hasTrials && classification) return scope.fail(model, "trials in a classifier are not supported");
    if (model.attrs.trialsVariable !== undefined) {
      inputs.push(requiredColumn(scope, model, model.attrs.trialsVariable, "int"));
      params.trialsColumn = true;
    } else if (model.attrs.trialsValue !== undefined) {
      const n = attrNumber(scope, model, "trialsValue");
      if (!Number.isInteger(n)) return scope.fail(model, `trialsValue="${model.attrs.trialsValue}" is not an integer`);
      params.trials = n;
    }
  }

  const features = new Map<string, string>();
  if (modelType === "CoxRegression") {
    params.outputs = [{ kind: "raw", index: 0 }];
    const [r] = scope.builder.add("linearModel", inputs, ["GeneralRegression:linearPredictor"], params, model);
    const predicted = coxHazard(scope, model, r!, pCells, referencePoints);
    return { functionName: "regression", predicted, features };
  }
  if (labels === null) {
    params.outputs = [{ kind: "values", index: 0 }];
    const [predicted] = scope.builder.add("linearModel", inputs, ["GeneralRegression:predicted"], params, model);
    return { functionName: "regression", predicted: predicted!, features };
  }
  const lt = labelType as LabelType | null;
  if (lt === null) return scope.fail(model, "internal error: no label type");
  params.labels = labels.map((c) => labelValue(scope, model, c));
  params.labelType = lt;
  params.decision = { kind: "argmax", of: "values" };
  const outputs: LinearOutput[] = [{ kind: "label" }, ...labels.map((_, i): LinearOutput => ({ kind: "values", index: i }))];
  params.outputs = outputs;
  const cols = scope.builder.add("linearModel", inputs, ["GeneralRegression:predicted", ...labels.map((c) => `GeneralRegression:probability(${c})`)], params, model);
  // probabilities in the target's category order
  const probabilities = new Map<string, string>();
  for (const c of target!.values) {
    const i = labels.findIndex((l) => sameCategory(target, l, c));
    if (i >= 0) probabilities.set(c, cols[i + 1]!);
  }
  const result: ModelResult = { functionName: "classification", predicted: cols[0]!, probabilities, features };
  return result;
};

/** The Cox model's cumulative hazard from the linear predictor r (see the header). */
function coxHazard(scope: ModelScope, model: XmlElement, r: string, pCells: PCell[], referencePoints: Map<string, number>): string {
  const endTime = model.attrs.endTimeVariable;
  if (endTime === undefined) return scope.fail(model, "CoxRegression without an endTimeVariable");
  if (model.attrs.startTimeVariable !== undefined) return scope.fail(model, "CoxRegression with a startTimeVariable is not supported");
  const tables = child(model, "BaseCumHazardTables");
  if (tables === undefined) return scope.fail(model, "CoxRegression without BaseCumHazardTables");
  // s = Σ beta · referencePoint (a parameter outside the ParameterList makes the result missing)
  let s: number | null = 0;
  for (const c of pCells) {
    const rp = referencePoints.get(c.parameter);
    if (rp === undefined) {
      s = null;
      break;
    }
    s += c.beta * rp;
  }
  // a missing end time refuses the row, but only once a stratum is found (as jpmml-evaluator reads it)
  const timeColumn = scope.column(endTime, model);
  const timeType = scope.typeOf(timeColumn);
  const timeKind = exprKindOf(timeType);
  if (timeKind === null || timeKind === "string" || timeKind === "boolean") return scope.fail(model, `endTimeVariable "${endTime}" is not a number`);
  const inputs = [r, timeColumn];
  const R = input(0);
  const T: Expr = { op: "input", index: 1, mapMissingTo: { op: "const", type: timeKind, value: 0 } };
  const MISSING = dbl(null);
  const table = (cellsParent: XmlElement, maxTimeText: string | undefined): Expr => {
    const cells = children(cellsParent, "BaselineCell").map((c) => ({ time: attrNumber(scope, c, "time"), cumHazard: attrNumber(scope, c, "cumHazard") }));
    if (cells.length === 0) return scope.fail(cellsParent, "no BaselineCell");
    if (maxTimeText === undefined) return scope.fail(cellsParent, "maxTime is missing");
    const maxTime = parseNumber(scope, cellsParent, "maxTime", maxTimeText);
    const minTime = Math.min(...cells.map((c) => c.time));
    // the cell with the largest time not above t (the first of equal times)
    const sorted = cells.map((c, i) => ({ ...c, i })).sort((a, b) => a.time - b.time || b.i - a.i);
    let h0: Expr = dbl(sorted[0]!.cumHazard);
    for (const c of sorted.slice(1)) h0 = apply("if", apply("greaterOrEqual", T, dbl(c.time)), dbl(c.cumHazard), h0);
    const hazard: Expr = s === null ? MISSING : apply("*", apply("exp", apply("-", R, dbl(s))), h0);
    const body = apply("if", apply("greaterThan", T, dbl(maxTime)), MISSING, apply("if", apply("lessThan", T, dbl(minTime)), dbl(0), hazard));
    return timeType.kind === "nullable" ? apply("if", apply("isMissing", input(1)), refuse("the end time is missing"), body) : body;
  };
  let expr: Expr;
  const strataVariable = model.attrs.baselineStrataVariable;
  if (strataVariable === undefined) expr = table(tables, tables.attrs.maxTime);
  else {
    const column = scope.column(strataVariable, model);
    const t = scope.typeOf(column);
    inputs.push(column);
    const S: Expr = input(2);
    expr = MISSING;
    const strata = children(tables, "BaselineStratum");
    for (let i = strata.length - 1; i >= 0; i--) {
      const st = strata[i]!;
      if (st.attrs.value === undefined) return scope.fail(st, "BaselineStratum without a value");
      expr = apply("if", apply("equal", S, typedConst(scope, st, t, st.attrs.value)), table(st, st.attrs.maxTime), expr);
    }
    // a missing strata value refuses the row
    if (t.kind === "nullable") expr = apply("if", apply("isMissing", S), refuse(`the stratum "${strataVariable}" is missing`), expr);
  }
  const [col] = scope.builder.add("expr", inputs, ["GeneralRegression:cumulativeHazard"], { expr, type: "double" }, model);
  return col!;
}
