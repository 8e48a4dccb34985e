// The invalid-document suite: every fixture in test/fixtures/invalid/ is a PFA document with exactly
// one thing wrong, and the validator must reject it with a diagnostic at the expected JSON Pointer,
// with the expected code, and with a message matching the fixture's (case-insensitive) regex.
//
// Fixtures are read with a small JSON reader that keeps the distinctions PFA gives meaning to (see
// json-value.ts): `1` vs `1.0` (JsonDouble), and integers beyond 2^53 as bigint. JSON.parse would lose both.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import { validate } from "../src/pfa/validate.js";
import { JsonDouble, isJsonObject, stringifyJson } from "../src/pfa/json-value.js";
import type { Diagnostic, JsonObject, JsonValue } from "../src/pfa/json-value.js";

const FIXTURES = new URL("../../test/fixtures/invalid/", import.meta.url);
const MIN_FIXTURES = 80;

interface Fixture {
  rule: string;
  doc: JsonValue;
  path: string;
  code: string;
  message: string;
}

/** A strict JSON reader producing the project's JsonValue model. */
function parseJson(text: string): JsonValue {
  let pos = 0;

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${pos}`);
  };
  const skipWs = (): void => {
    while (pos < text.length && " \t\n\r".includes(text[pos])) pos++;
  };
  const expect = (ch: string): void => {
    if (text[pos] !== ch) fail(`expected '${ch}'`);
    pos++;
  };

  const readString = (): string => {
    const start = pos;
    expect('"');
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === "\\") pos++;
      pos++;
    }
    expect('"');
    // The token is valid JSON string syntax, so JSON.parse decodes its escapes exactly.
    return JSON.parse(text.slice(start, pos)) as string;
  };

  const readNumber = (): JsonValue => {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (m === null) return fail("bad number");
    const token = m[0];
    pos += token.length;
    if (m[1] === undefined && m[2] === undefined) {
      const big = BigInt(token);
      const limit = BigInt(Number.MAX_SAFE_INTEGER);
      return big > limit || big < -limit ? big : Number(token);
    }
    const value = Number(token);
    return Number.isInteger(value) ? new JsonDouble(value) : value;
  };

  const readValue = (): JsonValue => {
    skipWs();
    const ch = text[pos];
    if (ch === "{") {
      pos++;
      const obj: JsonObject = {};
      skipWs();
      if (text[pos] === "}") {
        pos++;
        return obj;
      }
      for (;;) {
        skipWs();
        const key = readString();
        skipWs();
        expect(":");
        const value = readValue();
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        skipWs();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        expect("}");
        return obj;
      }
    }
    if (ch === "[") {
      pos++;
      const arr: JsonValue[] = [];
      skipWs();
      if (text[pos] === "]") {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(readValue());
        skipWs();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        expect("]");
        return arr;
      }
    }
    if (ch === '"') return readString();
    if (text.startsWith("true", pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    return readNumber();
  };

  const result = readValue();
  skipWs();
  if (pos !== text.length) fail("trailing characters");
  return result;
}

function readFixture(file: string): Fixture {
  const raw = parseJson(readFileSync(new URL(file, FIXTURES), "utf8"));
  assert.ok(isJsonObject(raw), `${file}: a fixture must be a JSON object`);
  const { rule, doc, path, code, message } = raw;
  assert.ok(typeof rule === "string" && rule.length > 0, `${file}: "rule" must be a non-empty string`);
  assert.ok(doc !== undefined, `${file}: "doc" is missing`);
  assert.ok(typeof path === "string", `${file}: "path" must be a string (a JSON Pointer)`);
  assert.ok(path === "" || path.startsWith("/"), `${file}: "path" must be "" or start with "/"`);
  assert.ok(typeof code === "string" && code.length > 0, `${file}: "code" must be a non-empty string`);
  assert.ok(typeof message === "string" && message.length > 0, `${file}: "message" must be a non-empty regex source`);
  return { rule, doc, path, code, message };
}

function describeErrors(errors: readonly Diagnostic[]): string {
  if (errors.length === 0) return "  (no errors)";
  return errors.map((e) => `  [${e.code}] ${JSON.stringify(e.path)}: ${e.message}`).join("\n");
}

const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".json"))
  .sort();

test(`the invalid-document suite has at least ${MIN_FIXTURES} fixtures`, () => {
  assert.ok(files.length >= MIN_FIXTURES, `found ${files.length} fixtures in ${FIXTURES.pathname}`);
});

for (const file of files) {
  test(file, () => {
    const fx = readFixture(file);
    const pattern = new RegExp(fx.message, "i");
    const result = validate(fx.doc);
    const context =
      `rule: ${fx.rule}\n` +
      `document: ${stringifyJson(fx.doc)}\n` +
      `expected: [${fx.code}] ${JSON.stringify(fx.path)}: /${fx.message}/i\n` +
      `validate() returned valid=${String(result.valid)} with ${result.errors.length} error(s):\n` +
      describeErrors(result.errors);
    assert.equal(result.valid, false, `${file}: the document must be rejected\n${context}`);
    const hit = result.errors.some((e) => e.path === fx.path && e.code === fx.code && pattern.test(e.message));
    assert.ok(hit, `${file}: no error has the expected path, code and message\n${context}`);
  });
}
