/**
 * normContinuous: PMML's NormContinuous, a piecewise-linear map of a number through the points
 * (orig, norm) of its LinearNorm elements.
 *
 * Between two neighbouring points (a1, b1), (a2, b2) with a1 <= x <= a2 the value is
 * b1 + (x − a1) / (a2 − a1) · (b2 − b1), computed in that order; a value equal to an inner point uses
 * the segment that starts there (so it gives that point's norm exactly). Outside [first orig, last orig]
 * the `outliers` attribute decides: "asIs" extrapolates the first or last segment, "asMissingValues"
 * gives a missing value, "asExtremeValues" gives the first or last norm. A missing input gives
 * `mapMissingTo`, or a missing value. NaN is not an outlier (every comparison with it is false): it
 * goes through the first segment's formula and comes out NaN.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, INT, LONG, FLOAT, type IRType, describeType, isNumeric, nonNull, nullable } from "../types.js";
import { pick } from "./common.js";
import {
  type Real,
  asDoubleExpr,
  doubleData,
  doubleExpr,
  ieeeLess,
  ieeeLessEq,
  num,
  randomDouble,
  randomInt,
  randomNumberOf,
  real,
  toReal,
} from "./feature-util.js";

export interface NormContinuousParams {
  /** The LinearNorm points, at least two, `orig` strictly ascending. */
  points: { orig: Real; norm: Real }[];
  /** Values below the first or above the last `orig`: PMML's `outliers` attribute (default "asIs"). */
  outliers: "asIs" | "asMissingValues" | "asExtremeValues";
  /** The output for a missing input (PMML's `mapMissingTo`); null: a missing output. */
  mapMissingTo: Real | null;
}

interface Point {
  orig: number;
  norm: number;
}

function resolve(p: NormContinuousParams): { points: Point[]; mapMissingTo: number | null } {
  if (!Array.isArray(p.points) || p.points.length < 2) throw new Error("normContinuous needs at least two LinearNorm points");
  const points = p.points.map((q, i) => ({ orig: real(q.orig, `normContinuous: points[${i}].orig`), norm: real(q.norm, `normContinuous: points[${i}].norm`) }));
  points.forEach((q, i) => {
    if (!Number.isFinite(q.orig) || !Number.isFinite(q.norm)) throw new Error(`normContinuous: point ${i} (${q.orig}, ${q.norm}) is not finite`);
    if (i > 0 && !(points[i - 1]!.orig < q.orig)) throw new Error(`normContinuous: the points' orig values must be strictly ascending (${points[i - 1]!.orig} then ${q.orig})`);
  });
  if (!["asIs", "asMissingValues", "asExtremeValues"].includes(p.outliers)) throw new Error(`normContinuous: outliers must be asIs, asMissingValues or asExtremeValues, found ${JSON.stringify(p.outliers)}`);
  return { points, mapMissingTo: p.mapMissingTo === null || p.mapMissingTo === undefined ? null : real(p.mapMissingTo, "normContinuous: mapMissingTo") };
}

/** The segment index for x: the last point before the final one whose orig is <= x, or 0. */
function segment(points: readonly Point[], x: number): number {
  let k = 0;
  for (let i = 1; i < points.length - 1; i++) if (points[i]!.orig <= x) k = i;
  return k;
}

export function normContinuousValue(points: readonly Point[], outliers: NormContinuousParams["outliers"], x: number): number | null {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (x < first.orig || x > last.orig) {
    if (outliers === "asMissingValues") return null;
    if (outliers === "asExtremeValues") return x < first.orig ? first.norm : last.norm;
  }
  const k = segment(points, x);
  const a = points[k]!;
  const b = points[k + 1]!;
  return a.norm + ((x - a.orig) / (b.orig - a.orig)) * (b.norm - a.norm);
}

