/**
 * A PMML document (3.0 to 4.4) as an IR pipeline: the DataDictionary, the TransformationDictionary,
 * the first model element, its MiningSchema, LocalTransformations, Targets and Output; the model
 * element itself is read by its model reader (models/) through a ModelScope (model.ts).
 *
 * Fields and where they come from, in a model's scope (PMML's field scoping):
 * - the model's OutputFields (once the model has been read), and those of the earlier segments of a
 *   MiningModel (which later segments and the MiningModel's own Output may read);
 * - the model's LocalTransformations;
 * - top-level model: the DataDictionary fields, each prepared by its MiningField (fieldPrep: missing,
 *   invalid and outlier treatments, the field's PMML type), and the TransformationDictionary's
 *   DerivedFields;
 * - a nested model (a MiningModel segment): its parent's fields, prepared again where its own
 *   MiningField asks for a treatment; the TransformationDictionary's DerivedFields are computed in the
 *   nested scope when that scope treats fields of its own (so that they see the treated values), else
 *   shared with the parent.
 *
 * The pipeline's inputs are the DataDictionary fields the model reads (nullable string, double or
 * boolean); its outputs are the target field (the predicted value, after Targets; left out when the
 * model reads the target itself, for a residual) and every OutputField of the top-level model, by name,
 * with those jpmml-evaluator counts among the whole model's results too: the OutputFields of a
 * modelChain's last segment and of a selectFirst's selected segment (recursively; the model's own field
 * of the same name wins, and one named as the target or an input is left out).
 * Steps that no output needs are dropped (fields are computed only when needed, as in PMML).
 */
import type { FieldPrepParams } from "../../src/ir/ops/field-prep.js";
import type { TemporalKind, TemporalParams } from "../../src/ir/ops/temporal.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import { arrayOf, type IRType, nullable, STRING } from "../../src/ir/types.js";
import { PipelineBuilder } from "./builder.js";
import type { Env, Node } from "./expressions.js";
import {
  dataTypeOfKind,
  exprKindOf,
  inputTypeOf,
  isOtherTemporalDataType,
  parseNumber,
  parseValue,
  readDataDictionary,
  realOf,
  takeTemporalPermit,
  temporalKindOf,
  type DataFieldDecl,
} from "./fields.js";
import { MODEL_ELEMENTS, type FieldInfo, type ModelReader, type ModelResult, type ModelScope } from "./model.js";
import { applyTargets, carriedOutputs, defineOutputs, resultFields, type FinalOutput, type OutputScope } from "./output.js";
import { predicateExpr } from "./predicates.js";
import { computeDerived, defineFunctions, derivedFields, derivedInfo } from "./transforms.js";
import { child, children, type XmlElement } from "./xml.js";

/** The model readers by element name (models/index.ts fills it). */
export type ModelReaders = Readonly<Record<string, ModelReader>>;

/** A builder that keeps the pipeline's output names free for the outputs themselves. */
class DocumentBuilder extends PipelineBuilder {
  readonly reserved = new Set<string>();
  override fresh(hint: string): string {
    let name = super.fresh(hint);
    while (this.reserved.has(name)) name = super.fresh(`${hint}'`);
    return name;
  }
}

/** What every scope of one document shares. */
interface DocumentContext {
  file: string;
  builder: DocumentBuilder;
  dataFields: Map<string, DataFieldDecl>;
  globals: Map<string, XmlElement>;
  functions: Map<string, XmlElement>;
  readers: ModelReaders;
}

interface Binding {
  info: FieldInfo;
  column: string | null;
  compute: (() => string) | null;
}

interface MiningFieldDecl {
  element: XmlElement;
  name: string;
  usageType: string;
  /** Whether it asks for any treatment (else the value passes as it is). */
  treats: boolean;
}

