import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { JsonSyntaxError, parseJson } from "../src/pfa/json.js";
import { isJsonFloat, isJsonInteger, JsonDouble, type JsonValue } from "../src/pfa/json-value.js";

/** Asserts that `text` is refused, and returns the error for further checks. */
function syntaxError(text: string, options?: { maxDepth?: number }): JsonSyntaxError {
  try {
    parseJson(text, options);
  } catch (e) {
    assert.ok(e instanceof JsonSyntaxError, `expected JsonSyntaxError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected a syntax error for ${JSON.stringify(text.slice(0, 40))}`);
}

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

describe("parseJson: tokens", () => {
  it("reads literals", () => {
    assert.equal(parseJson("true"), true);
    assert.equal(parseJson("false"), false);
    assert.equal(parseJson("null"), null);
  });

  it("reads strings, arrays and objects with surrounding whitespace", () => {
    assert.deepEqual(parseJson(' \t\r\n{"a": [1, "x", {}], "b": {"c": []}} \n'), {
      a: [1, "x", {}],
      b: { c: [] },
    });
    assert.deepEqual(parseJson("[]"), []);
    assert.deepEqual(parseJson("{}"), {});
    assert.equal(parseJson('""'), "");
  });

  it("keeps object keys in document order", () => {
    assert.deepEqual(Object.keys(parseJson('{"z": 1, "a": 2, "m": 3}') as object), ["z", "a", "m"]);
  });
});

describe("parseJson: numbers", () => {
  it("distinguishes integers from doubles", () => {
    assert.equal(parseJson("1"), 1);
    assert.ok(isJsonInteger(parseJson("1")));
    assert.deepEqual(parseJson("1.0"), new JsonDouble(1));
    assert.deepEqual(parseJson("1e2"), new JsonDouble(100));
    assert.deepEqual(parseJson("1E+2"), new JsonDouble(100));
    assert.equal(parseJson("1.5"), 1.5);
    assert.equal(parseJson("-2.5e-3"), -0.0025);
    for (const t of ["1.0", "1e2", "1.5", "0.0", "-0.0"]) assert.ok(isJsonFloat(parseJson(t)), t);
    for (const t of ["0", "-7", "123456789012345", "9223372036854775807"]) assert.ok(isJsonInteger(parseJson(t)), t);
  });

  it("keeps negative zero only for doubles", () => {
    assert.ok(Object.is(parseJson("-0"), 0));
    const d = parseJson("-0.0");
    assert.ok(d instanceof JsonDouble && Object.is(d.value, -0));
  });

  it("reads integers beyond 2^53 exactly as bigints", () => {
    assert.equal(parseJson("9223372036854775807"), 9223372036854775807n);
    assert.equal(parseJson("-9223372036854775808"), -9223372036854775808n);
    assert.equal(parseJson("9007199254740991"), Number.MAX_SAFE_INTEGER);
    assert.equal(parseJson("-9007199254740991"), -Number.MAX_SAFE_INTEGER);
    assert.equal(parseJson("9007199254740992"), 9007199254740992n);
    assert.equal(parseJson("1234567890123456"), 1234567890123456);
    assert.equal(parseJson("123456789012345678901234567890"), 123456789012345678901234567890n);
  });

  it("rounds doubles like JavaScript and lets huge exponents overflow to infinity", () => {
    assert.equal(parseJson("0.1"), 0.1);
    assert.deepEqual(parseJson("1.7976931348623157e308"), new JsonDouble(Number.MAX_VALUE));
    assert.equal(parseJson("5e-324"), Number.MIN_VALUE);
    assert.equal(parseJson("1e400"), Infinity);
  });

  it("refuses malformed numbers", () => {
    for (const t of ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.e3"]) syntaxError(t);
  });
});

describe("parseJson: strings", () => {
  it("decodes every escape", () => {
    assert.equal(parseJson('"\\"\\\\\\/\\b\\f\\n\\r\\t"'), '"\\/\b\f\n\r\t');
    assert.equal(parseJson('"\\u00e9\\u0041"'), "éA");
  });

  it("decodes surrogate pairs and keeps raw non-ASCII text", () => {
    assert.equal(parseJson('"\\ud83d\\ude00"'), "😀");
    assert.equal(parseJson('"a😀é"'), "a😀é");
    assert.deepEqual(parseJson('{"\\u0061": 1}'), { a: 1 });
  });

  it("refuses raw control characters, bad escapes and unterminated strings", () => {
    assert.match(syntaxError('"a\tb"').message, /control character U\+0009/);
    assert.match(syntaxError('"a\nb"').message, /control character U\+000A/);
    assert.match(syntaxError('"\\x"').message, /invalid escape/);
    assert.match(syntaxError('"\\u12"').message, /\\u escape/);
    assert.match(syntaxError('"\\u12G4"').message, /\\u escape/);
    assert.match(syntaxError('"abc').message, /unterminated string/);
    assert.match(syntaxError('"abc\\').message, /unterminated string/);
  });
});

describe("parseJson: objects", () => {
  it('makes "__proto__" an own property, never the prototype', () => {
    const v = parseJson('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, JsonValue>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.ok(Object.hasOwn(v, "__proto__"));
    assert.deepEqual(Object.keys(v), ["__proto__", "a"]);
    assert.deepEqual(Object.getOwnPropertyDescriptor(v, "__proto__")?.value, { polluted: true });
    assert.equal((v as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it("refuses duplicate keys, pointing at the second one", () => {
    const e = syntaxError('{"a": 1, "b": 2, "a": 3}');
    assert.match(e.message, /duplicate key "a"/);
    assert.equal(e.column, 18);
    syntaxError('{"__proto__": 1, "__proto__": 2}');
    syntaxError('{"a": 1, "\\u0061": 2}');
  });

  it("accepts the same key in different objects", () => {
    assert.deepEqual(parseJson('{"a": {"a": 1}, "b": {"a": 2}}'), { a: { a: 1 }, b: { a: 2 } });
  });
});

describe("parseJson: errors", () => {
  it("reports line, column and offset", () => {
    const e = syntaxError('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}');
    assert.equal(e.line, 4);
    assert.equal(e.column, 3);
    assert.equal(e.offset, 23);
    assert.equal(e.message, "JSON syntax error at line 4, column 3: expected ',' or '}' after object member");
  });

  it("counts CRLF and CR line ends", () => {
    assert.equal(syntaxError("[1,\r\n2,\r\nx]").line, 3);
    assert.equal(syntaxError("[1,\r2,\rx]").line, 3);
  });

  it("refuses what strict JSON does not allow", () => {
    assert.match(syntaxError("[1, 2,]").message, /trailing comma/);
    assert.match(syntaxError('{"a": 1,}').message, /trailing comma/);
    assert.match(syntaxError("// note\n1").message, /comments/);
    assert.match(syntaxError("[1 /* c */]").message, /expected ',' or ']'/);
    assert.match(syntaxError("NaN").message, /NaN and Infinity/);
    assert.match(syntaxError("[-Infinity]").message, /NaN and Infinity/);
    assert.match(syntaxError("{'a': 1}").message, /string key/);
    assert.match(syntaxError("['a']").message, /double quotes/);
    assert.match(syntaxError("{a: 1}").message, /string key/);
    assert.match(syntaxError('{"a" 1}').message, /':' after object key/);
    assert.match(syntaxError("1 2").message, /after the JSON value/);
    assert.match(syntaxError("").message, /empty document/);
    assert.match(syntaxError("[1,").message, /end of input/);
    assert.match(syntaxError("[1").message, /end of input/);
    assert.match(syntaxError("tru").message, /unexpected/);
    assert.match(syntaxError("\ufeff{}").message, /byte order mark/);
  });

  it("is an Error with a name", () => {
    const e = syntaxError("[");
    assert.ok(e instanceof Error);
    assert.equal(e.name, "JsonSyntaxError");
  });
});

describe("parseJson: nesting", () => {
  it("accepts nesting up to the limit", () => {
    assert.ok(Array.isArray(parseJson(nested(1000))));
    assert.deepEqual(parseJson(nested(3), { maxDepth: 3 }), [[[]]]);
  });

  it("refuses nesting beyond the limit with a syntax error, not a stack overflow", () => {
    assert.match(syntaxError(nested(1001)).message, /nesting deeper than 1000 levels/);
    assert.match(syntaxError(nested(4), { maxDepth: 3 }).message, /nesting deeper than 3 levels/);
    assert.match(syntaxError("[".repeat(1_000_000)).message, /nesting deeper/);
    assert.match(syntaxError('{"a":'.repeat(1001) + "1" + "}".repeat(1001)).message, /nesting deeper/);
  });

  it("does not overflow the stack when the limit is raised", () => {
    const depth = 200_000;
    let v = parseJson(nested(depth), { maxDepth: depth });
    let levels = 0;
    while (Array.isArray(v) && v.length > 0) {
      v = v[0] as JsonValue;
      levels++;
    }
    assert.equal(levels, depth - 1);
  });
});

describe("parseJson: large documents", () => {
  it("parses a ~50 MB document", () => {
    const count = 400_000;
    const records: string[] = [];
    for (let i = 0; i < count; i++) {
      records.push(
        `{"id":${i},"name":"item ${i}","score":${i}.25,"weight":2.0,"big":9223372036854775807,` +
          `"tags":["a\\u00e9","b\\n"],"nested":{"ok":true,"none":null}}`,
      );
    }
    const text = "[\n" + records.join(",\n") + "\n]";
    assert.ok(text.length > 45_000_000);
    const v = parseJson(text);
    assert.ok(Array.isArray(v));
    assert.equal(v.length, count);
    assert.deepEqual(v[count - 1], {
      id: count - 1,
      name: `item ${count - 1}`,
      score: count - 1 + 0.25,
      weight: new JsonDouble(2),
      big: 9223372036854775807n,
      tags: ["aé", "b\n"],
      nested: { ok: true, none: null },
    });
  });
});
