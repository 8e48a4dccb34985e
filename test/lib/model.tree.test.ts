import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PFAEngine } from "../../src/pfa/engine.js";
import { fromJson } from "../../src/pfa/data.js";
import { parseJson } from "../../src/pfa/json.js";
import { sharedPath, SKIP_SHARED } from "../shared.js";
import { functions } from "../../src/pfa/lib/model.tree.js";
import { makeRecord, newMap } from "../../src/pfa/runtime.js";
import { AvroArray, AvroEnum, AvroMap, AvroRecord, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results of many types
type Fn = (...args: any[]) => any;

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): Fn {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null) as Fn;
}

function record(name: string, fields: [string, AvroType][]): AvroRecord {
  const r = new AvroRecord(name, null);
  r.fields = fields.map(([n, t]) => ({ name: n, type: t }));
  return r;
}


const nullable = (t: AvroType) => new AvroUnion([T.null, t]);
const D = record("D", [
  ["x", T.int],
  ["y", T.string],
  ["z", nullable(T.double)],
  ["l", T.long],
]);
const F = new AvroEnum("F", null, ["x", "y", "z", "l"]);
const cmpType = (v: AvroType) => record("C", [["field", F], ["operator", T.string], ["value", v]]);
const datum = (x: number, y: string, z: number | null, l: number | bigint = 0) => makeRecord(["x", "y", "z", "l"], [x, y, z, l]);
const cmp = (field: string, operator: string, value: unknown) => makeRecord(["field", "operator", "value"], [field, operator, value]);

test("simpleTest: numeric comparisons, int field against double value", () => {
  const f = gen("model.tree.simpleTest", [D, cmpType(T.double)]);
  const d = datum(3, "b", 1.5);
  assert.equal(f(d, cmp("x", "<", 3.5)), true);
  assert.equal(f(d, cmp("x", "<", 3)), false);
  assert.equal(f(d, cmp("x", "<=", 3)), true);
  assert.equal(f(d, cmp("x", ">", 2.9)), true);
  assert.equal(f(d, cmp("x", ">=", 3.1)), false);
  assert.equal(f(d, cmp("x", "==", 3)), true);
  assert.equal(f(d, cmp("x", "!=", 3)), false);
  assert.equal(f(d, cmp("x", "alwaysTrue", 0)), true);
  assert.equal(f(d, cmp("x", "alwaysFalse", 0)), false);
  // NaN: unordered, only != holds
  for (const op of ["<", "<=", ">", ">=", "=="]) assert.equal(f(d, cmp("x", op, NaN)), false, op);
  assert.equal(f(d, cmp("x", "!=", NaN)), true);
  assert.equal(f(d, cmp("x", "<", Infinity)), true);
});

test("simpleTest: longs beyond 2^53 compare exactly", () => {
  const f = gen("model.tree.simpleTest", [D, cmpType(T.long)]);
  const big = 2n ** 60n + 1n;
  const d = datum(0, "", null, big);
  assert.equal(f(d, cmp("l", "==", big)), true);
  assert.equal(f(d, cmp("l", ">", 2n ** 60n)), true);
  assert.equal(f(d, cmp("l", "<", 5)), false);
  assert.equal(f(d, cmp("x", "<", big)), true);
});

test("simpleTest: strings, missing operators, errors", () => {
  const f = gen("model.tree.simpleTest", [D, cmpType(T.string)]);
  const d = datum(3, "b", null);
  assert.equal(f(d, cmp("y", "<", "c")), true);
  assert.equal(f(d, cmp("y", "==", "b")), true);
  assert.equal(f(d, cmp("y", ">=", "ba")), false);
  assert.equal(f(d, cmp("z", "isMissing", "")), true);
  assert.equal(f(d, cmp("z", "notMissing", "")), false);
  assert.equal(f(datum(1, "", 2), cmp("z", "isMissing", "")), false);
  throwsCode(() => f(d, cmp("x", "<", "c")), 32001);
  throwsCode(() => f(d, cmp("z", "==", "c")), 32001);
  throwsCode(() => f(d, cmp("y", "~", "c")), 32000);
  throwsCode(() => f(d, cmp("y", "in", "c")), 32001);
});

