/**
 * Comparison measures shared by the cluster and nearestNeighbors ops: PMML's ComparisonMeasure
 * (distances euclidean, squaredEuclidean, chebychev, cityBlock, minkowski with per-field compare
 * functions absDiff, gaussSim, delta, equal, field weights and the missing-value adjustment;
 * similarities simpleMatching, jaccard, tanimoto, binarySimilarity over 0/1 values) and Spark's
 * cosine distance, as a reference evaluation and as a PFA user function.
 *
 * Per field i with value x and reference coordinate y: c_i = absDiff |x - y|, gaussSim
 * exp(-ln 2 · (x - y)² / s_i²), delta (x = y ? 0 : 1), equal (x = y ? 1 : 0); term_i = w_i · c_i^q
 * (q = 2 for euclidean and squaredEuclidean, p for minkowski, 1 otherwise). Distance: euclidean
 * (Σ term · a)^(1/2), squaredEuclidean and cityBlock Σ term · a, minkowski (Σ term · a)^(1/p),
 * chebychev max(term) · a (NaN the greatest, as Java's Collections.max), where a = 1, or with
 * `adjustMissing` a = Σ_i q_i / Σ_{i present} q_i and the sums and max run over the present fields
 * (JPMML's MeasureUtil). Cosine: 1 - (x·y / ‖x‖) / ‖y‖. Similarities count a11, a10, a01, a00 over the
 * fields (x and y each 0 or 1): simpleMatching (a11 + a00) / (a11 + a10 + a01 + a00), jaccard
 * a11 / (a11 + a10 + a01), tanimoto (a11 + a00) / (a11 + 2 (a10 + a01) + a00), binarySimilarity
 * Σ c·a / Σ d·a.
 */
