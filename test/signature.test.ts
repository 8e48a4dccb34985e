import { test } from "node:test";
import assert from "node:assert/strict";
import { AvroArray, AvroEnum, AvroFixed, AvroMap, AvroRecord, AvroUnion, type AvroType, EXCEPTION, T, typeEquals } from "../src/pfa/types.js";
import {
  type ArgType,
  FcnType,
  type LibFunction,
  acceptsFcn,
  libFunction,
  libraryFunction,
  libraryFunctionAsCallback,
  libraryFunctionNames,
  matchCall,
} from "../src/pfa/signature.js";
import { signatureInstance } from "./signature-instances.js";

const arr = (t: AvroType): AvroArray => new AvroArray(t);
const map = (t: AvroType): AvroMap => new AvroMap(t);
const union = (...ts: AvroType[]): AvroUnion => new AvroUnion(ts);
const fcn = (params: AvroType[], ret: AvroType): FcnType => new FcnType(params, ret);

function record(name: string, fields: [string, AvroType][]): AvroRecord {
  const r = new AvroRecord(name, null);
  r.fields = fields.map(([n, type]) => ({ name: n, type }));
  return r;
}

function lib(name: string): LibFunction {
  const f = libraryFunction(name);
  assert.ok(f !== undefined, `no library function ${name}`);
  return f;
}

function sameType(a: ArgType, b: ArgType): boolean {
  if (a instanceof FcnType || b instanceof FcnType) return a === b;
  return typeEquals(a, b);
}

/** Asserts that the call matches signature `sigIndex` with these parameter and return types. */
function accepts(name: string, args: ArgType[], expected: { sig?: number; params?: ArgType[]; ret: AvroType }): void {
  const r = matchCall(lib(name), args);
  assert.ok(r.ok, `${name}${args.length}: ${r.ok ? "" : r.message + " / " + r.reasons.join(" | ")}`);
  assert.equal(r.sigIndex, expected.sig ?? 0, `${name}: signature index`);
  assert.ok(typeEquals(r.ret, expected.ret), `${name}: returns ${r.ret.toString()}, expected ${expected.ret.toString()}`);
  if (expected.params !== undefined) {
    assert.equal(r.params.length, expected.params.length);
    r.params.forEach((p, i) => {
      assert.ok(sameType(p, expected.params![i]!), `${name}: parameter ${i + 1} is ${p.toString()}, expected ${expected.params![i]!.toString()}`);
    });
  }
}

/** Asserts that the call is refused; returns the message and reasons. */
function refuses(name: string, args: ArgType[]): { message: string; reasons: string[] } {
  const r = matchCall(lib(name), args);
  assert.ok(!r.ok, `${name} should refuse (${args.join(", ")}) but matched ${r.ok ? r.ret.toString() : ""}`);
  return { message: r.message, reasons: r.reasons };
}

test("arithmetic binds A to the narrowest supertype", () => {
  accepts("+", [T.int, T.int], { params: [T.int, T.int], ret: T.int });
  accepts("+", [T.int, T.double], { params: [T.double, T.double], ret: T.double });
  accepts("+", [T.double, T.int], { params: [T.double, T.double], ret: T.double });
  accepts("+", [T.long, T.int], { params: [T.long, T.long], ret: T.long });
  accepts("+", [T.float, T.long], { params: [T.float, T.float], ret: T.float });
  accepts("u-", [T.float], { params: [T.float], ret: T.float });
  accepts("//", [T.int, T.long], { params: [T.long, T.long], ret: T.long });
});

test("arithmetic refusals name what was found and what was expected", () => {
  const r = refuses("+", [T.int, T.string]);
  assert.equal(r.message, 'function "+" does not accept (int, string); expected (x: any A of {int, long, float, double}, y: A)');
  refuses("+", [T.string, T.string]);
  refuses("+", [union(T.int, T.null), T.int]);
  refuses("+", [EXCEPTION, T.int]);
  // // only takes int or long.
  assert.equal(refuses("//", [T.int, T.double]).reasons[0], "argument 2 (y): double does not match A (any A of {int, long})");
});

