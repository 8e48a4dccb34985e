/**
 * The `expr` op: hand-checked cases (values from the PMML 4.4 built-in functions' definitions) and
 * the property test (the written PFA against the reference evaluator on random expression trees).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { expr, type Expr, type ExprParams } from "../../src/ir/ops/expr.js";
import { type IRType } from "../../src/ir/types.js";
import { JsonDouble, type JsonValue } from "../../src/pfa/json-value.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { PFAUserError } from "../../src/pfa/runtime.js";
import { agree, checkOpProperty, oneStepPipeline } from "./property.js";
import { writePfa } from "../../src/writer/write.js";
import type { OpDef } from "../../src/ir/op.js";

const D: IRType = { kind: "double" };
const F: IRType = { kind: "float" };
const I: IRType = { kind: "int" };
const L: IRType = { kind: "long" };
const S: IRType = { kind: "string" };
const B: IRType = { kind: "boolean" };
const opt = (t: IRType): IRType => ({ kind: "nullable", inner: t });

const x = (index: number): Expr => ({ op: "input", index });
const c = (type: "double" | "float" | "int" | "long" | "string" | "boolean", value: number | string | boolean | null): Expr => ({ op: "const", type, value });
const ap = (fn: string, ...args: Expr[]): Expr => ({ op: "apply", fn, args });

/** The one-step document the writer makes for an expression over inputs x0.. (output y0). */
function documentFor(params: ExprParams, inputs: readonly IRType[]): JsonValue {
  return writePfa(oneStepPipeline(expr as OpDef<unknown>, params, inputs));
}

type Outcome = unknown | "refused";

function viaEvaluate(params: ExprParams, inputs: readonly IRType[], row: readonly unknown[]): Outcome {
  try {
    return expr.evaluate(params, row, inputs)[0];
  } catch (e) {
    if (e instanceof MissingValueError) return "refused";
    throw e;
  }
}

function viaPfa(engine: PFAEngine, row: readonly unknown[]): Outcome {
  try {
    return (engine.action(Object.fromEntries(row.map((v, i) => [`x${i}`, v]))) as Record<string, unknown>).y0;
  } catch (e) {
    if (e instanceof PFAUserError) return "refused";
    throw e;
  }
}

/** Both sides on one row; they must agree, and agree with `expected` when given. */
function check(params: ExprParams, inputs: readonly IRType[], row: readonly unknown[], expected?: Outcome, rtol = 1e-12): void {
  const engine = PFAEngine.fromJson(documentFor(params, inputs));
  const a = viaEvaluate(params, inputs, row);
  const b = viaPfa(engine, row);
  const same = (p: Outcome, q: Outcome): boolean => (p === "refused" || q === "refused" ? p === q : agree(p, q, rtol));
  assert.ok(same(a, b), `${JSON.stringify(params.expr)} on ${JSON.stringify(row)}: evaluate ${String(a)}, PFA ${String(b)}`);
  if (expected !== undefined) assert.ok(same(a, expected), `${JSON.stringify(params.expr)} on ${JSON.stringify(row)}: ${String(a)}, expected ${String(expected)}`);
}

test("expr: arithmetic follows PMML's rules (integer division truncates, modulo floors)", () => {
  check({ expr: ap("-", x(0), x(1)) }, [D, D], [2.5, 4], -1.5); // the spec's example
  check({ expr: ap("/", x(0), x(1)) }, [I, I], [7, 2], 3);
  check({ expr: ap("/", x(0), x(1)) }, [I, I], [-7, 2], -3);
  check({ expr: ap("/", x(0), x(1)) }, [I, D], [7, 2], 3.5);
  check({ expr: ap("/", x(0), x(1)) }, [I, I], [7, 0], "refused");
  check({ expr: { op: "apply", fn: "/", args: [x(0), x(1)], invalidValueTreatment: "asMissing" } }, [I, I], [7, 0], null);
  check({ expr: ap("/", x(0), x(1)) }, [D, D], [1, 0], Infinity);
  check({ expr: ap("modulo", x(0), x(1)) }, [I, I], [-7, 3], 2);
  check({ expr: ap("modulo", x(0), x(1)) }, [I, I], [7, -3], -2);
  check({ expr: ap("modulo", x(0), x(1)) }, [D, D], [7.5, -2], -0.5);
  check({ expr: ap("*", x(0), x(1)) }, [L, I], [3_000_000_000, 3], 9_000_000_000);
  check({ expr: ap("+", x(0), c("double", 1)) }, [opt(D)], [null], null);
});

