/**
 * Acceptance of [foundation]: every engine of the conformance suite (all library shards, the official
 * re.* slice, the special forms) and every PFA document of the corpus validates; the special-forms
 * engines that the reference implementation refuses to build are rejected.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { validate } from "../src/pfa/validate.js";
import { isJsonObject, type JsonValue } from "../src/pfa/json-value.js";
import { HAVE_SHARED, readSharedJson, sharedPath, SKIP_SHARED } from "./shared.js";

interface SuiteEntry {
  function: string;
  engine: JsonValue;
  buildError?: string;
  source?: { test: string; engineIndex: number };
}

function entries(rel: string): SuiteEntry[] {
  const suite = readSharedJson(rel);
  assert.ok(isJsonObject(suite) && Array.isArray(suite["pfa-tests"]), `${rel} is not in the conformance format`);
  return suite["pfa-tests"] as unknown as SuiteEntry[];
}

function describe(e: SuiteEntry): string {
  return e.source ? `${e.source.test}#${e.source.engineIndex}` : e.function;
}

const shards = HAVE_SHARED ? readdirSync(sharedPath("conformance")).filter((f) => f.endsWith(".json.gz")).sort() : [];

for (const shard of shards) {
  test(`conformance shard ${shard}: every engine validates`, () => {
    const failures: string[] = [];
    const all = entries(`conformance/${shard}`);
    for (const e of all) {
      const r = validate(e.engine);
      if (!r.valid) failures.push(`${e.function}: ${r.errors.slice(0, 3).map((x) => `${x.path} ${x.message}`).join("; ")}`);
    }
    assert.ok(all.length > 0);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${all.length} valid engines rejected`);
  });
}

test("conformance re-hadrian.json (the official re.* slice): every engine validates", { skip: SKIP_SHARED }, () => {
  const all = entries("conformance/re-hadrian.json");
  const failures = all.filter((e) => !validate(e.engine).valid).map(describe);
  assert.equal(all.length, 30);
  assert.deepEqual(failures, []);
});

test("special-forms.json: valid engines validate, and every buildError engine is rejected", { skip: SKIP_SHARED }, () => {
  const all = entries("conformance/special-forms.json");
  const wronglyRejected: string[] = [];
  const wronglyAccepted: string[] = [];
  for (const e of all) {
    const r = validate(e.engine);
    if (e.buildError === undefined && !r.valid) {
      wronglyRejected.push(`${describe(e)}: ${r.errors.map((x) => `${x.path} ${x.message}`).join("; ")}`);
    }
    if (e.buildError !== undefined && r.valid) wronglyAccepted.push(`${describe(e)} (${e.buildError})`);
  }
  assert.equal(all.filter((e) => e.buildError !== undefined).length, 77);
  assert.deepEqual(wronglyRejected, [], "valid engines rejected");
  assert.deepEqual(wronglyAccepted, [], "engines that must not build were accepted");
});

test("corpus PFA documents validate", { skip: SKIP_SHARED }, () => {
  const doc = readSharedJson("corpus/pfa/hipparcos_numerical_10.pfa");
  assert.deepEqual(validate(doc).errors, []);
  const baseline = entries("corpus/pfa/baseline-functions.json");
  assert.equal(baseline.length, 18);
  for (const e of baseline) assert.deepEqual(validate(e.engine).errors, [], e.function);
});

if (!HAVE_SHARED) test("conformance shards", { skip: SKIP_SHARED }, () => {});