const USAGE_TYPES = new Set(["active", "predicted", "target", "supplementary", "group", "order", "frequencyWeight", "analysisWeight"]);
const MISSING_TREATMENTS = new Set(["asIs", "asMean", "asMode", "asMedian", "asValue", "returnInvalid", "x-returnInvalid"]);
const INVALID_TREATMENTS = new Set(["returnInvalid", "asIs", "asMissing", "asValue", "x-asValue"]);
const OUTLIERS = new Set(["asIs", "asMissingValues", "asExtremeValues"]);

function readMiningSchema(model: XmlElement, fail: (where: XmlElement, construct: string) => never): Map<string, MiningFieldDecl> {
  const schema = child(model, "MiningSchema");
  const out = new Map<string, MiningFieldDecl>();
  if (schema === undefined) return out;
  for (const mf of children(schema, "MiningField")) {
    const name = mf.attrs.name;
    if (name === undefined) fail(mf, "a MiningField needs a name");
    const usageType = mf.attrs.usageType ?? "active";
    if (!USAGE_TYPES.has(usageType)) fail(mf, `usageType="${usageType}" is not supported`);
    if (usageType === "order") fail(mf, `usageType="order" (records grouped into sequences) is not supported`);
    if (usageType === "group" && model.name !== "AssociationModel") fail(mf, `usageType="group" (records grouped into transactions) is supported for an AssociationModel only`);
    const mvt = mf.attrs.missingValueTreatment;
    if (mvt !== undefined && !MISSING_TREATMENTS.has(mvt)) fail(mf, `missingValueTreatment="${mvt}" is not supported`);
    const ivt = mf.attrs.invalidValueTreatment;
    if (ivt !== undefined && !INVALID_TREATMENTS.has(ivt)) fail(mf, `invalidValueTreatment="${ivt}" is not supported`);
    const outliers = mf.attrs.outliers;
    if (outliers !== undefined && !OUTLIERS.has(outliers)) fail(mf, `outliers="${outliers}" is not supported`);
    const treats =
      mf.attrs.missingValueReplacement !== undefined ||
      mvt === "returnInvalid" ||
      mvt === "x-returnInvalid" ||
      (ivt !== undefined && ivt !== "asIs") ||
      mf.attrs.invalidValueReplacement !== undefined ||
      mf.attrs["x-invalidValueReplacement"] !== undefined ||
      (outliers !== undefined && outliers !== "asIs");
    out.set(name, { element: mf, name, usageType, treats });
  }
  return out;
}

/** One model's scope: the ModelScope of model.ts, and the Env of expressions. */
export class Scope implements ModelScope, OutputScope, Env {
  readonly builder: DocumentBuilder;
  readonly file: string;
  readonly functions: ReadonlyMap<string, XmlElement>;
  readonly target: FieldInfo | null;
  private readonly bindings = new Map<string, Binding>();
  private readonly resolving = new Set<string>();
  private readonly mining: Map<string, MiningFieldDecl>;
  private readonly locals: Map<string, XmlElement>;
  private readonly treatsOwn: boolean;

  constructor(
    private readonly doc: DocumentContext,
    private readonly parent: Scope | null,
    readonly model: XmlElement,
  ) {
    this.builder = doc.builder;
    this.file = doc.file;
    this.functions = doc.functions;
    const fail = (w: XmlElement, c: string): never => this.fail(w, c);
    this.mining = readMiningSchema(model, fail);
    this.locals = derivedFields(child(model, "LocalTransformations"), fail);
    this.treatsOwn = [...this.mining.values()].some((m) => m.treats && m.usageType !== "predicted" && m.usageType !== "target");
    this.target = this.findTarget();
    const group = [...this.mining.values()].find((m) => m.usageType === "group");
    if (group !== undefined && parent !== null) this.fail(group.element, 'usageType="group" in a nested model is not supported (its rows could not be grouped)');
    this.grouped = group !== undefined;
  }

  /**
   * Whether the model reads transactions (a MiningField with usageType="group"): its active fields are
   * then collected over the rows of a group, and each arrives as one input, the array of its values in
   * the transaction (what the grouped input rows and the ModelVerification reference give).
   */
  private readonly grouped: boolean;

