/**
 * `pfa score` as users run it: a child process on bin/pfa.js, from the repository root, with CSV,
 * JSON lines and Avro inputs, standard input and output, files, the three --on-error modes, emit and
 * fold documents, and a run in a small heap to show that scoring streams.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { AvroWriter, openAvro } from "../src/data/avro.js";
import { parseSchema, type AvroType } from "../src/pfa/types.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
const FIX = "test/fixtures/score";
const MAP = `${FIX}/map.pfa`;
const EMIT = `${FIX}/emit.pfa`;
const FOLD = `${FIX}/fold.pfa`;
const HAVE_ENGINE = existsSync(join(ROOT, "dist/src/pfa/engine.js"));
const SKIP_ENGINE = HAVE_ENGINE ? false : "the engine (src/pfa/engine.ts) is not built yet";

const tmp = mkdtempSync(join(tmpdir(), "pfa-score-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function pfa(args: string[], options: { input?: string; node?: string[] } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [...(options.node ?? []), "bin/pfa.js", ...args], {
    cwd: ROOT,
    env,
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

/** Exit 1 and exactly one line on stderr, `pfa: ...`, without a stack trace. */
function assertOneLineError(r: Run, status: number, pattern: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  const err = lines(r.stderr);
  assert.equal(err.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(err[0]!, /^pfa( \w+)?: /);
  assert.match(err[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

function schema(json: unknown): AvroType {
  return parseSchema(json as never).type!;
}

const ROW = schema(JSON.parse(readFileSync(join(ROOT, MAP), "utf8")).input);

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
}

async function writeAvroFile(path: string, type: AvroType, values: unknown[]): Promise<void> {
  const sink = new Collect();
  const w = new AvroWriter(sink, type);
  await w.write(values);
  await w.end();
  writeFileSync(path, Buffer.concat(sink.chunks));
}

async function readAvroFile(path: string): Promise<{ type: AvroType; rows: unknown[] }> {
  const input = await openAvro(createReadStream(path));
  const rows: unknown[] = [];
  for await (const b of input.batches) rows.push(...b);
  return { type: input.type, rows };
}

const EXPECTED_CSV_OUTPUT = [
  '{"sum":3.5,"label":"A","n2":2}',
  '{"sum":2.0,"label":"B, QUOTED","n2":18014398509481986}',
  '{"sum":3.0,"label":"SAY \\"HI\\"","n2":-8}',
];

describe("pfa score: inputs and outputs", { skip: SKIP_ENGINE }, () => {
  it("scores a CSV file to JSON lines on stdout (quoted fields, missing values, exact longs)", () => {
    const r = pfa(["score", MAP, "-i", `${FIX}/rows.csv`]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.deepEqual(lines(r.stdout), EXPECTED_CSV_OUTPUT);
  });

  it("reads JSON lines from stdin by default (unions tagged or not, blank lines skipped)", () => {
    const r = pfa(["score", MAP], { input: readFileSync(join(ROOT, FIX, "rows.jsonl"), "utf8") });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['{"sum":3.5,"label":"A","n2":2}', '{"sum":2.0,"label":"B","n2":18014398509481986}', '{"sum":3.5,"label":"C","n2":-8}']);
  });

  it("reads CSV from stdin with --input-format, and writes CSV with -o", () => {
    const out = join(tmp, "out.csv");
    const r = pfa(["score", MAP, "--input-format", "csv", "-o", out], { input: readFileSync(join(ROOT, FIX, "rows.csv"), "utf8") });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(readFileSync(out, "utf8"), 'sum,label,n2\n3.5,A,2\n2,"B, QUOTED",18014398509481986\n3,"SAY ""HI""",-8\n');
  });

  it("reads an Avro file and writes an Avro file whose schema is the output type", async () => {
    const input = join(tmp, "rows.avro");
    await writeAvroFile(input, ROW, [
      { x: 1.5, y: 2, label: "a", n: 1 },
      { x: 2, y: null, label: "b", n: 2n ** 62n - 1n },
    ]);
    const out = join(tmp, "scores.avro");
    const r = pfa(["score", MAP, "-i", input, "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    const back = await readAvroFile(out);
    assert.equal(back.type.toString(), "Out");
    assert.deepEqual(back.rows, [
      { sum: 3.5, label: "A", n2: 2 },
      { sum: 2, label: "B", n2: 2n ** 63n - 2n },
    ]);
  });

  it("scores exoplanets.avro, a real container file, with a document that reads some of its fields", { skip: existsSync(SHARED) ? false : "../shared is absent" }, () => {
    const r = pfa(["score", `${FIX}/stars.pfa`, "-i", join(SHARED, "corpus/pfa/exoplanets.avro")]);
    assert.equal(r.status, 0, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out.length, 1103);
    assert.equal(out[0], '{"name":"Kepler-207","dist":null,"planets":3}');
    assert.equal(out[1], '{"name":"HD 89307","dist":{"double":30.9},"planets":1}');
  });

  it("matches columns by the original names a converted document records, and writes them in a CSV header", () => {
    const doc = `${FIX}/original-names.pfa`;
    const csv = pfa(["score", doc, "--input-format", "csv", "--output-format", "csv"], { input: "Sepal.Length\n5\n" });
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csv.stdout, "probability(setosa)\n0.5\n");
    const json = pfa(["score", doc], { input: '{"Sepal.Length": 7}\n{"Sepal_Length": 8}\n' });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(lines(json.stdout), ['{"probability_setosa_":0.7}', '{"probability_setosa_":0.8}']);
  });

  it("prints a summary with --json (on stdout when the rows go to a file)", () => {
    const out = join(tmp, "summary.jsonl");
    const r = pfa(["score", MAP, "-i", `${FIX}/rows.csv`, "-o", out, "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(summary, { document: MAP, input: `${FIX}/rows.csv`, output: out, method: "map", rows: 3, written: 3, failed: 0, onError: "fail", errors: [] });
    assert.deepEqual(lines(readFileSync(out, "utf8")), EXPECTED_CSV_OUTPUT);
  });
});

describe("pfa score: bad rows", { skip: SKIP_ENGINE }, () => {
  // Row 2 is not a number, row 3 makes the action raise an error, row 4 overflows a long, row 5 misses a non-nullable value.
  const BAD_CSV = "x,y,label,n\n1.5,2,a,1\nabc,2,b,1\n-1,2,neg,1\n1,1,big,4611686018427387904\n5,,ok,\n6,1,ok,3\n";
  const badCsv = join(tmp, "bad.csv");
  writeFileSync(badCsv, BAD_CSV);

  it("--on-error fail (the default) stops at the first bad row, naming it, and leaves no output file", () => {
    const out = join(tmp, "fail-out.jsonl");
    const r = pfa(["score", MAP, "-i", badCsv, "-o", out]);
    assertOneLineError(r, 1, new RegExp(`^pfa: ${badCsv.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: row 2, field "x": "abc" is not a double$`));
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(tmp).filter((f) => f.includes(".tmp")), []);
  });

  it("--on-error fail names a PFA runtime error's row", () => {
    const r = pfa(["score", MAP, "--input-format", "csv"], { input: "x,y,label,n\n1,1,a,1\n-1,2,neg,1\n" });
    assertOneLineError(r, 1, /^pfa: <stdin>: row 2: error: negative x$/);
    assert.deepEqual(lines(r.stdout), ['{"sum":2.0,"label":"A","n2":2}']);
  });

  it("--on-error skip drops bad rows and reports how many", () => {
    const r = pfa(["score", MAP, "-i", badCsv, "--on-error", "skip"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['{"sum":3.5,"label":"A","n2":2}', '{"sum":7.0,"label":"OK","n2":6}']);
    assert.deepEqual(lines(r.stderr), [`pfa: ${badCsv}: 4 of 6 rows skipped (first: row 2, field "x": "abc" is not a double)`]);
  });

  it("--on-error null writes null for each bad row", () => {
    const r = pfa(["score", MAP, "-i", badCsv, "--on-error", "null", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['{"sum":3.5,"label":"A","n2":2}', "null", "null", "null", "null", '{"sum":7.0,"label":"OK","n2":6}']);
    const summary = JSON.parse(r.stderr.slice(r.stderr.indexOf("{"))) as { failed: number; errors: { row: number; message: string }[] };
    assert.equal(summary.failed, 4);
    assert.deepEqual(
      summary.errors.map((e) => e.message),
      [
        'row 2, field "x": "abc" is not a double',
        "row 3: error: negative x",
        "row 4: +: long overflow",
        'row 5, field "n": missing value, but the type long is not nullable',
      ],
    );
  });

  it("--on-error null with Avro output makes the schema a union with null", async () => {
    const out = join(tmp, "nulls.avro");
    const r = pfa(["score", MAP, "-i", badCsv, "--on-error", "null", "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    const back = await readAvroFile(out);
    assert.equal(back.type.toString(), "union(null, Out)");
    assert.deepEqual(back.rows, [{ sum: 3.5, label: "A", n2: 2 }, null, null, null, null, { sum: 7, label: "OK", n2: 6 }]);
  });

  it("treats a JSON line that is not JSON as a bad row", () => {
    const r = pfa(["score", MAP, "--on-error", "skip"], { input: '{"x": 1, "y": null, "label": "a", "n": 1}\n{"x": \n' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(lines(r.stdout).length, 1);
    assert.match(r.stderr, /1 of 2 rows skipped \(first: row 2: not JSON: /);
  });
});

describe("pfa score: emit and fold documents", { skip: SKIP_ENGINE }, () => {
  it("writes every emitted value", () => {
    const r = pfa(["score", EMIT], { input: "1\n-2\n3.5\n" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ["1.0", "2.0", "3.5", "7.0"]);
  });

  it("writes the final tally of a fold, and its zero when there are no rows", () => {
    const r = pfa(["score", FOLD, "--input-format", "csv"], { input: "value\n1\n2.5\n-0.5\n" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ["3.0"]);
    const empty = pfa(["score", FOLD], { input: "" });
    assert.equal(empty.status, 0, empty.stderr);
    assert.deepEqual(lines(empty.stdout), ["0.0"]);
  });
});

describe("pfa score: the document's log", { skip: SKIP_ENGINE }, () => {
  it("writes log output to stderr, apart from the rows", () => {
    const doc = join(tmp, "log.pfa");
    writeFileSync(doc, JSON.stringify({ input: "double", output: "double", action: [{ log: ["input", { string: "seen" }], namespace: "dbg" }, "input"] }));
    const r = pfa(["score", doc], { input: "1\n2.5\n" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ["1.0", "2.5"]);
    assert.deepEqual(lines(r.stderr), ['dbg: 1.0 "seen"', 'dbg: 2.5 "seen"']);
  });
});

describe("pfa score: usage and document errors", { skip: SKIP_ENGINE }, () => {
  it("refuses an invalid document with one line (exit 1)", () => {
    const bad = join(tmp, "invalid.pfa");
    writeFileSync(bad, JSON.stringify({ input: "double", output: "int", action: [{ "+": ["input", 1] }] }));
    assertOneLineError(pfa(["score", bad], { input: "1\n" }), 1, /invalid\.pfa: not valid PFA: /);
  });

  it("is a usage error (exit 2) when a file is missing, a format unknown or an option bad", () => {
    assertOneLineError(pfa(["score", MAP, "-i", `${FIX}/nope.csv`]), 2, /nope\.csv: no such file/);
    assertOneLineError(pfa(["score", `${FIX}/nope.pfa`]), 2, /nope\.pfa/);
    assertOneLineError(pfa(["score", MAP, "-i", `${FIX}/map.pfa`]), 2, /cannot tell the format of map\.pfa .*--input-format/);
    assertOneLineError(pfa(["score", MAP, "--on-error", "ignore"]), 2, /--on-error/);
  });

  it("says which fields a CSV lacks", () => {
    assertOneLineError(pfa(["score", MAP, "--input-format", "csv"], { input: "x,label\n1,a\n" }), 1, /^pfa: <stdin>: no column for the input field "n" \(the columns are: x, label\)$/);
  });
});

describe("pfa score: streaming", { skip: SKIP_ENGINE }, () => {
  it("scores a few hundred thousand rows in a 64 MB heap (constant memory)", () => {
    const n = 400_000;
    const big = join(tmp, "big.csv");
    const parts: string[] = ["x,y,label,n\n"];
    for (let i = 0; i < n; i++) parts.push(`${i * 0.5},${i % 7 === 0 ? "" : i % 13},row${i},${i}\n`);
    writeFileSync(big, parts.join(""));
    const out = join(tmp, "big.jsonl");
    const r = pfa(["score", MAP, "-i", big, "-o", out], { node: ["--max-old-space-size=64"] });
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(out, "utf8");
    let count = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
    assert.equal(count, n);
    assert.ok(text.endsWith(`{"sum":${(n - 1) * 0.5 + ((n - 1) % 7 === 0 ? 0 : (n - 1) % 13)},"label":"ROW${n - 1}","n2":${2 * (n - 1)}}\n`));
  });
});
