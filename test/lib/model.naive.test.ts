import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/model.naive.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord, mapFromEntries } from "../../src/pfa/runtime.js";
import { T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, [], sigIndex, () => 0.5, T.double);
}


function close(actual: unknown, expected: number): void {
  assert.ok(Math.abs((actual as number) - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${String(actual)} != ${expected}`);
}

const mv = <V>(o: Record<string, V>) => mapFromEntries(Object.entries(o));
const g = (mean: number, variance: number) => makeRecord(["mean", "variance"], [mean, variance]);
const values = (v: unknown) => makeRecord(["values"], [v]);

test("every function of the module is implemented once", () => {
  assert.deepEqual(functions.map((f) => f.name).sort(), ["model.naive.bernoulli", "model.naive.gaussian", "model.naive.multinomial"]);
});

test("gaussian", () => {
  const a = gen("model.naive.gaussian", 0);
  close(a([1e-5, 0.99999], [g(0, 1e-5), g(0, 0.99999)]), 3.418590666100769);
  assert.equal(a([], []), 0);
  throwsCode(() => a([0], []), 10000);
  throwsCode(() => a([1, 2], [g(3.14, 0.1), g(3.14, 0)]), 10001);
  const m = gen("model.naive.gaussian", 1);
  close(m(mv({ one: 1e-5, two: 0.99999 }), mv({ one: g(0, 1e-5), two: g(0, 0.99999) })), 3.418590666100769);
  throwsCode(() => m(mv({ one: 1 }), mv({ two: g(0, 1) })), 10000);
  throwsCode(() => m(mv({ one: 1, two: 2 }), mv({ one: g(0, 1) })), 10000);
  throwsCode(() => m(mv({ one: 1 }), mv({ one: g(0, -1) })), 10001);
});

test("multinomial", () => {
  const expected = 1e-5 * Math.log(1e-5) + 0.99999 * Math.log(0.99999);
  close(gen("model.naive.multinomial", 0)([1e-5, 0.99999], [1e-5, 0.99999]), expected);
  close(gen("model.naive.multinomial", 2)([1e-5, 0.99999], values([1e-5, 0.99999])), expected);
  close(gen("model.naive.multinomial", 1)(mv({ a: 1e-5, b: 0.99999 }), mv({ a: 1e-5, b: 0.99999 })), expected);
  close(gen("model.naive.multinomial", 3)(mv({ a: 1e-5, b: 0.99999 }), values(mv({ a: 1e-5, b: 0.99999 }))), expected);
  // likelihoods are normalized, in the map signatures too
  close(gen("model.naive.multinomial", 0)([1, 1], [1, 3]), Math.log(0.25) + Math.log(0.75));
  close(gen("model.naive.multinomial", 1)(mv({ a: 1, b: 1 }), mv({ a: 1, b: 3 })), Math.log(0.25) + Math.log(0.75));
  const a = gen("model.naive.multinomial", 0);
  throwsCode(() => a([0.5], []), 10011);
  throwsCode(() => a([0.5, 0.5], [1, 0]), 10011);
  throwsCode(() => a([0.5, 0.5], [1, NaN]), 10011);
  throwsCode(() => a([], [1, 2]), 10010);
  const m = gen("model.naive.multinomial", 1);
  throwsCode(() => m(mv({ a: 1 }), mv({})), 10011);
  throwsCode(() => m(mv({ a: 1, c: 2 }), mv({ a: 1, b: 2 })), 10010);
});

test("bernoulli", () => {
  const b = gen("model.naive.bernoulli", 0);
  const model = mv({ one: 1e-5, two: 0.99999 });
  close(b([""], model), -11.51293546502478);
  close(b(["one"], model), Math.log(1e-5) + Math.log(1e-5));
  // a repeated feature counts once
  close(b(["one", "one"], model), Math.log(1e-5) + Math.log(1e-5));
  assert.equal(b([], mv({})), 0);
  throwsCode(() => b([], mv({ one: 0 })), 10020);
  throwsCode(() => b([], mv({ one: 1 })), 10020);
  throwsCode(() => b([], mv({ one: NaN })), 10020);
  close(gen("model.naive.bernoulli", 1)(["o", "hello"], values(model)), -11.51293546502478);
});