test("simpleTest: in / notIn", () => {
  const f = gen("model.tree.simpleTest", [D, cmpType(new AvroArray(T.double))]);
  const d = datum(3, "b", 2);
  assert.equal(f(d, cmp("x", "in", [1, 3])), true);
  assert.equal(f(d, cmp("x", "in", [1, 3.5])), false);
  assert.equal(f(d, cmp("x", "notIn", [])), true);
  throwsCode(() => f(d, cmp("y", "in", [1])), 32001);
  // a nullable field is not accepted by array(double)'s items
  throwsCode(() => f(d, cmp("z", "in", [1])), 32001);
  const g = gen("model.tree.simpleTest", [D, cmpType(new AvroArray(T.string))]);
  assert.equal(g(d, cmp("y", "in", ["a", "b"])), true);
  assert.equal(g(d, cmp("y", "notIn", ["a", "b"])), false);
  throwsCode(() => g(d, cmp("x", "in", ["a"])), 32001);
  const h = gen("model.tree.simpleTest", [D, cmpType(new AvroUnion([T.null, new AvroArray(T.double)]))]);
  assert.equal(h(d, cmp("x", "in", [3])), true);
  throwsCode(() => h(d, cmp("x", "in", null)), 32001);
});

test("simpleTest: value of a union type; null value is a bad value type", () => {
  const f = gen("model.tree.simpleTest", [D, cmpType(nullable(T.double))]);
  const d = datum(0, "", null);
  assert.equal(f(d, cmp("x", "<", 1e-5)), true);
  throwsCode(() => f(d, cmp("x", "<", null)), 32001);
  throwsCode(() => f(d, cmp("y", "<", 1)), 32001);
  // union(null, double) field against union(null, double) value: Avro order, null first
  assert.equal(f(d, cmp("z", "<", 1)), true);
  assert.equal(f(d, cmp("z", "==", null)), true);
});

test("simpleTest: record values compare by Avro order", () => {
  const R = record("R", [["a", T.int]]);
  const DR = record("DR", [["r", R]]);
  const FR = new AvroEnum("FR", null, ["r"]);
  const C = record("CR", [["field", FR], ["operator", T.string], ["value", R]]);
  const f = gen("model.tree.simpleTest", [DR, C]);
  const d = makeRecord(["r"], [makeRecord(["a"], [1])]);
  assert.equal(f(d, makeRecord(["field", "operator", "value"], ["r", "<", makeRecord(["a"], [2])])), true);
  assert.equal(f(d, makeRecord(["field", "operator", "value"], ["r", "==", makeRecord(["a"], [1])])), true);
});

test("missingTest: null field gives null; errors", () => {
  const f = gen("model.tree.missingTest", [D, cmpType(T.double)]);
  assert.equal(f(datum(0, "", null), cmp("z", "<", 1)), null);
  assert.equal(f(datum(0, "", 0.5), cmp("z", "<", 1)), true);
  assert.equal(f(datum(0, "", 0.5), cmp("x", ">", 1)), false);
  assert.equal(f(datum(0, "", null), cmp("z", "alwaysTrue", 1)), true);
  throwsCode(() => f(datum(0, "", null), cmp("z", "isMissing", 1)), 32010);
  throwsCode(() => f(datum(0, "", null), cmp("z", "?", 1)), 32010);
  throwsCode(() => f(datum(0, "", null), cmp("y", "<", 1)), 32011);
  throwsCode(() => f(datum(0, "", null), cmp("z", "in", 1)), 32011);
  const g = gen("model.tree.missingTest", [D, cmpType(new AvroArray(T.double))]);
  assert.equal(g(datum(0, "", null), cmp("z", "in", [1])), null);
  assert.equal(g(datum(0, "", 1), cmp("z", "in", [1])), true);
  assert.equal(g(datum(0, "", 1), cmp("z", "notIn", [1])), false);
});

test("compoundTest and surrogateTest", () => {
  const C = cmpType(T.double);
  const f = gen("model.tree.compoundTest", [D, T.string, new AvroArray(C)]);
  const calls: unknown[] = [];
  const t = (_d: unknown, c: Record<string, unknown>) => {
    calls.push(c.value);
    return c.value === 1;
  };
  const cs = [cmp("x", "", 0), cmp("x", "", 1), cmp("x", "", 1)];
  const d = datum(0, "", null);
  assert.equal(f(d, "and", cs, t), false);
  assert.deepEqual(calls, [0]);
  calls.length = 0;
  assert.equal(f(d, "or", cs, t), true);
  assert.deepEqual(calls, [0, 1]);
  assert.equal(f(d, "xor", cs, t), false);
  assert.equal(f(d, "xor", cs.slice(0, 2), t), true);
  assert.equal(f(d, "and", [], t), true);
  assert.equal(f(d, "or", [], t), false);
  throwsCode(() => f(d, "nand", [], t), 32020);

  const s = gen("model.tree.surrogateTest", [D, new AvroArray(C)]);
  const mt = (_d: unknown, c: Record<string, unknown>) => c.value as boolean | null;
  assert.equal(s(d, [cmp("x", "", null), cmp("x", "", false), cmp("x", "", true)], mt), false);
  throwsCode(() => s(d, [cmp("x", "", null)], mt), 32030);
  throwsCode(() => s(d, [], mt), 32030);
});