test("expr: aggregates ignore missing values", () => {
  check({ expr: ap("min", x(0), x(1), x(2)) }, [D, D, D], [2.5, 4, 1.5], 1.5); // the spec's example
  check({ expr: ap("avg", x(0), x(1), x(2)) }, [opt(D), opt(D), opt(D)], [2, null, 5], 3.5);
  check({ expr: ap("sum", x(0), x(1)) }, [opt(I), opt(I)], [null, null], null);
  check({ expr: ap("sum", x(0), x(1)) }, [I, I], [2, 3], 5);
  check({ expr: ap("median", x(0), x(1), x(2), x(3)) }, [I, I, I, I], [4, 1, 3, 2], 2.5);
  check({ expr: ap("product", x(0), x(1), x(2)) }, [opt(D), D, D], [null, 1.5, -2], -3);
  check({ expr: ap("max", x(0), x(1)) }, [D, D], [NaN, 1], NaN);
  check({ expr: ap("min", x(0), x(1)) }, [D, D], [NaN, 1], 1);
});

test("expr: mathematical functions, rounding and their invalid results", () => {
  check({ expr: ap("log10", x(0)) }, [D], [1000], 3);
  check({ expr: ap("ln", x(0)) }, [D], [-1], "refused");
  check({ expr: { op: "apply", fn: "ln", args: [x(0)], invalidValueTreatment: "asIs" } }, [D], [-1], NaN);
  check({ expr: { op: "apply", fn: "ln", args: [x(0)], invalidValueTreatment: "asMissing", defaultValue: { op: "const", type: "double", value: 0 } } }, [D], [-1], 0);
  check({ expr: ap("ln", x(0)) }, [D], [0], -Infinity);
  check({ expr: ap("sqrt", x(0)) }, [I], [16], 4);
  check({ expr: ap("pow", x(0), x(1)) }, [D, D], [2, 10], 1024);
  check({ expr: ap("pow", x(0), x(1)) }, [D, D], [-8, 1 / 3], "refused");
  check({ expr: ap("threshold", x(0), x(1)) }, [D, D], [3, 2], 1);
  check({ expr: ap("threshold", x(0), x(1)) }, [D, D], [2, 2], 0);
  check({ expr: ap("round", x(0)) }, [D], [2.5], 3);
  check({ expr: ap("round", x(0)) }, [D], [-2.5], -2);
  check({ expr: ap("round", x(0)) }, [D], [0.49999999999999994], 0);
  check({ expr: ap("round", x(0)) }, [D], [4503599627370497], 4503599627370497);
  check({ expr: ap("rint", x(0)) }, [D], [2.5], 2);
  check({ expr: ap("rint", x(0)) }, [D], [3.5], 4);
  check({ expr: ap("floor", x(0)) }, [D], [-1.5], -2);
  check({ expr: ap("ceil", x(0)) }, [D], [-1.5], -1);
  check({ expr: ap("floor", x(0)) }, [D], [Infinity], "refused");
  check({ expr: ap("abs", x(0)) }, [I], [-4], 4);
  check({ expr: ap("exp", x(0)) }, [D], [0], 1);
  check({ expr: ap("expm1", x(0)) }, [D], [1e-10], 1.00000000005e-10);
  check({ expr: ap("ln1p", x(0)) }, [D], [-2], "refused");
  check({ expr: ap("hypot", x(0), x(1)) }, [D, D], [3, 4], 5);
  check({ expr: ap("asin", x(0)) }, [D], [2], "refused");
  check({ expr: ap("atan", x(0)) }, [D], [1], Math.PI / 4);
  check({ expr: ap("x-atan2", x(0), x(1)) }, [D, D], [1, -1], (3 * Math.PI) / 4);
});

