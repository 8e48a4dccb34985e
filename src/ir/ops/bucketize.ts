/**
 * bucketize: a number mapped to the bucket (bin) that contains it. Two forms:
 *
 * - kind "splits": Spark Bucketizer (and QuantileDiscretizer, whose model is a Bucketizer; MLeap
 *   bucketizer). Buckets [s0, s1), [s1, s2), ..., [s(n−2), s(n−1)]: the last split belongs to the last
 *   bucket. The output is the bucket index as a double. Values are ordered as Java's
 *   `Arrays.binarySearch` orders doubles, so −0.0 is below a split at 0.0 (and +0.0 above one at −0.0).
 *   A value outside [s0, s(n−1)] is always an error. NaN: "error" refuses the row, "keep" gives the
 *   extra bucket n−1, "skip" (Spark drops the row) refuses it too. A missing (null) input gives a
 *   missing output in Spark (`missing: "propagate"`); with "skip" Spark drops the row (`"error"`).
 * - kind "intervals": PMML Discretize. Each DiscretizeBin is an Interval (closure openClosed,
 *   openOpen, closedOpen or closedClosed; a margin left out is unbounded) with a binValue; the first bin
 *   that contains the value gives its binValue; none gives `defaultValue` (missing when null); a missing
 *   input gives `mapMissingTo` (missing when null). NaN is in no interval.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, FLOAT, INT, LONG, type IRType, describeType, isNumeric, nonNull, nullable } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type MissingPolicy,
  type Real,
  type Scalar,
  type ScalarKind,
  asDoubleExpr,
  checkMissingPolicy,
  doubleData,
  doubleExpr,
  num,
  outputWithMissing,
  randomDouble,
  randomInt,
  randomNumberOf,
  real,
  reals,
  scalarData,
  scalarExpr,
  scalarType,
  scalarValue,
  toReal,
} from "./feature-util.js";

export interface BucketizeSplitsParams {
  kind: "splits";
  /** Strictly ascending split points, at least two (−Infinity and Infinity allowed at the ends). */
  splits: Real[];
  /** NaN: "error" (refused), "skip" (Spark drops the row: refused), "keep" (the extra bucket). */
  handleInvalid: "error" | "skip" | "keep";
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

export type Closure = "openClosed" | "openOpen" | "closedOpen" | "closedClosed";

export interface DiscretizeBin {
  closure: Closure;
  /** The left margin; null: unbounded. */
  left: Real | null;
  /** The right margin; null: unbounded. */
  right: Real | null;
  /** The bin's value, of `outputType`. */
  value: Scalar;
}

export interface BucketizeIntervalsParams {
  kind: "intervals";
  /** The bins, tried in order. */
  bins: DiscretizeBin[];
  /** The type of the bin values (PMML: the DerivedField's dataType). */
  outputType: ScalarKind;
  /** The output when no bin contains the value; null: missing. */
  defaultValue: Scalar | null;
  /** The output for a missing input; null: missing. */
  mapMissingTo: Scalar | null;
}

export type BucketizeParams = BucketizeSplitsParams | BucketizeIntervalsParams;

// ---------------------------------------------------------------------------------------------
// splits

function resolveSplits(p: BucketizeSplitsParams): number[] {
  const splits = reals(p.splits, "bucketize: splits");
  if (splits.length < 2) throw new Error("bucketize: at least two splits are needed");
  splits.forEach((s, i) => {
    if (Number.isNaN(s)) throw new Error("bucketize: a split is NaN");
    if (i > 0 && !(splits[i - 1]! < s)) throw new Error(`bucketize: the splits must be strictly ascending (${splits[i - 1]} then ${s})`);
  });
  if (!["error", "skip", "keep"].includes(p.handleInvalid)) throw new Error(`bucketize: handleInvalid must be error, skip or keep, found ${JSON.stringify(p.handleInvalid)}`);
  checkMissingPolicy(p.missing, "bucketize");
  return splits;
}

