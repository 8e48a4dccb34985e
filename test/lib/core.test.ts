import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/core.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord, newMap } from "../../src/pfa/runtime.js";
import { AvroArray, AvroEnum, AvroMap, AvroRecord, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


const two = (t: AvroType): AvroType[] => [t, t];
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 29);
  assert.equal(new Set(names).size, 29);
});

test("+, -, * on ints: results and overflow codes", () => {
  const plus = gen("+", two(T.int));
  const minus = gen("-", two(T.int));
  const times = gen("*", two(T.int));
  assert.equal(plus(2, 3), 5);
  assert.equal(plus(INT_MAX, 0), INT_MAX);
  throwsCode(() => plus(INT_MAX, 1), 18000);
  throwsCode(() => plus(INT_MIN, -1), 18000);
  assert.equal(minus(INT_MIN + 1, 1), INT_MIN);
  throwsCode(() => minus(INT_MIN, 1), 18010);
  throwsCode(() => minus(0, INT_MIN), 18010);
  assert.equal(times(-46340, 46340), -2147395600);
  throwsCode(() => times(46341, 46341), 18020);
  throwsCode(() => times(-1, INT_MIN), 18020);
  assert.ok(Object.is(times(0, -5), 0), "no negative zero for ints");
});

test("+, -, * on longs: exact beyond 2^53 and overflow codes", () => {
  const plus = gen("+", two(T.long));
  const minus = gen("-", two(T.long));
  const times = gen("*", two(T.long));
  assert.equal(plus(2 ** 53 - 1, 1), 2n ** 53n);
  assert.equal(plus(2n ** 53n, -1), 2 ** 53 - 1);
  assert.equal(plus(LONG_MAX, 0), LONG_MAX);
  throwsCode(() => plus(LONG_MAX, 1), 18001);
  throwsCode(() => minus(LONG_MIN, 1), 18011);
  assert.equal(times(3037000499, 3037000499), 9223372030926249001n);
  throwsCode(() => times(3037000500, 3037000500), 18021);
  throwsCode(() => times(-1, LONG_MIN), 18021);
  assert.ok(Object.is(times(0, -5), 0));
});