test("expr: the normal distribution and erf", () => {
  check({ expr: ap("erf", x(0)) }, [D], [0.5], 0.5204998778130465);
  check({ expr: ap("erf", x(0)) }, [D], [2], 0.9953222650189527);
  check({ expr: ap("stdNormalCDF", x(0)) }, [D], [1.96], 0.9750021048517795);
  check({ expr: ap("stdNormalCDF", x(0)) }, [D], [-10], 7.619853024160525e-24);
  check({ expr: ap("normalCDF", x(0), c("double", 1), c("double", 2)) }, [D], [1], 0.5);
  check({ expr: ap("stdNormalPDF", x(0)) }, [D], [0], 0.3989422804014327);
  check({ expr: ap("normalPDF", x(0), c("double", 0), c("double", 2)) }, [D], [0], 0.19947114020071635);
  check({ expr: ap("stdNormalIDF", x(0)) }, [D], [0.975], 1.959963984540054);
  check({ expr: ap("stdNormalIDF", x(0)) }, [D], [0.5], 0);
  check({ expr: ap("stdNormalIDF", x(0)) }, [D], [1e-300], -37.0470962993612);
  check({ expr: ap("stdNormalIDF", x(0)) }, [D], [0], -Infinity);
  check({ expr: ap("stdNormalIDF", x(0)) }, [D], [1.5], "refused");
  check({ expr: ap("normalIDF", x(0), c("double", 10), c("double", 2)) }, [D], [0.75], 11.348979500392163);
  check({ expr: ap("normalCDF", x(0), c("double", 0), c("double", 0)) }, [D], [1], "refused");
  // Around the quantile's regions (|q| = 0.425, r = 5), against the CDF.
  for (const p of [0.075, 0.0749, 0.925, 1e-11, 1.4e-11, 0.3, 1 - 1e-9, 1e-5]) {
    const params = { expr: ap("stdNormalCDF", ap("stdNormalIDF", x(0))) };
    check(params, [D], [p], p, 1e-9);
  }
});

test("expr: comparisons, logic and missing values", () => {
  check({ expr: ap("lessThan", x(0), x(1)) }, [I, D], [1, 1.5], true);
  check({ expr: ap("equal", x(0), x(1)) }, [S, S], ["a", "a"], true);
  check({ expr: ap("greaterThan", x(0), x(1)) }, [opt(D), D], [null, 1], null);
  check({ expr: ap("isMissing", x(0)) }, [opt(D)], [null], true);
  check({ expr: ap("isNotMissing", x(0)) }, [opt(S)], ["x"], true);
  // Kleene's logic.
  check({ expr: ap("and", x(0), x(1)) }, [opt(B), opt(B)], [false, null], false);
  check({ expr: ap("and", x(0), x(1)) }, [opt(B), opt(B)], [true, null], null);
  check({ expr: ap("or", x(0), x(1)) }, [opt(B), opt(B)], [null, true], true);
  check({ expr: ap("or", x(0), x(1), x(2)) }, [opt(B), B, B], [null, false, false], null);
  check({ expr: ap("not", x(0)) }, [opt(B)], [null], null);
  // isIn over numbers of mixed types, and strings.
  check({ expr: ap("isIn", x(0), c("int", 1), c("double", 2.5)) }, [D], [1], true);
  check({ expr: ap("isNotIn", x(0), c("string", "a"), c("string", "b")) }, [S], ["c"], true);
  // if: a missing condition gives missing; no else gives missing; only the branch taken is evaluated.
  const guarded = ap("if", ap("greaterThan", x(0), c("double", 0)), ap("ln", x(0)), c("double", -1));
  check({ expr: guarded }, [D], [-5], -1);
  check({ expr: guarded }, [opt(D)], [null], null);
  check({ expr: ap("if", x(0), c("int", 1)) }, [B], [false], null);
  check({ expr: ap("if", x(0), c("int", 1), c("double", 2.5)) }, [B], [true], 1);
  // mapMissingTo and defaultValue.
  const m: Expr = { op: "apply", fn: "+", args: [x(0), x(1)], mapMissingTo: { op: "const", type: "double", value: -99 } };
  check({ expr: m }, [opt(D), D], [null, 1], -99);
  check({ expr: m }, [opt(D), D], [2, 1], 3);
  const dv: Expr = { op: "apply", fn: "if", args: [x(0), c("string", "yes")], defaultValue: { op: "const", type: "string", value: "no" } };
  check({ expr: dv }, [B], [false], "no");
  // Every argument is evaluated: a refusal in one is not hidden by a missing other.
  check({ expr: ap("+", x(0), ap("ln", x(1))) }, [opt(D), D], [null, -1], "refused");
  check({ expr: ap("and", x(0), ap("greaterThan", ap("ln", x(1)), c("double", 0))) }, [B, D], [false, -1], "refused");
});

