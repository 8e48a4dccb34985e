#!/usr/bin/env node
// Engine speed on the reference engines' own speed-test model (a depth-10 tree, model.tree.simpleWalk),
// side by side in one run with the practical limit: the same tree compiled by hand to nested if/else.
// Rows are many distinct random records drawn from each field's threshold range (cycling a few rows
// would flatter branchy code). Prints rows/s for each and the ratio.
import { readFileSync } from "node:fs";
import { PFAEngine } from "../dist/src/pfa/engine.js";
import { parseJson } from "../dist/src/pfa/json.js";

const DOC = new URL("../../shared/corpus/pfa/hipparcos_numerical_10.pfa", import.meta.url);
const N = Number(process.argv[2] ?? 1_000_000);
const doc = parseJson(readFileSync(DOC, "utf8"));
const fields = doc.input.fields.map((f) => f.name);

// Threshold ranges per field, from the tree itself.
const ranges = Object.fromEntries(fields.map((f) => [f, [Infinity, -Infinity]]));
(function walk(node) {
  const r = ranges[node.field];
  r[0] = Math.min(r[0], node.value);
  r[1] = Math.max(r[1], node.value);
  for (const branch of [node.pass, node.fail]) if (branch.T) walk(branch.T);
})(doc.cells.tree.init);

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const rows = Array.from({ length: N }, () => {
  const row = {};
  for (const f of fields) row[f] = ranges[f][0] + random() * (ranges[f][1] - ranges[f][0]);
  return row;
});

function handWritten(node) {
  const leaf = (b) => (b.T ? handWritten(b.T) : String(b.int));
  return `(d.${node.field} < ${node.value} ? ${leaf(node.pass)} : ${leaf(node.fail)})`;
}
const byHand = new Function("d", `return ${handWritten(doc.cells.tree.init)};`);

function time(label, fn) {
  let check = 0;
  for (let i = 0; i < Math.min(N, 100_000); i++) check += fn(rows[i]); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) check += fn(rows[i]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = N / seconds;
  console.log(`${label.padEnd(40)} ${Math.round(rate).toLocaleString("en").padStart(12)} rows/s  (checksum ${check})`);
  return rate;
}

const engine = PFAEngine.fromJson(doc);
const pfa = time("pfa engine (model.tree.simpleWalk)", (r) => engine.action(r));
const hand = time("hand-written JS (nested if/else)", byHand);
console.log(`ratio engine / hand-written: ${(pfa / hand).toFixed(3)}`);
