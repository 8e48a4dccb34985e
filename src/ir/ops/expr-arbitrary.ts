/**
 * Random instances of the `expr` op for the property tests: expression trees of up to four levels over
 * random input columns (some nullable), with Apply's attributes, casts and declared types; and input
 * rows that reach the functions' edges (zero, negatives, whole numbers, NaN and infinities, strings
 * with blanks, line terminators and non-ASCII characters, missing values); matches and replace with
 * fixed supported patterns.
 */
import { nonNull, nullable, type IRType } from "../types.js";
import { pick } from "./common.js";
import type { Expr, ExprApply, ExprConst, ExprInput, ExprKind, ExprParams } from "./expr.js";

const INT_MAX = 2147483647;
const STRINGS = ["a", " a ", "b\t", "A b", "setosa", "Ünïcode", "", "  x\n", "12", "virginica", "a1b22c", "ab\r\n", "😀.é"];
/** Java regular expressions for matches (any supported construct) and replace (fixed spans only), and literal replacements. */
const MATCH_PATTERNS = ["\\d+", "^[a-z]+$", "a.c", "(?:set|vir)\\w+a$", "\\s", "^$", "[ÜÏ]", "b$|^ ", "^.{1,2}$", "[^\\w\\s]"];
const REPLACE_PATTERNS = ["[0-9]+", "a", "\\s+", "[^a-z ]", "^ *", ".", "b\\w?", "\\Q.\\E", "(?:a)\\d{1,2}"];
const REPLACEMENTS = ["#", "", "\\$", "x\\\\y", "é"];
const DOUBLES = [0, 0.5, -0.5, 1, -1, 2, 3.75, -2.25, 0.001, 100, -7, 1.5, 2.5];

export function arbitraryValue(t: IRType, random: () => number): unknown {
  if (t.kind === "nullable") return random() < 0.25 ? null : arbitraryValue(t.inner, random);
  switch (t.kind) {
    case "double": {
      const r = random();
      if (r < 0.02) return NaN;
      if (r < 0.03) return pick(random, [Infinity, -Infinity]);
      if (r < 0.5) return pick(random, DOUBLES);
      if (r < 0.8) return (random() - 0.5) * 10;
      return (random() - 0.5) * 10 ** Math.floor(random() * 8 - 3);
    }
    case "float":
      return Math.fround(random() < 0.5 ? pick(random, DOUBLES) : (random() - 0.5) * 20);
    case "int":
      return Math.floor(random() * 25) - 12;
    case "long":
      return Math.floor(random() * 2001) - 1000;
    case "string":
      return pick(random, STRINGS);
    case "boolean":
      return random() < 0.5;
    default:
      return null;
  }
}

interface Gen {
  e: Expr;
  /** For int and long results: a bound on the magnitude (Infinity when unknown). */
  bound: number;
}

type Want = "double" | "int" | "long" | "string" | "boolean";

class ExprGenerator {
  constructor(
    private readonly random: () => number,
    private readonly inputs: readonly IRType[],
  ) {}

  private chance(p: number): boolean {
    return this.random() < p;
  }
  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  private inputOf(kinds: readonly string[]): Gen | null {
    const matches = this.inputs.map((t, i) => [nonNull(t).kind, i] as const).filter(([k]) => kinds.includes(k));
    if (matches.length === 0) return null;
    const [k, i] = pick(this.random, matches);
    return { e: { op: "input", index: i }, bound: k === "int" ? 12 : k === "long" ? 1000 : Infinity };
  }

  private constant(want: Want): Gen {
    const r = this.random();
    switch (want) {
      case "double": {
        if (r < 0.03) return { e: { op: "const", type: "double", value: null }, bound: Infinity };
        if (r < 0.05) return { e: { op: "const", type: "double", value: pick(this.random, ["NaN", "INF", "-INF"]) }, bound: Infinity };
        return { e: { op: "const", type: this.chance(0.2) ? "float" : "double", value: pick(this.random, DOUBLES) }, bound: Infinity };
      }
      case "int": {
        const v = this.int(-5, 5);
        return { e: { op: "const", type: "int", value: v }, bound: Math.abs(v) };
      }
      case "long": {
        const v = this.int(-50, 50);
        return { e: { op: "const", type: "long", value: v }, bound: Math.abs(v) };
      }
      case "string":
        return { e: { op: "const", type: "string", value: r < 0.03 ? null : pick(this.random, STRINGS) }, bound: Infinity };
      case "boolean":
        return { e: { op: "const", type: "boolean", value: r < 0.03 ? null : this.chance(0.5) }, bound: Infinity };
    }
  }