import type { LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { nonNull, type IRType } from "../types.js";
import { ARRAY_DOUBLE, doubleLiteral } from "./common.js";
import { checkFinite, pfaPow } from "./model-util.js";

export type CompareFunction = "absDiff" | "gaussSim" | "delta" | "equal";

export type ComparisonMeasure =
  | { kind: "euclidean" | "squaredEuclidean" | "chebychev" | "cityBlock" | "cosine" }
  | { kind: "minkowski"; p: number }
  | { kind: "simpleMatching" | "jaccard" | "tanimoto" }
  | { kind: "binarySimilarity"; c00: number; c01: number; c10: number; c11: number; d00: number; d01: number; d10: number; d11: number };

/** A comparison measure and its per-field details (PMML ComparisonMeasure with ClusteringFields or KNNInputs). */
export interface MeasureSpec {
  measure: ComparisonMeasure;
  /** The compare function of every field, or one per field (default absDiff); distance measures only. */
  compare?: CompareFunction | CompareFunction[];
  /** Per field: the gaussSim similarityScale (required where a field uses gaussSim). */
  similarityScales?: number[];
  /** Per field weights (PMML fieldWeight, default 1), not negative. */
  fieldWeights?: number[];
  /**
   * PMML's missing-value rule for distance measures: a missing number is skipped and the distance is
   * scaled by Σ q / Σ q over the present fields (q = missingWeights, default 1).
   */
  adjustMissing?: boolean;
  missingWeights?: number[];
}

/**
 * Checks a measure against the feature width; `points` are the centres or instances it compares with
 * (0/1 for similarity measures).
 */
export function checkMeasure(opName: string, p: MeasureSpec, total: number, points: readonly number[][]): void {
  const m = p.measure;
  const kinds = ["euclidean", "squaredEuclidean", "chebychev", "cityBlock", "cosine", "minkowski", "simpleMatching", "jaccard", "tanimoto", "binarySimilarity"];
  if (!kinds.includes(m.kind)) throw new Error(`${opName}: unknown measure "${String(m.kind)}"`);
  if (m.kind === "minkowski" && !(Number.isFinite(m.p) && m.p > 0)) throw new Error(`${opName}: the minkowski p-parameter must be positive`);
  if (m.kind === "binarySimilarity") checkFinite(opName, "binarySimilarity parameters", [m.c00, m.c01, m.c10, m.c11, m.d00, m.d01, m.d10, m.d11]);
  if (isSimilarity(m)) {
    for (const c of points) if (c.some((v) => v !== 0 && v !== 1)) throw new Error(`${opName}: a ${m.kind} measure needs points of 0s and 1s`);
    if (p.compare !== undefined || p.fieldWeights !== undefined || p.adjustMissing) throw new Error(`${opName}: compare functions, field weights and missing-value weights apply only to distance measures`);
  }
  if (m.kind === "cosine" && (p.compare !== undefined || p.fieldWeights !== undefined || p.adjustMissing)) throw new Error(`${opName}: the cosine measure takes no compare functions, weights or missing-value adjustment`);
  if (Array.isArray(p.compare) && p.compare.length !== total) throw new Error(`${opName}: ${p.compare.length} compare functions for ${total} features`);
  for (let i = 0; i < total; i++) {
    const c = compareOf(p, i);
    if (!["absDiff", "gaussSim", "delta", "equal"].includes(c)) throw new Error(`${opName}: unknown compare function "${c}"`);
    if (c === "gaussSim") {
      const s = p.similarityScales?.[i];
      if (s === undefined || !Number.isFinite(s)) throw new Error(`${opName}: field ${i} compares with gaussSim but has no similarityScale`);
    }
  }
  if (p.similarityScales !== undefined && p.similarityScales.length !== total) throw new Error(`${opName}: ${p.similarityScales.length} similarity scales for ${total} features`);
  if (p.fieldWeights !== undefined) {
    if (p.fieldWeights.length !== total) throw new Error(`${opName}: ${p.fieldWeights.length} field weights for ${total} features`);
    checkFinite(opName, "field weights", p.fieldWeights);
    if (p.fieldWeights.some((w) => w < 0)) throw new Error(`${opName}: field weights must not be negative`);
  }
  if (p.missingWeights !== undefined) {
    if (!p.adjustMissing) throw new Error(`${opName}: missingWeights needs adjustMissing`);
    if (p.missingWeights.length !== total) throw new Error(`${opName}: ${p.missingWeights.length} missing-value weights for ${total} features`);
    checkFinite(opName, "missing-value weights", p.missingWeights);
  }
}

/** Whether a row's values fit a similarity measure (each 0 or 1). */
export function binaryValues(x: readonly (number | null)[]): boolean {
  return x.every((v) => v === 0 || v === 1);
}

export function isSimilarity(m: ComparisonMeasure): boolean {
  return m.kind === "simpleMatching" || m.kind === "jaccard" || m.kind === "tanimoto" || m.kind === "binarySimilarity";
}

export function compareOf(p: MeasureSpec, i: number): CompareFunction {
  return p.compare === undefined ? "absDiff" : typeof p.compare === "string" ? p.compare : p.compare[i]!;
}

function innerPower(m: ComparisonMeasure): number {
  return m.kind === "euclidean" || m.kind === "squaredEuclidean" ? 2 : m.kind === "minkowski" ? m.p : 1;
}

function outerPower(m: ComparisonMeasure): number {
  return m.kind === "euclidean" ? 2 : m.kind === "minkowski" ? m.p : 1;
}

function compareValue(c: CompareFunction, x: number, y: number, s: number | undefined): number {
  switch (c) {
    case "absDiff":
      return Math.abs(x - y);
    case "gaussSim":
      return Math.exp((-Math.LN2 * pfaPow(x - y, 2)) / pfaPow(s!, 2));
    case "delta":
      return x === y ? 0 : 1;
    case "equal":
      return x === y ? 1 : 0;
  }
}

/** Java's Collections.max over doubles: NaN is the greatest. */
function javaMax(xs: readonly number[]): number {
  let m = xs[0]!;
  for (const x of xs) if (Number.isNaN(x) || x > m) m = x;
  for (const x of xs) if (Number.isNaN(x)) return x;
  return m;
}

export function measureValue(p: MeasureSpec, x: readonly (number | null)[], y: readonly number[]): number {
  const m = p.measure;
  if (m.kind === "cosine") {
    let dot = 0;
    let nx = 0;
    let ny = 0;
    for (let i = 0; i < y.length; i++) {
      dot += x[i]! * y[i]!;
      nx += x[i]! * x[i]!;
      ny += y[i]! * y[i]!;
    }
    return 1 - dot / Math.sqrt(nx) / Math.sqrt(ny);
  }
  if (isSimilarity(m)) {
    let a11 = 0;
    let a10 = 0;
    let a01 = 0;
    let a00 = 0;
    for (let i = 0; i < y.length; i++) {
      if (x[i]! === 1) {
        if (y[i] === 1) a11 += 1;
        else a10 += 1;
      } else if (y[i] === 1) a01 += 1;
      else a00 += 1;
    }
    switch (m.kind) {
      case "simpleMatching":
        return (a11 + a00) / (a11 + a10 + a01 + a00);
      case "jaccard":
        return a11 / (a11 + a10 + a01);
      case "tanimoto":
        return (a11 + a00) / (a11 + 2 * (a10 + a01) + a00);
      case "binarySimilarity":
        return (m.c11 * a11 + m.c10 * a10 + m.c01 * a01 + m.c00 * a00) / (m.d11 * a11 + m.d10 * a10 + m.d01 * a01 + m.d00 * a00);
    }
  }
  const q = innerPower(m);
  const terms: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const xi = x[i];
    if (xi === null || xi === undefined) {
      terms.push(0);
      continue;
    }
    const c = compareValue(compareOf(p, i), xi, y[i]!, p.similarityScales?.[i]);
    const t = q === 1 ? c : pfaPow(c, q);
    terms.push(p.fieldWeights === undefined ? t : p.fieldWeights[i]! * t);
  }
  let adjustment = 1;
  if (p.adjustMissing) {
    let all = 0;
    let present = 0;
    x.forEach((xi, i) => {
      const w = p.missingWeights?.[i] ?? 1;
      all += w;
      present += xi === null ? 0 : w;
    });
    adjustment = all / present;
  }
  if (m.kind === "chebychev") {
    const mx = javaMax(terms);
    return p.adjustMissing ? mx * adjustment : mx;
  }
  let sum = 0;
  for (const t of terms) sum += t;
  if (p.adjustMissing) sum *= adjustment;
  const outer = outerPower(m);
  return outer === 1 ? sum : pfaPow(sum, 1 / outer);
}

