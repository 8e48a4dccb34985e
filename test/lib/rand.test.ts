import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/rand.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { RandomSource } from "../../src/pfa/engine.js";
import { AvroArray, AvroRecord, type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

/** A call site of `name` drawing from a source seeded with `seed`. */
function gen(name: string, sigIndex = 0, paramTypes: AvroType[] = [], seed = 12345): CompiledFunction {
  const rng = new RandomSource(seed);
  return generateSite(functions, name, paramTypes, sigIndex, () => rng.random());
}

/** Pearson's chi-square statistic of observed counts against expected ones. */
function chiSquare(observed: readonly number[], expected: readonly number[]): number {
  return observed.reduce((s, o, i) => s + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

const probRecord = new AvroRecord("P", null);
probRecord.fields = [
  { name: "prob", type: T.double },
  { name: "label", type: T.string },
];

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 13);
  assert.equal(new Set(names).size, 13);
});

test("the same seed gives the same sequence, another seed another one", () => {
  const draw = (seed: number): unknown[] => {
    const calls: (() => unknown)[] = [
      () => gen("rand.int", 0, [], seed)(),
      () => gen("rand.long", 0, [], seed)(),
      () => gen("rand.double", 0, [], seed)(0, 1),
      () => gen("rand.gaussian", 0, [], seed)(0, 1),
      () => gen("rand.uuid4", 0, [], seed)(),
      () => gen("rand.string", 2, [], seed)(20, 33, 127),
      () => Array.from(gen("rand.bytes", 0, [], seed)(8) as Uint8Array),
      () => gen("rand.sample", 0, [], seed)(5, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ];
    return calls.map((c) => c());
  };
  assert.deepEqual(draw(1), draw(1));
  assert.notDeepEqual(draw(1), draw(2));
  const f = gen("rand.int", 1, [], 99);
  const g = gen("rand.int", 1, [], 99);
  for (let i = 0; i < 100; i++) assert.equal(f(0, 1000), g(0, 1000));
});

test("int and long: ranges, the whole 32-bit and 64-bit ranges, errors", () => {
  const int0 = gen("rand.int", 0);
  const int2 = gen("rand.int", 1);
  let negative = 0;
  for (let i = 0; i < 2000; i++) {
    const v = int0() as number;
    assert.ok(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
    if (v < 0) negative++;
    const r = int2(-5, 5) as number;
    assert.ok(Number.isInteger(r) && r >= -5 && r < 5);
    assert.equal(int2(7, 8), 7);
    const wide = int2(-2147483648, 2147483647) as number;
    assert.ok(wide >= -2147483648 && wide < 2147483647);
  }
  assert.ok(negative > 800 && negative < 1200);
  throwsCode(() => int2(3, 3), 34000);
  throwsCode(() => int2(3, 2), 34000);

  const long0 = gen("rand.long", 0);
  const long2 = gen("rand.long", 1);
  let big = 0;
  for (let i = 0; i < 2000; i++) {
    const v = long0();
    if (typeof v === "bigint") {
      big++;
      assert.ok(v >= -(2n ** 63n) && v < 2n ** 63n && (v > 9007199254740991n || v < -9007199254740991n));
    } else assert.ok(Number.isSafeInteger(v));
    const r = long2(-(2n ** 63n), 2n ** 63n - 1n);
    assert.ok(typeof r === "bigint" ? r >= -(2n ** 63n) && r < 2n ** 63n - 1n : Number.isSafeInteger(r));
    const near = long2(2n ** 60n, 2n ** 60n + 3n) as bigint;
    assert.ok(near >= 2n ** 60n && near < 2n ** 60n + 3n);
    const small = long2(-3, 4) as number;
    assert.ok(Number.isInteger(small) && small >= -3 && small < 4);
  }
  assert.ok(big > 1900); // nearly all 64-bit values are beyond 2^53
  throwsCode(() => long2(5, 5), 34010);
  throwsCode(() => long2(2n ** 62n, 2n ** 61n), 34010);
});

test("float and double: in range, finite even across the whole double range, errors", () => {
  const f = gen("rand.float");
  const d = gen("rand.double");
  for (let i = 0; i < 1000; i++) {
    const x = f(-1.5, 2.5) as number;
    assert.ok(x >= -1.5 && x <= 2.5 && Math.fround(x) === x);
    const y = d(10, 11) as number;
    assert.ok(y >= 10 && y < 11);
    assert.ok(Number.isFinite(d(-1.7e308, 1.7e308)));
  }
  throwsCode(() => f(1, 1), 34020);
  throwsCode(() => f(2, 1), 34020);
  throwsCode(() => d(1, 1), 34030);
  throwsCode(() => d(Infinity, -Infinity), 34030);
});

test("uniform draws pass a chi-square test (fixed seed)", () => {
  const n = 20000;
  const int2 = gen("rand.int", 1, [], 7);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < n; i++) counts[int2(0, 10) as number]!++;
  // 9 degrees of freedom: 27.9 is the 0.1% critical value
  assert.ok(chiSquare(counts, new Array<number>(10).fill(n / 10)) < 27.9, String(counts));

  const d = gen("rand.double", 0, [], 8);
  const bins = new Array<number>(20).fill(0);
  for (let i = 0; i < n; i++) bins[Math.floor(((d(-1, 1) as number) + 1) * 10)]!++;
  assert.ok(chiSquare(bins, new Array<number>(20).fill(n / 20)) < 43.8); // 19 dof

  const bytes = gen("rand.bytes", 0, [], 9)(n) as Uint8Array;
  const byteCounts = new Array<number>(16).fill(0);
  for (const b of bytes) byteCounts[b >> 4]!++;
  assert.ok(chiSquare(byteCounts, new Array<number>(16).fill(n / 16)) < 37.7); // 15 dof
});

test("gaussian: mean, spread and tails", () => {
  const g = gen("rand.gaussian", 0, [], 10);
  const n = 20000;
  const xs = Array.from({ length: n }, () => g(3, 2) as number);
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  assert.ok(Math.abs(mean - 3) < 0.05, String(mean));
  assert.ok(Math.abs(sd - 2) < 0.05, String(sd));
  // the share within one sigma is 68.3%
  const within = xs.filter((x) => Math.abs(x - 3) < 2).length / n;
  assert.ok(Math.abs(within - 0.6827) < 0.015, String(within));
  assert.ok(xs.every(Number.isFinite));
  assert.equal(g(5, 0), 5);
});

test("choice, choices and sample", () => {
  const pop = ["a", "b", "c", "d"];
  const choice = gen("rand.choice");
  for (let i = 0; i < 50; i++) assert.ok(pop.includes(choice(pop) as string));
  throwsCode(() => choice([]), 34040);

  const choices = gen("rand.choices");
  assert.deepEqual(choices(0, pop), []);
  assert.deepEqual(choices(-3, pop), []);
  assert.deepEqual(choices(3, ["x"]), ["x", "x", "x"]);
  assert.equal((choices(100, pop) as string[]).length, 100);
  throwsCode(() => choices(1, []), 34050);
  throwsCode(() => choices(0, []), 34050);

  const sample = gen("rand.sample", 0, [], 11);
  const population = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  for (let i = 0; i < 100; i++) {
    const s = sample(4, population) as number[];
    assert.equal(s.length, 4);
    assert.equal(new Set(s).size, 4);
    assert.ok(s.every((v) => population.includes(v)));
  }
  assert.deepEqual([...(sample(10, population) as number[])].sort((a, b) => a - b), population);
  assert.deepEqual(population, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(sample(0, population), []);
  assert.deepEqual(sample(-1, population), []);
  throwsCode(() => sample(0, []), 34060);
  throwsCode(() => sample(11, population), 34061);
  // every item equally likely to be in a sample of 3 out of 6
  const counts = new Array<number>(6).fill(0);
  for (let i = 0; i < 6000; i++) for (const v of sample(3, [0, 1, 2, 3, 4, 5]) as number[]) counts[v]!++;
  assert.ok(chiSquare(counts, new Array<number>(6).fill(3000)) < 20.5); // 5 dof
});

test("histogram: proportional to the weights, zero weights never drawn, errors", () => {
  const h = gen("rand.histogram", 0, [new AvroArray(T.double)], 12);
  const weights = [1, 0, 2, 3, 0, 4];
  const counts = new Array<number>(weights.length).fill(0);
  const n = 20000;
  for (let i = 0; i < n; i++) counts[h(weights) as number]!++;
  assert.equal(counts[1], 0);
  assert.equal(counts[4], 0);
  const nonzero = [0, 2, 3, 5];
  assert.ok(chiSquare(nonzero.map((i) => counts[i]!), nonzero.map((i) => (n * weights[i]!) / 10)) < 16.3); // 3 dof
  assert.equal(h([0, 0, 5]), 2);
  throwsCode(() => h([0, 0]), 34070);
  throwsCode(() => h([]), 34070);
  throwsCode(() => h([1, NaN]), 34071);
  throwsCode(() => h([1, Infinity]), 34071);
  throwsCode(() => h([1, -1]), 34072);

  const hr = gen("rand.histogram", 1, [new AvroArray(probRecord)], 13);
  const items = [
    { prob: 0, label: "never" },
    { prob: 0.25, label: "rare" },
    { prob: 0.75, label: "common" },
  ];
  let common = 0;
  for (let i = 0; i < 4000; i++) {
    const r = hr(items) as { label: string };
    assert.notEqual(r.label, "never");
    assert.ok(items.includes(r as (typeof items)[number]));
    if (r.label === "common") common++;
  }
  assert.ok(Math.abs(common / 4000 - 0.75) < 0.03);
  throwsCode(() => hr([{ prob: -1, label: "" }]), 34072);
});

test("string: sizes, code points, populations, errors", () => {
  const s0 = gen("rand.string", 0);
  const str = s0(500) as string;
  assert.equal(str.length, 500);
  for (const c of str) {
    const code = c.codePointAt(0)!;
    assert.ok(code >= 1 && code < 0xd800);
  }
  throwsCode(() => s0(0), 34080);
  throwsCode(() => s0(-1), 34080);

  const s1 = gen("rand.string", 1);
  assert.equal(s1(5, "a"), "aaaaa");
  const mixed = s1(300, "x\u{1F600}") as string;
  assert.equal([...mixed].length, 300);
  assert.ok([...mixed].every((c) => c === "x" || c === "\u{1F600}"));
  throwsCode(() => s1(1, ""), 34083);
  throwsCode(() => s1(0, ""), 34080);

  const s2 = gen("rand.string", 2);
  const ascii = s2(200, 33, 127) as string;
  assert.ok([...ascii].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) < 127));
  assert.equal(s2(3, 65, 66), "AAA");
  assert.equal((s2(100000, 1, 0xd800) as string).length, 100000);
  throwsCode(() => s2(0, 33, 127), 34080);
  throwsCode(() => s2(5, 64, 64), 34081);
  throwsCode(() => s2(5, 0, 64), 34082);
  throwsCode(() => s2(5, 1, 0xd801), 34082);
});