test("arity must be equal", () => {
  const r = refuses("+", [T.int]);
  assert.equal(r.message, 'function "+" does not accept (int); expected (x: any A of {int, long, float, double}, y: A)');
  assert.deepEqual(r.reasons, ["1 argument given, 2 expected"]);
  assert.equal(refuses("+", [T.int, T.int, T.int]).reasons[0], "3 arguments given, 2 expected");
  assert.equal(refuses("rand.uuid", [T.int]).message, 'function "rand.uuid" does not accept (int); expected ()');
});

test("concrete signatures promote numbers", () => {
  accepts("/", [T.int, T.int], { params: [T.double, T.double], ret: T.double });
  accepts("m.sqrt", [T.int], { params: [T.double], ret: T.double });
  accepts("m.sqrt", [T.long], { params: [T.double], ret: T.double });
  refuses("m.sqrt", [T.string]);
  // m.round: (x: float) -> int, then (x: double) -> long. The first match wins.
  accepts("m.round", [T.int], { sig: 0, params: [T.float], ret: T.int });
  accepts("m.round", [T.double], { sig: 1, params: [T.double], ret: T.long });
  // Arrays are covariant: array(int) goes where array(double) is expected.
  accepts("la.add", [arr(T.int), arr(T.double)], { sig: 0, params: [arr(T.double), arr(T.double)], ret: arr(T.double) });
  accepts("la.add", [map(map(T.double)), map(map(T.double))], { sig: 3, ret: map(map(T.double)) });
});

test("several signatures: the message lists them all", () => {
  const r = refuses("la.add", [T.string, T.string]);
  assert.equal(
    r.message,
    'function "la.add" does not accept (string, string); expected one of: (x: array(double), y: array(double)); ' +
      "(x: array(array(double)), y: array(array(double))); (x: map(double), y: map(double)); (x: map(map(double)), y: map(map(double)))",
  );
  assert.equal(r.reasons.length, 4);
});

test("deprecated signatures still match, and say so", () => {
  const f = lib("s.number");
  const r = matchCall(f, [T.int]);
  assert.ok(r.ok);
  assert.equal(r.sigIndex, 0);
  assert.equal(f.sigs[0]!.deprecation, "0.7.2");
  assert.equal(f.sigs[0]!.contingency, "use s.int for integers");
  accepts("s.number", [T.double, T.null, T.int], { sig: 2, params: [T.double, union(T.int, T.null), union(T.int, T.null)], ret: T.string });
});

test("comparisons take any two values of one type", () => {
  accepts("==", [T.int, T.double], { params: [T.double, T.double], ret: T.boolean });
  accepts("<", [T.string, T.string], { ret: T.boolean });
  // As in the reference implementation, different types meet in their union.
  accepts("==", [T.string, T.int], { params: [union(T.string, T.int), union(T.string, T.int)], ret: T.boolean });
});

test("arrays: a.sort, a.argmax, a.append, a.len", () => {
  accepts("a.sort", [arr(T.string)], { params: [arr(T.string)], ret: arr(T.string) });
  refuses("a.sort", [map(T.string)]);
  accepts("a.argmax", [arr(T.double)], { params: [arr(T.double)], ret: T.int });
  accepts("a.append", [arr(T.int), T.double], { params: [arr(T.double), T.double], ret: arr(T.double) });
  const rec = record("R", [["x", T.int]]);
  accepts("a.len", [arr(rec)], { params: [arr(rec)], ret: T.int });
});