test("+, -, * on floats round to 32 bits; doubles follow IEEE", () => {
  const plus = gen("+", two(T.float));
  assert.equal(plus(Math.fround(0.1), Math.fround(0.2)), Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  assert.equal(gen("*", two(T.float))(3e38, 10), Infinity);
  assert.equal(gen("+", two(T.double))(0.1, 0.2), 0.1 + 0.2);
  assert.equal(gen("*", two(T.double))(1e308, 10), Infinity);
  assert.ok(Number.isNaN(gen("-", two(T.double))(Infinity, Infinity)));
});

test("/ always divides as doubles", () => {
  const div = gen("/", two(T.double));
  assert.equal(div(1, 2), 0.5);
  assert.equal(div(1, 0), Infinity);
  assert.equal(div(-1, 0), -Infinity);
  assert.ok(Number.isNaN(div(0, 0)));
});

test("// is floor division as documented, with division-by-zero errors", () => {
  const idiv = gen("//", two(T.int));
  assert.equal(idiv(7, 2), 3);
  assert.equal(idiv(-7, 2), -4);
  assert.equal(idiv(7, -2), -4);
  assert.equal(idiv(-7, -2), 3);
  assert.equal(idiv(-6, 3), -2);
  assert.ok(Object.is(idiv(0, -3), 0));
  throwsCode(() => idiv(1, 0), 18040);
  throwsCode(() => idiv(INT_MIN, -1), 18040);
  const ldiv = gen("//", two(T.long));
  assert.equal(ldiv(-7, 2), -4);
  assert.equal(ldiv(2n ** 62n, 2), 2n ** 61n);
  assert.equal(ldiv(LONG_MIN, 2n ** 62n), -2);
  assert.equal(ldiv(-(2n ** 60n) - 1n, 2n ** 60n), -2);
  assert.equal(ldiv(9007199254740993n, 9007199254740992n), 1);
  throwsCode(() => ldiv(5, 0), 18040);
  throwsCode(() => ldiv(LONG_MIN, -1), 18040);
});

test("u- and its single overflowing value", () => {
  assert.equal(gen("u-", [T.int])(5), -5);
  assert.ok(Object.is(gen("u-", [T.int])(0), 0));
  throwsCode(() => gen("u-", [T.int])(INT_MIN), 18050);
  assert.equal(gen("u-", [T.long])(LONG_MAX), LONG_MIN + 1n);
  assert.equal(gen("u-", [T.long])(-(2n ** 53n)), 2n ** 53n);
  throwsCode(() => gen("u-", [T.long])(LONG_MIN), 18051);
  assert.ok(Object.is(gen("u-", [T.double])(0), -0));
});

test("% takes the sign of the modulus; %% the sign of the dividend", () => {
  const mod = gen("%", two(T.int));
  const rem = gen("%%", two(T.int));
  assert.deepEqual([mod(7, 3), mod(-7, 3), mod(7, -3), mod(-7, -3)], [1, 2, -2, -1]);
  assert.deepEqual([rem(7, 3), rem(-7, 3), rem(7, -3), rem(-7, -3)], [1, -1, 1, -1]);
  assert.ok(Object.is(mod(-6, 3), 0));
  assert.ok(Object.is(rem(-6, 3), 0));
  throwsCode(() => mod(1, 0), 18060);
  throwsCode(() => rem(1, 0), 18070);
  const lmod = gen("%", two(T.long));
  const lrem = gen("%%", two(T.long));
  assert.equal(lmod(LONG_MIN, 3), 1);
  assert.equal(lmod(-1, LONG_MAX), LONG_MAX - 1n);
  assert.equal(lrem(LONG_MIN, 3), -2);
  throwsCode(() => lmod(LONG_MAX, 0), 18060);
  throwsCode(() => lrem(LONG_MAX, 0), 18070);
  const dmod = gen("%", two(T.double));
  const drem = gen("%%", two(T.double));
  assert.equal(dmod(-1, 3), 2);
  assert.equal(dmod(5.5, -2), -0.5);
  assert.equal(dmod(5, Infinity), 5);
  assert.equal(dmod(-5, Infinity), Infinity);
  assert.ok(Number.isNaN(dmod(1, 0)));
  assert.ok(Number.isNaN(dmod(Infinity, 2)));
  assert.equal(drem(-5.5, 2), -1.5);
  assert.equal(drem(5, -Infinity), 5);
  assert.ok(Number.isNaN(drem(1, 0)));
  assert.equal(gen("%", two(T.float))(-1, 3), 2);
});

test("** on integers is exact, truncates negative powers, and raises overflow", () => {
  const ipow = gen("**", two(T.int));
  assert.equal(ipow(2, 30), 2 ** 30);
  assert.equal(ipow(-2, 31), INT_MIN);
  throwsCode(() => ipow(2, 31), 18080);
  throwsCode(() => ipow(46341, 2), 18080);
  assert.equal(ipow(0, 0), 1);
  assert.equal(ipow(7, 0), 1);
  assert.equal(ipow(2, -1), 0);
  assert.equal(ipow(1, -5), 1);
  assert.equal(ipow(-1, -3), -1);
  assert.equal(ipow(-1, 4), 1);
  throwsCode(() => ipow(0, -1), 18080);
  const lpow = gen("**", two(T.long));
  assert.equal(lpow(3, 39), 4052555153018976267n);
  assert.equal(lpow(-2, 63), LONG_MIN);
  throwsCode(() => lpow(2, 63), 18081);
  throwsCode(() => lpow(3037000500, 2), 18081);
  throwsCode(() => lpow(0, -2), 18081);
  assert.equal(lpow(1, 2n ** 62n), 1);
  throwsCode(() => lpow(2, 2n ** 62n), 18081);
});

test("** on doubles and floats follows Java's pow, with 0 to a negative power as +infinity", () => {
  const dpow = gen("**", two(T.double));
  assert.equal(dpow(2, 0.5), Math.SQRT2);
  assert.equal(dpow(0, -1), Infinity);
  assert.equal(dpow(-0, -1), Infinity);
  assert.equal(dpow(Number.NaN, 0), 1);
  assert.ok(Number.isNaN(dpow(-8, 1 / 3)));
  assert.ok(Number.isNaN(dpow(1, Infinity)));
  assert.equal(gen("**", two(T.float))(2, 0.5), Math.fround(Math.SQRT2));
});

test("comparisons of numbers put NaN above everything", () => {
  const cmp = gen("cmp", two(T.double));
  assert.equal(cmp(1, 2), -1);
  assert.equal(cmp(2, 1), 1);
  assert.equal(cmp(-0, 0), 0);
  assert.equal(cmp(Number.NaN, Infinity), 1);
  assert.equal(gen("<", two(T.double))(1, Number.NaN), true);
  assert.equal(gen(">=", two(T.double))(Number.NaN, Number.NaN), true);
  assert.equal(gen("==", two(T.double))(Number.NaN, Number.NaN), false);
  assert.equal(gen("!=", two(T.double))(Number.NaN, Number.NaN), true);
  assert.equal(gen("max", two(T.double))(1, Number.NaN), Number.NaN);
  assert.equal(gen("min", two(T.double))(Number.NaN, 1), 1);
  assert.equal(gen("cmp", two(T.int))(3, -3), 1);
  assert.equal(gen("<=", two(T.int))(3, 3), true);
  assert.equal(gen(">", two(T.int))(3, 3), false);
});

test("comparisons of longs beyond 2^53", () => {
  assert.equal(gen("cmp", two(T.long))(2n ** 60n, 2n ** 60n + 1n), -1);
  assert.equal(gen("==", two(T.long))(2n ** 60n, 2n ** 60n), true);
  assert.equal(gen("<", two(T.long))(LONG_MIN, 0), true);
  assert.equal(gen("max", two(T.long))(LONG_MAX, 5), LONG_MAX);
});

test("comparisons of strings, arrays, records, enums and unions use the Avro order", () => {
  assert.equal(gen("cmp", two(T.string))("abc", "abd"), -1);
  const strings = new AvroArray(T.string);
  assert.equal(gen("<", two(strings))(["a", "b"], ["a", "b", "c"]), true);
  assert.equal(gen("==", two(strings))(["a"], ["a"]), true);
  assert.deepEqual(gen("max", two(strings))(["b"], ["a", "z"]), ["b"]);
  const R = new AvroRecord("R", null);
  R.fields = [
    { name: "x", type: T.int },
    { name: "y", type: T.string },
  ];
  const r = (x: number, y: string) => makeRecord(["x", "y"], [x, y]);
  assert.equal(gen("cmp", two(R))(r(1, "b"), r(1, "a")), 1);
  assert.equal(gen("==", two(R))(r(1, "a"), r(1, "a")), true);
  assert.deepEqual(gen("min", two(R))(r(2, "a"), r(1, "z")), r(1, "z"));
  const E = new AvroEnum("E", null, ["z", "a"]);
  assert.equal(gen("<", two(E))("z", "a"), true);
  const U = new AvroUnion([T.null, T.double]);
  assert.equal(gen("cmp", two(U))(null, 1.5), -1);
  assert.equal(gen("==", two(U))(null, null), true);
  assert.equal(gen("max", two(U))(null, 2), 2);
  const M = new AvroMap(T.int);
  const m = (o: Record<string, number>) => Object.assign(newMap<number>(), o);
  assert.equal(gen("==", two(M))(m({ a: 1 }), m({ a: 1 })), true);
  assert.equal(gen("!=", two(M))(m({ a: 1 }), m({ a: 2 })), true);
});

test("logical and Kleene three-valued operators", () => {
  assert.equal(gen("&&", two(T.boolean))(true, false), false);
  assert.equal(gen("||", two(T.boolean))(true, false), true);
  assert.equal(gen("^^", two(T.boolean))(true, true), false);
  assert.equal(gen("^^", two(T.boolean))(false, true), true);
  assert.equal(gen("!", [T.boolean])(false), true);
  const B = new AvroUnion([T.boolean, T.null]);
  const and = gen("&&&", two(B));
  const or = gen("|||", two(B));
  const not = gen("!!!", [B]);
  assert.deepEqual([and(true, true), and(true, null), and(null, false), and(false, null), and(null, null)], [true, null, false, false, null]);
  assert.deepEqual([or(false, false), or(false, null), or(null, true), or(true, null), or(null, null)], [false, null, true, true, null]);
  assert.deepEqual([not(true), not(false), not(null)], [false, true, null]);
});

test("bitwise operators on ints and 64-bit longs", () => {
  assert.equal(gen("&", two(T.int), 0)(12, 10), 8);
  assert.equal(gen("|", two(T.int), 0)(12, 10), 14);
  assert.equal(gen("^", two(T.int), 0)(12, 10), 6);
  assert.equal(gen("~", [T.int], 0)(0), -1);
  assert.equal(gen("~", [T.int], 0)(INT_MIN), INT_MAX);
  const and = gen("&", two(T.long), 1);
  const or = gen("|", two(T.long), 1);
  const xor = gen("^", two(T.long), 1);
  const not = gen("~", [T.long], 1);
  assert.equal(and(LONG_MIN, -1), LONG_MIN);
  assert.equal(and(2n ** 62n + 5n, 7), 5);
  assert.equal(or(2 ** 40, 1), 2 ** 40 + 1);
  assert.equal(or(2n ** 62n, 2n ** 61n), 2n ** 62n + 2n ** 61n);
  assert.equal(xor(-1, LONG_MAX), LONG_MIN);
  assert.equal(not(LONG_MIN), LONG_MAX);
  assert.equal(not(-(2 ** 53) + 1), 2 ** 53 - 2);
  assert.equal(not(2 ** 53 - 1), -(2n ** 53n));
});
