/**
 * A 100 MB PMML document (a generated ensemble of 1,900 trees of depth 8) is read into the IR in a
 * child process limited to a 2 GB heap: the document reader's memory is bounded by the size of the
 * document (no timing is asserted).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../shared.js";

/** The benchmark's generator (bench/gen-large-pmml.mjs): a forest of trees over 20 inputs, written as it goes. */
type WriteForest = (path: string, options: { bytes?: number; trees?: number; depth?: number }) => number;
const { writeForest } = (await import(pathToFileURL(`${REPO_ROOT}bench/gen-large-pmml.mjs`).href)) as { writeForest: WriteForest };

test("a 100 MB PMML document is read into the IR within a 2 GB heap", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfa-pmml-large-"));
  try {
    const path = join(dir, "forest.pmml");
    const trees = writeForest(path, { bytes: 100 * 1024 * 1024, depth: 8 });
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

test("a document too large for the heap is refused before it is read, saying how much it needs", async () => {
  const { checkMemory, HEAP_BYTES_PER_PMML_BYTE } = await import("../../converters/pmml/reader.js");
  const MB = 1048576;
  assert.doesNotThrow(() => checkMemory("small.pmml", 10 * MB, 2048 * MB));
  assert.doesNotThrow(() => checkMemory("edge.pmml", (2048 * MB) / HEAP_BYTES_PER_PMML_BYTE, 2048 * MB));
  assert.throws(
    () => checkMemory("big.pmml", 400 * MB, 2048 * MB),
    (e: unknown) => e instanceof Error && /^big\.pmml: a 400 MB document needs about 4800 MB of memory to convert, more than this process may use \(2048 MB\): run it with NODE_OPTIONS=--max-old-space-size=5280$/.test(e.message),
  );
});