  private findTarget(): FieldInfo | null {
    const mf = [...this.mining.values()].find((m) => m.usageType === "predicted" || m.usageType === "target");
    const name = mf?.name ?? this.model.attrs.targetFieldName ?? this.model.attrs.targetField;
    if (name === undefined) return null;
    const info = this.field(name) ?? this.doc.dataFields.get(name);
    if (info === undefined) return { name, dataType: "", optype: mf?.element.attrs.optype ?? "", values: [] };
    const optype = mf?.element.attrs.optype ?? info.optype;
    return { name: info.name, dataType: info.dataType, optype, values: info.values };
  }

  fail(where: XmlElement | string, construct: string): never {
    return this.builder.fail(where, construct);
  }

  typeOf(column: string): IRType {
    return this.builder.typeOf(column);
  }

  /** Registers a field computed on demand (an OutputField), visible in this scope. */
  define(name: string, info: FieldInfo, compute: () => string): void {
    this.bindings.set(name, { info, column: null, compute });
  }

  /** Registers a field that already has a column. */
  bind(name: string, info: FieldInfo, column: string): void {
    this.bindings.set(name, { info, column, compute: null });
  }

  field(name: string): FieldInfo | undefined {
    const b = this.bindings.get(name);
    if (b !== undefined) return b.info;
    const local = this.locals.get(name);
    if (local !== undefined) return derivedInfo(local, "double");
    const mf = this.mining.get(name);
    const info = this.parent !== null ? this.parent.field(name) : (this.doc.dataFields.get(name) ?? this.globalInfo(name));
    if (info === undefined) return this.globalInfo(name);
    if (mf?.element.attrs.optype !== undefined) return { ...info, optype: mf.element.attrs.optype };
    return info;
  }

  private globalInfo(name: string): FieldInfo | undefined {
    const g = this.doc.globals.get(name);
    return g === undefined ? undefined : derivedInfo(g, "double");
  }

  ref(name: string, where: XmlElement): Node {
    return { op: "col", column: this.column(name, where) };
  }

  /** A field's observed value, past the bindings of the Output (the target's name is the prediction there). */
  observed(name: string, where: XmlElement): Node {
    if (!takeTemporalPermit()) this.refuseTemporal(name, where);
    return this.observedOf(name, where);
  }

  private observedOf(name: string, where: XmlElement): Node {
    if (this.resolving.has(name)) this.fail(where, `the field "${name}" is defined in terms of itself`);
    this.resolving.add(name);
    try {
      return { op: "col", column: this.resolve(name, where, true) };
    } finally {
      this.resolving.delete(name);
    }
  }

  /**
   * A field's column. A date, time or dateTime field is handed out only inside `withTemporal` (to the
   * readers that compare it or apply the date functions): anywhere else its value would be used as a
   * number or a string, which jpmml-evaluator refuses.
   */
  column(name: string, where: XmlElement): string {
    if (!takeTemporalPermit()) this.refuseTemporal(name, where);
    return this.columnOf(name, where);
  }

  private refuseTemporal(name: string, where: XmlElement): void {
    const dataType = this.field(name)?.dataType;
    if (temporalKindOf(dataType) === null) return;
    this.fail(
      where,
      `the ${dataType} field "${name}" is used as a number or a string, which jpmml-evaluator refuses (its value is a ${dataType}): ` +
        "only predicates, comparisons, isMissing and the functions dateDaysSinceYear, dateSecondsSinceYear and dateSecondsSinceMidnight read it",
    );
  }

  private columnOf(name: string, where: XmlElement): string {
    const b = this.bindings.get(name);
    if (b !== undefined && b.column !== null) return b.column;
    if (this.resolving.has(name)) this.fail(where, `the field "${name}" is defined in terms of itself`);
    this.resolving.add(name);
    try {
      const column = this.resolve(name, where);
      const bound = this.bindings.get(name);
      if (bound !== undefined) bound.column = column;
      else this.bindings.set(name, { info: this.field(name) ?? { name, dataType: dataTypeOfKind(exprKindOf(this.builder.typeOf(column)) ?? "double"), optype: "", values: [] }, column, compute: null });
      return column;
    } finally {
      this.resolving.delete(name);
    }
  }

