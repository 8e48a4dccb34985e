/**
 * treeEnsemble to PFA. Trees live in cells; the logic is one user function per ensemble that walks
 * the trees and aggregates, plus the walk's test callbacks:
 *
 *  - binary trees (ONNX, Spark, XGBoost, LightGBM): nested `TreeNode` records
 *    `{feature, operator, value, [set], [missing], pass, fail}` walked with `model.tree.simpleWalk`
 *    over a datum `{x: array<double>}` (a missing feature is NaN there);
 *  - PMML trees: nested `PmmlNode` records `{predicate, children, [defaultChild], score}` whose
 *    predicates are `model.tree.missingTest` comparisons `{field, operator, value, [predicates]}`
 *    over a datum record with one field per feature; a user function walks them with PMML's
 *    missing-value and no-true-child strategies, kept per tree in the cell.
 *
 * Aggregation uses a.sum / a.fold / a.zipmap / a.median, the transforms m.link.logit /
 * m.link.softmax or explicit float32 code where the source computes in float32 (onnxruntime).
 */
import type { JsonValue } from "../../pfa/json-value.js";
import type { LowerContext } from "../op.js";
import { nonNull, type IRType } from "../types.js";
import { ARRAY_DOUBLE, doubleData, doubleLiteral, floatLiteral, ieeeGreater, ieeeLess, ieeeLessEq, nanLiteral } from "./common.js";
import {
  featureSlot,
  isCompound,
  isMixing,
  type BinaryNode,
  type BinaryTree,
  type FeatureSlot,
  type PmmlNode,
  type PmmlPredicate,
  type PmmlTree,
  type TreeEnsembleParams,
  type TreeInfo,
  type TreeLeaf,
} from "./tree-types.js";

type J = JsonValue;

const ARR_D: J = ARRAY_DOUBLE;
/** A double literal (the shared doubleLiteral, short for the many below). */
const dbl = doubleLiteral;
const str = (s: string): J => ({ string: s });
const FLT_MAX = 3.4028234663852886e38;

/** Symbols, functions and statement blocks for one lowering. */
class Gen {
  constructor(readonly ctx: LowerContext) {}
  sym(hint: string): string {
    return this.ctx.symbol(hint);
  }
  /** An inline function; `body` receives the parameters' symbols. */
  fn(params: [string, J][], ret: J, body: (...syms: string[]) => J | J[]): J {
    const syms = params.map(([h]) => this.sym(h));
    const b = body(...syms);
    return { params: params.map(([, t], i) => ({ [syms[i]!]: t })), ret, do: Array.isArray(b) ? b : [b] };
  }
}

class Block {
  readonly stmts: J[] = [];
  constructor(private readonly g: Gen) {}
  let(hint: string, expr: J): string {
    const s = this.g.sym(hint);
    this.stmts.push({ let: { [s]: expr } });
    return s;
  }
  add(stmt: J): void {
    this.stmts.push(stmt);
  }
  /** The block as one expression ending in `result`. */
  done(result: J): J {
    return this.stmts.length === 0 ? result : { do: [...this.stmts, result] };
  }
}

const at = (arr: J, index: J): J => ({ attr: arr, path: [index] });
/** A record field: `rec.name` when rec is a symbol, else an attr form. */
const field = (rec: J, name: string): J => (typeof rec === "string" ? `${rec}.${name}` : { attr: rec, path: [str(name)] });

/** A name hint for a column from its PFA expression (`input.Sepal_Length` gives `Sepal_Length`). */
function columnHint(expr: J, column: number): string {
  if (typeof expr === "string") {
    const last = expr.split(".").pop() ?? "";
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(last)) return last;
  }
  return `x${column}`;
}