test("expr: strings", () => {
  check({ expr: ap("uppercase", x(0)) }, [S], ["aBc"], "ABC");
  check({ expr: ap("lowercase", x(0)) }, [S], ["ÄB"], "äb");
  check({ expr: ap("substring", x(0), c("int", 2), c("int", 3)) }, [S], ["abcdef"], "bcd");
  check({ expr: ap("substring", x(0), c("int", 5), c("int", 10)) }, [S], ["abcdef"], "ef");
  check({ expr: ap("substring", x(0), x(1), c("int", 1)) }, [S, I], ["abc", 0], "refused");
  check({ expr: ap("substring", x(0), c("int", 2), c("int", 2)) }, [S], ["Ü😀x"], "😀x");
  check({ expr: ap("trimBlanks", x(0)) }, [S], ["  a b \t\n"], "a b");
  check({ expr: ap("stringLength", x(0)) }, [S], ["Ü😀"], 2);
  check({ expr: ap("concat", x(0), c("string", "-"), x(1)) }, [S, I], ["a", 42], "a-42");
  check({ expr: ap("concat", x(0), c("string", "-"), x(1)) }, [opt(S), opt(I)], [null, 42], "-42");
  check({ expr: ap("concat", x(0), x(1)) }, [opt(S), opt(S)], [null, null], "");
  check({ expr: ap("formatNumber", x(0), c("string", "%.2f")) }, [D], [3.14159], "3.14");
  check({ expr: ap("formatNumber", x(0), c("string", "%.2f")) }, [D], [0.125], "0.12");
  check({ expr: ap("formatNumber", x(0), c("string", "%.1f")) }, [D], [0.15], "0.1");
  check({ expr: ap("formatNumber", x(0), c("string", "%8.3f")) }, [D], [-2.5], "  -2.500");
  check({ expr: ap("formatNumber", x(0), c("string", "%f")) }, [D], [1234567.5], "1234567.500000");
  check({ expr: ap("formatNumber", x(0), c("string", "%05d")) }, [I], [-42], "-0042");
  check({ expr: ap("formatNumber", x(0), c("string", "%-5d|")) }, [L], [42], "42   |");
  check({ expr: ap("formatNumber", x(0), c("string", "%d%%")) }, [I], [7], "7%");
});