  private resolve(name: string, where: XmlElement, observed = false): string {
    const b = observed ? undefined : this.bindings.get(name);
    if (b !== undefined && b.compute !== null) return b.compute();
    const local = this.locals.get(name);
    if (local !== undefined) return computeDerived(local, this);
    if (this.parent === null) {
      const data = this.doc.dataFields.get(name);
      if (data !== undefined) return this.prepareInput(data);
      const g = this.doc.globals.get(name);
      if (g !== undefined) return computeDerived(g, this);
      return this.fail(where, `the field "${name}" is not defined`);
    }
    const mf = this.mining.get(name);
    const parentColumn = observed ? (this.parent.observedOf(name, where) as { column: string }).column : null;
    if (mf !== undefined && mf.treats) return this.prepare(parentColumn ?? this.parent.columnOf(name, where), mf, this.doc.dataFields.get(name) ?? null, name);
    const g = this.doc.globals.get(name);
    if (g !== undefined && this.treatsOwn) return computeDerived(g, this);
    return parentColumn ?? this.parent.columnOf(name, where);
  }

  /** A DataField read as a pipeline input and prepared by the model's MiningField. */
  private prepareInput(data: DataFieldDecl): string {
    if (data.temporal !== null && !this.grouped) return this.prepareTemporal(data, data.temporal);
    if (isOtherTemporalDataType(data.dataType)) {
      this.fail(data.element, `dataType="${data.dataType}" is not supported (of the dates and times, date, time and dateTime are)`);
    }
    if (data.kind === null) this.fail(data.element, `dataType="${data.dataType}" is not supported`);
    const mf = this.mining.get(data.name);
    if (this.grouped && mf?.usageType === "active") {
      if (data.kind !== "string") this.fail(data.element, `the items of a transaction are strings, found dataType="${data.dataType}"`);
      if (mf.treats) this.fail(mf.element, "a treatment of the items of a transaction is not supported");
      if (data.valueDecls.length > 0) this.fail(data.element, "Values of the items of a transaction (valid, invalid or missing items) are not supported");
      this.builder.addInput(data.name, nullable(arrayOf(STRING)));
      return data.name;
    }
    this.builder.addInput(data.name, inputTypeOf(data.kind));
    return this.prepare(data.name, this.mining.get(data.name) ?? null, data, data.name);
  }

  /**
   * A date, time or dateTime DataField: its ISO text read by the `temporal` op. The MiningField's
   * invalidValueTreatment returnInvalid (the default) refuses a row whose text is not a valid value,
   * asMissing makes it missing; the other treatments, missing-value replacements and treatments,
   * outliers, and the DataField's Values and Intervals are refused.
   */
  private prepareTemporal(data: DataFieldDecl, kind: TemporalKind): string {
    const mf = this.mining.get(data.name);
    const where = mf?.element ?? data.element;
    const a = mf?.element.attrs ?? {};
    const what = `a ${data.dataType} field`;
    if (data.valueDecls.length > 0 || data.intervals.length > 0) this.fail(data.element, `Values and Intervals of ${what} are not supported`);
    const ivt = a.invalidValueTreatment ?? "returnInvalid";
    if (ivt !== "returnInvalid" && ivt !== "asMissing") this.fail(where, `invalidValueTreatment="${ivt}" on ${what} is not supported (returnInvalid and asMissing are)`);
    for (const attr of ["invalidValueReplacement", "x-invalidValueReplacement", "missingValueReplacement"]) {
      if (a[attr] !== undefined) this.fail(where, `${attr} on ${what} is not supported`);
    }
    const mvt = a.missingValueTreatment;
    if (mvt === "returnInvalid" || mvt === "x-returnInvalid") this.fail(where, `missingValueTreatment="${mvt}" on ${what} is not supported`);
    if (a.outliers !== undefined && a.outliers !== "asIs") this.fail(where, `outliers="${a.outliers}" on ${what} is not supported`);
    this.builder.addInput(data.name, nullable(STRING));
    const params: TemporalParams = { kind, invalid: ivt === "asMissing" ? "missing" : "refuse" };
    return this.builder.add("temporal", [data.name], [data.name], params, where)[0]!;
  }