function uniqueNames(): (hint: string) => string {
  const used = new Set<string>();
  return (hint) => {
    let base = hint.replace(/[^A-Za-z0-9_]/g, "_");
    if (base === "" || /^[0-9]/.test(base)) base = "_" + base;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
}

/** A number or NaN (cells hold JSON, which has neither NaN nor infinity; checkParams keeps those out). */
function leafValues(p: TreeEnsembleParams, leaf: TreeLeaf): number[] {
  const F = p.float32?.arithmetic === true ? Math.fround : (x: number) => x;
  let values = leaf.values.map(F);
  if (p.normalizeLeaves === true) {
    let sum = 0;
    for (const v of values) sum = F(sum + v);
    if (sum !== 0) values = values.map((v) => F(v / sum));
  }
  return values;
}

/** The PFA of the whole ensemble: one expression per output. */
export function lowerEnsemble(p: TreeEnsembleParams, info: TreeInfo, inputs: readonly J[], types: readonly IRType[], ctx: LowerContext): J[] {
  const g = new Gen(ctx);
  const f32a = p.float32?.arithmetic === true;
  const F = (e: J): J => (f32a ? { "cast.float": e } : e);
  const mayMiss = info.mayBeMissing;
  const nullable = (t: J): J => (mayMiss ? [t, "null"] : t);

  // ---- output types
  const labelType: J = p.labels?.type ?? "string";
  const outType = (o: string): J => (o === "value" ? "double" : o === "label" ? labelType : ARR_D);
  const multi = p.outputs.length > 1;
  const resultName = multi ? ctx.typeName("TreeEnsembleOutput") : "";
  const retType: J = multi
    ? { type: "record", name: resultName, fields: p.outputs.map((o) => ({ name: o, type: nullable(outType(o)) })) }
    : nullable(outType(p.outputs[0]!));

  const labelsCell = p.labels !== undefined ? ctx.cell("labels", { type: "array", items: labelType }, p.labels.values as J) : null;
  const weightsUsed = p.weights !== undefined && ["sum", "weightedAverage", "weightedMedian", "vote"].includes(p.aggregation);
  const weightsCell = weightsUsed || (p.weights !== undefined && p.missingTree?.treatment === "skip")
    ? ctx.cell("treeWeights", ARR_D, p.weights!.map((w) => w) as J)
    : null;

  const params = inputs.map((_, i) => g.sym(columnHint(inputs[i]!, i)));
  const body = new Block(g);

  // ---- walking: per-tree leaves
  let walked: Walked;
  if (info.kind === "binary") walked = walkBinaryTrees(p, info, params, types, g, body);
  else walked = walkPmmlTrees(p, info, params, types, g, body);

  // ---- from leaves to outputs (inside the "present" branch when trees may give no prediction)
  const rest = new Block(g);
  const n = p.trees.length;
  let vals: string;
  let labs: string | null = null;
  let ws: J | null = weightsCell !== null ? { cell: weightsCell } : null;
  let present: J | null = null;
  if (walked.kind === "direct") {
    vals = walked.vals;
    labs = walked.labs;
  } else {
    // PMML results: union(null, PmmlLeaf) per tree.
    const leafT = walked.leafType;
    const dummy: J = { new: walked.dummyLeaf, type: leafT };
    const treatment = p.missingTree?.treatment ?? "returnMissing";
    let leaves: string;
    if (!mayMiss) {
      leaves = body.let("leaves", { "a.map": [walked.results, g.fn([["r", [leafT, "null"]]], leafT, (r) => ({ "impute.defaultOnNull": [r, dummy] }))] });
    } else if (treatment === "returnMissing" || n === 1) {
      present = { "!": { "a.any": [walked.results, g.fn([["r", [leafT, "null"]]], "boolean", (r) => ({ ifnotnull: { [g.sym("l")]: r }, then: false, else: true }))] } };
      leaves = rest.let("leaves", { "a.map": [walked.results, g.fn([["r", [leafT, "null"]]], leafT, (r) => ({ "impute.defaultOnNull": [r, dummy] }))] });
    } else {
      const wArr: J = ws ?? { new: p.trees.map(() => dbl(1)), type: ARR_D };
      const total = p.weights === undefined ? n : p.weights.reduce((a, b) => a + b, 0);
      const threshold = p.missingTree?.threshold ?? 1;
      leaves = body.let("kept", { type: { type: "array", items: leafT }, value: [] });
      const keptW = body.let("keptWeights", { type: ARR_D, value: [] });
      const missW = body.let("missingWeight", dbl(0));
      const tooMany = body.let("tooMany", false);
      const i = g.sym("i");
      const l = g.sym("l");
      body.add({
        for: { [i]: 0 },
        while: { "<": [i, n] },
        step: { [i]: { "+": [i, 1] } },
        do: [
          {
            ifnotnull: { [l]: at(walked.results, i) },
            then: { set: { [leaves]: { "a.append": [leaves, l] }, [keptW]: { "a.append": [keptW, at(wArr, i)] } } },
            else: [
              { set: { [missW]: { "+": [missW, at(wArr, i)] } } },
              { if: ieeeGreater({ "/": [missW, dbl(total)] }, dbl(threshold)), then: { set: { [tooMany]: true } } },
            ],
          },
        ],
      });
      present = { "&&": [{ "!": tooMany }, { ">": [{ "a.len": [leaves] }, 0] }] };
      ws = keptW;
    }
    vals = rest.let("values", { "a.map": [leaves, g.fn([["l", leafT]], ARR_D, (l) => field(l, "values"))] });
    if (info.leafLabels) labs = rest.let("labels", { "a.map": [leaves, g.fn([["l", leafT]], "int", (l) => field(l, "label"))] });
    if (info.confidences) walked.confidence = at(leaves, 0);
  }
  const vector = walked.kind === "pmml" || walked.vector;

  // ---- aggregation (one tree: its value is the aggregate, unless weights or votes change it)
  const identity = n === 1 && (["average", "min", "max", "median"].includes(p.aggregation) || (p.aggregation === "sum" && (p.weights === undefined || p.weights[0] === 1)));
  const aggOut: { firstVotes?: string } = {};
  const agg = rest.let(identity ? "value" : "aggregate", identity ? at(vals, 0) : aggregate(p, g, rest, vals, labs, ws, vector, F, aggOut));
  const aggVec = vector;
  let raw: J;
  let value: J;
  const baseLit = p.base !== undefined ? p.base.map((b) => (f32a ? Math.fround(b) : b)) : undefined;
  if (aggVec) {
    let withBase: J = agg;
    if (baseLit !== undefined) withBase = { "a.zipmap": [agg, { new: baseLit.map(dbl), type: ARR_D }, g.fn([["x", "double"], ["b", "double"]], "double", (x, b) => F({ "+": [x, b] }))] };
    const rawSym = withBase === agg ? agg : rest.let("raw", withBase);
    if (p.expand !== undefined) {
      const s = at(rawSym, 0);
      raw = rest.let("expanded", { new: p.expand === "complement" ? [F({ "-": [dbl(1), s] }), s] : [{ "u-": s }, s], type: ARR_D });
    } else {
      raw = rawSym;
    }
    value = at(raw, 0);
  } else {
    const s = baseLit !== undefined ? rest.let("raw", F({ "+": [agg, dbl(baseLit[0]!)] })) : agg;
    if (p.expand === "complement") raw = rest.let("expanded", { new: [F({ "-": [dbl(1), s] }), s], type: ARR_D });
    else if (p.expand === "negate") raw = rest.let("expanded", { new: [{ "u-": s }, s], type: ARR_D });
    else raw = { new: [s], type: ARR_D };
    value = p.expand !== undefined ? at(raw, 0) : s;
  }
  const needScores = p.outputs.includes("scores") || (p.labels !== undefined && p.labels.rule.kind !== "leaf" && p.labels.rule.of === "scores");
  const needRaw = p.outputs.includes("raw") || needScores || (p.labels !== undefined && p.labels.rule.kind !== "leaf" && p.labels.rule.of === "raw");
  if (needRaw && typeof raw !== "string") raw = rest.let("raw", raw);
  const scores = needScores ? rest.let("scores", transform(p, g, raw, F)) : null;

  // ---- label
  let label: J = null;
  if (p.labels !== undefined && p.outputs.includes("label")) {
    const rule = p.labels.rule;
    const labelAt = (i: J): J => at({ cell: labelsCell! }, i);
    if (rule.kind === "leaf") {
      label = labelAt(at(labs!, 0));
    } else {
      const base = rule.of === "raw" ? raw : scores!;
      if (rule.kind === "threshold") {
        label = { if: ieeeGreater(at(base, rule.slot), dbl(rule.threshold)), then: labelAt(1), else: labelAt(0) };
      } else {
        let v: J = base;
        if (rule.thresholds !== undefined) {
          v = rest.let("scaled", { "a.zipmap": [base, { new: rule.thresholds.map(dbl), type: ARR_D }, g.fn([["x", "double"], ["t", "double"]], "double", (x, t) => ({ if: { "==": [t, dbl(0)] }, then: dbl(Infinity), else: { "/": [x, t] } }))] });
        } else if (typeof v !== "string") {
          v = rest.let("ranked", v);
        }
        const best = rest.let("best", 0);
        const i = g.sym("i");
        let better = ieeeGreater(at(v, i), at(v, best));
        const fv = aggOut.firstVotes;
        if (fv !== undefined) better = { "||": [better, { "&&": [{ "==": [at(v, i), at(v, best)] }, { "<": [at(fv, i), at(fv, best)] }] }] };
        rest.add({ for: { [i]: 1 }, while: { "<": [i, { "a.len": [v] }] }, step: { [i]: { "+": [i, 1] } }, do: [{ if: better, then: { set: { [best]: i } } }] });
        label = labelAt(best);
      }
    }
  }

  // ---- outputs
  const f32o = p.float32?.output === true;
  const roundVec = (e: J): J => (f32o ? { "a.map": [e, g.fn([["x", "double"]], "double", (x) => ({ "cast.float": x }))] } : e);
  const outExpr = (o: string): J => {
    switch (o) {
      case "value":
        return f32o ? { "cast.double": { "cast.float": value } } : value;
      case "raw":
        return roundVec(raw);
      case "scores":
        return roundVec(scores!);
      case "label":
        return label;
      default:
        return walked.confidence !== undefined ? field(walked.confidence, "confidences") : null;
    }
  };
  const result: J = multi ? { new: Object.fromEntries(p.outputs.map((o) => [o, outExpr(o)])), type: resultName } : outExpr(p.outputs[0]!);
  const missingResult: J = multi ? { new: Object.fromEntries(p.outputs.map((o) => [o, null])), type: resultName } : null;
  const tail = present === null ? rest.done(result) : { if: present, then: rest.done(result), else: missingResult };
  const fnName = ctx.fcn("treeEnsemble", {
    params: params.map((s, i) => ({ [s]: ctx.avroType(types[i]!) })),
    ret: retType,
    do: [...body.stmts, tail],
  });
  const call: J = { [fnName]: [...inputs] };
  if (!multi) return [call];
  // the trees walked once per row: every output reads the one result record
  const record = ctx.let("trees", call);
  return p.outputs.map((o) => ({ attr: record, path: [str(o)] }));
}

type Walked =
  | { kind: "direct"; vals: string; labs: string | null; vector: boolean; confidence?: J }
  | { kind: "pmml"; results: string; leafType: string; dummyLeaf: Record<string, J>; confidence?: J };

// ------------------------------------------------------------------ binary trees

/** The datum `{x: array<double>}` of a binary walk: every feature as a double, NaN when missing. */
function binaryDatum(info: TreeInfo, params: string[], types: readonly IRType[], g: Gen, body: Block): { datum: string; datumType: string; openNullable: boolean } {
  const parts: { scalar: boolean; expr: J }[] = [];
  let openNullable = false;
  types.forEach((t, c) => {
    const nn = nonNull(t);
    const x = params[c]!;
    const isNull = t.kind === "nullable";
    if (nn.kind === "vector") {
      if (nn.size === null) {
        const need = info.layout.openFrom !== null && info.maxFeature >= info.layout.openFrom ? info.maxFeature - info.layout.openFrom + 1 : 0;
        const check = (v: J): J => (need > 0 ? { if: { "<": [{ "a.len": [v] }, need] }, then: { error: `treeEnsemble: the input vector has fewer than ${need} features` }, else: v } : v);
        if (isNull) {
          openNullable = true;
          const v = g.sym("v");
          parts.push({ scalar: false, expr: { ifnotnull: { [v]: x }, then: check(v), else: { type: ARR_D, value: [] } } });
        } else {
          parts.push({ scalar: false, expr: check(x) });
        }
      } else if (isNull) {
        const v = g.sym("v");
        parts.push({ scalar: false, expr: { ifnotnull: { [v]: x }, then: v, else: { new: Array.from({ length: nn.size }, () => nanLiteral()), type: ARR_D } } });
      } else {
        parts.push({ scalar: false, expr: x });
      }
      return;
    }
    const conv = (v: J): J => (nn.kind === "boolean" ? { if: v, then: dbl(1), else: dbl(0) } : nn.kind === "double" ? v : { "cast.double": v });
    if (isNull) {
      const v = g.sym("v");
      parts.push({ scalar: true, expr: { ifnotnull: { [v]: x }, then: conv(v), else: nanLiteral() } });
    } else {
      parts.push({ scalar: true, expr: conv(x) });
    }
  });
  let x: J;
  if (parts.length === 0) x = { new: [nanLiteral()], type: ARR_D };
  else if (parts.length === 1 && !parts[0]!.scalar) x = parts[0]!.expr;
  else if (parts.every((q) => q.scalar)) x = { new: parts.map((q) => q.expr), type: ARR_D };
  else x = { "a.flatten": [{ new: parts.map((q) => (q.scalar ? { new: [q.expr], type: ARR_D } : q.expr)), type: { type: "array", items: ARR_D } }] };
  const datumType = g.ctx.typeName("TreeInput");
  const datum = body.let("datum", { new: { x }, type: { type: "record", name: datumType, fields: [{ name: "x", type: ARR_D }] } });
  return { datum, datumType, openNullable };
}

function walkBinaryTrees(p: TreeEnsembleParams, info: TreeInfo, params: string[], types: readonly IRType[], g: Gen, body: Block): Walked {
  const ctx = g.ctx;
  const f32c = p.float32?.compare === true;
  const trees = p.trees as BinaryTree[];
  const W = p.width;
  const labelled = info.leafLabels;
  const nodeName = ctx.typeName("TreeNode");
  const leafName = labelled ? ctx.typeName("TreeLeaf") : "";
  const leafType: J = labelled ? leafName : W === 1 ? "double" : ARR_D;
  const leafDef: J = labelled ? { type: "record", name: leafName, fields: [{ name: "values", type: ARR_D }, { name: "label", type: "int" }] } : leafType;
  const splits = trees.flatMap((t) => t.nodes.filter((n): n is Exclude<BinaryNode, { leaf: TreeLeaf }> => !("leaf" in n)));
  const ops = [...new Set(splits.map((n) => n.test))];
  const hasSet = ops.includes("in") || ops.includes("notIn");
  const hasMissing = splits.some((n) => n.missing !== undefined && n.missing !== "compare");
  const nanThreshold = splits.some((n) => n.threshold !== undefined && Number.isNaN(n.threshold));
  const fields: J[] = [
    { name: "feature", type: "int" },
    { name: "operator", type: "string" },
    { name: "value", type: "double" },
  ];
  if (hasSet) fields.push({ name: "set", type: ARR_D });
  if (hasMissing) fields.push({ name: "missing", type: "string" });
  // The leaf type is defined in full in the first branch it appears in.
  fields.push({ name: "pass", type: [nodeName, leafDef] });
  fields.push({ name: "fail", type: [nodeName, leafType] });
  const nodeDef: J = { type: "record", name: nodeName, fields };
  const fr = (x: number): number => (f32c ? Math.fround(x) : x);
  const leafTag = labelled ? leafName : W === 1 ? "double" : "array";
  const leafJson = (leaf: TreeLeaf): J => {
    const v = leafValues(p, leaf);
    const data: J = labelled ? { values: v, label: leaf.label! } : W === 1 ? v[0]! : v;
    return { [leafTag]: data };
  };
  const nodeJson = (tree: BinaryTree, i: number): Record<string, J> => {
    const node = tree.nodes[i]!;
    if ("leaf" in node) throw new Error("internal: a leaf as a split");
    const branch = (j: number): J => {
      const c = tree.nodes[j]!;
      return "leaf" in c ? leafJson(c.leaf) : { [nodeName]: nodeJson(tree, j) };
    };
    const o: Record<string, J> = { feature: node.feature, operator: node.test, value: node.threshold === undefined ? 0 : doubleData(fr(node.threshold)) };
    if (hasSet) o.set = (node.set ?? []).map((v) => doubleData(fr(v)));
    if (hasMissing) o.missing = node.missing ?? "compare";
    o.pass = branch(node.ifTrue);
    o.fail = branch(node.ifFalse);
    return o;
  };
  // A tree that is a single leaf becomes a split whose branches are both that leaf.
  const rootJson = (tree: BinaryTree): Record<string, J> => {
    const root = tree.nodes[0]!;
    if (!("leaf" in root)) return nodeJson(tree, 0);
    const o: Record<string, J> = { feature: 0, operator: ops[0] ?? "<=", value: 0 };
    if (hasSet) o.set = [];
    if (hasMissing) o.missing = "compare";
    o.pass = leafJson(root.leaf);
    o.fail = leafJson(root.leaf);
    return o;
  };

  const { datum, datumType, openNullable } = binaryDatum(info, params, types, g, body);

  // The test callback.
  const dS = g.sym("d");
  const nS = g.sym("n");
  const testName = ctx.fcn("treeTest", {
    params: [{ [dS]: datumType }, { [nS]: nodeName }],
    ret: "boolean",
    do: (() => {
      const b = new Block(g);
      const nf = (f: string): string => `${nS}.${f}`;
      let access: J = { attr: `${dS}.x`, path: [nf("feature")] };
      if (openNullable) access = { if: { "<": [nf("feature"), { "a.len": [`${dS}.x`] }] }, then: access, else: nanLiteral() };
      if (f32c) access = { "cast.double": { "cast.float": access } };
      const v = b.let("v", access);
      const cmp = (op: string): J => {
        switch (op) {
          case "in":
            return { "a.contains": [nf("set"), v] };
          case "notIn":
            return { "!": { "a.contains": [nf("set"), v] } };
          case "<":
          case "<=":
            // PFA orders NaN above every number: a NaN threshold must fail as IEEE 754 says.
            return op === "<" ? ieeeLess(v, nf("value"), nanThreshold) : ieeeLessEq(v, nf("value"), nanThreshold);
          default:
            return { [op]: [v, nf("value")] };
        }
      };
      const test: J = ops.length <= 1 ? cmp(ops[0] ?? "<=") : { cond: ops.slice(0, -1).map((op) => ({ if: { "==": [nf("operator"), str(op)] }, then: cmp(op) })), else: cmp(ops[ops.length - 1]!) };
      // A missing feature (NaN): IEEE comparisons are all false but != and notIn (PFA orders NaN above
      // every number, so the comparison is not left to "<" and ">"), unless the node says where it goes.
      const unordered = ops.filter((op) => op === "!=" || op === "notIn");
      let nanTest: J = unordered.length === 0 ? false : unordered.length === ops.length ? true : unordered.length === 1 ? { "==": [nf("operator"), str(unordered[0]!)] } : { "||": unordered.map((op) => ({ "==": [nf("operator"), str(op)] })) };
      if (hasMissing) nanTest = { if: { "==": [nf("missing"), str("compare")] }, then: nanTest, else: { "==": [nf("missing"), str("true")] } };
      return [...b.stmts, { if: { "impute.isnan": [v] }, then: nanTest, else: test }];
    })(),
  });
  void W;

  let vals: string;
  let labs: string | null = null;
  const walk = (tree: J): J => ({ "model.tree.simpleWalk": [datum, tree, { fcn: testName }] });
  if (trees.length === 1) {
    const cell = ctx.cell("tree", nodeDef, rootJson(trees[0]!));
    const leaf = body.let("leaf", walk({ cell }));
    vals = body.let("leaves", { new: [labelled ? field(leaf, "values") : leaf], type: labelled || W > 1 ? { type: "array", items: ARR_D } : ARR_D });
    if (labelled) labs = body.let("leafLabels", { new: [field(leaf, "label")], type: { type: "array", items: "int" } });
  } else {
    const cell = ctx.cell("trees", { type: "array", items: nodeDef }, trees.map(rootJson));
    const leaves = body.let("leaves", { "a.map": [{ cell }, g.fn([["tree", nodeName]], leafType, (t) => walk(t))] });
    if (labelled) {
      vals = body.let("leafValues", { "a.map": [leaves, g.fn([["l", leafName]], ARR_D, (l) => field(l, "values"))] });
      labs = body.let("leafLabels", { "a.map": [leaves, g.fn([["l", leafName]], "int", (l) => field(l, "label"))] });
    } else {
      vals = leaves;
    }
  }
  return { kind: "direct", vals, labs, vector: labelled || W > 1 };
}

// ------------------------------------------------------------------ PMML trees

const PMML_OPERATORS: Record<string, string> = {
  equal: "==",
  notEqual: "!=",
  lessThan: "<",
  lessOrEqual: "<=",
  greaterThan: ">",
  greaterOrEqual: ">=",
  isIn: "in",
  isNotIn: "notIn",
  isMissing: "isMissing",
  isNotMissing: "notMissing",
  true: "alwaysTrue",
  false: "alwaysFalse",
  and: "and",
  or: "or",
  xor: "xor",
  surrogate: "surrogate",
};

function walkPmmlTrees(p: TreeEnsembleParams, info: TreeInfo, params: string[], types: readonly IRType[], g: Gen, body: Block): Walked {
  const ctx = g.ctx;
  const f32c = p.float32?.compare === true;
  const trees = p.trees as PmmlTree[];
  const W = p.width;

  // Features used by the predicates: one datum field each.
  const used = new Map<number, FeatureSlot>();
  const numericSets = { any: false };
  const stringSets = { any: false };
  const kinds = { number: false, string: false };
  const scan = (pr: PmmlPredicate): void => {
    if (isCompound(pr)) return pr.predicates.forEach(scan);
    if (pr.op === "true" || pr.op === "false") return;
    const s = featureSlot(info.layout, types, pr.feature)!;
    used.set(pr.feature, s);
    if (pr.op === "isMissing" || pr.op === "isNotMissing") return;
    if (pr.op === "isIn" || pr.op === "isNotIn") {
      if (s.kind === "string") stringSets.any = true;
      else numericSets.any = true;
    } else if (s.kind === "string") kinds.string = true;
    else kinds.number = true;
  };
  const scanNode = (n: PmmlNode): void => {
    scan(n.predicate);
    (n.children ?? []).forEach(scanNode);
  };
  trees.forEach((t) => scanNode(t.root));
  // Avro unions hold one array type: with both kinds of sets, numeric sets become or / and of comparisons.
  const rewriteNumericSets = numericSets.any && stringSets.any;
  if (rewriteNumericSets) kinds.number = true;
  const valueTypes: J[] = [];
  if (kinds.number) valueTypes.push("double");
  if (kinds.string) valueTypes.push("string");
  if (numericSets.any && !rewriteNumericSets) valueTypes.push(ARR_D);
  if (stringSets.any) valueTypes.push({ type: "array", items: "string" });
  if (valueTypes.length === 0) valueTypes.push("double");
  const isUnion = valueTypes.length > 1;
  const tag = (t: J): string => (typeof t === "string" ? t : "array");
  const valueJson = (v: J, t: J): J => (isUnion ? { [tag(t)]: v } : v);
  const dummyValue = valueJson(valueTypes[0] === "string" ? "" : typeof valueTypes[0] === "string" ? 0 : [], valueTypes[0]!);

  // The datum: one field per used feature.
  const name = uniqueNames();
  const features = [...used.keys()].sort((a, b) => a - b);
  const fieldName = new Map<number, string>();
  const datumFields: J[] = [];
  const datumValues: Record<string, J> = {};
  const numT = f32c ? "float" : "double";
  for (const f of features) {
    const s = used.get(f)!;
    const hint = columnHint(params[s.column]! === undefined ? null : params[s.column]!, s.column);
    const colName = s.element === null ? hint : `${hint}_${s.element}`;
    const fname = name(colName);
    fieldName.set(f, fname);
    const t: J = s.kind === "string" ? "string" : numT;
    const conv = (v: J): J => {
      if (s.kind === "string") return s.irKind === "enum" ? { "enum.toString": [v] } : v;
      if (s.kind === "boolean") return { if: v, then: f32c ? floatLiteral(1) : dbl(1), else: f32c ? floatLiteral(0) : dbl(0) };
      return f32c ? { "cast.float": v } : s.irKind === "double" || s.irKind === "vector" ? v : { "cast.double": v };
    };
    const col = params[s.column]!;
    let expr: J;
    const get = (v: J): J => (s.element === null ? conv(v) : conv(at(v, s.element)));
    if (s.nullable && s.element === null && s.kind === "string" && s.irKind === "string") {
      expr = col;
      datumFields.push({ name: fname, type: [t, "null"] });
    } else if (s.nullable && s.element === null && s.kind === "number" && s.irKind === numT) {
      expr = col;
      datumFields.push({ name: fname, type: [t, "null"] });
    } else if (s.nullable) {
      const v = g.sym("v");
      expr = { ifnotnull: { [v]: col }, then: get(v), else: null };
      datumFields.push({ name: fname, type: [t, "null"] });
    } else {
      expr = get(col);
      datumFields.push({ name: fname, type: t });
    }
    datumValues[fname] = expr;
  }
  if (datumFields.length === 0) {
    const fname = name("none");
    datumFields.push({ name: fname, type: "int" });
    datumValues[fname] = 0;
  }
  const firstField = (datumFields[0] as { name: string }).name;
  // A vector of unknown size: refuse rows too short for the features used.
  if (info.layout.openFrom !== null && info.maxFeature >= info.layout.openFrom) {
    const need = info.maxFeature - info.layout.openFrom + 1;
    const c = types.length - 1;
    const col = params[c]!;
    const check: J = { if: { "<": [{ "a.len": [col] }, need] }, then: { error: `treeEnsemble: the input vector has fewer than ${need} features` } };
    if (types[c]!.kind === "nullable") {
      const v = g.sym("v");
      body.add({ ifnotnull: { [v]: col }, then: { if: { "<": [{ "a.len": [v] }, need] }, then: { error: `treeEnsemble: the input vector has fewer than ${need} features` } } });
    } else {
      body.add(check);
    }
  }
  const datumType = ctx.typeName("TreeInput");
  const enumName = ctx.typeName("TreeField");
  const datum = body.let("datum", { new: datumValues, type: { type: "record", name: datumType, fields: datumFields } });

  // Predicates as records.
  const predName = ctx.typeName("Predicate");
  const fr = (x: number): number => (f32c ? Math.fround(x) : x);
  const numOf = (v: number | string | boolean): number => fr(typeof v === "boolean" ? (v ? 1 : 0) : (v as number));
  let depth = 0;
  const predJson = (pr: PmmlPredicate, d: number): Record<string, J> => {
    depth = Math.max(depth, d);
    const base = (fieldSym: string, op: string, value: J, preds: J[]): Record<string, J> => ({ field: fieldSym, operator: op, value, predicates: preds });
    if (isCompound(pr)) return base(firstField, pr.op, dummyValue, pr.predicates.map((q) => predJson(q, d + 1)));
    if (pr.op === "true" || pr.op === "false") return base(firstField, PMML_OPERATORS[pr.op]!, dummyValue, []);
    const fname = fieldName.get(pr.feature)!;
    const s = used.get(pr.feature)!;
    if (pr.op === "isMissing" || pr.op === "isNotMissing") return base(fname, PMML_OPERATORS[pr.op]!, dummyValue, []);
    if (pr.op === "isIn" || pr.op === "isNotIn") {
      if (s.kind === "string") return base(fname, PMML_OPERATORS[pr.op]!, valueJson(pr.values as J, { type: "array", items: "string" }), []);
      if (!rewriteNumericSets) return base(fname, PMML_OPERATORS[pr.op]!, valueJson(pr.values.map((v) => doubleData(numOf(v))), ARR_D), []);
      const isIn = pr.op === "isIn";
      if (pr.values.length === 1) return base(fname, isIn ? "==" : "!=", valueJson(doubleData(numOf(pr.values[0]!)), "double"), []);
      depth = Math.max(depth, d + 1);
      if (pr.values.length === 0) {
        // Never (or always) true, unknown when missing: x == 0 and / or x != 0.
        const both = [base(fname, "==", valueJson(0, "double"), []), base(fname, "!=", valueJson(0, "double"), [])];
        return base(firstField, isIn ? "and" : "or", dummyValue, both);
      }
      const each = pr.values.map((v) => base(fname, isIn ? "==" : "!=", valueJson(doubleData(numOf(v)), "double"), []));
      return base(firstField, isIn ? "or" : "and", dummyValue, each);
    }
    const v = (pr as Extract<PmmlPredicate, { value: unknown }>).value;
    if (s.kind === "string") return base(fname, PMML_OPERATORS[pr.op]!, valueJson(v as string, "string"), []);
    return base(fname, PMML_OPERATORS[pr.op]!, valueJson(doubleData(numOf(v)), "double"), []);
  };

  // Leaves.
  const leafName = ctx.typeName("PmmlLeaf");
  const leafFields: J[] = [{ name: "values", type: ARR_D }];
  if (info.leafLabels) leafFields.push({ name: "label", type: "int" });
  if (info.confidences) leafFields.push({ name: "confidences", type: ARR_D });
  // aggregateNodes (one tree): the leaves' class record counts; weightedConfidence: their confidences
  // (their values where they have none).
  const mixing = trees.length === 1 && isMixing(trees[0]!) ? (trees[0]!.missingValueStrategy as "aggregateNodes" | "weightedConfidence") : null;
  if (mixing === "aggregateNodes") leafFields.push({ name: "counts", type: ARR_D });
  if (mixing === "weightedConfidence") leafFields.push({ name: "wconf", type: ARR_D });
  const dummyLeaf: Record<string, J> = { values: { new: [], type: ARR_D } };
  if (info.leafLabels) dummyLeaf.label = -1;
  if (info.confidences) dummyLeaf.confidences = { new: [], type: ARR_D };
  if (mixing === "aggregateNodes") dummyLeaf.counts = { new: [], type: ARR_D };
  if (mixing === "weightedConfidence") dummyLeaf.wconf = { new: [], type: ARR_D };
  const f32a = p.float32?.arithmetic === true;
  const fr32 = (x: number): number => (f32a ? Math.fround(x) : x);
  const leafJson = (leaf: TreeLeaf | undefined): J => {
    if (leaf === undefined) return null;
    const o: Record<string, J> = { values: leafValues(p, leaf) };
    if (info.leafLabels) o.label = leaf.label ?? -1;
    if (info.confidences) o.confidences = (leaf.confidences ?? new Array<number>(W).fill(0)).map(fr32);
    if (mixing === "aggregateNodes") o.counts = (leaf.recordCounts ?? new Array<number>(W).fill(0)).map(fr32);
    if (mixing === "weightedConfidence") o.wconf = (leaf.confidences ?? leaf.values).map(fr32);
    return { [leafName]: o };
  };

  const nodeName = ctx.typeName("PmmlNode");
  const anyDefault = trees.some((t) => t.missingValueStrategy === "defaultChild");
  const nodeJson = (n: PmmlNode): Record<string, J> => {
    const o: Record<string, J> = { predicate: predJson(n.predicate, 0), children: (n.children ?? []).map(nodeJson) };
    if (anyDefault) o.defaultChild = n.defaultChild ?? -1;
    if (mixing === "weightedConfidence") o.recordCount = fr32(n.recordCount ?? 0);
    o.score = leafJson(n.leaf);
    return o;
  };
  // aggregateNodes and weightedConfidence apply no penalty.
  const penalties = info.confidences && trees.some((t) => !isMixing(t) && (t.missingValuePenalty ?? 1) !== 1);
  const treeJson = (t: PmmlTree): J => {
    const o: Record<string, J> = { root: nodeJson(t.root), missingValueStrategy: t.missingValueStrategy, noTrueChildStrategy: t.noTrueChildStrategy };
    if (penalties) o.missingValuePenalty = t.missingValuePenalty ?? 1;
    return o;
  };
  const treeRoots = trees.map(treeJson);

  // Types (defined in full where first used: the tree cell).
  const valueType: J = isUnion ? valueTypes : valueTypes[0]!;
  const predFields: J[] = [
    { name: "field", type: { type: "enum", name: enumName, symbols: datumFields.map((f) => (f as { name: string }).name) } },
    { name: "operator", type: "string" },
    { name: "value", type: valueType },
  ];
  if (depth > 0) predFields.push({ name: "predicates", type: { type: "array", items: predName } });
  const predDef: J = { type: "record", name: predName, fields: predFields };
  const stripPreds = (o: J): J => {
    // Without compound predicates the records have no "predicates" field.
    if (depth > 0 || o === null || typeof o !== "object" || Array.isArray(o)) return o;
    const r = { ...(o as Record<string, J>) };
    delete r.predicates;
    return r;
  };
  const fixNode = (o: Record<string, J>): Record<string, J> => ({ ...o, predicate: stripPreds(o.predicate!), children: (o.children as Record<string, J>[]).map(fixNode) });
  for (const t of treeRoots) (t as Record<string, J>).root = fixNode((t as Record<string, J>).root as Record<string, J>);
  const nodeFields: J[] = [
    { name: "predicate", type: predDef },
    { name: "children", type: { type: "array", items: nodeName } },
  ];
  if (anyDefault) nodeFields.push({ name: "defaultChild", type: "int" });
  if (mixing === "weightedConfidence") nodeFields.push({ name: "recordCount", type: "double" });
  nodeFields.push({ name: "score", type: ["null", { type: "record", name: leafName, fields: leafFields }] });
  const treeName = ctx.typeName("PmmlTree");
  const treeFields: J[] = [
    { name: "root", type: { type: "record", name: nodeName, fields: nodeFields } },
    { name: "missingValueStrategy", type: "string" },
    { name: "noTrueChildStrategy", type: "string" },
  ];
  if (penalties) treeFields.push({ name: "missingValuePenalty", type: "double" });
  const treeDef: J = { type: "record", name: treeName, fields: treeFields };

  // Predicate functions: treePredicate0 for simple predicates, treePredicateK for compounds nested K deep (no recursion).
  const testNames: string[] = [];
  const bool3: J = ["null", "boolean"];
  {
    const d = g.sym("d");
    const pr = g.sym("p");
    const op = `${pr}.operator`;
    testNames.push(
      ctx.fcn("treePredicate0", {
        params: [{ [d]: datumType }, { [pr]: predName }],
        ret: bool3,
        do: [
          {
            cond: [
              { if: { "==": [op, str("alwaysTrue")] }, then: true },
              { if: { "==": [op, str("alwaysFalse")] }, then: false },
              { if: { "||": [{ "==": [op, str("isMissing")] }, { "==": [op, str("notMissing")] }] }, then: { "model.tree.simpleTest": [d, pr] } },
            ],
            else: { "model.tree.missingTest": [d, pr] },
          },
        ],
      }),
    );
  }
  for (let k = 1; k <= depth; k++) {
    const d = g.sym("d");
    const pr = g.sym("p");
    const op = `${pr}.operator`;
    const b = new Block(g);
    const nt = b.let("nTrue", 0);
    const nf = b.let("nFalse", 0);
    const nu = b.let("nUnknown", 0);
    const first = b.let("first", { type: bool3, value: null });
    const decided = b.let("decided", false);
    const q = g.sym("q");
    const r = g.sym("r");
    b.add({
      foreach: q,
      in: `${pr}.predicates`,
      seq: true,
      do: [
        {
          ifnotnull: { [r]: { [testNames[k - 1]!]: [d, q] } },
          then: [
            { if: r, then: { set: { [nt]: { "+": [nt, 1] } } }, else: { set: { [nf]: { "+": [nf, 1] } } } },
            { if: { "!": decided }, then: { set: { [first]: r, [decided]: true } } },
          ],
          else: { set: { [nu]: { "+": [nu, 1] } } },
        },
      ],
    });
    const compound: J = {
      cond: [
        { if: { "==": [op, str("and")] }, then: { if: { ">": [nf, 0] }, then: false, else: { if: { ">": [nu, 0] }, then: null, else: true } } },
        { if: { "==": [op, str("or")] }, then: { if: { ">": [nt, 0] }, then: true, else: { if: { ">": [nu, 0] }, then: null, else: false } } },
        { if: { "==": [op, str("xor")] }, then: { if: { ">": [nu, 0] }, then: null, else: { "==": [{ "%": [nt, 2] }, 1] } } },
      ],
      else: first,
    };
    testNames.push(
      ctx.fcn(`treePredicate${k}`, {
        params: [{ [d]: datumType }, { [pr]: predName }],
        ret: bool3,
        do: [
          {
            if: { "||": [{ "||": [{ "==": [op, str("and")] }, { "==": [op, str("or")] }] }, { "||": [{ "==": [op, str("xor")] }, { "==": [op, str("surrogate")] }] }] },
            then: b.done(compound),
            else: { [testNames[0]!]: [d, pr] },
          },
        ],
      }),
    );
  }
  const top = testNames[depth]!;

  // The walker.
  const walkName = mixing !== null ? mixingWalker(g, info, W, f32a, mixing, { datumType, treeName, nodeName, leafName, top }) : (() => {
    const d = g.sym("d");
    const t = g.sym("t");
    const b = new Block(g);
    const node = b.let("node", `${t}.root`);
    const result = b.let("result", { type: ["null", leafName], value: null });
    const done = b.let("done", false);
    const levels = b.let("levels", 0);
    const countAlternative = (pred: J, status: string): J[] => {
      if (!penalties || depth === 0) return [];
      // jpmml-evaluator: a surrogate decided by a later predicate adds a missing level.
      return [
        {
          if: {
            "&&": [
              { "==": [field(pred, "operator"), str("surrogate")] },
              { ifnotnull: { [g.sym("s")]: status }, then: { ifnotnull: { [g.sym("s0")]: { [testNames[depth - 1]!]: [d, at(field(pred, "predicates"), 0)] } }, then: false, else: true }, else: false },
            ],
          },
          then: { set: { [levels]: { "+": [levels, 1] } } },
        },
      ];
    };
    const rs = b.let("rootStatus", { [top]: [d, `${t}.root.predicate`] });
    for (const st of countAlternative(`${t}.root.predicate`, rs)) b.add(st);
    const rsv = g.sym("ok");
    b.add({ ifnotnull: { [rsv]: rs }, then: { if: { "!": rsv }, then: { set: { [done]: true } } }, else: { set: { [done]: true } } });
    const children = g.sym("children");
    const i = g.sym("i");
    const next = g.sym("next");
    const stop = g.sym("stop");
    const c = g.sym("child");
    const status = g.sym("status");
    const sv = g.sym("s");
    const strategy = `${t}.missingValueStrategy`;
    const onMissing: J = {
      cond: [
        { if: { "==": [strategy, str("nullPrediction")] }, then: { set: { [stop]: true } } },
        { if: { "==": [strategy, str("lastPrediction")] }, then: { set: { [result]: field(node, "score"), [stop]: true } } },
        { if: { "==": [strategy, str("defaultChild")] }, then: anyDefault ? { set: { [next]: field(node, "defaultChild"), [levels]: { "+": [levels, 1] } } } : { set: { [i]: { "+": [i, 1] } } } },
      ],
      else: { set: { [i]: { "+": [i, 1] } } },
    };
    b.add({
      while: { "!": done },
      do: [
        { let: { [children]: field(node, "children") } },
        {
          if: { "==": [{ "a.len": [children] }, 0] },
          then: { set: { [result]: field(node, "score"), [done]: true } },
          else: [
            { let: { [i]: 0, [next]: -1, [stop]: false } },
            {
              while: { "&&": [{ "<": [i, { "a.len": [children] }] }, { "&&": [{ "==": [next, -1] }, { "!": stop }] }] },
              do: [
                { let: { [c]: at(children, i) } },
                { let: { [status]: { [top]: [d, field(c, "predicate")] } } },
                ...countAlternative(field(c, "predicate"), status),
                { ifnotnull: { [sv]: status }, then: { if: sv, then: { set: { [next]: i } }, else: { set: { [i]: { "+": [i, 1] } } } }, else: onMissing },
              ],
            },
            {
              if: stop,
              then: { set: { [done]: true } },
              else: {
                if: { "==": [next, -1] },
                then: [{ if: { "==": [`${t}.noTrueChildStrategy`, str("returnLastPrediction")] }, then: { set: { [result]: field(node, "score") } } }, { set: { [done]: true } }],
                else: { set: { [node]: at(children, next) } },
              },
            },
          ],
        },
      ],
    });
    let out: J = result;
    if (penalties) {
      const r = g.sym("r");
      const factor: J = { "**": [`${t}.missingValuePenalty`, levels] };
      const newLeaf: Record<string, J> = { values: field(r, "values") };
      if (info.leafLabels) newLeaf.label = field(r, "label");
      newLeaf.confidences = { "a.map": [field(r, "confidences"), g.fn([["c", "double"]], "double", (cc): J => (f32a ? { "cast.float": { "*": [cc, factor] } } : { "*": [cc, factor] }))] };
      out = { ifnotnull: { [r]: result }, then: { if: { ">": [levels, 0] }, then: { new: newLeaf, type: leafName }, else: r }, else: result };
    }
    return ctx.fcn("treeWalk", { params: [{ [d]: datumType }, { [t]: treeName }], ret: ["null", leafName], do: [...b.stmts, out] });
  })();

  let results: string;
  if (trees.length === 1) {
    const cell = ctx.cell("tree", treeDef, treeRoots[0]!);
    results = body.let("results", { new: [{ [walkName]: [datum, { cell }] }], type: { type: "array", items: ["null", leafName] } });
  } else {
    const cell = ctx.cell("trees", { type: "array", items: treeDef }, treeRoots);
    results = body.let("results", { "a.map": [{ cell }, g.fn([["tree", treeName]], ["null", leafName], (t) => ({ [walkName]: [datum, t] }))] });
  }
  return { kind: "pmml", results, leafType: leafName, dummyLeaf };
}

/**
 * The walker of a tree with missingValueStrategy aggregateNodes or weightedConfidence (see PmmlTree
 * and walkMixing in tree-eval.ts): an explicit stack of (node, weight) pairs, popped in depth-first
 * document order; the leaves reached are summed into the accumulators as they are met.
 */
function mixingWalker(
  g: Gen,
  info: TreeInfo,
  W: number,
  f32a: boolean,
  mixing: "aggregateNodes" | "weightedConfidence",
  names: { datumType: string; treeName: string; nodeName: string; leafName: string; top: string },
): string {
  const ctx = g.ctx;
  const F = (e: J): J => (f32a ? { "cast.float": e } : e);
  const { datumType, treeName, nodeName, leafName, top } = names;
  const weighted = mixing === "weightedConfidence";
  const d = g.sym("d");
  const t = g.sym("t");
  const b = new Block(g);
  const nodeArr: J = { type: "array", items: nodeName };
  const zeros: J = { new: new Array<J>(W).fill(dbl(0)), type: ARR_D };
  const rs = b.let("rootStatus", { [top]: [d, `${t}.root.predicate`] });
  const ok = b.let("ok", false);
  const rsv = g.sym("s");
  b.add({ ifnotnull: { [rsv]: rs }, then: { if: rsv, then: { set: { [ok]: true } } } });
  const stack = b.let("stack", { new: [`${t}.root`], type: nodeArr });
  const weights = b.let("weights", { new: [dbl(1)], type: ARR_D });
  const mixed = b.let("mixed", false);
  const single = b.let("single", { type: ["null", leafName], value: null });
  const count = b.let("count", 0);
  const accV = b.let("acc", zeros);
  const accC = weighted ? b.let("accConf", zeros) : null;

  const contribute = (l: string, w: string): J[] => {
    const add = (acc: string, vec: J): J => ({
      set: { [acc]: { "a.zipmap": [acc, vec, g.fn([["x", "double"], ["y", "double"]], "double", (x, y) => F({ "+": [x, weighted ? F({ "*": [w, y] }) : y] }))] } },
    });
    const out: J[] = [{ set: { [count]: { "+": [count, 1] }, [single]: l } }];
    if (weighted) out.push(add(accV, field(l, "values")), add(accC!, field(l, "wconf")));
    else out.push(add(accV, field(l, "counts")));
    return out;
  };
  const push = (node: J, w: J): J => ({ set: { [stack]: { "a.append": [stack, node] }, [weights]: { "a.append": [weights, w] } } });

  const last = g.sym("last");
  const node = g.sym("node");
  const w = g.sym("w");
  const children = g.sym("children");
  const cands = g.sym("candidates");
  const unknown = g.sym("unknown");
  const stop = g.sym("stop");
  const i = g.sym("i");
  const status = g.sym("status");
  const sv = g.sym("s");
  const l = g.sym("leaf");
  const l2 = g.sym("leaf");
  const j = g.sym("j");
  const c = g.sym("child");
  b.add({
    while: { "&&": [ok, { ">": [{ "a.len": [stack] }, 0] }] },
    do: [
      { let: { [last]: { "-": [{ "a.len": [stack] }, 1] } } },
      { let: { [node]: at(stack, last), [w]: at(weights, last) } },
      { set: { [stack]: { "a.subseq": [stack, 0, last] }, [weights]: { "a.subseq": [weights, 0, last] } } },
      { let: { [children]: field(node, "children") } },
      {
        if: { "==": [{ "a.len": [children] }, 0] },
        then: { ifnotnull: { [l]: field(node, "score") }, then: contribute(l, w) },
        else: [
          { let: { [cands]: { type: { type: "array", items: "int" }, value: [] } } },
          { let: { [unknown]: false, [stop]: false, [i]: 0 } },
          {
            while: { "&&": [{ "<": [i, { "a.len": [children] }] }, { "!": stop }] },
            do: [
              { let: { [status]: { [top]: [d, field(at(children, i), "predicate")] } } },
              {
                ifnotnull: { [sv]: status },
                then: { if: sv, then: { set: { [cands]: { "a.append": [cands, i] }, [stop]: true } } },
                else: { set: { [cands]: { "a.append": [cands, i] }, [unknown]: true } },
              },
              { set: { [i]: { "+": [i, 1] } } },
            ],
          },
          {
            if: { "!": unknown },
            then: {
              if: { "==": [{ "a.len": [cands] }, 1] },
              then: push(at(children, at(cands, 0)), w),
              else: {
                if: { "==": [`${t}.noTrueChildStrategy`, str("returnLastPrediction")] },
                then: { ifnotnull: { [l2]: field(node, "score") }, then: contribute(l2, w) },
              },
            },
            else: [
              { set: { [mixed]: true } },
              // Pushed last to first: popped in document order.
              { let: { [j]: { "-": [{ "a.len": [cands] }, 1] } } },
              {
                while: { ">=": [j, 0] },
                do: [
                  { let: { [c]: at(children, at(cands, j)) } },
                  push(c, weighted ? F({ "*": [w, F({ "/": [field(c, "recordCount"), field(node, "recordCount")] })] }) : w),
                  { set: { [j]: { "-": [j, 1] } } },
                ],
              },
            ],
          },
        ],
      },
    ],
  });

  // The first largest element's index.
  const firstMax = (v: string): string => {
    const best = b.let("best", 0);
    const k = g.sym("k");
    b.add({ for: { [k]: 1 }, while: { "<": [k, W] }, step: { [k]: { "+": [k, 1] } }, do: [{ if: { ">": [at(v, k), at(v, best)] }, then: { set: { [best]: k } } }] });
    return best;
  };
  const made = (values: J, confidences: J, label: string): J => {
    const o: Record<string, J> = { values };
    if (info.leafLabels) o.label = label;
    if (info.confidences) o.confidences = confidences;
    o[weighted ? "wconf" : "counts"] = { new: [], type: ARR_D };
    return { new: o, type: leafName };
  };
  let result: J;
  if (weighted) {
    const best = firstMax(accC!);
    result = { if: { "==": [count, 0] }, then: null, else: made(accV, accC!, best) };
  } else {
    const total = b.let("total", dbl(0));
    const x = g.sym("x");
    b.add({ foreach: x, in: accV, seq: true, do: [{ set: { [total]: F({ "+": [total, x] }) } }] });
    const best = firstMax(accV);
    const probs = g.sym("probabilities");
    const share = { "a.map": [accV, g.fn([["x", "double"]], "double", (y) => F({ "/": [y, total] }))] };
    result = {
      if: { "||": [{ "==": [count, 0] }, { "==": [total, dbl(0)] }] },
      then: null,
      else: { do: [{ let: { [probs]: share } }, made(probs, probs, best)] },
    };
  }
  const out: J = { if: { "!": ok }, then: null, else: { if: mixed, then: result, else: single } };
  return ctx.fcn("treeWalk", { params: [{ [d]: datumType }, { [t]: treeName }], ret: ["null", leafName], do: [...b.stmts, out] });
}

// ------------------------------------------------------------------ aggregation and transforms

function aggregate(p: TreeEnsembleParams, g: Gen, b: Block, vals: string, labs: string | null, ws: J | null, vector: boolean, F: (e: J) => J, out: { firstVotes?: string }): J {
  const W = p.width;
  const elem: J = vector ? ARR_D : "double";
  const f32a = p.float32?.arithmetic === true;
  const n: J = { "a.len": [vals] };
  const zeros: J = { new: Array.from({ length: W }, () => dbl(0)), type: ARR_D };
  const add = (x: J, y: J): J => (vector ? { "a.zipmap": [x, y, g.fn([["a", "double"], ["b", "double"]], "double", (a, c) => F({ "+": [a, c] }))] } : F({ "+": [x, y] }));
  const mapElem = (x: J, f: (e: J) => J): J => (vector ? { "a.map": [x, g.fn([["e", "double"]], "double", (e) => f(e))] } : f(x));
  const weighted = (): J =>
    ws === null ? vals : { "a.mapWithIndex": [vals, g.fn([["i", "int"], ["v", elem]], elem, (i, v) => mapElem(v, (e) => F({ "*": [at(ws, i), e] })))] };
  const sum = (terms: J): J => {
    if (!vector && !f32a) return { "a.sum": [terms] };
    return { "a.fold": [terms, vector ? zeros : dbl(0), g.fn([["acc", elem], ["v", elem]], elem, (acc, v) => add(acc, v))] };
  };
  const weightSum = (): J => (ws === null ? n : { "a.fold": [ws, dbl(0), g.fn([["acc", "double"], ["w", "double"]], "double", (acc, w) => F({ "+": [acc, w] }))] });
  const scalars = (): J => (vector ? { "a.map": [vals, g.fn([["v", ARR_D]], "double", (v) => at(v, 0))] } : vals);
  switch (p.aggregation) {
    case "sum":
      return sum(weighted());
    case "average": {
      const s = b.let("sum", sum(vals));
      return mapElem(s, (e) => F({ "/": [e, n] }));
    }
    case "weightedAverage": {
      const s = b.let("weightedSum", sum(weighted()));
      const w = b.let("weightTotal", weightSum());
      return mapElem(s, (e) => F({ "/": [e, w] }));
    }
    case "min":
    case "max": {
      const better = (v: J, cur: J): J => ({ if: { [p.aggregation === "min" ? "<" : ">"]: [v, cur] }, then: v, else: cur });
      return {
        "a.fold": [
          { "a.subseq": [vals, 1, n] },
          at(vals, 0),
          g.fn([["cur", elem], ["v", elem]], elem, (cur, v) => (vector ? { "a.zipmap": [cur, v, g.fn([["c", "double"], ["x", "double"]], "double", (c, x) => better(x, c))] } : better(v, cur))),
        ],
      };
    }
    case "median": {
      const m = F({ "a.median": [scalars()] });
      return vector ? { new: [m], type: ARR_D } : m;
    }
    case "weightedMedian": {
      const xs = b.let("treeValues", scalars());
      const wsv: J = ws ?? { new: p.trees.map(() => dbl(1)), type: ARR_D };
      const w = b.let("treeWeights", wsv);
      const order = b.let("order", { "a.sortLT": [{ "a.mapWithIndex": [xs, g.fn([["i", "int"], ["x", "double"]], "int", (i) => i)] }, g.fn([["i", "int"], ["j", "int"]], "boolean", (i, j) => ({ "<": [at(xs, i), at(xs, j)] }))] });
      const half = b.let("half", { "*": [dbl(0.5), { "a.sum": [w] }] });
      const run = b.let("running", dbl(0));
      const found = b.let("found", false);
      const med = b.let("median", at(xs, at(order, { "-": [{ "a.len": [order] }, 1] })));
      const k = g.sym("k");
      b.add({
        foreach: k,
        in: order,
        seq: true,
        do: [{ if: { "!": found }, then: [{ set: { [run]: { "+": [run, at(w, k)] } } }, { if: { ">=": [run, half] }, then: { set: { [med]: at(xs, k), [found]: true } } }] }],
      });
      return vector ? { new: [med], type: ARR_D } : med;
    }
    case "vote": {
      const acc = b.let("votes", zeros);
      const i = g.sym("t");
      const lab = at(labs!, i);
      const w: J = ws === null ? dbl(1) : at(ws, i);
      const body: J[] = [{ set: { [acc]: { "a.replace": [acc, lab, F({ "+": [at(acc, lab), w] })] } } }];
      if (p.labels?.rule.kind === "argmax" && p.labels.rule.ties === "firstVote") {
        // The tree index of each label's first vote (n when it has none), for ties.
        const firsts = b.let("firstVotes", { new: Array.from({ length: W }, () => 2147483647), type: { type: "array", items: "int" } });
        body.push({ if: { ">": [at(firsts, lab), i] }, then: { set: { [firsts]: { "a.replace": [firsts, lab, i] } } } });
        out.firstVotes = firsts;
      }
      b.add({ for: { [i]: 0 }, while: { "<": [i, n] }, step: { [i]: { "+": [i, 1] } }, do: body });
      return acc;
    }
  }
}

function transform(p: TreeEnsembleParams, g: Gen, raw: J, F: (e: J) => J): J {
  const f32a = p.float32?.arithmetic === true;
  const ctx = g.ctx;
  const mapD = (f: (x: J) => J): J => ({ "a.map": [raw, g.fn([["x", "double"]], "double", f)] });
  const fl = (e: J): J => ({ "cast.float": e });
  /** A user function of one parameter of `type` to `type`, its body a block ending in `body`'s result; returns its name. */
  const blockFcn = (name: string, type: J, body: (x: string, b: Block) => J): string => {
    const x = g.sym("x");
    const b = new Block(g);
    const result = body(x, b);
    return ctx.fcn(name, { params: [{ [x]: type }], ret: type, do: [...b.stmts, result] });
  };
  switch (p.transform ?? "none") {
    case "none":
      return raw;
    case "logistic":
      return f32a ? mapD((x) => F({ "/": [dbl(1), F({ "+": [dbl(1), F({ "m.exp": [{ "u-": x }] })] })] })) : { "m.link.logit": [raw] };
    case "softmax": {
      if (!f32a) return { "m.link.softmax": [raw] };
      const b = new Block(g);
      const max = b.let("max", { "a.max": [raw] });
      const e = b.let("exps", mapD((x) => F({ "m.exp": [F({ "-": [x, max] })] })));
      const s = b.let("total", { "a.fold": [e, dbl(0), g.fn([["a", "double"], ["y", "double"]], "double", (a, y) => F({ "+": [a, y] }))] });
      return b.done({ "a.map": [e, g.fn([["y", "double"]], "double", (y) => F({ "/": [y, s] }))] });
    }
    case "normalize": {
      const b = new Block(g);
      const s = b.let("total", { "a.fold": [raw, dbl(0), g.fn([["a", "double"], ["y", "double"]], "double", (a, y) => F({ "+": [a, y] }))] });
      return b.done({ if: { "==": [s, dbl(0)] }, then: raw, else: mapD((x) => F({ "/": [x, s] })) });
    }
    case "sparkGbt": {
      const b = new Block(g);
      const p0 = b.let("p0", F({ "/": [dbl(1), F({ "+": [dbl(1), F({ "m.exp": [F({ "*": [dbl(-2), at(raw, 0)] })] })] })] }));
      return b.done({ new: [p0, F({ "-": [dbl(1), p0] })], type: ARR_D });
    }
    case "onnxLogistic": {
      const name = blockFcn("onnxLogistic", "double", (x, b) => {
        const xf = b.let("xf", fl(x));
        const v = b.let("v", fl({ "/": [dbl(1), fl({ "+": [dbl(1), fl({ "m.exp": [{ "u-": { "m.abs": [xf] } }] })] })] }));
        return { if: { "<": [xf, dbl(0)] }, then: fl({ "-": [dbl(1), v] }), else: v };
      });
      return { "a.map": [raw, { fcn: name }] };
    }
    case "onnxProbit": {
      const name = blockFcn("onnxProbit", "double", (x, b) => {
        const c = (k: number): J => dbl(Math.fround(k));
        const x0 = b.let("x0", fl({ "-": [fl({ "*": [dbl(2), fl(x)] }), dbl(1)] }));
        const sgn = b.let("sign", { if: { "<": [x0, dbl(0)] }, then: dbl(-1), else: dbl(1) });
        const y = b.let("y", fl({ "*": [fl({ "-": [dbl(1), x0] }), fl({ "+": [dbl(1), x0] })] }));
        const lg = b.let("lg", fl({ "m.ln": [y] }));
        const v = b.let("v", fl({ "+": [fl({ "/": [dbl(2), fl({ "*": [c(3.14159), c(0.147)] })] }), fl({ "*": [c(0.5), lg] })] }));
        const v2 = b.let("v2", fl({ "*": [fl({ "/": [dbl(1), c(0.147)] }), lg] }));
        const v3 = b.let("v3", fl({ "+": [{ "u-": v }, fl({ "m.sqrt": [fl({ "-": [fl({ "*": [v, v] }), v2] })] })] }));
        const r = b.let("r", fl({ "*": [sgn, fl({ "m.sqrt": [v3] })] }));
        return fl({ "*": [c(Math.SQRT2), r] });
      });
      return { "a.map": [raw, { fcn: name }] };
    }
    case "onnxSoftmax":
    case "onnxSoftmaxZero": {
      const zero = p.transform === "onnxSoftmaxZero";
      const name = blockFcn(zero ? "onnxSoftmaxZero" : "onnxSoftmax", ARR_D, (x, b) => {
        const xs = b.let("xs", { "a.map": [x, g.fn([["v", "double"]], "double", (v) => fl(v))] });
        const vmax = b.let("vmax", { "a.fold": [xs, dbl(-FLT_MAX), g.fn([["m", "double"], ["v", "double"]], "double", (m, v) => ({ if: ieeeGreater(v, m), then: v, else: m }))] });
        const ex = (v: J): J => fl({ "m.exp": [fl({ "-": [v, vmax] })] });
        let e: string;
        let s: string;
        if (zero) {
          const eps = dbl(Math.fround(0.0000001));
          const nz = (v: J): J => ({ "||": [{ ">": [v, eps] }, { "<": [v, { "u-": eps }] }] });
          const enm = b.let("expNegMax", fl({ "m.exp": [{ "u-": vmax }] }));
          e = b.let("exps", { "a.map": [xs, g.fn([["v", "double"]], "double", (v) => ({ if: nz(v), then: ex(v), else: fl({ "*": [v, enm] }) }))] });
          const counted = { "a.zipmap": [xs, e, g.fn([["v", "double"], ["y", "double"]], "double", (v, y) => ({ if: nz(v), then: y, else: dbl(0) }))] };
          s = b.let("total", { "a.fold": [counted, dbl(0), g.fn([["a", "double"], ["y", "double"]], "double", (a, y) => fl({ "+": [a, y] }))] });
        } else {
          e = b.let("exps", { "a.map": [xs, g.fn([["v", "double"]], "double", (v) => ex(v))] });
          s = b.let("total", { "a.fold": [e, dbl(0), g.fn([["a", "double"], ["y", "double"]], "double", (a, y) => fl({ "+": [a, y] }))] });
        }
        return { "a.map": [e, g.fn([["y", "double"]], "double", (y) => fl({ "/": [y, s] }))] };
      });
      return { [name]: [raw] };
    }
  }
}
