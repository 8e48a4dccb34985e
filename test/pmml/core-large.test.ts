/**
 * A 100 MB PMML document (a generated ensemble of 1,900 trees of depth 8) is read into the IR in a
 * child process limited to a 2 GB heap: the document reader's memory is bounded by the size of the
 * document (no timing is asserted).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../shared.js";

/** Writes the ensemble: `features` inputs, trees of `depth`, until the file reaches `bytes`. */
function writeForest(path: string, bytes: number, features = 20, depth = 8): number {
  const fd = openSync(path, "w");
  let size = 0;
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const write = (s: string) => {
    size += Buffer.byteLength(s);
    writeSync(fd, s);
  };
  const fields = Array.from({ length: features }, (_, i) => `x${i}`);
  write(`<?xml version="1.0"?>\n<PMML version="4.3" xmlns="http://www.dmg.org/PMML-4_3">\n<Header/>\n<DataDictionary>\n`);
  for (const f of fields) write(`<DataField name="${f}" optype="continuous" dataType="double"/>\n`);
  write(`<DataField name="y" optype="continuous" dataType="double"/>\n</DataDictionary>\n<MiningModel functionName="regression">\n<MiningSchema>`);
  write(fields.map((f) => `<MiningField name="${f}"/>`).join("") + `<MiningField name="y" usageType="target"/></MiningSchema>\n<Segmentation multipleModelMethod="sum">\n`);
  let id = 0;
  const node = (d: number, predicate: string): string => {
    id++;
    if (d === 0) return `<Node id="${id}" score="${(random() * 2 - 1).toFixed(6)}">${predicate}</Node>\n`;
    const f = fields[Math.floor(random() * features)];
    const t = (random() * 10).toFixed(6);
    return `<Node id="${id}">${predicate}\n${node(d - 1, `<SimplePredicate field="${f}" operator="lessThan" value="${t}"/>`)}${node(d - 1, `<SimplePredicate field="${f}" operator="greaterOrEqual" value="${t}"/>`)}</Node>\n`;
  };
  let trees = 0;
  while (size < bytes) {
    trees++;
    write(`<Segment id="${trees}"><True/><TreeModel functionName="regression" noTrueChildStrategy="returnLastPrediction"><MiningSchema>${fields.map((f) => `<MiningField name="${f}"/>`).join("")}</MiningSchema>\n`);
    write(node(depth, "<True/>"));
    write(`</TreeModel></Segment>\n`);
  }
  write(`</Segmentation>\n</MiningModel>\n</PMML>\n`);
  closeSync(fd);
  return trees;
}

test("a 100 MB PMML document is read into the IR within a 2 GB heap", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfa-pmml-large-"));
  try {
    const path = join(dir, "forest.pmml");
    const trees = writeForest(path, 100 * 1024 * 1024);
    assert.ok(statSync(path).size >= 100 * 1024 * 1024);
    const reader = pathToFileURL(`${REPO_ROOT}dist/converters/pmml/reader.js`).href;
    const script = `const { readPmml } = await import(${JSON.stringify(reader)});
const p = await readPmml(${JSON.stringify(path)});
console.log(JSON.stringify({ inputs: p.inputs.length, outputs: p.outputs, steps: p.steps.map((s) => s.op) }));`;
    const child = spawnSync(process.execPath, ["--max-old-space-size=2048", "--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 20 });
    assert.equal(child.status, 0, `the reader failed (status ${child.status}, signal ${child.signal}): ${child.stderr.slice(-2000)}`);
    const summary = JSON.parse(child.stdout.trim().split("\n").pop()!) as { inputs: number; outputs: string[]; steps: string[] };
    assert.equal(summary.inputs, 20);
    assert.deepEqual(summary.outputs, ["y"]);
    assert.ok(summary.steps.length >= 1, `${trees} trees read into ${summary.steps.join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