  /** A column prepared by a MiningField (and the DataField's valid, invalid and missing values). */
  private prepare(column: string, mf: MiningFieldDecl | null, data: DataFieldDecl | null, name: string): string {
    if (data?.temporal !== undefined && data.temporal !== null) {
      // A nested model's own treatment of a date field (its parent has read the text already).
      if (mf?.treats) this.fail(mf.element, `a nested model's MiningField treatment of a ${data.dataType} field is not supported`);
      return column;
    }
    const b = this.builder;
    const inputKind = exprKindOf(b.typeOf(column));
    const kind = (data?.kind ?? inputKind) as FieldPrepParams["type"] | "long" | null;
    const where = mf?.element ?? data?.element ?? name;
    if (kind === null || kind === "long") return mf?.treats ? this.fail(where, "a treatment of a field that is not a number, a string or a boolean") : column;
    const a = mf?.element.attrs ?? {};
    const scalar = (text: string | undefined, what: string): number | string | boolean | null => {
      if (text === undefined) return null;
      const v = parseValue(kind, text);
      if (v === null) return this.fail(where, `${what}="${text}" is not a value of the field's type (${data?.dataType ?? kind})`);
      return typeof v === "number" ? realOf(v) : v;
    };
    const values = declaredValues(data, kind);
    const mvt = a.missingValueTreatment ?? "asIs";
    let ivt = a.invalidValueTreatment ?? "returnInvalid";
    if (ivt === "x-asValue") ivt = "asValue";
    const bound = (text: string | undefined, what: string): number | "NaN" | "Infinity" | "-Infinity" | null => {
      if (text === undefined) return null;
      const x = parseNumber(text);
      if (x === null) return this.fail(where, `${what}="${text}" is not a number`);
      return realOf(x);
    };
    const params: FieldPrepParams = {
      type: kind,
      values,
      intervals: kind === "string" || kind === "boolean" ? [] : (data?.intervals ?? []),
      missingReplacement: scalar(a.missingValueReplacement, "missingValueReplacement"),
      missingTreatment: mvt === "returnInvalid" || mvt === "x-returnInvalid" ? "returnInvalid" : "asIs",
      invalidTreatment: ivt as FieldPrepParams["invalidTreatment"],
      invalidReplacement: scalar(a.invalidValueReplacement ?? a["x-invalidValueReplacement"], "invalidValueReplacement"),
      outliers: (a.outliers ?? "asIs") as FieldPrepParams["outliers"],
      lowValue: bound(a.lowValue, "lowValue"),
      highValue: bound(a.highValue, "highValue"),
    };
    if (params.missingTreatment === "returnInvalid" && params.missingReplacement !== null) this.fail(where, "missingValueTreatment returnInvalid with a missingValueReplacement");
    if ((kind === "string" || kind === "boolean") && params.outliers !== "asIs") this.fail(where, `outliers="${params.outliers}" on a ${data?.dataType ?? kind} field`);
    if (params.outliers !== "asIs" && params.lowValue === null && params.highValue === null) this.fail(where, `outliers="${params.outliers}" needs lowValue or highValue`);
    if (params.invalidTreatment === "asValue" && params.invalidReplacement === null) this.fail(where, 'invalidValueTreatment="asValue" needs an invalidValueReplacement');
    // Nothing to do: the input column is the field.
    const statusMatters = params.invalidTreatment !== "asIs" || params.invalidReplacement !== null || params.outliers !== "asIs";
    const identity =
      inputKind === kind &&
      params.missingReplacement === null &&
      params.missingTreatment === "asIs" &&
      params.outliers === "asIs" &&
      !values.some((v) => v.property === "missing") &&
      (!statusMatters || (values.length === 0 && params.intervals.length === 0));
    if (identity) return column;
    return b.add("fieldPrep", [column], [name], params, where)[0]!;
  }

