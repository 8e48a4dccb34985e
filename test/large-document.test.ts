/**
 * A 50 MB document (a depth-19 decision tree in a cell, the shape tree converters write) validates
 * through the command line within a 512 MB heap: reading and checking must not need memory far beyond
 * the document itself. (Its time is measured, not asserted: see bench/.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./shared.js";

test("pfa validate accepts a 50 MB tree document within a 512 MB heap", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfa-large-"));
  try {
    const file = join(dir, "tree.pfa");
    const gen = spawnSync(process.execPath, ["bench/gen-large-tree.mjs", "19", file], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(gen.status, 0, gen.stderr);
    assert.ok(statSync(file).size > 50_000_000, "the generated document should be over 50 MB");
    const run = spawnSync(process.execPath, ["--max-old-space-size=512", "bin/pfa.js", "validate", "--json", file], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: { valid: boolean }[] };
    assert.equal(report.files[0]?.valid, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
