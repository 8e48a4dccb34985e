/**
 * The README's PMML examples (examples/pmml/): the PFA agrees with the outputs computed for them by
 * hand, and the loan model with its own ModelVerification rows.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { diffScore } from "../../src/diff/diff-score.js";
import { REPO_ROOT } from "../shared.js";

const ex = (name: string) => `${REPO_ROOT}examples/pmml/${name}`;

test("examples/pmml/delivery-time.pmml scores its rows as expected", async () => {
  const r = await diffScore({ model: ex("delivery-time.pmml"), rows: ex("delivery-rows.csv"), expected: ex("delivery-expected.csv"), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(r.rows, 7);
  assert.deepEqual(r.columns.map((c) => c.column), ["minutes", "late"]);
  assert.ok(r.agree, JSON.stringify(r.differences));
});

test("examples/pmml/loan-approval.pmml scores its rows as expected, and agrees with its ModelVerification", async () => {
  const r = await diffScore({ model: ex("loan-approval.pmml"), rows: ex("loan-rows.csv"), expected: ex("loan-expected.csv"), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(r.rows, 6);
  assert.deepEqual(r.columns.map((c) => c.column), ["approved", "p_yes", "verdict", "action"]);
  assert.ok(r.agree, JSON.stringify(r.differences));
  const v = await diffScore({ model: ex("loan-approval.pmml"), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(v.reference, "model-verification");
  assert.equal(v.rows, 3);
  assert.ok(v.agree, JSON.stringify(v.differences));
});

test("examples/pmml/basket-rules.pmml recommends for each basket as worked out by hand", async () => {
  const r = await diffScore({ model: ex("basket-rules.pmml"), rows: ex("basket-rows.jsonl"), expected: ex("basket-expected.jsonl"), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(r.rows, 5);
  assert.deepEqual(r.columns.map((c) => c.column), ["suggestion", "confidence", "rules"]);
  assert.ok(r.agree, JSON.stringify(r.differences));
});