test("a.map with a function argument", () => {
  const f = fcn([T.int], T.string);
  accepts("a.map", [arr(T.int), f], { params: [arr(T.int), f], ret: arr(T.string) });
  // The function may take more than it is given (contravariance); the array is not converted.
  const g = fcn([T.double], T.string);
  accepts("a.map", [arr(T.int), g], { params: [arr(T.int), g], ret: arr(T.string) });
  // ... but not less.
  assert.match(refuses("a.map", [arr(T.double), fcn([T.int], T.string)]).reasons[0]!, /parameter 1 is int, but it would be given double/);
  assert.match(refuses("a.map", [arr(T.int), T.double]).reasons[0]!, /must be a function, found double/);
  assert.match(refuses("a.map", [arr(T.int), fcn([T.int, T.int], T.int)]).reasons[0]!, /must be a function of 1 parameter/);
  assert.match(refuses("a.len", [fcn([T.int], T.int)]).reasons[0]!, /is a function, but array\(any A\) is expected/);
  assert.equal(
    refuses("a.map", [arr(T.double), fcn([T.int], T.string)]).message,
    'function "a.map" does not accept (array(double), function(int) -> string); expected (a: array(any A), fcn: function(A) -> any B)',
  );
  accepts("a.mapWithIndex", [arr(T.string), fcn([T.long, T.string], T.boolean)], { ret: arr(T.boolean) });
});

test("what a function returns binds and widens labels", () => {
  // a.reduce (a: array(any A), fcn: function(A, A) -> A): returning double widens A to double.
  const dd = fcn([T.double, T.double], T.double);
  accepts("a.reduce", [arr(T.int), dd], { params: [arr(T.double), dd], ret: T.double });
  accepts("a.reduce", [arr(T.int), fcn([T.int, T.int], T.int)], { ret: T.int });
  // a.fold (a: array(any A), zero: any B, fcn: function(B, A) -> B): a function returning double
  // widens B, and then it would be given a double tally where it takes an int: refused.
  refuses("a.fold", [arr(T.int), T.int, fcn([T.int, T.int], T.double)]);
  const di = fcn([T.double, T.int], T.double);
  accepts("a.fold", [arr(T.int), T.int, di], { params: [arr(T.int), T.double, di], ret: T.double });
  // a.filterMap: function(A) -> union(any B, null): the returned union binds B member-wise.
  accepts("a.filterMap", [arr(T.int), fcn([T.int], union(T.string, T.null))], { ret: arr(T.string) });
  accepts("a.filterMap", [arr(T.int), fcn([T.int], union(T.null, T.string))], { ret: arr(T.string) });
});

test("map.map", () => {
  const f = fcn([T.int], T.double);
  accepts("map.map", [map(T.int), f], { params: [map(T.int), f], ret: map(T.double) });
  refuses("map.map", [arr(T.int), f]);
});

test("library functions as callbacks", () => {
  const sqrt = libraryFunctionAsCallback("m.sqrt");
  assert.ok(sqrt instanceof FcnType);
  assert.equal(sqrt.toString(), "function(double) -> double");
  accepts("a.map", [arr(T.int), sqrt], { params: [arr(T.int), sqrt], ret: arr(T.double) });

  const plus = libraryFunctionAsCallback("+");
  assert.equal(typeof plus, "string");
  assert.match(plus as string, /^library function "\+" cannot be passed as a function argument: its signature is generic/);
  assert.match(libraryFunctionAsCallback("la.add") as string, /it has 4 signatures/);
  assert.match(libraryFunctionAsCallback("a.map") as string, /it takes a function argument/);
  assert.equal(libraryFunctionAsCallback("no.such"), 'unknown library function "no.such"');

  const absDiff = libraryFunctionAsCallback("metric.absDiff");
  assert.ok(absDiff instanceof FcnType);
  // metric.euclidean (similarity: function(any A, any B) -> double, x: array(union(null, A)), y: array(union(null, B)))
  accepts("metric.euclidean", [absDiff, arr(union(T.null, T.double)), arr(union(T.null, T.int))], { sig: 0, ret: T.double });
  accepts("metric.euclidean", [absDiff, arr(T.double), arr(T.double), arr(T.double)], { sig: 1, ret: T.double });
  refuses("metric.euclidean", [absDiff, arr(T.string), arr(T.double)]);
});

