/**
 * The engine: special forms, methods, state rules and error codes, checked against the reference
 * implementation's own tests (special-forms.json) and against rules the conformance suite does not
 * cover: rollback, timeouts, shared cells, seeds, and hostile documents.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PFAEngine, PFAValidationError } from "../src/pfa/engine.js";
import { parseJson } from "../src/pfa/json.js";
import { PFARuntimeError, PFATimeoutError, PFAUserError } from "../src/pfa/runtime.js";
import { runTest, type SuiteTest } from "../src/pfa/conformance.js";
import { compileDocument } from "../src/pfa/compiler.js";
import { checkDocument } from "../src/pfa/validate.js";
import { isJsonObject } from "../src/pfa/json-value.js";
import { readSharedJson, SKIP_SHARED } from "./shared.js";

function engine(doc: string, options = {}): PFAEngine {
  return PFAEngine.fromJson(parseJson(doc), options);
}

test("special-forms.json: every engine the reference implementation builds behaves the same", { skip: SKIP_SHARED }, () => {
  const suite = readSharedJson("conformance/special-forms.json");
  assert.ok(isJsonObject(suite));
  const failures: string[] = [];
  let passed = 0;
  let skipped = 0;
  for (const t of suite["pfa-tests"] as unknown as SuiteTest[]) {
    runTest(t, (o) => {
      if (o.verdict === "pass") passed++;
      else if (o.verdict === "skip") skipped++;
      else failures.push(`${t.source?.test}#${t.source?.engineIndex}: ${o.detail}`);
    });
  }
  assert.deepEqual(failures, []);
  // Trials of engines that call library modules outside this engine's scope yet (re, bytes, ...) are skipped.
  assert.ok(passed >= 490, `${passed} passed, ${skipped} skipped`);
});

test("map, emit and fold methods; begin and end; predefined counters", () => {
  const map = engine(`{"input": "int", "output": "int", "action": {"*": ["input", 2]}}`);
  assert.equal(map.action(21), 42);

  const emitted: unknown[] = [];
  const emit = engine(`{"input": "int", "output": "int", "method": "emit",
    "action": {"for": {"i": 0}, "while": {"<": ["i", "input"]}, "step": {"i": {"+": ["i", 1]}}, "do": {"emit": "i"}}}`, { emit: (v: unknown) => emitted.push(v) });
  assert.equal(emit.action(3), null);
  assert.deepEqual(emitted, [0, 1, 2]);

  const fold = engine(`{"input": "int", "output": "long", "method": "fold", "zero": 0,
    "action": {"+": ["tally", "input"]}, "merge": {"+": ["tallyOne", "tallyTwo"]}}`);
  fold.action(5);
  assert.equal(fold.action(7), 12);
  assert.equal(fold.merge(3, 4), 7);

  const counters = engine(`{"input": "null", "output": "long", "cells": {"c": {"type": "int", "init": 0}},
    "begin": {"cell": "c", "to": 100}, "action": {"+": ["actionsStarted", {"cell": "c"}]}}`);
  counters.begin();
  assert.equal(counters.action(null), 101);
  assert.equal(counters.action(null), 102);
});

test("a failed action rolls back rollback cells and pools, and leaves other cells changed", () => {
  const e = engine(`{"input": "boolean", "output": "int",
    "cells": {"kept": {"type": "int", "init": 0}, "undone": {"type": "int", "init": 0, "rollback": true}},
    "pools": {"p": {"type": "int", "init": {}, "rollback": true}},
    "action": [
      {"cell": "kept", "to": {"params": [{"x": "int"}], "ret": "int", "do": {"+": ["x", 1]}}},
      {"cell": "undone", "to": {"params": [{"x": "int"}], "ret": "int", "do": {"+": ["x", 1]}}},
      {"pool": "p", "path": [{"string": "k"}], "to": {"params": [{"x": "int"}], "ret": "int", "do": {"+": ["x", 1]}}, "init": 0},
      {"if": "input", "then": {"error": "boom", "code": -7}},
      {"cell": "undone"}]}`);
  assert.equal(e.action(false), 1);
  assert.throws(() => e.action(true), (err) => err instanceof PFAUserError && err.message === "boom" && err.code === -7);
  assert.equal(e.cell("kept"), 2);
  assert.equal(e.cell("undone"), 1);
  assert.deepEqual({ ...e.pool("p") }, { k: 1 });
  assert.equal(e.action(false), 2);
});

test("a runaway loop is stopped by the timeout with the spec's message", () => {
  const e = engine(`{"input": "null", "output": "null", "options": {"timeout": 50},
    "action": {"while": true, "do": null}}`);
  assert.throws(() => e.action(null), (err) => err instanceof PFATimeoutError && err.message === "exceeded timeout of 50 milliseconds");
  const phase = engine(`{"input": "null", "output": "null", "options": {"timeout.begin": 20, "timeout": 100000},
    "begin": {"while": true, "do": null}, "action": null}`);
  assert.throws(() => phase.begin(), /exceeded timeout of 20 milliseconds/);
});

test("path errors carry the spec's codes: attr 2000/2001, cell 2004/2005, pool 2008/2009", () => {
  const e = engine(`{"input": {"type": "array", "items": "int"}, "output": "int",
    "cells": {"m": {"type": {"type": "map", "values": "int"}, "init": {"a": 1}}},
    "pools": {"p": {"type": "int", "init": {"x": 1}}},
    "action": {"+": [{"attr": "input", "path": [0]}, {"+": [{"cell": "m", "path": [{"string": "a"}]}, {"pool": "p", "path": [{"string": "x"}]}]}]}}`);
  assert.equal(e.action([5]), 7);
  assert.throws(() => e.action([]), (err) => err instanceof PFARuntimeError && err.code === 2000);
});

test("shared cells are shared between engines of one document; seeds are reproducible", () => {
  const factory = PFAEngine.factory(parseJson(`{"input": "null", "output": "int",
    "cells": {"n": {"type": "int", "init": 0, "shared": true}},
    "action": {"cell": "n", "to": {"params": [{"x": "int"}], "ret": "int", "do": {"+": ["x", 1]}}}}`));
  const a = factory.create();
  const b = factory.create();
  a.action(null);
  assert.equal(b.action(null), 2);
  assert.equal(a.cell("n"), 2);

  const doc = `{"input": {"type": "array", "items": "int"}, "output": {"type": "array", "items": "int"}, "randseed": 12345,
    "action": {"a.shuffle": "input"}}`;
  const items = Array.from({ length: 50 }, (_, i) => i);
  assert.deepEqual(engine(doc).action(items), engine(doc).action(items));
});

test("hostile documents: strings and names never become code", () => {
  const payload = `"); globalThis.pwned = true; ("`;
  const doc = parseJson(`{"name": ${JSON.stringify(payload)}, "input": "string", "output": "string",
    "metadata": {"k": ${JSON.stringify(payload)}},
    "cells": {"__proto__": {"type": {"type": "map", "values": "string"}, "init": {"constructor": ${JSON.stringify(payload)}}}},
    "action": [
      {"let": {"toString": {"string": ${JSON.stringify(payload)}}}},
      {"log": ["toString"], "namespace": ${JSON.stringify(payload)}},
      {"s.concat": [{"s.concat": ["input", "toString"]}, {"cell": "__proto__", "path": [{"string": "constructor"}]}]}
    ]}`);
  const checked = checkDocument(doc);
  assert.deepEqual(checked.errors, []);
  const source = compileDocument(checked.doc!).source;
  assert.ok(!source.includes("pwned"), "document strings must reach the code only as constants");
  const e = PFAEngine.fromJson(doc, { log: () => {} });
  assert.equal(e.action("x"), "x" + payload + payload);
  assert.equal((globalThis as { pwned?: boolean }).pwned, undefined);
});

test("hostile documents: huge literals are data, not code", () => {
  const big = Array.from({ length: 200_000 }, (_, i) => i);
  const doc = parseJson(`{"input": "int", "output": "int",
    "action": {"a.len": {"type": {"type": "array", "items": "int"}, "value": ${JSON.stringify(big)}}}}`);
  const checked = checkDocument(doc);
  assert.ok(compileDocument(checked.doc!).source.length < 2000);
  assert.equal(PFAEngine.fromJson(doc).action(0), 200_000);
});

test("unbounded recursion is the document's runtime error, not a crash", () => {
  const e = engine(`{"input": "int", "output": "int",
    "fcns": {"f": {"params": [{"x": "int"}], "ret": "int", "do": {"u.f": [{"+": ["x", 1]}]}}},
    "action": {"u.f": "input"}}`);
  assert.throws(() => e.action(0), (err) => err instanceof PFARuntimeError && /recursion/.test(err.message));
});

test("an invalid document is refused with its diagnostics", () => {
  assert.throws(
    () => engine(`{"input": "int", "output": "string", "action": "input"}`),
    (err) => err instanceof PFAValidationError && err.diagnostics[0]?.code === "type-mismatch",
  );
});

test("longs beyond 2^53 stay exact, and overflow raises the spec's code", () => {
  const e = engine(`{"input": "long", "output": "long", "action": {"+": ["input", 1]}}`);
  assert.equal(e.action(9007199254740993n), 9007199254740994n);
  assert.equal(e.action(9007199254740990), 9007199254740991);
  assert.equal(e.action(9007199254740991), 9007199254740992n);
  assert.throws(() => e.action(9223372036854775807n), (err) => err instanceof PFARuntimeError && err.code === 18001);
  const i = engine(`{"input": "int", "output": "int", "action": {"+": ["input", 1]}}`);
  assert.throws(() => i.action(2147483647), (err) => err instanceof PFARuntimeError && err.code === 18000);
});

test("cells and pools from json and avro files (source)", async () => {
  const { mkdtempSync, writeFileSync, createWriteStream } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { AvroWriter } = await import("../src/data/avro.js");
  const { AvroArray, AvroMap, T } = await import("../src/pfa/types.js");
  const { mapFromEntries } = await import("../src/pfa/runtime.js");
  const dir = mkdtempSync(join(tmpdir(), "pfa-sources-"));
  writeFileSync(join(dir, "weights.json"), "[1.5, 2.5]");
  const writeAvro = async (file: string, type: import("../src/pfa/types.js").AvroType, value: unknown) => {
    const out = createWriteStream(join(dir, file));
    const w = new AvroWriter(out, type);
    await w.write([value]);
    await w.end();
    await new Promise((resolve) => out.end(resolve));
  };
  await writeAvro("offsets.avro", new AvroArray(T.double), [10, 20]);
  await writeAvro("counts.avro", new AvroMap(T.int), mapFromEntries([["a", 7]]));
  const doc = parseJson(`{"input": "int", "output": "double",
    "cells": {"w": {"type": {"type": "array", "items": "double"}, "init": "weights.json", "source": "json"},
              "o": {"type": {"type": "array", "items": "double"}, "init": "file://offsets.avro", "source": "avro"}},
    "pools": {"p": {"type": "int", "init": "counts.avro", "source": "avro"}},
    "action": {"+": [{"+": [{"cell": "w", "path": ["input"]}, {"cell": "o", "path": ["input"]}]}, {"pool": "p", "path": [{"string": "a"}]}]}}`);
  assert.throws(() => PFAEngine.fromJson(doc, { baseDir: dir }), /PFAEngine.load/);
  const e = await PFAEngine.load(doc, { baseDir: dir });
  assert.equal(e.action(1), 2.5 + 20 + 7);
});
