/**
 * project: a matrix times a vector, y = M (x − center) + bias, for PCA and other linear projections.
 *
 * - Spark PCAModel: M = pcᵀ (pc is F×k, stored column-major; row j of M is column j of pc), no center,
 *   no bias: y_j = Σ_i pc[i][j]·x[i], summed in index order as BLAS gemv does.
 * - MLeap pca: the same (`principal_components`, no centering).
 * - sklearn PCA through ONNX (Sub of the mean, MatMul with componentsᵀ) or a bundle with a mean: `center`
 *   = the mean; ONNX computes in float32 with its own summation order, so expect float32-level
 *   differences there, not exact agreement.
 *
 * Each output is Σ_i M[j][i]·(x[i] − center[i]) accumulated from i = 0, then + bias[j] (+ 0 without a
 * bias), which is also how the PFA's `model.reg.linear` computes it.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type MissingPolicy,
  type Real,
  ARRAY_DOUBLE,
  checkMissingPolicy,
  doubleData,
  evaluateWithMissing,
  lengthGuard,
  lowerWithMissing,
  outputWithMissing,
  randomDouble,
  randomInt,
  reals,
  toReal,
} from "./feature-util.js";

export interface ProjectParams {
  /** The matrix, by rows: one row per output, each as long as the input vector. */
  matrix: Real[][];
  /** Added to each output; null: nothing. */
  bias: Real[] | null;
  /** Subtracted from the input first (a PCA's mean); null: nothing. */
  center: Real[] | null;
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

interface Resolved {
  matrix: number[][];
  bias: number[] | null;
  center: number[] | null;
  /** The input size. */
  n: number;
}

function resolve(params: ProjectParams, t: IRType): Resolved {
  checkMissingPolicy(params.missing, "project");
  const v = nonNull(t);
  if (v.kind !== "vector") throw new Error(`project takes a vector, found ${describeType(t)}`);
  if (!Array.isArray(params.matrix) || params.matrix.length === 0) throw new Error("project: the matrix has no rows");
  const matrix = params.matrix.map((row, j) => reals(row, `project: matrix row ${j}`));
  const n = matrix[0]!.length;
  if (n === 0) throw new Error("project: the matrix has no columns");
  matrix.forEach((row, j) => {
    if (row.length !== n) throw new Error(`project: matrix row ${j} has ${row.length} columns, row 0 has ${n}`);
  });
  if (v.size !== null && v.size !== n) throw new Error(`project: the matrix has ${n} columns but the input vector has ${v.size} elements`);
  const bias = params.bias === null || params.bias === undefined ? null : reals(params.bias, "project: bias");
  if (bias !== null && bias.length !== matrix.length) throw new Error(`project: the bias has ${bias.length} values for ${matrix.length} rows`);
  const center = params.center === null || params.center === undefined ? null : reals(params.center, "project: center");
  if (center !== null && center.length !== n) throw new Error(`project: the center has ${center.length} values for ${n} columns`);
  return { matrix, bias, center, n };
}

export const project = defineOp<ProjectParams>({
  name: "project",
  summary: "matrix times vector, y = M (x − center) + bias (PCA)",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`project takes one column, found ${inputs.length}`);
    const r = resolve(params, inputs[0]!);
    return [outputWithMissing(vector(r.matrix.length), inputs[0]!, params.missing)];
  },
  evaluate(params, inputs, types) {
    const r = resolve(params, types[0]!);
    return [
      evaluateWithMissing("project", inputs[0], params.missing, (v) => {
        let xs = v as number[];
        if (xs.length !== r.n) throw new MissingValueError(`project: a vector of ${xs.length} elements, expected ${r.n}`);
        if (r.center !== null) xs = xs.map((x, i) => x - r.center![i]!);
        return r.matrix.map((row, j) => {
          let s = 0;
          for (let i = 0; i < r.n; i++) s += row[i]! * xs[i]!;
          return s + (r.bias === null ? 0 : r.bias[j]!);
        });
      }),
    ];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const r = resolve(params, t);
    const modelType = ctx.typeName("Projection");
    const cell = ctx.cell(
      "project_model",
      { type: "record", name: modelType, fields: [{ name: "coeff", type: { type: "array", items: ARRAY_DOUBLE } }, { name: "const", type: ARRAY_DOUBLE }] },
      { coeff: r.matrix.map((row) => row.map(doubleData)), const: r.matrix.map((_, j) => doubleData(r.bias === null ? 0 : r.bias[j]!)) },
    );
    const centerCell = r.center === null ? null : ctx.cell("project_center", ARRAY_DOUBLE, r.center.map(doubleData));
    const a = ctx.symbol("x");
    const b = ctx.symbol("c");
    return [
      lowerWithMissing("project", inputs[0]!, t, params.missing, ctx, (v) => {
        const x: JsonValue =
          centerCell === null ? v : { "a.zipmap": [v, { cell: centerCell }, { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: [{ "-": [a, b] }] }] };
        const y: JsonValue = { "model.reg.linear": [x, { cell }] };
        const n = nonNull(t);
        return n.kind === "vector" && n.size === null ? lengthGuard(v, r.n, `project: the input vector does not have ${r.n} elements`, y) : y;
      }),
    ];
  },
  arbitrary(random) {
    const n = randomInt(random, 1, 5);
    const k = randomInt(random, 1, 4);
    const matrix = Array.from({ length: k }, () => Array.from({ length: n }, () => toReal(randomDouble(random))));
    let input: IRType = vector(random() < 0.8 ? n : null);
    if (random() < 0.3) input = nullable(input);
    return {
      params: {
        matrix,
        bias: random() < 0.4 ? Array.from({ length: k }, () => toReal(randomDouble(random))) : null,
        center: random() < 0.4 ? Array.from({ length: n }, () => toReal(randomDouble(random))) : null,
        missing: pick(random, ["error", "propagate"] as const),
      },
      inputs: [input],
    };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const n = params.matrix[0]!.length;
    const v = nonNull(t);
    const size = v.kind === "vector" && v.size !== null ? v.size : random() < 0.8 ? n : randomInt(random, 0, n + 1);
    return [Array.from({ length: size }, () => (random() < 0.03 ? pick(random, [NaN, Infinity]) : randomDouble(random)))];
  },
});