/** a < b in Java's order of doubles (as Arrays.binarySearch compares): −0.0 is below 0.0. Neither is NaN. */
function javaLess(a: number, b: number): boolean {
  return a < b || (a === b && Object.is(a, -0) && Object.is(b, 0));
}

export function bucketOf(splits: readonly number[], handleInvalid: BucketizeSplitsParams["handleInvalid"], x: number): number {
  const n = splits.length;
  if (Number.isNaN(x)) {
    if (handleInvalid === "keep") return n - 1;
    throw new MissingValueError("bucketize: a NaN value (handleInvalid is not keep)");
  }
  if (x === splits[n - 1]) return n - 2;
  const j = splits.findIndex((s) => javaLess(x, s));
  if (j <= 0) throw new MissingValueError(`bucketize: ${x} is outside the splits [${splits[0]}, ${splits[n - 1]}]`);
  return j - 1;
}

// ---------------------------------------------------------------------------------------------
// intervals

interface Bin {
  left: number;
  right: number;
  leftClosed: boolean;
  rightClosed: boolean;
  value: number | string | boolean;
}

interface ResolvedIntervals {
  bins: Bin[];
  defaultValue: number | string | boolean | null;
  mapMissingTo: number | string | boolean | null;
}

const CLOSURES: readonly Closure[] = ["openClosed", "openOpen", "closedOpen", "closedClosed"];

function resolveIntervals(p: BucketizeIntervalsParams): ResolvedIntervals {
  const kind = p.outputType;
  scalarType(kind); // checks the kind
  if (!Array.isArray(p.bins)) throw new Error("bucketize: bins must be an array");
  const bins = p.bins.map((b, i): Bin => {
    if (!CLOSURES.includes(b.closure)) throw new Error(`bucketize: bin ${i} has closure ${JSON.stringify(b.closure)}`);
    // An unbounded margin is the closed infinite one (NaN is excluded before any bin is tried).
    const left = b.left === null || b.left === undefined ? -Infinity : real(b.left, `bucketize: bin ${i} left margin`);
    const right = b.right === null || b.right === undefined ? Infinity : real(b.right, `bucketize: bin ${i} right margin`);
    if (Number.isNaN(left) || Number.isNaN(right)) throw new Error(`bucketize: bin ${i} has a NaN margin`);
    return {
      left,
      right,
      leftClosed: b.left === null || b.left === undefined || b.closure === "closedOpen" || b.closure === "closedClosed",
      rightClosed: b.right === null || b.right === undefined || b.closure === "openClosed" || b.closure === "closedClosed",
      value: scalarValue(kind, b.value, `bucketize: bin ${i} value`),
    };
  });
  const opt = (v: Scalar | null | undefined, what: string) => (v === null || v === undefined ? null : scalarValue(kind, v, `bucketize: ${what}`));
  return { bins, defaultValue: opt(p.defaultValue, "defaultValue"), mapMissingTo: opt(p.mapMissingTo, "mapMissingTo") };
}

function binContains(b: Bin, x: number): boolean {
  return (b.leftClosed ? b.left <= x : b.left < x) && (b.rightClosed ? x <= b.right : x < b.right);
}

export function discretize(r: ResolvedIntervals, x: number): number | string | boolean | null {
  if (Number.isNaN(x)) return r.defaultValue;
  const b = r.bins.find((bin) => binContains(bin, x));
  return b === undefined ? r.defaultValue : b.value;
}

// ---------------------------------------------------------------------------------------------

function checkInput(t: IRType): void {
  if (!isNumeric(t)) throw new Error(`bucketize takes a number, found ${describeType(t)}`);
}

