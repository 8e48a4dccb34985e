/**
 * What "scores the same" means (DESIGN.md, diff-score): numbers agree when
 * `abs(a - b) <= atol + rtol * abs(b)` (b: the reference), NaN only with NaN; labels and strings
 * exactly; a missing value only with a missing value. Collections compare element by element. A value
 * the document declares `float` is compared with the reference rounded to float.
 * Per column, the comparison keeps the largest absolute and relative differences and the rows that
 * differ.
 */

import { JsonDouble } from "../pfa/json-value.js";
import { AvroArray, AvroMap, AvroRecord, AvroUnion, type AvroType } from "../pfa/types.js";

export interface Tolerance {
  rtol: number;
  atol: number;
  /**
   * The PFA side declares the value a 32-bit float: the reference number is first rounded to the
   * nearest float, since no float can be nearer to it. (A source that writes its float result in
   * double, as pmml4s does for an OutputField of dataType "float", would otherwise differ by the
   * rounding alone; jpmml-evaluator compares floats the same way, FloatEquivalence.)
   */
  float32?: boolean;
}

/** A reference value read from text (a CSV cell) against a number: the text's number. */
function asNumber(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    const s = v.trim();
    if (/^[-+]?(nan|NaN)$/.test(s)) return NaN;
    if (/^[-+]?(inf|Inf|Infinity|infinity)$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    if (s !== "" && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && (v === "" || v === "NA" || v === "N/A"));
}

export interface ValueDiff {
  equal: boolean;
  /** For numbers: |a - b| and |a - b| / |b|. */
  abs?: number;
  rel?: number;
}

/** Compares the PFA side's value `actual` with the reference value `expected`. */
export function compareValues(actual: unknown, expected: unknown, tol: Tolerance): ValueDiff {
  // Reference values read as JSON keep "1.0" as a JsonDouble: compare its number.
  if (expected instanceof JsonDouble) expected = expected.value;
  const am = isMissing(actual);
  const em = isMissing(expected);
  if (am || em) return { equal: am && em };
  if (typeof actual === "number" || typeof actual === "bigint") {
    const a = Number(actual);
    const read = asNumber(expected);
    if (read === null) return { equal: false };
    const b = tol.float32 === true ? Math.fround(read) : read;
    if (Number.isNaN(a) || Number.isNaN(b)) return { equal: Number.isNaN(a) && Number.isNaN(b) };
    if (!Number.isFinite(a) || !Number.isFinite(b)) return { equal: a === b, abs: a === b ? 0 : Infinity };
    const abs = Math.abs(a - b);
    const rel = b === 0 ? (abs === 0 ? 0 : Infinity) : abs / Math.abs(b);
    return { equal: abs <= tol.atol + tol.rtol * Math.abs(b), abs, rel };
  }
  if (typeof actual === "boolean") {
    if (typeof expected === "boolean") return { equal: actual === expected };
    if (typeof expected === "string") return { equal: expected.trim().toLowerCase() === String(actual) || asNumber(expected) === (actual ? 1 : 0) };
    return { equal: asNumber(expected) === (actual ? 1 : 0) };
  }
  if (typeof actual === "string") {
    if (typeof expected === "string" && actual === expected) return { equal: true };
    // A label written as a number on one side ("1" against 1 or "1.0"): the same number is the same label.
    const a = asNumber(actual);
    const b = asNumber(expected);
    return { equal: a !== null && b !== null && a === b };
  }
  if (Array.isArray(actual)) {
    if (!Array.isArray(expected) || expected.length !== actual.length) return { equal: false };
    let abs = 0;
    let rel = 0;
    for (let i = 0; i < actual.length; i++) {
      const d = compareValues(actual[i], expected[i], tol);
      if (!d.equal) return { equal: false, ...(d.abs === undefined ? {} : { abs: d.abs }), ...(d.rel === undefined ? {} : { rel: d.rel }) };
      abs = Math.max(abs, d.abs ?? 0);
      rel = Math.max(rel, d.rel ?? 0);
    }
    return { equal: true, abs, rel };
  }
  if (typeof actual === "object" && typeof expected === "object" && expected !== null) {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(e).length) return { equal: false };
    return { equal: keys.every((k) => k in e && compareValues(a[k], e[k], tol).equal) };
  }
  return { equal: actual === expected };
}

/** The running statistics of one compared column. */
export class ColumnStats {
  compared = 0;
  differing = 0;
  maxAbs = 0;
  maxRel = 0;

  constructor(readonly name: string) {}

  add(d: ValueDiff): void {
    this.compared++;
    if (!d.equal) this.differing++;
    if (d.abs !== undefined && Number.isFinite(d.abs)) this.maxAbs = Math.max(this.maxAbs, d.abs);
    if (d.rel !== undefined && Number.isFinite(d.rel)) this.maxRel = Math.max(this.maxRel, d.rel);
  }
}

/**
 * Follows a column path into an output row: a string is a field or map key (tried as given), an
 * integer an array index. Returns undefined when the path does not exist.
 */
export function atPath(value: unknown, path: readonly (string | number)[]): unknown {
  let cur = value;
  for (const step of path) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof step === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step];
    } else {
      if (typeof cur !== "object" || Array.isArray(cur)) return undefined;
      const obj = cur as Record<string, unknown>;
      if (!Object.prototype.hasOwnProperty.call(obj, step)) return undefined;
      cur = obj[step];
    }
  }
  return cur;
}

/**
 * Whether the value at a column path of the output type holds 32-bit floats: a float, or a
 * collection (or nullable union) of them.
 */
export function holdsFloats(type: AvroType, path: readonly (string | number)[]): boolean {
  let t: AvroType | undefined = type;
  for (const step of path) {
    t = nonNullBranch(t);
    if (t instanceof AvroRecord && typeof step === "string") t = t.field(step)?.type;
    else if (t instanceof AvroArray && typeof step === "number") t = t.items;
    else if (t instanceof AvroMap && typeof step === "string") t = t.values;
    else return false;
    if (t === undefined) return false;
  }
  for (;;) {
    t = nonNullBranch(t);
    if (t instanceof AvroArray) t = t.items;
    else if (t instanceof AvroMap) t = t.values;
    else return t.kind === "float";
  }
}

function nonNullBranch(t: AvroType): AvroType {
  if (!(t instanceof AvroUnion)) return t;
  const branches = t.types.filter((b) => b.kind !== "null");
  return branches.length === 1 ? branches[0]! : t;
}