  private leaf(want: Want): Gen {
    const kinds = want === "double" ? ["double", "float"] : [want];
    if (this.chance(0.7)) {
      const g = this.inputOf(kinds);
      if (g !== null) {
        if (this.chance(0.1)) (g.e as ExprInput).mapMissingTo = this.replacement(want);
        return g;
      }
    }
    return this.constant(want);
  }

  /** A constant for mapMissingTo or defaultValue: whole numbers, which fit whichever numeric type the function gives. */
  private replacement(want: Want): ExprConst {
    switch (want) {
      case "string":
        return { op: "const", type: "string", value: pick(this.random, STRINGS) };
      case "boolean":
        return { op: "const", type: "boolean", value: this.chance(0.5) };
      default:
        return { op: "const", type: want, value: this.int(-9, 9) };
    }
  }

  private apply(fn: string, args: Gen[], bound = Infinity, want?: Want): Gen {
    const e: ExprApply = { op: "apply", fn, args: args.map((a) => a.e) };
    if (this.chance(0.25)) e.invalidValueTreatment = pick(this.random, ["returnInvalid", "asMissing", "asIs"] as const);
    if (want !== undefined && this.chance(0.12)) e.mapMissingTo = this.replacement(want);
    if (want !== undefined && this.chance(0.12)) e.defaultValue = this.replacement(want);
    return { e, bound: e.mapMissingTo !== undefined || e.defaultValue !== undefined ? Math.max(bound, 9) : bound };
  }

  /**
   * A random expression of about `depth` levels. The error function and the normal distribution
   * appear only at the root: the reference evaluator computes them with its own numerics, which agree
   * with the engine's to the last bits, and ill-conditioned operations above them (a modulo, a
   * difference of nearly equal values) would magnify that into a disagreement of no interest.
   */
  gen(want: Want, depth: number, root = false): Gen {
    if (depth <= 0 || this.chance(0.2)) return this.leaf(want);
    const d = depth - 1;
    for (let attempt = 0; attempt < 5; attempt++) {
      const g = this.production(want, d, root);
      if (g !== null) return g;
    }
    return this.leaf(want);
  }