test("model.tree.simpleTest: an enum of the fields of a record", () => {
  const datum = record("Datum", [["x", T.double], ["y", T.int], ["s", T.string]]);
  const fields = new AvroEnum("Fields", null, ["x", "y", "s"]);
  const cmp = record("Cmp", [["field", fields], ["operator", T.string], ["value", T.double]]);
  accepts("model.tree.simpleTest", [datum, cmp], { params: [datum, cmp], ret: T.boolean });

  const shuffled = new AvroEnum("Shuffled", null, ["y", "x", "s"]);
  const bad = record("Bad", [["field", shuffled], ["operator", T.string], ["value", T.double]]);
  assert.match(refuses("model.tree.simpleTest", [datum, bad]).reasons[0]!, /symbols of Shuffled \(y, x, s\) must be the field names of Datum in order \(x, y, s\)/);

  const noOperator = record("NoOp", [["field", fields], ["value", T.double]]);
  refuses("model.tree.simpleTest", [datum, noOperator]);
  // Record fields match exactly: an int operator is no string, and a string field is no enum.
  refuses("model.tree.simpleTest", [datum, record("C2", [["field", T.string], ["operator", T.string], ["value", T.double]])]);
  refuses("model.tree.simpleTest", [T.double, cmp]);
});

test("model.tree.simpleTree and simpleWalk: recursive records", () => {
  const datum = record("Datum", [["x", T.double], ["y", T.double]]);
  const fields = new AvroEnum("Fields", null, ["x", "y"]);
  const node = new AvroRecord("TreeNode", null);
  node.fields = [
    { name: "field", type: fields },
    { name: "operator", type: T.string },
    { name: "value", type: T.double },
    { name: "pass", type: union(node, T.string) },
    { name: "fail", type: union(node, T.string) },
  ];
  accepts("model.tree.simpleTree", [datum, node], { params: [datum, node], ret: T.string });

  const walkTest = fcn([datum, node], T.boolean);
  accepts("model.tree.simpleWalk", [datum, node, walkTest], { params: [datum, node, walkTest], ret: T.string });
  // The test function must take the datum and the node.
  refuses("model.tree.simpleWalk", [datum, node, fcn([T.double, node], T.boolean)]);

  // Leaves of two different types: S becomes their union.
  const node2 = new AvroRecord("Node2", null);
  node2.fields = [
    { name: "field", type: fields },
    { name: "operator", type: T.string },
    { name: "value", type: T.double },
    { name: "pass", type: union(T.string, node2) },
    { name: "fail", type: union(node2, T.int) },
  ];
  accepts("model.tree.simpleTree", [datum, node2], { ret: union(T.string, T.int) });
});

test("model.reg.linear: record patterns pick the signature", () => {
  const m0 = record("M0", [["coeff", arr(T.double)], ["const", T.double], ["extra", T.string]]);
  accepts("model.reg.linear", [arr(T.double), m0], { sig: 0, params: [arr(T.double), m0], ret: T.double });
  accepts("model.reg.linear", [arr(T.int), m0], { sig: 0, params: [arr(T.double), m0], ret: T.double });
  const m1 = record("M1", [["coeff", arr(arr(T.double))], ["const", arr(T.double)]]);
  accepts("model.reg.linear", [arr(T.double), m1], { sig: 1, ret: arr(T.double) });
  const m2 = record("M2", [["coeff", map(T.double)], ["const", T.double]]);
  accepts("model.reg.linear", [map(T.double), m2], { sig: 2, ret: T.double });
  // Fields inside a record pattern match exactly: float coefficients are not double ones.
  refuses("model.reg.linear", [arr(T.double), record("M3", [["coeff", arr(T.float)], ["const", T.double]])]);
  refuses("model.reg.linear", [arr(T.double), record("M4", [["coeff", arr(T.double)]])]);
});

test("interp.linear with a table of records", () => {
  const row = record("Row", [["x", T.double], ["to", T.double]]);
  accepts("interp.linear", [T.int, arr(row)], { sig: 0, params: [T.double, arr(row)], ret: T.double });
  const vrow = record("VRow", [["x", T.double], ["to", arr(T.double)]]);
  accepts("interp.linear", [T.double, arr(vrow)], { sig: 1, ret: arr(T.double) });
  refuses("interp.linear", [T.double, arr(record("Bad", [["x", T.double], ["to", T.string]]))]);
});