/** The features of a row, one per coordinate, null where a nullable input is missing. */
export function rowFeatures(values: readonly unknown[], types: readonly IRType[]): (number | null)[] {
  const out: (number | null)[] = [];
  values.forEach((v, i) => {
    const t = nonNull(types[i]!);
    const n = t.kind === "vector" ? t.size! : 1;
    if (v === null || v === undefined) for (let j = 0; j < n; j++) out.push(null);
    else if (Array.isArray(v)) out.push(...(v as number[]));
    else out.push(Number(v));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lowering

/** PFA for one field's compare function of the double symbols x and y (s: the similarity scale). */
function lowerCompare(c: CompareFunction, x: string, y: string, s: JsonValue | null): JsonValue {
  switch (c) {
    case "absDiff":
      return { "m.abs": { "-": [x, y] } };
    case "gaussSim":
      return { "m.exp": { "/": [{ "*": [doubleLiteral(-Math.LN2), { "**": [{ "-": [x, y] }, doubleLiteral(2)] }] }, { "**": [s!, doubleLiteral(2)] }] } };
    case "delta":
      return { if: { "==": [x, y] }, then: doubleLiteral(0), else: doubleLiteral(1) };
    case "equal":
      return { if: { "==": [x, y] }, then: doubleLiteral(1), else: doubleLiteral(0) };
  }
}

const ARRAY_NULLABLE = { type: "array", items: ["null", "double"] };

/**
 * The user export function measureValue(x, center) -> double for the model's measure; x is array(double), or
 * array(union(null, double)) with adjustMissing.
 */
export function lowerMeasureFcn(ctx: LowerContext, opName: string, p: MeasureSpec, total: number): string {
  const m = p.measure;
  const x = ctx.symbol("x");
  const y = ctx.symbol("center");
  const xType = p.adjustMissing ? ARRAY_NULLABLE : ARRAY_DOUBLE;
  const def = (body: JsonValue): JsonValue => ({ params: [{ [x]: xType }, { [y]: ARRAY_DOUBLE }], ret: "double", do: body });
  const mul = (a: string, b: string): JsonValue => ({ "a.sum": { "a.zipmap": [a, b, twoFcn(ctx, (u, v) => ({ "*": [u, v] }))] } });
  if (m.kind === "cosine") {
    return ctx.fcn("cosineDistance", def({ "-": [doubleLiteral(1), { "/": [{ "/": [mul(x, y), { "m.sqrt": mul(x, x) }] }, { "m.sqrt": mul(y, y) }] }] }));
  }
  if (isSimilarity(m)) {
    // counts of (x, y) pairs: (1, 1), (1, 0), (0, 1), (0, 0)
    const pairCount = (xv: number, yv: number): JsonValue => ({
      "a.sum": { "a.zipmap": [x, y, twoFcn(ctx, (u, v) => ({ if: { "&&": [{ "==": [u, doubleLiteral(xv)] }, { "==": [v, doubleLiteral(yv)] }] }, then: doubleLiteral(1), else: doubleLiteral(0) }))] },
    });
    const [a11, a10, a01, a00] = [ctx.symbol("a11"), ctx.symbol("a10"), ctx.symbol("a01"), ctx.symbol("a00")];
    const v = ctx.symbol("v");
    let ratio: JsonValue;
    switch (m.kind) {
      case "simpleMatching":
        ratio = { "/": [{ "+": [a11, a00] }, { "+": [{ "+": [{ "+": [a11, a10] }, a01] }, a00] }] };
        break;
      case "jaccard":
        ratio = { "/": [a11, { "+": [{ "+": [a11, a10] }, a01] }] };
        break;
      case "tanimoto":
        ratio = { "/": [{ "+": [a11, a00] }, { "+": [{ "+": [a11, { "*": [doubleLiteral(2), { "+": [a10, a01] }] }] }, a00] }] };
        break;
      default: {
        const b = m as Extract<ComparisonMeasure, { kind: "binarySimilarity" }>;
        const lin = (c11: number, c10: number, c01: number, c00: number): JsonValue => ({
          "+": [{ "+": [{ "+": [{ "*": [doubleLiteral(c11), a11] }, { "*": [doubleLiteral(c10), a10] }] }, { "*": [doubleLiteral(c01), a01] }] }, { "*": [doubleLiteral(c00), a00] }],
        });
        ratio = { "/": [lin(b.c11, b.c10, b.c01, b.c00), lin(b.d11, b.d10, b.d01, b.d00)] };
      }
    }
    return ctx.fcn(
      m.kind,
      def({
        do: [
          {
            if: { "a.any": [x, { params: [{ [v]: "double" }], ret: "boolean", do: { "&&": [{ "!=": [v, doubleLiteral(0)] }, { "!=": [v, doubleLiteral(1)] }] } }] },
            then: { error: `${opName}: a ${m.kind} model needs values of 0 or 1` },
          },
          { let: { [a11]: pairCount(1, 1), [a10]: pairCount(1, 0), [a01]: pairCount(0, 1), [a00]: pairCount(0, 0) } },
          ratio,
        ],
      }),
    );
  }
  // distance measures
  const q = innerPower(m);
  const kinds = Array.from({ length: total }, (_, i) => compareOf(p, i));
  const uniform = kinds.every((c) => c === kinds[0]);
  const anyGauss = kinds.includes("gaussSim");
  const weights = p.fieldWeights !== undefined && p.fieldWeights.some((w) => w !== 1) ? p.fieldWeights : null;
  const xi = ctx.symbol("xi");
  const yi = ctx.symbol("yi");
  const fi = ctx.symbol("field");
  // one record per field when anything varies by field: its weight, compare function and scale
  const perField = !uniform || anyGauss || weights !== null;
  const fieldType = ctx.typeName("ClusteringField");
  const compareType = ctx.typeName("CompareFunction");
  const fieldsCell = perField
    ? ctx.cell(
        "clusteringFields",
        {
          type: "array",
          items: {
            type: "record",
            name: fieldType,
            fields: [
              { name: "weight", type: "double" },
              { name: "compare", type: { type: "enum", name: compareType, symbols: ["absDiff", "gaussSim", "delta", "equal"] } },
              { name: "scale", type: "double" },
            ],
          },
        },
        kinds.map((c, i) => ({ weight: p.fieldWeights?.[i] ?? 1, compare: c, scale: p.similarityScales?.[i] ?? 1 })),
      )
    : null;
  const compareExpr = (present: string): JsonValue => {
    const scale: JsonValue = { attr: fi, path: [["scale"]] };
    let c: JsonValue;
    if (uniform) c = lowerCompare(kinds[0]!, present, yi, scale);
    else
      c = {
        cond: (["absDiff", "gaussSim", "delta"] as const)
          .filter((k) => kinds.includes(k))
          .map((k): JsonValue => ({ if: { "==": [{ attr: fi, path: [["compare"]] }, { type: compareType, value: k }] }, then: lowerCompare(k, present, yi, scale) })),
        else: lowerCompare("equal", present, yi, scale),
      };
    const powered = q === 1 ? c : { "**": [c, doubleLiteral(q)] };
    return weights === null ? powered : { "*": [{ attr: fi, path: [["weight"]] }, powered] };
  };
  const termFcn = (present: (body: (v: string) => JsonValue) => JsonValue, xt: JsonValue): JsonValue =>
    perField
      ? { params: [{ [xi]: xt }, { [yi]: "double" }, { [fi]: fieldType }], ret: "double", do: present(compareExpr) }
      : { params: [{ [xi]: xt }, { [yi]: "double" }], ret: "double", do: present(compareExpr) };
  let terms: JsonValue;
  if (p.adjustMissing) {
    const v = ctx.symbol("v");
    const fcn = termFcn((body) => ({ ifnotnull: { [v]: xi }, then: body(v), else: doubleLiteral(0) }), ["null", "double"]);
    terms = { "a.zipmap": perField ? [x, y, { cell: fieldsCell! }, fcn] : [x, y, fcn] };
  } else {
    const fcn = termFcn((body) => body(xi), "double");
    terms = { "a.zipmap": perField ? [x, y, { cell: fieldsCell! }, fcn] : [x, y, fcn] };
  }
  let adjustment: JsonValue | null = null;
  if (p.adjustMissing) {
    const weightsCell = ctx.cell("missingValueWeights", ARRAY_DOUBLE, p.missingWeights ?? Array.from({ length: total }, () => 1));
    const u = ctx.symbol("xi");
    const w = ctx.symbol("q");
    const present: JsonValue = { "a.zipmap": [x, { cell: weightsCell }, { params: [{ [u]: ["null", "double"] }, { [w]: "double" }], ret: "double", do: { ifnotnull: { [ctx.symbol("v")]: u }, then: w, else: doubleLiteral(0) } }] };
    adjustment = { "/": [{ "a.sum": { cell: weightsCell } }, { "a.sum": present }] };
  }
  const scaled = (e: JsonValue): JsonValue => (adjustment === null ? e : { "*": [e, adjustment] });
  let body: JsonValue;
  if (m.kind === "chebychev") body = scaled({ "a.max": terms });
  else {
    const outer = outerPower(m);
    body = outer === 1 ? scaled({ "a.sum": terms }) : { "**": [scaled({ "a.sum": terms }), doubleLiteral(1 / outer)] };
  }
  return ctx.fcn(m.kind, def(body));
}

function twoFcn(ctx: LowerContext, f: (a: string, b: string) => JsonValue): JsonValue {
  const a = ctx.symbol("a");
  const b = ctx.symbol("b");
  return { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: f(a, b) };
}

/** The features as array(union(null, double)): each missing input becomes nulls. */
export function lowerNullableFeatures(ctx: LowerContext, inputs: readonly JsonValue[], types: readonly IRType[]): JsonValue {
  const parts = inputs.map((e, i): JsonValue => {
    const t = types[i]!;
    const n = nonNull(t);
    const width = n.kind === "vector" ? n.size! : 1;
    const present = (v: JsonValue): JsonValue => {
      if (n.kind === "vector") {
        const d = ctx.symbol("d");
        return { "a.map": [v, { params: [{ [d]: "double" }], ret: ["null", "double"], do: d }] };
      }
      return { new: [n.kind === "double" ? v : { "cast.double": v }], type: ARRAY_NULLABLE };
    };
    if (t.kind !== "nullable") return present(e);
    const s = ctx.symbol("x");
    return { ifnotnull: { [s]: e }, then: present(s), else: { new: Array.from({ length: width }, () => null), type: ARRAY_NULLABLE } };
  });
  return parts.length === 1 ? parts[0]! : { "a.flatten": { new: parts, type: { type: "array", items: ARRAY_NULLABLE } } };
}


// ---------------------------------------------------------------------------------------------
// Property tests

/**
 * A random row for a property test: each coordinate is `near(c)` of the same coordinate c of `point`
 * (a centre, an instance), or 0 or 1 (rarely 0.5, which a similarity measure refuses) under a
 * similarity measure; a nullable input is missing a fifth of the time.
 */
export function randomRowNear(measure: ComparisonMeasure, point: readonly number[], inputs: readonly IRType[], random: () => number, near: (c: number) => number): unknown[] {
  const similarity = isSimilarity(measure);
  let j = 0;
  const value = (): number => {
    const c = point[j++ % point.length]!;
    return similarity ? (random() < 0.97 ? (random() < 0.5 ? 0 : 1) : 0.5) : near(c);
  };
  return inputs.map((t) => {
    const n = nonNull(t);
    const width = n.kind === "vector" ? (n.size ?? 0) : 1;
    if (t.kind === "nullable" && random() < 0.2) {
      j += width;
      return null;
    }
    if (n.kind === "vector") return Array.from({ length: width }, () => value());
    return n.kind === "int" ? Math.round(value()) : value();
  });
}