test("bytes: sizes, values, populations, errors", () => {
  const b0 = gen("rand.bytes", 0);
  const out = b0(10) as Uint8Array;
  assert.ok(out instanceof Uint8Array);
  assert.equal(out.length, 10);
  throwsCode(() => b0(0), 34090);

  const b1 = gen("rand.bytes", 1);
  const pop = new Uint8Array([7, 9]);
  assert.ok((b1(50, pop) as Uint8Array).every((b) => b === 7 || b === 9));
  throwsCode(() => b1(1, new Uint8Array()), 34093);
  throwsCode(() => b1(-1, new Uint8Array()), 34090);

  const b2 = gen("rand.bytes", 2);
  assert.ok((b2(100, 250, 256) as Uint8Array).every((b) => b >= 250));
  assert.deepEqual(Array.from(b2(2, 0, 1) as Uint8Array), [0, 0]);
  throwsCode(() => b2(0, 0, 256), 34090);
  throwsCode(() => b2(5, 64, 63), 34091);
  throwsCode(() => b2(5, -1, 64), 34092);
  throwsCode(() => b2(5, 0, 257), 34092);
});

test("uuid and uuid4: version 4, IETF variant 8, all different", () => {
  for (const name of ["rand.uuid", "rand.uuid4"]) {
    const u = gen(name);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = u() as string;
      assert.match(s, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(s);
    }
    assert.equal(seen.size, 200);
  }
});