  validity(name: string, where: XmlElement): { column: string } | "unrestricted" | null {
    const declared = this.declaration(name);
    if (declared === null) return null;
    if (declared === "unrestricted") return "unrestricted";
    const data = declared;
    if (data.kind === null) return this.fail(where, `the validity of a ${data.dataType} field is not supported`);
    const kind = data.kind;
    const values = declaredValues(data, kind);
    if (values.length === 0 && data.intervals.length === 0) return "unrestricted";
    const column = this.column(name, where);
    // The field's own declarations, applied again to the value the model sees: what is invalid there
    // (kept by invalidValueTreatment="asIs") becomes missing, and is told apart from a valid value.
    const params: FieldPrepParams = {
      type: kind,
      values,
      intervals: kind === "string" || kind === "boolean" ? [] : data.intervals,
      missingReplacement: null,
      missingTreatment: "asIs",
      invalidTreatment: "asMissing",
      invalidReplacement: null,
      outliers: "asIs",
      lowValue: null,
      highValue: null,
    };
    return { column: this.builder.add("fieldPrep", [column], [`isValid(${name})`], params, where)[0]! };
  }

  /**
   * What declares a field's valid values: its DataField, "unrestricted" (a derived or output field that
   * declares none), or null (a derived field with Values or Intervals of its own: not supported).
   */
  private declaration(name: string): DataFieldDecl | "unrestricted" | null {
    // An output field (or, in the Output, the target's name: the prediction) declares nothing.
    const bound = this.bindings.get(name);
    if (bound !== undefined && (bound.compute !== null || name === this.target?.name)) return "unrestricted";
    const local = this.locals.get(name);
    if (local !== undefined) return derivedDeclares(local) ? null : "unrestricted";
    if (this.parent !== null) return this.parent.declaration(name);
    const g = this.doc.globals.get(name);
    if (g !== undefined) return derivedDeclares(g) ? null : "unrestricted";
    return this.doc.dataFields.get(name) ?? null;
  }

  predicate(predicate: XmlElement): { expr: import("../../src/ir/ops/expr.js").Expr; inputs: string[] } {
    return predicateExpr(predicate, this);
  }

  nested(model: XmlElement): ModelResult {
    return readModel(this.doc, this, model).result;
  }
}

/** A DataField's Values as values of `kind`, with their property (fieldPrep's `values`). */
function declaredValues(data: DataFieldDecl | null, kind: FieldPrepParams["type"]): FieldPrepParams["values"] {
  return (data?.valueDecls ?? []).flatMap((v) => {
    const x = parseValue(kind, v.value);
    // A Value that is not of the field's type matches no input value.
    return x === null ? [] : [{ value: typeof x === "number" ? realOf(x) : x, property: v.property }];
  });
}

/** Whether a DerivedField declares valid values of its own (Value or Interval children). */
function derivedDeclares(d: XmlElement): boolean {
  return d.children.some((c) => c.name === "Value" || c.name === "Interval");
}

/** Reads one model element in a scope: its reader, its Targets, its OutputFields. */
function readModel(doc: DocumentContext, parent: Scope | null, model: XmlElement): { scope: Scope; result: ModelResult; outputs: string[]; finals: FinalOutput[] } {
  const reader = doc.readers[model.name];
  const scope = new Scope(doc, parent, model);
  if (reader === undefined) {
    if ((MODEL_ELEMENTS as readonly string[]).includes(model.name)) scope.fail(model, `${model.name} is not supported`);
    scope.fail(model, "is not a PMML model element");
  }
  if (model.attrs.isScorable === "false") scope.fail(model, 'isScorable="false": the model is not meant to be scored');
  const raw = reader(model, scope);
  const result = applyTargets(scope, model, raw);
  // In the Output element, the target's name is the model's prediction (as in jpmml-evaluator's results).
  if (scope.target !== null) scope.bind(scope.target.name, scope.field(scope.target.name) ?? scope.target, result.predicted);
  const outputs = defineOutputs(scope, model, result);
  // The model's results: its own OutputFields, then those it carries over from a segment (a
  // modelChain's last, a selectFirst's selected), unless it has a field of the same name.
  const finals: FinalOutput[] = outputs.map((name) => ({ name, column: () => scope.column(name, model) }));
  for (const f of carriedOutputs.get(raw) ?? []) if (!outputs.includes(f.name)) finals.push(f);
  resultFields.set(result, finals);
  if (parent !== null) {
    // A segment's output fields are visible to the later segments and to the enclosing model.
    for (const name of outputs) {
      const info = scope.field(name)!;
      parent.define(name, info, () => scope.column(name, model));
    }
  }
  return { scope, result, outputs, finals };
}