test("expr: casts and the declared type", () => {
  check({ expr: x(0), type: "int" }, [D], [3], 3);
  check({ expr: x(0), type: "int" }, [D], [3.5], "refused");
  check({ expr: x(0), type: "long" }, [D], [2 ** 60], 2n ** 60n);
  check({ expr: x(0), type: "int" }, [L], [2 ** 40], "refused");
  check({ expr: x(0), type: "double" }, [B], [true], 1);
  check({ expr: x(0), type: "boolean" }, [I], [0], false);
  check({ expr: x(0), type: "boolean" }, [I], [2], "refused");
  check({ expr: { op: "cast", type: "float", arg: x(0) } }, [D], [0.1], Math.fround(0.1));
  check({ expr: { op: "cast", type: "int", arg: x(0), rounding: "truncate" } }, [D], [-2.7], -2);
  check({ expr: { op: "cast", type: "long", arg: x(0), rounding: "truncate" } }, [D], [2.7], 2);
  check({ expr: { op: "cast", type: "int", arg: x(0), rounding: "truncate" } }, [D], [NaN], "refused");
  check({ expr: { op: "cast", type: "int", arg: x(0), rounding: "truncate" } }, [D], [3e9], "refused");
  // FieldRef@mapMissingTo.
  const ref: Expr = { op: "input", index: 0, mapMissingTo: { op: "const", type: "double", value: 0 } };
  check({ expr: ap("+", ref, c("double", 1)) }, [opt(D)], [null], 1);
  assert.deepEqual(expr.outputTypes({ expr: ref }, [opt(D)]), [D]);
  assert.deepEqual(expr.outputTypes({ expr: x(0), type: "int" }, [opt(D)]), [opt(I)]);
});

test("expr: x-mathContext=\"float\" computes in float32", () => {
  const params: ExprParams = { expr: ap("+", x(0), c("double", 0.1)), mathContext: "float" };
  assert.deepEqual(expr.outputTypes(params, [D]), [F]);
  check(params, [D], [0.2], Math.fround(Math.fround(0.2) + Math.fround(0.1)));
  check({ expr: ap("exp", x(0)), mathContext: "float" }, [D], [1], Math.fround(Math.E));
  check({ expr: ap("avg", x(0), x(1)), mathContext: "float" }, [I, I], [1, 2], 1.5);
  check({ expr: ap("*", x(0), x(1)) }, [F, F], [Math.fround(0.1), Math.fround(3)], Math.fround(Math.fround(0.1) * 3));
});

