import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  DocumentReadError,
  parseDocumentText,
  readDocumentFile,
  readDocumentFileWithLimits,
  sniffFormat,
} from "../src/pfa/load.js";
import { JsonDouble } from "../src/pfa/json-value.js";

const PFA_JSON = '{"input": "double", "output": "double", "action": [{"+": ["input", 1.0]}]}';
const PFA_YAML = "input: double\noutput: double\naction:\n  - {+: [input, 1.0]}\n";
const PFA_VALUE = { input: "double", output: "double", action: [{ "+": ["input", new JsonDouble(1)] }] };

let dir = "";

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "pfa-load-test-"));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Asserts that reading fails with a DocumentReadError whose one-line message starts with the file. */
async function readError(path: string, read = readDocumentFile): Promise<DocumentReadError> {
  try {
    await read(path);
  } catch (e) {
    assert.ok(e instanceof DocumentReadError, `expected DocumentReadError, got ${String(e)}`);
    assert.equal(e.file, path);
    assert.ok(e.message.startsWith(path + ": "), e.message);
    assert.ok(!e.message.includes("\n"), "error messages are one line");
    return e;
  }
  assert.fail(`expected ${path} to be refused`);
}

describe("readDocumentFile: formats by extension", () => {
  it("reads .pfa and .json as JSON", async () => {
    assert.deepEqual(await readDocumentFile(await write("model.pfa", PFA_JSON)), PFA_VALUE);
    assert.deepEqual(await readDocumentFile(await write("model.json", PFA_JSON)), PFA_VALUE);
  });

  it("reads .yaml and .yml as YAML, even when they start like JSON", async () => {
    assert.deepEqual(await readDocumentFile(await write("model.yaml", PFA_YAML)), PFA_VALUE);
    assert.deepEqual(await readDocumentFile(await write("model.yml", PFA_YAML)), PFA_VALUE);
    assert.deepEqual(await readDocumentFile(await write("flow.yaml", "{a: 1}")), { a: 1 });
  });

  it("sniffs an unknown extension", async () => {
    assert.deepEqual(await readDocumentFile(await write("model.txt", "\n  " + PFA_JSON)), PFA_VALUE);
    assert.deepEqual(await readDocumentFile(await write("model", PFA_YAML)), PFA_VALUE);
    assert.equal(sniffFormat(" [1]"), "json");
    assert.equal(sniffFormat("a: 1"), "yaml");
  });

  it("skips a UTF-8 byte order mark", async () => {
    assert.deepEqual(await readDocumentFile(await write("bom.pfa", "\ufeff" + PFA_JSON)), PFA_VALUE);
    assert.deepEqual(await readDocumentFile(await write("bom.yaml", "\ufeff" + PFA_YAML)), PFA_VALUE);
    assert.deepEqual(parseDocumentText("\ufeff[1]"), [1]);
  });
});

describe("readDocumentFile: .pfaz", () => {
  it("round-trips gzipped JSON and YAML", async () => {
    assert.deepEqual(await readDocumentFile(await write("model.pfaz", gzipSync(PFA_JSON))), PFA_VALUE);
    assert.deepEqual(await readDocumentFile(await write("yaml.pfaz", gzipSync(PFA_YAML))), PFA_VALUE);
  });

  it("refuses a gzip bomb at the decompression cap", async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    assert.ok(bomb.length < 100_000);
    const path = await write("bomb.pfaz", bomb);
    const e = await readError(path, (p) => readDocumentFileWithLimits(p, { maxDecompressedBytes: 1024 * 1024 }));
    assert.match(e.message, /decompresses to more than 1048576 bytes/);
    assert.match(e.message, /gzip bomb/);
  });

  it("refuses truncated, corrupt and uncompressed .pfaz files", async () => {
    const gz = gzipSync(PFA_JSON);
    assert.match((await readError(await write("cut.pfaz", gz.subarray(0, 15)))).message, /truncated gzip/);
    const corrupt = Buffer.from(gz);
    corrupt[12] = (corrupt[12] ?? 0) ^ 0xff;
    assert.match((await readError(await write("bad.pfaz", corrupt))).message, /gzip/);
    assert.match((await readError(await write("plain.pfaz", PFA_JSON))).message, /not gzip-compressed/);
  });
});

describe("readDocumentFile: errors", () => {
  it("reports a missing file with notFound", async () => {
    const path = join(dir, "missing.pfa");
    const e = await readError(path);
    assert.equal(e.message, `${path}: no such file`);
    assert.equal(e.notFound, true);
  });

  it("reports a directory without Node's message", async () => {
    const e = await readError(dir);
    assert.equal(e.message, `${dir}: is a directory`);
    assert.equal(e.notFound, false);
  });

  it("prefixes JSON syntax errors with the file name", async () => {
    const path = await write("broken.pfa", '{\n  "input": "double",\n  "output": "double"\n  "action": []\n}');
    const e = await readError(path);
    assert.equal(e.message, `${path}: JSON syntax error at line 4, column 3: expected ',' or '}' after object member`);
    assert.equal(e.line, 4);
    assert.equal(e.column, 3);
  });

  it("prefixes YAML syntax errors with the file name", async () => {
    const e = await readError(await write("broken.yaml", "a: [1, 2\n"));
    assert.match(e.message, /: YAML syntax error at line \d+, column \d+: /);
  });

  it("refuses text that is not UTF-8", async () => {
    const latin1 = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]);
    assert.match((await readError(await write("latin1.pfa", latin1))).message, /not valid UTF-8/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("[1]", "utf16le")]);
    assert.match((await readError(await write("utf16.pfa", utf16))).message, /UTF-16/);
  });
});

describe("parseDocumentText", () => {
  it("follows the hint, else sniffs", () => {
    assert.deepEqual(parseDocumentText("[1, 2.0]"), [1, new JsonDouble(2)]);
    assert.deepEqual(parseDocumentText("[1, 2.0]", "yaml"), [1, new JsonDouble(2)]);
    assert.deepEqual(parseDocumentText(Buffer.from("a: 1\n")), { a: 1 });
    assert.throws(() => parseDocumentText("a: 1", "json"), DocumentReadError);
  });

  it("names the input in errors", () => {
    assert.throws(() => parseDocumentText("[1,]"), {
      name: "DocumentReadError",
      message: "<input>: JSON syntax error at line 1, column 4: trailing comma is not allowed",
    });
    assert.throws(() => parseDocumentText("[1,]", "json", "<stdin>"), /^DocumentReadError: <stdin>: /);
  });
});