test("model.cluster.closest: a record label bound by the argument and returned", () => {
  const cluster = record("Cluster", [["center", arr(T.double)], ["id", T.string]]);
  accepts("model.cluster.closest", [arr(T.double), arr(cluster)], { sig: 0, ret: cluster });
  const metric = fcn([T.string, arr(T.double)], T.double);
  accepts("model.cluster.closest", [T.string, arr(cluster), metric], { sig: 1, ret: cluster });
});

test("union patterns: impute.defaultOnNull, Kleene logic", () => {
  accepts("impute.defaultOnNull", [union(T.string, T.null), T.string], { params: [union(T.string, T.null), T.string], ret: T.string });
  accepts("impute.defaultOnNull", [union(T.null, T.string), T.string], { ret: T.string });
  accepts("impute.defaultOnNull", [union(T.int, T.null), T.double], { params: [union(T.double, T.null), T.double], ret: T.double });
  // A null argument matches the union's null member, so A comes from the default alone.
  accepts("impute.defaultOnNull", [T.null, T.int], { params: [union(T.int, T.null), T.int], ret: T.int });
  refuses("impute.defaultOnNull", [union(T.string, T.int), T.string]);
  accepts("&&&", [union(T.boolean, T.null), T.boolean], { ret: union(T.boolean, T.null) });
  accepts("&&&", [T.null, T.null], { ret: union(T.boolean, T.null) });
  refuses("&&&", [union(T.boolean, T.null), T.int]);
  refuses("&&&", [union(T.boolean, T.null, T.int), T.boolean]);
});

test("enum and fixed wildcards", () => {
  const e = new AvroEnum("Color", null, ["red", "green"]);
  accepts("enum.toString", [e], { params: [e], ret: T.string });
  refuses("enum.toString", [T.string]);
  const f = new AvroFixed("Hash", null, 16);
  accepts("fixed.toBytes", [f], { params: [f], ret: T.bytes });
  refuses("fixed.toBytes", [T.bytes]);
});

test("the table, parsed on demand", () => {
  const names = libraryFunctionNames();
  assert.equal(names.length, 449);
  assert.equal(names[0], "+");
  assert.equal(libraryFunction("no.such"), undefined);
  const f = lib("a.argmax");
  assert.deepEqual(f.errors, [15320]);
  assert.equal(lib("rand.int").nondeterministic, "pseudorandom");
  assert.equal(libraryFunction("a.argmax"), f);
  // A hand-made function, as library modules may build for tests.
  const g = libFunction({ name: "my.first", sigs: [{ sig: "(a: array(any A)) -> A" }], errors: [] });
  const r = matchCall(g, [arr(T.long)]);
  assert.ok(r.ok && r.ret === T.long);
});

test("acceptsFcn: contravariant parameters, covariant return", () => {
  assert.ok(acceptsFcn(fcn([T.int], T.double), fcn([T.double], T.int)));
  assert.ok(!acceptsFcn(fcn([T.double], T.double), fcn([T.int], T.double)));
  assert.ok(!acceptsFcn(fcn([T.int], T.int), fcn([T.int], T.double)));
  assert.ok(!acceptsFcn(fcn([T.int], T.int), fcn([T.int, T.int], T.int)));
});

// For each of the 625 signatures, build arguments that fit it (labels chosen to satisfy their
// introduction) and check that the call matches it (or an earlier signature) and returns its type.
test("every library signature accepts an instance of itself", () => {
  const failures: string[] = [];
  for (const name of libraryFunctionNames()) {
    const f = lib(name);
    f.sigs.forEach((sig, i) => {
      const { args, ret } = signatureInstance(sig);
      const r = matchCall(f, args);
      if (!r.ok) failures.push(`${name} #${i} ${sig.text}: ${r.reasons[i]}`);
      else if (r.sigIndex > i) failures.push(`${name} #${i}: matched a later signature #${r.sigIndex}`);
      else if (r.sigIndex === i && !typeEquals(r.ret, ret)) failures.push(`${name} #${i}: returns ${r.ret.toString()}, not ${ret.toString()}`);
    });
  }
  assert.deepEqual(failures, []);
});