test("expr: refuses what it cannot express, naming the function", () => {
  const refuses = (e: Expr, inputs: IRType[], pattern: RegExp): void => assert.throws(() => expr.outputTypes({ expr: e }, inputs), pattern);
  refuses(ap("replace", x(0), c("string", "a|b"), c("string", "b")), [S], /replace: pattern "a\|b": alternation/);
  refuses(ap("matches", x(0), x(0)), [S], /matches: the pattern must be a constant/);
  refuses(ap("dateDaysSinceYear", x(0), c("int", 1970)), [S], /dateDaysSinceYear needs its argument.s date or time type/);
  refuses(ap("formatDatetime", x(0), c("string", "%Y")), [S], /formatDatetime/);
  refuses(ap("isValid", x(0)), [D], /isValid needs the field's valid values/);
  refuses(ap("myFunction", x(0)), [D], /unknown function "myFunction"/);
  refuses(ap("formatNumber", x(0), c("string", "%e")), [D], /formatNumber: pattern "%e" is not supported/);
  refuses(ap("formatNumber", x(0), x(1)), [D, S], /formatNumber: the pattern must be a constant/);
  refuses(ap("+", x(0), x(1)), [D, S], /\+: argument 2 must be a number/);
  refuses(ap("ln", x(0), x(1)), [D, D], /ln takes 1 arguments, found 2/);
  refuses(ap("substring", x(0), c("int", 0), c("int", 1)), [S], /substring: startPos 0 is below 1/);
  refuses(x(0), [{ kind: "vector", size: 3 }], /input 0 is vector\(3\)/);
  refuses(ap("equal", x(0), x(1)), [S, D], /equal: cannot compare string with double/);
});

test("expr: the PFA is readable (nested calls, ifnotnull only where a value may be missing)", () => {
  const doc = documentFor({ expr: ap("+", ap("*", x(0), c("double", 2)), x(1)) }, [D, opt(D)]) as Record<string, JsonValue>;
  const action = doc.action as JsonValue[];
  const y = (action[0] as Record<string, Record<string, JsonValue>>).let!.y0;
  assert.deepEqual(JSON.parse(JSON.stringify(y)), { ifnotnull: { v: "input.x1" }, then: { "+": [{ "*": ["input.x0", 2] }, "v"] }, else: null });
  assert.ok((((y as Record<string, JsonValue>).then as Record<string, JsonValue[]>)["+"]![0] as Record<string, JsonValue[]>)["*"]![1] instanceof JsonDouble);
});

test("expr: property: the written PFA agrees with the reference evaluator", () => {
  checkOpProperty(expr as OpDef<unknown>, 20261126, 2000, 8, expr.tolerance ?? 1e-12);
});

test("expr: an invalid value refuses the row with its reason, in both the evaluator and the PFA", () => {
  const invalid: Expr = { op: "invalid", type: "double", reason: "no Attribute matches" };
  const params: ExprParams = { expr: ap("if", ap("greaterThan", x(0), c("double", 0)), x(0), invalid) };
  assert.deepEqual(expr.outputTypes(params, [D]), [D], "typed as its branch, not nullable");
  assert.equal(expr.evaluate(params, [2], [D])[0], 2);
  assert.throws(() => expr.evaluate(params, [-1], [D]), (e: unknown) => e instanceof MissingValueError && /expr: no Attribute matches/.test(e.message));
  const engine = PFAEngine.fromJson(documentFor(params, [D]));
  assert.deepEqual(engine.action({ x0: 2 }), { y0: 2 });
  assert.throws(() => engine.action({ x0: -1 }), (e: unknown) => e instanceof PFAUserError && /expr: no Attribute matches/.test(e.message));
});

test("expr: trigonometric and hyperbolic functions, and their invalid arguments (PMML 4.4)", () => {
  // Values from the functions' definitions (java.lang.Math): sin(π/2) = 1, cos(0) = 1, tan(π/4) ≈ 1,
  // sinh(1) = (e - 1/e) / 2, cosh(1) = (e + 1/e) / 2, tanh(0) = 0, acos(0) = π/2, asin(1) = π/2.
  const e = Math.E;
  check({ expr: ap("sin", x(0)) }, [D], [Math.PI / 2], 1);
  check({ expr: ap("cos", x(0)) }, [D], [0], 1);
  check({ expr: ap("tan", x(0)) }, [D], [Math.PI / 4], 1, 1e-15);
  check({ expr: ap("sinh", x(0)) }, [D], [1], (e - 1 / e) / 2, 1e-15);
  check({ expr: ap("cosh", x(0)) }, [D], [1], (e + 1 / e) / 2, 1e-15);
  check({ expr: ap("tanh", x(0)) }, [D], [0], 0);
  check({ expr: ap("tanh", x(0)) }, [D], [50], 1);
  check({ expr: ap("acos", x(0)) }, [D], [0], Math.PI / 2);
  check({ expr: ap("asin", x(0)) }, [D], [1], Math.PI / 2);
  check({ expr: ap("atan", x(0)) }, [D], [Infinity], Math.PI / 2);
  // An infinity has no sine, cosine or tangent; acos and asin are defined on [-1, 1]: invalid, the row refused.
  for (const fn of ["sin", "cos", "tan"]) check({ expr: ap(fn, x(0)) }, [D], [Infinity], "refused");
  check({ expr: ap("acos", x(0)) }, [D], [1.5], "refused");
  check({ expr: ap("asin", x(0)) }, [D], [-2], "refused");
  // A missing argument gives a missing result; an int argument is read as a double.
  check({ expr: ap("cos", x(0)) }, [opt(D)], [null], null);
  check({ expr: ap("cos", x(0)) }, [I], [0], 1);
});

test("expr: notEqual (the negation of equal; missing when either side is)", () => {
  check({ expr: ap("notEqual", x(0), x(1)) }, [D, D], [1, 2], true);
  check({ expr: ap("notEqual", x(0), x(1)) }, [D, I], [2, 2], false, 0);
  check({ expr: ap("notEqual", x(0), x(1)) }, [S, S], ["a", "a"], false, 0);
  check({ expr: ap("notEqual", x(0), x(1)) }, [S, S], ["a", "b"], true, 0);
  check({ expr: ap("notEqual", x(0), x(1)) }, [opt(D), D], [null, 1], null);
});
