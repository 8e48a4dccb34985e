/**
 * Broken PFA documents: the conformance suite's engines, each mutated once or twice (a number made
 * 1e400, -1, 2^31, 2^53 + 1, a string, null, [] or {}; a string made a type name, a number, a symbol;
 * an element of an array or object dropped) and, when still JSON, built and run on their first
 * trial's input. Every failure must be one the engine reports as such (an invalid document, a PFA
 * runtime error, input data that does not fit): never a JavaScript error of our own. Seeded, so a
 * failure here is reproducible.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import { UserError } from "../src/errors.js";
import { DataError, fromJson } from "../src/pfa/data.js";
import { PFAEngine, PFAValidationError } from "../src/pfa/engine.js";
import type { JsonValue } from "../src/pfa/json-value.js";
import { isPFAError } from "../src/pfa/runtime.js";
import { readSharedJson, SHARED, SKIP_SHARED } from "./shared.js";

const expected = (e: unknown): boolean => e instanceof PFAValidationError || e instanceof UserError || e instanceof DataError || isPFAError(e);

const at = (s: string, m: RegExpMatchArray, replacement: string): string => s.slice(0, m.index) + replacement + s.slice(m.index! + m[0].length);

test("mutated conformance engines build or are refused, and run or raise PFA errors; never a JavaScript error", { skip: SKIP_SHARED }, () => {
  let seed = 5;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)]!;
  const mutations: ((s: string) => string)[] = [
    (s) => {
      const ms = [...s.matchAll(/-?\d+(\.\d+)?/g)];
      return ms.length === 0 ? s : at(s, pick(ms), pick(["1e400", "-1", "0", "2147483648", "9007199254740993", '"x"', "null", "[]", "{}"]));
    },
    (s) => {
      const ms = [...s.matchAll(/"[^"\\]*"/g)];
      return ms.length === 0 ? s : at(s, pick(ms), pick(['"int"', '"double"', "null", "1", "[]", "{}", '"a.b"', '""', '"input"', '"u.f"']));
    },
    (s) => {
      const ms = [...s.matchAll(/\[|\{/g)];
      if (ms.length === 0) return s;
      const m = pick(ms);
      return s.slice(0, m.index! + 1) + s.slice(m.index! + 1).replace(/^[^,\]}]*,?/, "");
    },
  ];
  let built = 0;
  let ran = 0;
  for (const file of readdirSync(`${SHARED}conformance`).filter((f) => f.endsWith(".json.gz")).sort()) {
    const suite = readSharedJson(`conformance/${file}`) as { "pfa-tests": { engine: JsonValue; trials?: { sample?: JsonValue }[] }[] };
    const cases = suite["pfa-tests"];
    for (let k = 0; k < 60; k++) {
      const c = pick(cases);
      let text = JSON.stringify(c.engine);
      for (let j = 1 + Math.floor(random() * 2); j > 0; j--) text = pick(mutations)(text);
      let doc: JsonValue;
      try {
        doc = JSON.parse(text) as JsonValue;
      } catch {
        continue;
      }
      try {
        const engine = PFAEngine.fromJson(doc);
        built++;
        engine.begin();
        const sample = c.trials?.[0]?.sample;
        if (sample !== undefined) {
          let input: unknown;
          try {
            input = fromJson(engine.inputType, sample);
          } catch (e) {
            assert.ok(expected(e), `${file} #${k}: reading the input: ${(e as Error).stack}\n${text.slice(0, 500)}`);
            continue;
          }
          engine.action(input);
          ran++;
        }
      } catch (e) {
        assert.ok(expected(e), `${file} #${k}: ${(e as Error).stack}\n${text.slice(0, 500)}`);
      }
    }
  }
  assert.ok(built > 100 && ran > 50, `${built} documents built, ${ran} ran`);
});
