import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SignatureSyntaxError,
  isGeneric,
  labelDefinitions,
  parsePattern,
  parseSignature,
  printParams,
  printPattern,
  printSignature,
} from "../src/pfa/lib/signature-dsl.js";

const canonical = [
  "() -> string",
  "(x: double) -> double",
  "(x: any A of {int, long, float, double}, y: A) -> A",
  "(x: any A of {int, long}, y: A) -> A",
  "(a: array(any A), fcn: function(A) -> any B) -> array(B)",
  "(m: map(any A), fcn: function(A) -> any B) -> map(B)",
  "(x: union(any A, null), default: A) -> A",
  "(x: union(boolean, null), y: union(boolean, null)) -> union(boolean, null)",
  "(datum: any record D, comparison: any record T with {field: enum F of fields of D, operator: string, value: any V}) -> boolean",
  "(datum: any record D, treeNode: any record T with {field: enum F of fields of D, operator: string, value: any V, pass: union(T, any S), fail: union(T, S)}) -> S",
  "(x: any enum A) -> int",
  "(x: any fixed A, replacement: bytes) -> A",
  "(similarity: function(any A, any B) -> double, x: array(union(null, A)), y: array(union(null, B))) -> double",
  "(data: array(array(any A)), k: int, newCluster: function(int, array(A)) -> any record C with {center: array(any B)}) -> array(C)",
  "(x: map(map(double)), y: map(map(double))) -> map(map(double))",
  "(x: any X1, y: any X2) -> union(X1, X2)",
];

test("canonical signatures round-trip", () => {
  for (const s of canonical) assert.equal(printSignature(parseSignature(s)), s);
});

test("spacing is free on input, canonical on output", () => {
  const sig = parseSignature("( x :any A of{int,long} ,y:A )->A");
  assert.equal(printSignature(sig), "(x: any A of {int, long}, y: A) -> A");
  assert.equal(printParams(sig), "(x: any A of {int, long}, y: A)");
});

test("parsed form", () => {
  const sig = parseSignature("(a: array(any A), fcn: function(A) -> any B) -> array(B)");
  assert.deepEqual(sig, {
    params: [
      { name: "a", pattern: { kind: "array", items: { kind: "wildcard", label: "A" } } },
      {
        name: "fcn",
        pattern: { kind: "function", params: [{ kind: "ref", label: "A" }], ret: { kind: "wildcard", label: "B" } },
      },
    ],
    ret: { kind: "array", items: { kind: "ref", label: "B" } },
  });
  assert.deepEqual(parsePattern("any A of {int, double}"), { kind: "wildcard", label: "A", oneOf: ["int", "double"] });
  assert.deepEqual(parsePattern("any record R with {x: double, to: array(double)}"), {
    kind: "wildRecord",
    label: "R",
    fields: [
      { name: "x", pattern: { kind: "primitive", name: "double" } },
      { name: "to", pattern: { kind: "array", items: { kind: "primitive", name: "double" } } },
    ],
  });
  assert.deepEqual(parsePattern("enum F of fields of D"), { kind: "enumFields", label: "F", record: "D" });
  assert.deepEqual(parsePattern("any record D"), { kind: "wildRecord", label: "D", fields: [] });
  assert.equal(printPattern(parsePattern("union(null, array(double))")), "union(null, array(double))");
});

test("labels", () => {
  const sig = parseSignature("(datum: any record D, comparison: any record T with {field: enum F of fields of D, value: any V}) -> boolean");
  assert.deepEqual([...labelDefinitions(sig).keys()], ["D", "T", "F", "V"]);
  assert.equal(isGeneric(sig), true);
  assert.equal(isGeneric(parseSignature("(x: double, y: array(int)) -> union(null, string)")), false);
});

test("syntax errors say where and what", () => {
  const bad: [string, RegExp][] = [
    ["(x: double", /expected "\)"/],
    ["(x: double) ->", /expected a type pattern/],
    ["(x: dbl) -> double", /unknown type "dbl"/],
    ["(x: any a) -> double", /expected a label/],
    ["(x: A) -> A", /label A is used but never introduced/],
    ["(x: any A, y: any A) -> A", /label A is introduced twice/],
    ["(x: any A, y: enum F of fields of A) -> int", /needs A to be introduced by "any record A"/],
    ["(x: any A of {int, array}) -> A", /expected a primitive type name/],
    ["(x: array(function(int) -> int)) -> int", /only be the type of a parameter/],
    ["(x: double) -> double extra", /after the end/],
    ["(x: double) => double", /unexpected character "="/],
    ["(x: any record R with {a: int, a: int}) -> R", /field "a" appears twice/],
  ];
  for (const [src, re] of bad) {
    assert.throws(() => parseSignature(src), (e: unknown) => e instanceof SignatureSyntaxError && re.test(e.message), src);
  }
});
