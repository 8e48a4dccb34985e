import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseYaml, YamlSyntaxError } from "../src/pfa/yaml.js";
import { parseJson } from "../src/pfa/json.js";
import { isJsonFloat, isJsonInteger, JsonDouble } from "../src/pfa/json-value.js";

function yamlError(text: string, options?: Parameters<typeof parseYaml>[1]): YamlSyntaxError {
  try {
    parseYaml(text, options);
  } catch (e) {
    assert.ok(e instanceof YamlSyntaxError, `expected YamlSyntaxError, got ${String(e)}`);
    assert.ok(!e.message.includes("\n"), "error messages are one line");
    return e;
  }
  assert.fail(`expected a YAML error for ${JSON.stringify(text.slice(0, 40))}`);
}

/** The "billion laughs": nine levels of nine aliases each, 9^9 strings if expanded. */
function billionLaughs(): string {
  const names = "abcdefghi";
  const lines = [`a: &a [${Array(9).fill('"lol"').join(", ")}]`];
  for (let i = 1; i < names.length; i++) {
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill("*" + names[i - 1]).join(", ")}]`);
  }
  return lines.join("\n") + "\n";
}

describe("parseYaml: scalars", () => {
  it("reads the core schema's scalars", () => {
    assert.deepEqual(parseYaml("a: text\nb: 'quoted'\nc: true\nd: false\ne: null\nf: ~\ng:\n"), {
      a: "text",
      b: "quoted",
      c: true,
      d: false,
      e: null,
      f: null,
      g: null,
    });
  });

  it("distinguishes integers from doubles like the JSON reader", () => {
    const v = parseYaml("i: 1\nd: 1.0\ne: 1e2\nf: 1.5\nn: -7\n") as Record<string, unknown>;
    assert.equal(v.i, 1);
    assert.deepEqual(v.d, new JsonDouble(1));
    assert.deepEqual(v.e, new JsonDouble(100));
    assert.equal(v.f, 1.5);
    assert.equal(v.n, -7);
    assert.ok(isJsonInteger(v.i) && isJsonFloat(v.d) && isJsonFloat(v.e) && isJsonFloat(v.f));
  });

  it("reads 64-bit integers exactly", () => {
    assert.deepEqual(parseYaml("[9223372036854775807, -9223372036854775808, 9007199254740991]"), [
      9223372036854775807n,
      -9223372036854775808n,
      Number.MAX_SAFE_INTEGER,
    ]);
  });

  it("reads hexadecimal and octal integers, infinities and NaN", () => {
    const v = parseYaml("[0x1F, 0o17, +5, .inf, -.inf, .nan]") as unknown[];
    assert.deepEqual(v.slice(0, 3), [31, 15, 5]);
    assert.equal(v[3], Infinity);
    assert.equal(v[4], -Infinity);
    assert.ok(Number.isNaN(v[5]));
  });

  it("treats an explicit !!float tag as a double", () => {
    assert.deepEqual(parseYaml("!!float 1"), new JsonDouble(1));
    assert.equal(parseYaml("!!str 1"), "1");
  });

  it("reads escapes and non-ASCII text", () => {
    assert.equal(parseYaml('"\\ud83d\\ude00 \\u00e9\\n"'), "😀 é\n");
    assert.equal(parseYaml("😀"), "😀");
  });
});

describe("parseYaml: collections", () => {
  it("reads a PFA document to the same value as its JSON form", () => {
    const yaml = [
      "input: double",
      "output: {type: array, items: double}",
      "cells:",
      "  limit: {type: long, init: 9223372036854775807}",
      "action:",
      "  - let: {x: 1.0, n: 2}",
      '  - {"+": [x, n]}',
      "",
    ].join("\n");
    const json =
      '{"input": "double", "output": {"type": "array", "items": "double"},' +
      ' "cells": {"limit": {"type": "long", "init": 9223372036854775807}},' +
      ' "action": [{"let": {"x": 1.0, "n": 2}}, {"+": ["x", "n"]}]}';
    assert.deepEqual(parseYaml(yaml), parseJson(json));
  });

  it("keeps key order", () => {
    assert.deepEqual(Object.keys(parseYaml("z: 1\na: 2\nm: 3\n") as object), ["z", "a", "m"]);
  });

  it('makes "__proto__" an own property, never the prototype', () => {
    const v = parseYaml("__proto__: {polluted: true}\n") as object;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.ok(Object.hasOwn(v, "__proto__"));
    assert.equal((v as { polluted?: unknown }).polluted, undefined);
  });

  it("turns scalar keys into strings", () => {
    assert.deepEqual(parseYaml("1: a\ntrue: b\nnull: c\n"), { "1": "a", true: "b", "": "c" });
  });

  it("refuses duplicate keys, also when they only collide as strings", () => {
    assert.match(yamlError("a: 1\na: 2\n").message, /line 2, column 1/);
    assert.match(yamlError('1: a\n"1": b\n').message, /duplicate key "1"/);
  });

  it("refuses collection keys", () => {
    assert.match(yamlError("? [1, 2]\n: x\n").message, /keys must be scalars/);
  });

  it("reads an empty document as null", () => {
    assert.equal(parseYaml(""), null);
    assert.equal(parseYaml("# only a comment\n"), null);
  });
});

describe("parseYaml: aliases", () => {
  it("expands aliases into independent copies", () => {
    const v = parseYaml("a: &x {b: [1, 2]}\nc: *x\n") as Record<string, { b: number[] }>;
    assert.deepEqual(v.c, { b: [1, 2] });
    assert.notEqual(v.a, v.c);
    assert.deepEqual(parseYaml("k: &s v\n*s : w\n"), { k: "v", v: "w" });
  });

  it("refuses a billion laughs before expanding it", () => {
    assert.match(yamlError(billionLaughs()).message, /aliases would expand to more than 1000000 nodes/);
    assert.match(yamlError("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\n", { maxAliasNodes: 10 }).message, /more than 10/);
  });

  it("refuses an alias inside its own anchor and an alias without an anchor", () => {
    assert.match(yamlError("a: &x [1, *x]\n").message, /contains it/);
    assert.match(yamlError("a: *nowhere\n").message, /no anchor/);
  });
});

describe("parseYaml: errors", () => {
  it("gives one-line messages with line and column", () => {
    const e = yamlError("a: 1\nb: [1, 2\n");
    assert.equal(e.line, 3);
    assert.ok(e.column >= 1);
    assert.match(e.message, /^YAML syntax error at line 3, column \d+: /);
    assert.match(yamlError("a: 'open\n").message, /quote/);
    assert.match(yamlError("a:\n  b: 1\n c: 2\n").message, /^YAML syntax error at line 3/);
  });

  it("refuses a stream of several documents", () => {
    assert.match(yamlError("--- 1\n--- 2\n").message, /more than one document/);
  });

  it("refuses deep nesting before the library's recursion can overflow", () => {
    assert.match(yamlError("[".repeat(5000) + "]".repeat(5000)).message, /nesting deeper than 500 levels/);
    // Twice: a stack overflow inside the library once left V8 unable to compile regular expressions.
    for (let i = 0; i < 2; i++) yamlError("- ".repeat(2000) + "1");
    assert.ok(Array.isArray(parseYaml("- ".repeat(499) + "1")));
    assert.match(yamlError("a: &a [[[1]]]\nb: [[*a]]\n", { maxDepth: 4 }).message, /nesting deeper than 4/);
  });
});