/**
 * The names of a model's results: its OutputFields and those of the segments whose OutputFields it
 * counts among its own (a modelChain's last segment, every segment of a selectFirst), recursively.
 */
function resultFieldNames(model: XmlElement): string[] {
  const output = child(model, "Output");
  const names = output === undefined ? [] : children(output, "OutputField").flatMap((of) => (of.attrs.name === undefined ? [] : [of.attrs.name]));
  const segmentation = model.name === "MiningModel" ? child(model, "Segmentation") : undefined;
  if (segmentation === undefined) return names;
  const method = segmentation.attrs.multipleModelMethod;
  const segments = children(segmentation, "Segment");
  const carried = method === "modelChain" ? segments.slice(-1) : method === "selectFirst" ? segments : [];
  for (const s of carried) {
    const inner = s.children.find((c) => (MODEL_ELEMENTS as readonly string[]).includes(c.name));
    if (inner !== undefined) names.push(...resultFieldNames(inner));
  }
  return names;
}

const SUPPORTED_VERSIONS = /^(3\.[0-2]|4\.[0-4])(\.\d+)?$/;

/** The model element of a document: the first child of PMML that is a model. */
export function modelElement(root: XmlElement): XmlElement | undefined {
  return root.children.find((c) => (MODEL_ELEMENTS as readonly string[]).includes(c.name));
}

/** A PMML document (its root element) as an IR pipeline. */
export function readDocument(root: XmlElement, file: string, readers: ModelReaders, pipelineName: string): Pipeline {
  const builder = new DocumentBuilder(file);
  const fail = (w: XmlElement | string, c: string): never => builder.fail(w, c);
  if (root.name !== "PMML") fail(root.name, "the root element is not PMML");
  const version = root.attrs.version;
  if (version !== undefined && !SUPPORTED_VERSIONS.test(version)) fail("PMML", `version="${version}" is not supported (PMML 3.0 to 4.4)`);
  const found = modelElement(root);
  if (found === undefined) return fail("PMML", "the document has no model element");
  const model: XmlElement = found;
  const dictionary = child(root, "TransformationDictionary");
  const doc: DocumentContext = {
    file,
    builder,
    dataFields: readDataDictionary(child(root, "DataDictionary"), fail),
    globals: derivedFields(dictionary, fail),
    functions: defineFunctions(dictionary, fail),
    readers,
  };
  // The names of the outputs stay free for them.
  const targetName = [...children(child(model, "MiningSchema") ?? model, "MiningField")].find((m) => m.attrs.usageType === "predicted" || m.attrs.usageType === "target")?.attrs.name;
  if (targetName !== undefined) builder.reserved.add(targetName);
  for (const name of resultFieldNames(model)) builder.reserved.add(name);

  const { scope, result, outputs, finals: results } = readModel(doc, null, model);
  const targetOut = scope.target?.name ?? "predicted";
  const isInput = (name: string): boolean => builder.inputs.some((f) => f.name === name);
  // A segment's field that has the name of the target or of an input is not a result of the pipeline.
  const fields = results
    .filter((f) => outputs.includes(f.name) || (f.name !== targetOut && !isInput(f.name)))
    .map((f) => ({ column: f.column(), name: f.name }));
  const finals: { column: string; name: string }[] = [];
  // The predicted value is output under the target's name, unless the model also reads the target
  // (a residual): an input keeps that name, and the OutputFields carry the prediction.
  if (result.outputsOnly !== true && !outputs.includes(targetOut) && !isInput(targetOut)) finals.push({ column: result.predicted, name: targetOut });
  finals.push(...fields);
  // A name taken by an input cannot be an output's: the output is refused with its name.
  for (const f of finals) {
    if (f.column !== f.name && builder.hasColumn(f.name)) fail(f.name, `the output field "${f.name}" has the name of an input field`);
  }
  const metadata: Record<string, string> = { "pmml.model": model.name };
  if (version !== undefined) metadata["pmml.version"] = version;
  const app = child(child(root, "Header") ?? root, "Application");
  if (app?.attrs.name !== undefined) metadata["pmml.application"] = app.attrs.version === undefined ? app.attrs.name : `${app.attrs.name} ${app.attrs.version}`;
  if (model.attrs.modelName !== undefined) metadata["pmml.modelName"] = model.attrs.modelName;
  return prune(builder.build(pipelineName, finals, metadata));
}