  private production(want: Want, d: number, root: boolean): Gen | null {
    const g = (w: Want): Gen => this.gen(w, d);
    switch (want) {
      case "double": {
        const choice = this.int(0, 13);
        switch (choice) {
          case 0:
            return this.apply(pick(this.random, ["+", "-", "*", "/"]), [g("double"), this.chance(0.3) ? g("int") : g("double")], Infinity, "double");
          case 1:
            return this.apply("modulo", [g("double"), g("double")], Infinity, "double");
          case 2:
          case 3:
            return this.apply(
              pick(this.random, ["exp", "ln", "log10", "sqrt", "expm1", "ln1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "abs", "rint"]),
              [g("double")],
              Infinity,
              "double",
            );
          case 4:
            if (!root) return null;
            return this.apply(pick(this.random, ["erf", "stdNormalCDF", "stdNormalPDF", "stdNormalIDF"]), [g("double")], Infinity, "double");
          case 5: {
            const fn = pick(this.random, ["pow", "hypot", "x-atan2", "threshold"]);
            // pow's exponent: no negative odd integer, where the engine's ** and IEEE (Java) differ on a base of -0.
            const y = fn === "pow" ? { e: { op: "const", type: "double", value: pick(this.random, [0.5, 2, 3, -2, 1.5, -0.5, 0]) } as Expr, bound: Infinity } : g("double");
            return this.apply(fn, [g("double"), y], Infinity, "double");
          }
          case 6: {
            if (!root) return null;
            const fn = pick(this.random, ["normalCDF", "normalPDF", "normalIDF"]);
            const sigma = this.chance(0.8) ? { e: { op: "const", type: "double", value: pick(this.random, [1, 0.5, 2, -1, 0]) } as Expr, bound: Infinity } : g("double");
            return this.apply(fn, [g("double"), this.constant("double"), sigma], Infinity, "double");
          }
          case 7:
          case 8: {
            const n = this.int(1, 3);
            return this.apply(pick(this.random, ["min", "max", "sum", "avg", "median", "product"]), Array.from({ length: n }, () => (this.chance(0.2) ? g("int") : g("double"))), Infinity, "double");
          }
          case 9:
            return this.apply("if", this.chance(0.8) ? [g("boolean"), g("double"), g("double")] : [g("boolean"), g("double")], Infinity, "double");
          case 10:
            return { e: { op: "cast", type: "double", arg: pick(this.random, [g("int"), g("long"), g("boolean")]).e }, bound: Infinity };
          case 11:
            return this.apply("avg", [g("int"), g("int")], Infinity, "double");
          default:
            return this.leaf("double");
        }
      }
      case "int":
      case "long": {
        const choice = this.int(0, 9);
        const a = g(want);
        const limit = want === "int" ? INT_MAX : 2 ** 53;
        switch (choice) {
          case 0:
          case 1: {
            const b = g(want);
            const op = pick(this.random, ["+", "-", "*"]);
            const bound = op === "*" ? a.bound * b.bound : a.bound + b.bound;
            return bound <= limit ? this.apply(op, [a, b], bound, want) : null;
          }
          case 2: {
            const b = g(want);
            return this.apply(pick(this.random, ["/", "modulo"]), [a, b], Math.max(a.bound, b.bound), want);
          }
          case 3: {
            const n = this.int(1, 3);
            const args = [a, ...Array.from({ length: n - 1 }, () => g(want))];
            const fn = pick(this.random, ["min", "max", "sum", "product"]);
            const bound = fn === "sum" ? args.reduce((s, x) => s + x.bound, 0) : fn === "product" ? args.reduce((s, x) => s * x.bound, 1) : Math.max(...args.map((x) => x.bound));
            return bound <= limit ? this.apply(fn, args, bound, want) : null;
          }
          case 4:
            return this.apply(pick(this.random, ["abs", "floor", "ceil", "round", "rint"]), [a], a.bound, want);
          case 5:
            if (want === "int") return this.chance(0.5) ? this.apply("stringLength", [g("string")], 20, want) : this.apply("threshold", [a, g("int")], 1, want);
            return this.apply(pick(this.random, ["floor", "ceil", "round"]), [g("double")], Infinity, want);
          case 6: {
            const b = g(want);
            return this.apply("if", [g("boolean"), a, b], Math.max(a.bound, b.bound), want);
          }
          case 7:
            if (want === "long") {
              const i = g("int");
              return { e: { op: "cast", type: "long", arg: i.e }, bound: i.bound };
            }
            return { e: { op: "cast", type: "int", arg: pick(this.random, [g("boolean"), g("long"), g("double")]).e, rounding: pick(this.random, ["exact", "truncate"] as const) }, bound: INT_MAX };
          default:
            return a;
        }
      }
      case "string": {
        switch (this.int(0, 6)) {
          case 0:
            return this.apply(pick(this.random, ["uppercase", "lowercase", "trimBlanks"]), [g("string")], Infinity, "string");
          case 1: {
            const start = this.chance(0.7) ? this.constant("int") : g("int");
            if (start.e.op === "const" && typeof start.e.value === "number" && start.e.value < 1) start.e.value = 1 - start.e.value;
            const length = this.chance(0.7) ? this.constant("int") : g("int");
            if (length.e.op === "const" && typeof length.e.value === "number" && length.e.value < 0) length.e.value = -length.e.value;
            return this.apply("substring", [g("string"), start, length], Infinity, "string");
          }
          case 2: {
            const n = this.int(2, 3);
            return this.apply("concat", Array.from({ length: n }, () => (this.chance(0.25) ? g("int") : g("string"))), Infinity, "string");
          }
          case 3: {
            const integral = this.chance(0.5);
            const pattern = integral ? pick(this.random, ["%d", "%5d", "%-4d", "%04d", "n=%d!"]) : pick(this.random, ["%.2f", "%f", "%8.3f", "%-9.1f", "%.0f", "x%.4f%%"]);
            return this.apply("formatNumber", [integral ? g(this.chance(0.5) ? "int" : "long") : g("double"), { e: { op: "const", type: "string", value: pattern }, bound: Infinity }], Infinity, "string");
          }
          case 4:
            return this.apply("if", [g("boolean"), g("string"), g("string")], Infinity, "string");
          case 5: {
            const pattern = { e: { op: "const", type: "string", value: pick(this.random, REPLACE_PATTERNS) } as Expr, bound: Infinity };
            const replacement = { e: { op: "const", type: "string", value: pick(this.random, REPLACEMENTS) } as Expr, bound: Infinity };
            return this.apply("replace", [g("string"), pattern, replacement], Infinity, "string");
          }
          default:
            return this.leaf("string");
        }
      }
      case "boolean": {
        switch (this.int(0, 9)) {
          case 0:
          case 1: {
            const w = pick(this.random, ["double", "int", "long", "string"] as const);
            const ops = w === "string" ? ["equal", "notEqual", "lessThan", "greaterOrEqual"] : ["equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual"];
            const other = w === "string" ? "string" : pick(this.random, ["double", "int"] as const);
            return this.apply(pick(this.random, ops), [g(w), w === "string" ? g("string") : g(other)], Infinity, "boolean");
          }
          case 2: {
            const n = this.int(2, 3);
            return this.apply(pick(this.random, ["and", "or"]), Array.from({ length: n }, () => g("boolean")), Infinity, "boolean");
          }
          case 3:
            return this.apply("not", [g("boolean")], Infinity, "boolean");
          case 4:
            return this.apply(pick(this.random, ["isMissing", "isNotMissing"]), [g(pick(this.random, ["double", "int", "string", "boolean"] as const))], Infinity, "boolean");
          case 5: {
            const w = pick(this.random, ["double", "int", "string"] as const);
            const n = this.int(1, 4);
            return this.apply(pick(this.random, ["isIn", "isNotIn"]), [g(w), ...Array.from({ length: n }, () => this.constant(w))], Infinity, "boolean");
          }
          case 6:
            return this.apply("if", [g("boolean"), g("boolean"), g("boolean")], Infinity, "boolean");
          case 7:
            return { e: { op: "cast", type: "boolean", arg: g("int").e }, bound: Infinity };
          case 8:
            return this.apply("matches", [g("string"), { e: { op: "const", type: "string", value: pick(this.random, MATCH_PATTERNS) }, bound: Infinity }], Infinity, "boolean");
          default:
            return this.leaf("boolean");
        }
      }
    }
  }
}

export function arbitraryExpr(random: () => number): { params: ExprParams; inputs: IRType[] } {
  const n = 1 + Math.floor(random() * 4);
  const inputs: IRType[] = Array.from({ length: n }, () => {
    const t: IRType = { kind: pick(random, ["double", "double", "int", "long", "float", "string", "boolean"] as const) };
    return random() < 0.35 ? nullable(t) : t;
  });
  const want = pick(random, ["double", "double", "int", "long", "string", "boolean"] as const);
  const generator = new ExprGenerator(random, inputs);
  const params: ExprParams = { expr: generator.gen(want, 1 + Math.floor(random() * 4), true).e };
  if (random() < 0.2) params.mathContext = "float";
  if (random() < 0.2) {
    const to: Partial<Record<Want, ExprKind[]>> = { double: ["float", "int", "long"], int: ["double", "long", "boolean"], long: ["int", "double"], boolean: ["double", "int"] };
    const options = to[want];
    if (options !== undefined) params.type = pick(random, options);
  }
  return { params, inputs };
}
