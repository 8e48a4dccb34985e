/**
 * pfa convert, inspect and diff-score on IR files: the written document validates and is the same
 * bytes every time; diff-score agrees with the IR evaluator, and reports mismatches (a perturbed
 * document, a wrong expected file) with exit status 1 and the differing rows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../shared.js";
import { convert } from "../../src/convert.js";
import { validate } from "../../src/pfa/validate.js";
import { parseJson } from "../../src/pfa/json.js";
import { serializeJson } from "../../src/writer/serialize.js";

const MODEL = "test/fixtures/ir/standardize.ir.json";
const ROWS = "test/fixtures/ir/rows.csv";

function pfa(...args: string[]) {
  return spawnSync(process.execPath, ["bin/pfa.js", ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

test("convert writes a valid document, the same bytes every time, with original names in metadata", async () => {
  const a = pfa("convert", MODEL);
  const b = pfa("convert", MODEL);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.match(a.stderr, /ir, 2 inputs, 1 output, 2 steps -> \d+ bytes of PFA/);
  const doc = parseJson(a.stdout);
  assert.deepEqual(validate(doc).errors, []);
  const metadata = (doc as { metadata: Record<string, string> }).metadata;
  assert.deepEqual(JSON.parse(metadata["pfa.input.names"]!), { Sepal_Length: "Sepal.Length", Sepal_Width: "Sepal.Width" });
  // The library API gives the same document.
  const { doc: again } = await convert(join(REPO_ROOT, MODEL));
  assert.equal(serializeJson(again) + "\n", a.stdout);
  const yaml = pfa("convert", MODEL, "--yaml");
  assert.equal(yaml.status, 0);
  assert.match(yaml.stdout, /^name: iris_standardize/m);
});

test("inspect shows a model's steps, and prints its IR, which converts back to the same PFA", () => {
  const text = pfa("inspect", MODEL);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /1\. vectorAssemble \(stage 0 \(VectorAssembler\)\): Sepal\.Length, Sepal\.Width -> features/);
  const ir = pfa("inspect", "--ir", MODEL);
  const dir = mkdtempSync(join(tmpdir(), "pfa-ir-"));
  writeFileSync(join(dir, "again.ir.json"), ir.stdout);
  assert.equal(pfa("convert", join(dir, "again.ir.json")).stdout, pfa("convert", MODEL).stdout);
});

test("diff-score against the IR evaluator agrees and says which reference it used", () => {
  const r = pfa("diff-score", MODEL, "-i", ROWS, "--json");
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { reference: string; rows: number; agree: boolean; columns: { column: string; differing: number }[] };
  assert.equal(report.reference, "ir");
  assert.equal(report.rows, 3);
  assert.equal(report.agree, true);
  assert.deepEqual(report.columns.map((c) => c.column), ["scaled(features)"]);
});

test("diff-score reports a perturbed document: exit 1 and the differing rows", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfa-diff-"));
  const doc = pfa("convert", MODEL).stdout.replace("1.2, 2.3", "1.2, 2.31");
  assert.notEqual(doc, pfa("convert", MODEL).stdout, "the perturbation must change the document");
  writeFileSync(join(dir, "perturbed.pfa"), doc);
  const r = pfa("diff-score", MODEL, join(dir, "perturbed.pfa"), "-i", ROWS);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /rows: 3, differing: 2/);
  assert.match(r.stdout, /row 1, scaled\(features\): pfa \[-0\.84\d*,1\.155\]/);
  assert.match(r.stdout, /differ: 2 of 3 rows/);
});

test("diff-score reports a wrong expected file: exit 1, the column's largest differences, the rows", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfa-diff-"));
  const expected = join(dir, "expected.jsonl");
  writeFileSync(expected, ['{"scaled(features)": [-0.84, 1.15]}', '{"scaled(features)": [-1.08, "NaN"]}', '{"scaled(features)": [1.44, 0.5]}'].join("\n") + "\n");
  const r = pfa("diff-score", MODEL, "-i", ROWS, "--expected", expected, "--rtol", "1e-6");
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /reference: expected/);
  assert.match(r.stdout, /scaled\(features\)\s+3\s+1\s+4\.00e-2\s+8\.00e-2/);
  assert.match(r.stdout, /row 3, scaled\(features\): pfa \[1\.44\d*,0\.46\d*\], reference \[1\.44,0\.5\]/);
  // Within tolerance where the values agree: the same file with the right third row passes.
  writeFileSync(expected, readFileSync(expected, "utf8").replace("0.5]", "0.46]"));
  assert.equal(pfa("diff-score", MODEL, "-i", ROWS, "--expected", expected, "--rtol", "1e-6").status, 0);
});

test("diff-score usage and run errors exit 2, conversion refusals exit 1, each one line", () => {
  const missing = pfa("diff-score", "no-such-model.ir.json", "-i", ROWS);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^pfa: no-such-model\.ir\.json: no such file/);
  const dir = mkdtempSync(join(tmpdir(), "pfa-diff-"));
  writeFileSync(join(dir, "bad.ir.json"), JSON.stringify({ "pfa-ir": 1, name: "bad", inputs: [], steps: [{ op: "nope", inputs: [], outputs: [], params: {} }], outputs: [], metadata: {} }));
  const refused = pfa("convert", join(dir, "bad.ir.json"));
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr.trim().split("\n").length, 1);
  assert.match(refused.stderr, /step 0 \(nope\): unknown op "nope"/);
});

test("diff-score refuses an expected file whose length differs from the input's", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfa-diff-"));
  const short = join(dir, "short.jsonl");
  writeFileSync(short, '{"scaled(features)": [-0.84, 1.15]}\n');
  const r1 = pfa("diff-score", MODEL, "-i", ROWS, "--expected", short);
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, /has fewer rows than the input \(no row 2\)/);
  const long = join(dir, "long.jsonl");
  writeFileSync(long, Array.from({ length: 4 }, () => '{"scaled(features)": [0, 0]}').join("\n") + "\n");
  const r2 = pfa("diff-score", MODEL, "-i", ROWS, "--expected", long);
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /has more rows than the input \(3\)/);
});
