/**
 * Type inference results and hostile documents: what the conformance and invalid suites do not show.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkDocument, validate } from "../src/pfa/validate.js";
import { parseJson } from "../src/pfa/json.js";
import { parseYaml } from "../src/pfa/yaml.js";
import type { Expr } from "../src/pfa/ast.js";

/** The inferred type of the document's last action expression. */
function actionType(doc: string): string {
  const r = checkDocument(parseJson(doc));
  assert.deepEqual(r.errors, []);
  const last = r.doc!.action[r.doc!.action.length - 1] as Expr;
  return String(last.type);
}

test("local type inference: promotion, narrowest supertypes, try, cast", () => {
  assert.equal(actionType(`{"input": "int", "output": "double", "action": {"+": ["input", 2.5]}}`), "double");
  assert.equal(actionType(`{"input": "int", "output": "long", "action": {"+": ["input", {"long": 2}]}}`), "long");
  assert.equal(actionType(`{"input": "int", "output": ["string", "int"], "action": {"if": true, "then": "input", "else": {"string": "x"}}}`), "union(int, string)");
  assert.equal(actionType(`{"input": "int", "output": ["int", "null"], "action": {"try": "input"}}`), "union(int, null)");
  assert.equal(actionType(`{"input": ["int", "string"], "output": "string", "action": {"cast": "input", "cases": [
    {"as": "int", "named": "i", "do": {"s.int": "i"}}, {"as": "string", "named": "s", "do": "s"}]}}`).replace(/\s/g, ""), "string");
  assert.equal(actionType(`{"input": {"type": "array", "items": "int"}, "output": {"type": "array", "items": "double"},
    "action": {"a.map": ["input", {"params": [{"x": "int"}], "ret": "double", "do": {"/": ["x", 2]}}]}}`), "array(double)");
});

test("1 and 1.0 are different literals", () => {
  assert.equal(actionType(`{"input": "null", "output": "int", "action": 1}`), "int");
  assert.equal(actionType(`{"input": "null", "output": "double", "action": 1.0}`), "double");
  assert.equal(validate(parseJson(`{"input": "null", "output": "int", "action": 1.0}`)).valid, false);
  assert.equal(actionType(`{"input": "null", "output": "long", "action": 9223372036854775807}`), "long");
});

test("YAML documents validate like their JSON form", () => {
  const doc = parseYaml(`
input: {type: record, name: In, fields: [{name: x, type: double}]}
output: double
action:
  - {m.sqrt: input.x}
`);
  assert.deepEqual(validate(doc).errors, []);
});

test("named types may be used before their definition, and may be recursive", () => {
  const doc = parseJson(`{
    "input": "Tree", "output": "int",
    "cells": {"t": {"type": {"type": "record", "name": "Tree", "fields": [
      {"name": "children", "type": {"type": "array", "items": "Tree"}}]}, "init": {"children": [{"children": []}]}}},
    "action": {"a.len": "input.children"}}`);
  assert.deepEqual(validate(doc).errors, []);
});

test("hostile documents: deep nesting is refused with a message, not a crash", () => {
  let e = "1";
  for (let i = 0; i < 400; i++) e = `{"do": [${e}]}`;
  const r = validate(parseJson(`{"input": "null", "output": "int", "action": [${e}]}`));
  assert.equal(r.valid, false);
  assert.match(r.errors[0]!.message, /nest more than 256/);

  let t = `"int"`;
  for (let i = 0; i < 490; i++) t = `{"type": "array", "items": ${t}}`;
  assert.equal(validate(parseJson(`{"input": ${t}, "output": "int", "action": 1}`)).valid, true);
});

test("hostile documents: names that are JavaScript's own property names are plain names", () => {
  const doc = parseJson(`{
    "input": {"type": "record", "name": "In", "fields": [{"name": "__proto__", "type": "int"}, {"name": "constructor", "type": "int"}]},
    "output": "int",
    "cells": {"toString": {"type": "int", "init": 1}, "__proto__": {"type": "int", "init": 2}},
    "fcns": {"hasOwnProperty": {"params": [{"constructor": "int"}], "ret": "int", "do": "constructor"}},
    "action": [
      {"let": {"valueOf": {"+": ["input.__proto__", "input.constructor"]}}},
      {"+": [{"u.hasOwnProperty": ["valueOf"]}, {"+": [{"cell": "toString"}, {"cell": "__proto__"}]}]}
    ]}`);
  assert.deepEqual(validate(doc).errors, []);
  const bad = validate(parseJson(`{"input": "null", "output": "int", "action": "constructor"}`));
  assert.equal(bad.errors[0]?.code, "unknown-symbol");
});

test("a failed expression is reported once: its symbol does not cause follow-on errors", () => {
  const r = validate(parseJson(`{"input": "double", "output": "double",
    "action": [{"let": {"z": {"m.nosuch": "input"}}}, {"+": ["z", 1]}, "z"]}`));
  assert.deepEqual(r.errors.map((e) => e.path), ["/action/0/let/z"]);
});