function treeType(score: AvroType, extra: [string, AvroType][] = [], missing = false): AvroRecord {
  const N = new AvroRecord("N", null);
  const u = new AvroUnion([N, score]);
  const fields: [string, AvroType][] = [...extra, ["pass", u], ["fail", u]];
  if (missing) fields.push(["missing", u]);
  N.fields = fields.map(([n, t]) => ({ name: n, type: t }));
  return N;
}

test("simpleWalk: score types of many kinds", () => {
  for (const [score, a, b] of [
    [T.string, "A", "B"],
    [T.int, 1, 2],
    [new AvroArray(T.double), [1], [2]],
    [new AvroMap(T.int), Object.assign(newMap(), { a: 1 }), newMap()],
    [T.null, null, null],
  ] as [AvroType, unknown, unknown][]) {
    const N = treeType(score, [["t", T.int]]);
    const f = gen("model.tree.simpleWalk", [D, N]);
    const leaf = makeRecord(["t", "pass", "fail"], [1, a, b]);
    const root = makeRecord(["t", "pass", "fail"], [0, leaf, b]);
    const test = (d: Record<string, unknown>, n: Record<string, unknown>) => (d.x as number) > (n.t as number);
    assert.equal(f(datum(5, "", null), root, test), a);
    assert.equal(f(datum(1, "", null), root, test), b);
    assert.equal(f(datum(-1, "", null), root, test), b);
  }
});

test("simpleWalk: a record score is told from a node", () => {
  const S = record("S", [["label", T.string]]);
  const N = treeType(S, [["t", T.int]]);
  const f = gen("model.tree.simpleWalk", [D, N]);
  const sA = makeRecord(["label"], ["A"]);
  const sB = makeRecord(["label"], ["B"]);
  const root = makeRecord(["t", "pass", "fail"], [0, makeRecord(["t", "pass", "fail"], [1, sA, sB]), sB]);
  const test = (d: Record<string, unknown>, n: Record<string, unknown>) => (d.x as number) > (n.t as number);
  assert.equal(f(datum(5, "", null), root, test), sA);
  assert.equal(f(datum(1, "", null), root, test), sB);
  // a score record with the same field names as the node: falls back to the union's branch rule
  const S2 = record("S2", [["t", T.string], ["pass", T.string], ["fail", T.string]]);
  const N2 = treeType(S2, [["t", T.int]]);
  const g = gen("model.tree.simpleWalk", [D, N2]);
  const s2 = makeRecord(["t", "pass", "fail"], ["a", "b", "c"]);
  assert.equal(g(datum(5, "", null), makeRecord(["t", "pass", "fail"], [0, s2, s2]), test), s2);
});

test("missingWalk follows pass, fail or missing", () => {
  const N = treeType(T.string, [["field", F]], true);
  const f = gen("model.tree.missingWalk", [D, N]);
  const leaf = makeRecord(["field", "pass", "fail", "missing"], ["x", "P2", "F2", "M2"]);
  const root = makeRecord(["field", "pass", "fail", "missing"], ["z", leaf, "F1", "M1"]);
  const test = (d: Record<string, unknown>, n: Record<string, unknown>) => {
    const v = d[n.field as string] as number | null;
    return v === null ? null : v > 0;
  };
  assert.equal(f(datum(1, "", 1), root, test), "P2");
  assert.equal(f(datum(-1, "", 1), root, test), "F2");
  assert.equal(f(datum(1, "", -1), root, test), "F1");
  assert.equal(f(datum(1, "", null), root, test), "M1");
});

