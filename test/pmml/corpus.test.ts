/**
 * The PMML cases of ../shared/corpus/cases.jsonl (real models from real tools, with their outputs):
 * every `expect: pass` case must pass and every `reject` case be refused, except the cases listed in
 * known-failures.json with their cause. A listed case that meets its expectation fails the test, so
 * that the list stays true.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { readCases, runCase } from "../../src/diff/cases.js";
import { HAVE_SHARED, REPO_ROOT, SKIP_SHARED, sharedPath } from "../shared.js";

interface KnownFailure {
  id: string;
  reason: string;
}

const known: KnownFailure[] = JSON.parse(readFileSync(`${REPO_ROOT}test/pmml/known-failures.json`, "utf8")) as KnownFailure[];
const knownIds = new Map(known.map((k) => [k.id, k.reason]));

test("known-failures.json: each entry has an id and a reason, once", () => {
  assert.equal(knownIds.size, known.length, "an id is listed twice");
  for (const k of known) {
    assert.match(k.id, /^pmml\//);
    assert.ok(k.reason.length > 20, `${k.id}: give the cause`);
  }
});

test("the PMML cases of the corpus", { skip: SKIP_SHARED }, async (t) => {
  const cases = await readCases(sharedPath("corpus/cases.jsonl"), /^pmml\//);
  assert.ok(cases.length > 0);
  const ids = new Set(cases.map((c) => c.id));
  for (const k of known) assert.ok(ids.has(k.id), `known-failures.json lists ${k.id}, which is not a case`);
  for (const c of cases) {
    await t.test(c.id, async () => {
      const r = await runCase(c);
      const reason = knownIds.get(c.id);
      if (reason === undefined) {
        assert.ok(r.met, `${c.id} (expect ${c.expect ?? "pass"}): ${r.status}: ${r.message}`);
      } else {
        assert.ok(!r.met, `${c.id} is listed in known-failures.json (${reason}), but it now meets its expectation: remove it from the list`);
      }
    });
  }
});

void HAVE_SHARED;