/**
 * Drops the steps no output needs (and the inputs no step reads). Fields are read when a model needs
 * them, but a reader may make columns it later does without (a segment's own steps, when its trees
 * join one ensemble): jpmml-evaluator evaluates a field only when it is needed, and so does the
 * pipeline, so that an unused field never refuses a row.
 */
export function prune(p: Pipeline): Pipeline {
  const needed = new Set(p.outputs);
  const kept: Pipeline["steps"] = [];
  for (let i = p.steps.length - 1; i >= 0; i--) {
    const step = p.steps[i]!;
    if (!step.outputs.some((o) => needed.has(o.name))) continue;
    kept.push(step);
    for (const c of step.inputs) needed.add(c);
  }
  kept.reverse();
  return collapseRenames({ ...p, inputs: p.inputs.filter((f) => needed.has(f.name)), steps: kept });
}

/** Whether a step only gives its one input a new name (as PipelineBuilder.build adds for outputs). */
function isRename(step: Pipeline["steps"][number]): boolean {
  if (step.op !== "expr" || step.inputs.length !== 1 || step.outputs.length !== 1) return false;
  const params = step.params as { expr?: { op?: string; index?: number; mapMissingTo?: unknown }; type?: unknown; mathContext?: unknown };
  return params.type === undefined && params.mathContext === undefined && params.expr?.op === "input" && params.expr.index === 0 && params.expr.mapMissingTo === undefined;
}

/**
 * An output renamed from a column that the model made takes that column's place: the column is named
 * as the output wherever it is made and read, and the renaming step goes.
 */
function collapseRenames(p: Pipeline): Pipeline {
  const outputs = new Set(p.outputs);
  const produced = new Set(p.steps.flatMap((s) => s.outputs.map((o) => o.name)));
  // A segmentation's sub-pipelines read the step's inputs by name: those columns keep theirs.
  const named = new Set(p.steps.filter((s) => s.op === "segmentation").flatMap((s) => s.inputs));
  const renamed = new Map<string, string>();
  const drop = new Set<Pipeline["steps"][number]>();
  for (const step of p.steps) {
    if (!isRename(step) || !outputs.has(step.outputs[0]!.name)) continue;
    const from = step.inputs[0]!;
    if (!produced.has(from) || outputs.has(from) || renamed.has(from) || named.has(from)) continue;
    renamed.set(from, step.outputs[0]!.name);
    drop.add(step);
  }
  if (drop.size === 0) return p;
  const name = (c: string) => renamed.get(c) ?? c;
  const steps = p.steps
    .filter((s) => !drop.has(s))
    .map((s) => ({ ...s, inputs: s.inputs.map(name), outputs: s.outputs.map((o) => ({ ...o, name: name(o.name) })) }));
  return { ...p, steps };
}