test("simpleTree: walk with the built-in test; errors", () => {
  const N = treeType(T.int, [["field", F], ["operator", T.string], ["value", T.double]]);
  const f = gen("model.tree.simpleTree", [D, N]);
  const node = (field: string, op: string, value: number, pass: unknown, fail: unknown) => makeRecord(["field", "operator", "value", "pass", "fail"], [field, op, value, pass, fail]);
  const root = node("x", "<", 2, node("z", "notMissing", 0, 1, 2), 3);
  assert.equal(f(datum(1, "", 1), root), 1);
  assert.equal(f(datum(1, "", null), root), 2);
  assert.equal(f(datum(2, "", null), root), 3);
  throwsCode(() => f(datum(1, "", null), node("x", "<>", 0, 1, 2)), 32060);
  throwsCode(() => f(datum(1, "", null), node("y", "<", 0, 1, 2)), 32061);
});

// ---------------------------------------------------------------------------------------------
// A real document: the JVM reference engine's depth-10 decision tree (model.tree.simpleWalk with a
// model.tree.simpleTest callback), scored by the engine and by a direct reading of its JSON tree.

interface JsonNode {
  field: string;
  operator: string;
  value: number;
  pass: { T: JsonNode } | { int: number };
  fail: { T: JsonNode } | { int: number };
}

function loadHipparcos(): { doc: Record<string, unknown>; tree: JsonNode } {
  const doc = JSON.parse(readFileSync(sharedPath("corpus/pfa/hipparcos_numerical_10.pfa"), "utf8")) as Record<string, unknown>;
  const tree = (doc.cells as Record<string, { init: JsonNode }>).tree!.init;
  return { doc, tree };
}

function referenceScore(tree: JsonNode, input: Record<string, number>): number {
  let node = tree;
  for (;;) {
    const branch = input[node.field]! < node.value ? node.pass : node.fail;
    if ("int" in branch) return branch.int;
    node = branch.T;
  }
}

/** Inputs near the tree's own thresholds (so that both sides of most tests are taken), with a seeded generator. */
function hipparcosInputs(tree: JsonNode, n: number): Record<string, number>[] {
  const thresholds = new Map<string, number[]>();
  const visit = (node: JsonNode) => {
    if (!thresholds.has(node.field)) thresholds.set(node.field, []);
    thresholds.get(node.field)!.push(node.value);
    for (const b of [node.pass, node.fail]) if ("T" in b) visit(b.T);
  };
  visit(tree);
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const fields = ["ra", "dec", "dist", "mag", "absmag", "x", "y", "z", "vx", "vy", "vz"];
  const out: Record<string, number>[] = [];
  for (let i = 0; i < n; i++) {
    const input: Record<string, number> = {};
    for (const f of fields) {
      const ts = thresholds.get(f) ?? [0];
      const t = ts[Math.floor(rnd() * ts.length)]!;
      const r = rnd();
      // sometimes exactly on the threshold ("<" fails there), else slightly above or below
      input[f] = r < 0.1 ? t : t * (1 + (r - 0.55) * 1e-3) + (r - 0.55) * 1e-9;
    }
    out.push(input);
  }
  return out;
}

test("hipparcos_numerical_10.pfa: simpleWalk + simpleTest scores as a direct walk of its tree", { skip: SKIP_SHARED }, () => {
  const { doc, tree } = loadHipparcos();
  const engine = PFAEngine.fromJson(parseJson(JSON.stringify(doc)));
  const inputs = hipparcosInputs(tree, 5000);
  const seen = new Set<number>();
  for (const input of inputs) {
    const expected = referenceScore(tree, input);
    seen.add(expected);
    const record = fromJson(engine.inputType, parseJson(JSON.stringify(input)));
    assert.equal(engine.action(record), expected);
  }
  assert.ok(seen.size > 100, `only ${seen.size} distinct leaves reached`);
});

test("hipparcos_numerical_10.pfa rewritten with simpleTree scores the same", { skip: SKIP_SHARED }, () => {
  const { doc, tree } = loadHipparcos();
  const original = PFAEngine.fromJson(parseJson(JSON.stringify(doc)));
  const simpleTree = PFAEngine.fromJson(parseJson(JSON.stringify({ ...doc, action: { "model.tree.simpleTree": ["input", { cell: "tree" }] } })));
  const inputs = hipparcosInputs(tree, 1000);
  for (const input of inputs) {
    const record = fromJson(original.inputType, parseJson(JSON.stringify(input)));
    assert.equal(simpleTree.action(record), original.action(record));
  }
});
