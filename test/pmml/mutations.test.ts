/**
 * Broken documents: the corpus's PMML files, each mutated a few times (a number made "abc", "", NaN,
 * -1 or 1e400; an attribute or an empty element dropped; a field name changed), must convert or be
 * refused with a one-line UserError: never an internal error (a TypeError, a RangeError, an assertion
 * of our own). The mutations are drawn with a fixed seed, so a failure here is reproducible.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { convert } from "../../src/convert.js";
import { UserError } from "../../src/errors.js";
import { SHARED, SKIP_SHARED } from "../shared.js";

function pmmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pmmlFiles(path));
    else if ((name.endsWith(".pmml") || name.endsWith(".xml")) && !/truncated|Attack/.test(name)) out.push(path);
  }
  return out.sort();
}

type Mutation = (s: string, pick: <T>(a: readonly T[]) => T) => string;

const at = (s: string, m: RegExpMatchArray, replacement: string): string => s.slice(0, m.index) + replacement + s.slice(m.index! + m[0].length);
const MUTATIONS: Mutation[] = [
  (s, pick) => {
    const ms = [...s.matchAll(/="(-?[0-9.]+(?:[eE][-+]?\d+)?)"/g)];
    return ms.length === 0 ? s : at(s, pick(ms), `="${pick(["abc", "", "NaN", "-1", "1e400", "0"])}"`);
  },
  (s, pick) => {
    const ms = [...s.matchAll(/ [a-zA-Z]+="[^"]*"/g)];
    return ms.length === 0 ? s : at(s, pick(ms), "");
  },
  (s, pick) => {
    const ms = [...s.matchAll(/<([A-Za-z]+)[^>]*\/>/g)];
    return ms.length === 0 ? s : at(s, pick(ms), "");
  },
  (s, pick) => {
    const ms = [...s.matchAll(/(field|name)="([^"]*)"/g)];
    if (ms.length === 0) return s;
    const m = pick(ms);
    return at(s, m, `${m[1]}="zz_${m[2]}"`);
  },
];

test("mutated corpus documents convert or are refused in one line, never with an internal error", { skip: SKIP_SHARED }, async () => {
  const files = pmmlFiles(`${SHARED}corpus/pmml`);
  assert.ok(files.length > 100, `${files.length} PMML files`);
  let seed = 7;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)]!;
  const dir = mkdtempSync(join(tmpdir(), "pfa-mutations-"));
  let refused = 0;
  try {
    for (let k = 0; k < 400; k++) {
      const source = pick(files);
      let text = readFileSync(source, "utf8");
      for (let j = 1 + Math.floor(random() * 3); j > 0; j--) text = pick(MUTATIONS)(text, pick);
      const path = join(dir, `m${k}.pmml`);
      writeFileSync(path, text);
      try {
        await convert(path);
      } catch (e) {
        assert.ok(e instanceof UserError, `mutation ${k} of ${source}: ${(e as Error).stack}`);
        assert.ok(!e.message.includes("\n"), `a refusal is one line: ${e.message}`);
        refused++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(refused > 0, "some mutations are refused");
});