export const bucketize = defineOp<BucketizeParams>({
  name: "bucketize",
  summary: "the bucket of a number: Spark Bucketizer splits or PMML Discretize intervals",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`bucketize takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    checkInput(t);
    if (params.kind === "splits") {
      resolveSplits(params);
      return [outputWithMissing(DOUBLE, t, params.missing)];
    }
    if (params.kind !== "intervals") throw new Error(`bucketize: kind must be "splits" or "intervals", found ${JSON.stringify((params as { kind: unknown }).kind)}`);
    const r = resolveIntervals(params);
    const out = scalarType(params.outputType);
    const mayBeMissing = r.defaultValue === null || (t.kind === "nullable" && r.mapMissingTo === null);
    return [mayBeMissing ? nullable(out) : out];
  },
  evaluate(params, inputs) {
    const v = inputs[0];
    if (params.kind === "splits") {
      const splits = resolveSplits(params);
      if (v === null || v === undefined) {
        if (params.missing === "error") throw new MissingValueError("bucketize: a missing value");
        return [null];
      }
      return [bucketOf(splits, params.handleInvalid, num(v))];
    }
    const r = resolveIntervals(params);
    if (v === null || v === undefined) return [r.mapMissingTo];
    return [discretize(r, num(v))];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const x = ctx.symbol("x");
    const s = ctx.symbol("s");
    const j = ctx.symbol("j");
    const b = ctx.symbol("bin");
    let fcn: string;
    let whenMissing: JsonValue;
    if (params.kind === "splits") {
      const splits = resolveSplits(params);
      const n = splits.length;
      const cell = ctx.cell("bucketize_splits", { type: "array", items: "double" }, splits.map(doubleData));
      const hasZero = splits.some((v) => v === 0);
      // x < s in Java's order (x and s are not NaN here): −0.0 sorts below 0.0
      const less: JsonValue = hasZero
        ? { "||": [{ "<": [x, s] }, { "&&": [{ "==": [x, s] }, { "<": [{ "m.copysign": [doubleExpr(1), x] }, { "m.copysign": [doubleExpr(1), s] }] }] }] }
        : { "<": [x, s] };
      const outOfRange: JsonValue = { error: "bucketize: a value outside the splits" };
      fcn = ctx.fcn("bucketize", {
        params: [{ [x]: "double" }],
        ret: "double",
        do: [
          {
            cond: [
              { if: { "impute.isnan": x }, then: params.handleInvalid === "keep" ? doubleExpr(n - 1) : { error: "bucketize: a NaN value (handleInvalid is not keep)" } },
              { if: { "==": [x, { cell, path: [n - 1] }] }, then: doubleExpr(n - 2) },
            ],
            else: {
              do: [
                // the first split above x; the bucket is the one before it
                { let: { [j]: { "a.index": [{ cell }, { params: [{ [s]: "double" }], ret: "boolean", do: [less] }] } } },
                { if: { "<=": [j, 0] }, then: outOfRange, else: { "cast.double": { "-": [j, 1] } } },
              ],
            },
          },
        ],
      });
      whenMissing = params.missing === "error" ? { error: "bucketize: a missing value" } : null;
    } else {
      const r = resolveIntervals(params);
      const kind = params.outputType;
      const valueType = ctx.avroType(scalarType(kind));
      const binType = ctx.typeName("DiscretizeBin");
      const cell = ctx.cell(
        "bucketize_bins",
        {
          type: "array",
          items: {
            type: "record",
            name: binType,
            fields: [
              { name: "left", type: "double" },
              { name: "leftClosed", type: "boolean" },
              { name: "right", type: "double" },
              { name: "rightClosed", type: "boolean" },
              { name: "value", type: valueType },
            ],
          },
        },
        r.bins.map((bin) => ({ left: doubleData(bin.left), leftClosed: bin.leftClosed, right: doubleData(bin.right), rightClosed: bin.rightClosed, value: scalarData(kind, bin.value) })),
      );
      const field = (f: string): JsonValue => ({ attr: b, path: [{ string: f }] });
      const contains: JsonValue = {
        "&&": [
          { if: field("leftClosed"), then: { "<=": [field("left"), x] }, else: { "<": [field("left"), x] } },
          { if: field("rightClosed"), then: { "<=": [x, field("right")] }, else: { "<": [x, field("right")] } },
        ],
      };
      const dflt: JsonValue = r.defaultValue === null ? null : scalarExpr(kind, r.defaultValue);
      fcn = ctx.fcn("discretize", {
        params: [{ [x]: "double" }],
        ret: r.defaultValue === null ? [valueType, "null"] : valueType,
        do: [
          {
            if: { "impute.isnan": x },
            then: dflt,
            else: {
              do: [
                // the first bin whose interval contains x
                { let: { [j]: { "a.index": [{ cell }, { params: [{ [b]: binType }], ret: "boolean", do: [contains] }] } } },
                { if: { "==": [j, -1] }, then: dflt, else: { cell, path: [j, { string: "value" }] } },
              ],
            },
          },
        ],
      });
      whenMissing = r.mapMissingTo === null ? null : scalarExpr(kind, r.mapMissingTo);
    }
    const call = (e: JsonValue): JsonValue => ({ [fcn]: [asDoubleExpr(e, t)] });
    if (t.kind !== "nullable") return [call(inputs[0]!)];
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: call(v), else: whenMissing }];
  },
  arbitrary(random) {
    let input: IRType = pick(random, [DOUBLE, DOUBLE, DOUBLE, FLOAT, INT, LONG]);
    if (random() < 0.35) input = nullable(input);
    const points = (k: number): number[] => {
      const out: number[] = [];
      let x = random() < 0.3 ? 0 : randomDouble(random) - 1;
      for (let i = 0; i < k; i++) {
        out.push(x);
        x += random() < 0.4 ? randomInt(random, 1, 3) : Math.abs(randomDouble(random)) + 1e-3;
      }
      return out;
    };
    if (random() < 0.5) {
      const splits: Real[] = points(randomInt(random, 2, 5)).map(toReal);
      if (random() < 0.4) splits[0] = "-Infinity";
      if (random() < 0.4) splits[splits.length - 1] = "Infinity";
      if (random() < 0.2 && !splits.includes(0)) {
        // a split at zero, to exercise the ordering of −0.0
        const lo = splits.findIndex((v) => real(v, "") > 0);
        if (lo > 0 && real(splits[lo - 1]!, "") < 0) splits.splice(lo, 0, 0);
      }
      return {
        params: { kind: "splits", splits, handleInvalid: pick(random, ["error", "skip", "keep"] as const), missing: pick(random, ["error", "propagate"] as const) },
        inputs: [input],
      };
    }
    const outputType = pick(random, ["string", "string", "double", "int"] as const);
    const valueOf = (i: number): Scalar => (outputType === "string" ? pick(random, ["low", "mid", "high", `bin${i}`, ""]) : outputType === "int" ? i * 10 : toReal(i + 0.5));
    const edges = points(randomInt(random, 2, 5));
    const bins: DiscretizeBin[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      bins.push({ closure: pick(random, CLOSURES), left: i === 0 && random() < 0.3 ? null : edges[i]!, right: i + 2 === edges.length && random() < 0.3 ? null : edges[i + 1]!, value: valueOf(i) });
    }
    if (random() < 0.2) bins.push({ closure: "closedClosed", left: edges[0]!, right: edges[edges.length - 1]!, value: valueOf(99) }); // overlapping: the first wins
    return {
      params: { kind: "intervals", bins, outputType, defaultValue: random() < 0.5 ? valueOf(7) : null, mapMissingTo: random() < 0.5 ? valueOf(8) : null },
      inputs: [input],
    };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const anchors =
      params.kind === "splits"
        ? reals(params.splits, "")
        : params.bins.flatMap((bin) => [bin.left, bin.right]).filter((v): v is Real => v !== null).map((v) => real(v, ""));
    return [randomNumberOf(nonNull(t), random, anchors)];
  },
});
