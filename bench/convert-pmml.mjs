#!/usr/bin/env node
// Conversion of large PMML documents, time and peak memory, each stage in a fresh process so that the
// peaks do not mix: a 500-tree forest (what a gradient-boosting export looks like) and a 100 MB
// forest (DESIGN.md's large document). No other PMML-to-PFA converter exists to race against, so the
// peer in the same run is the XML library the reader is built on (fast-xml-parser parsing the same
// text into its own objects): the ratios say what the conversion costs beyond reading the XML.
//
//   npm run bench            (after the engine benchmark)
//   node bench/convert-pmml.mjs [megabytes of the large document, default 100]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeForest } from "./gen-large-pmml.mjs";

const MB = Number(process.argv[2] ?? 100);
const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs one stage in a child process (2 GB heap); returns its seconds and peak RSS in MB. */
function stage(kind, path) {
  const script = `
    import { readFileSync } from "node:fs";
    const path = ${JSON.stringify(path)};
    const start = process.hrtime.bigint();
    let summary;
    if (${JSON.stringify(kind)} === "parse") {
      const { XMLParser } = await import("fast-xml-parser");
      const doc = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(readFileSync(path, "utf8"));
      summary = doc.length + " top-level nodes";
    } else {
      const { readModel } = await import(${JSON.stringify(join(root, "dist/src/convert.js"))});
      const { writePfa } = await import(${JSON.stringify(join(root, "dist/src/writer/write.js"))});
      const { pipeline } = await readModel(path);
      summary = pipeline.steps.length + " steps";
      if (${JSON.stringify(kind)} === "convert") summary += ", " + (JSON.stringify(writePfa(pipeline)).length / 1048576).toFixed(1) + " MB of PFA";
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ seconds, rssMB: process.resourceUsage().maxRSS / 1024, summary }));`;
  const child = spawnSync(process.execPath, ["--max-old-space-size=2048", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${kind} of ${path} failed: ${child.stderr.slice(-1500)}`);
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

function run(label, path) {
  const size = statSync(path).size / 1048576;
  console.log(`\n${label} (${size.toFixed(1)} MB of PMML)`);
  const rows = [
    ["fast-xml-parser, parse only (peer)", stage("parse", path)],
    ["pfa: PMML to IR", stage("read", path)],
    ["pfa: PMML to IR to PFA", stage("convert", path)],
  ];
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(36)} ${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(r.rssMB).toString().padStart(6)} MB peak RSS  (${r.summary})`);
  }
  const [peer, , full] = rows.map(([, r]) => r);
  console.log(`ratio convert / parse-only: ${(full.seconds / peer.seconds).toFixed(2)}x time, ${(full.rssMB / peer.rssMB).toFixed(2)}x peak memory`);
}

const dir = mkdtempSync(join(tmpdir(), "pfa-bench-"));
try {
  const forest = join(dir, "forest-500.pmml");
  writeForest(forest, { trees: 500, depth: 6 });
  run("500 trees of depth 6", forest);
  const large = join(dir, "forest-large.pmml");
  const trees = writeForest(large, { bytes: MB * 1048576, depth: 8 });
  run(`${trees} trees of depth 8`, large);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