export const normContinuous = defineOp<NormContinuousParams>({
  name: "normContinuous",
  summary: "PMML NormContinuous: piecewise-linear normalisation with outlier treatment",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`normContinuous takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    if (!isNumeric(t)) throw new Error(`normContinuous takes a number, found ${describeType(t)}`);
    const r = resolve(params);
    const mayBeMissing = params.outliers === "asMissingValues" || (t.kind === "nullable" && r.mapMissingTo === null);
    return [mayBeMissing ? nullable(DOUBLE) : DOUBLE];
  },
  evaluate(params, inputs) {
    const r = resolve(params);
    const v = inputs[0];
    if (v === null || v === undefined) return [r.mapMissingTo];
    return [normContinuousValue(r.points, params.outliers, num(v))];
  },
  lower(params, inputs, types, ctx) {
    const r = resolve(params);
    const t = types[0]!;
    const n = r.points.length;
    const recordType = ctx.typeName("LinearNorm");
    const cell = ctx.cell("normContinuous_points", { type: "array", items: { type: "record", name: recordType, fields: [{ name: "orig", type: "double" }, { name: "norm", type: "double" }] } }, r.points.map((q) => ({ orig: doubleData(q.orig), norm: doubleData(q.norm) })));
    const x = ctx.symbol("x");
    const p = ctx.symbol("p");
    const k = ctx.symbol("k");
    const a = ctx.symbol("a");
    const b = ctx.symbol("b");
    const field = (rec: string, f: string): JsonValue => ({ attr: rec, path: [{ string: f }] });
    const first = r.points[0]!;
    const last = r.points[n - 1]!;
    const interpolate: JsonValue[] = [
      // the segment: the last point before the final one whose orig is <= x (the first segment if none)
      {
        let: {
          [k]: {
            max: [0, { "a.rindex": [{ "a.subseq": [{ cell }, 0, n - 1] }, { params: [{ [p]: recordType }], ret: "boolean", do: [ieeeLessEq(field(p, "orig"), x, true)] }] }],
          },
        },
      },
      { let: { [a]: { cell, path: [k] }, [b]: { cell, path: [{ "+": [k, 1] }] } } },
      { "+": [field(a, "norm"), { "*": [{ "/": [{ "-": [x, field(a, "orig")] }, { "-": [field(b, "orig"), field(a, "orig")] }] }, { "-": [field(b, "norm"), field(a, "norm")] }] }] },
    ];
    const missingOut = params.outliers === "asMissingValues";
    const ret: JsonValue = missingOut ? ["double", "null"] : "double";
    let body: JsonValue[];
    if (params.outliers === "asIs") body = interpolate;
    else {
      const low = missingOut ? null : doubleExpr(first.norm);
      const high = missingOut ? null : doubleExpr(last.norm);
      body = [
        {
          cond: [
            { if: { "<": [x, doubleExpr(first.orig)] }, then: low },
            { if: ieeeLess(doubleExpr(last.orig), x, true), then: high },
          ],
          else: { do: interpolate },
        },
      ];
    }
    const fcn = ctx.fcn("normContinuous", { params: [{ [x]: "double" }], ret, do: body });
    const call = (e: JsonValue): JsonValue => ({ [fcn]: [asDoubleExpr(e, t)] });
    if (t.kind !== "nullable") return [call(inputs[0]!)];
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: call(v), else: r.mapMissingTo === null ? null : doubleExpr(r.mapMissingTo) }];
  },
  arbitrary(random) {
    const n = randomInt(random, 2, 5);
    let orig = randomDouble(random);
    const points: NormContinuousParams["points"] = [];
    for (let i = 0; i < n; i++) {
      points.push({ orig, norm: toReal(random() < 0.2 ? points[i - 1]?.norm === undefined ? 0 : real(points[i - 1]!.norm, "") : randomDouble(random)) });
      orig += random() < 0.3 ? randomInt(random, 1, 5) : Math.abs(randomDouble(random)) + 1e-3;
    }
    let input: IRType = pick(random, [DOUBLE, DOUBLE, FLOAT, INT, LONG]);
    if (random() < 0.4) input = nullable(input);
    return {
      params: { points, outliers: pick(random, ["asIs", "asMissingValues", "asExtremeValues"] as const), mapMissingTo: random() < 0.5 ? randomDouble(random) : null },
      inputs: [input],
    };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.2) return [null];
    return [randomNumberOf(nonNull(t), random, params.points.map((q) => real(q.orig, "")))];
  },
});
