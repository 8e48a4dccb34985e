/**
 * model.tree: decision-tree predicates (simpleTest, missingTest, compoundTest, surrogateTest) and walks
 * (simpleWalk, missingWalk, simpleTree). Everything that depends only on types (per datum field: how to
 * compare it with the comparison's `value`, or whether the value type is wrong; per branch field: how to
 * tell a tree node from a score) is decided once per call site, so that a walk is a tight loop.
 */
import { bySite, type CallSite, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { compareValues, PFARuntimeError, unionBranch } from "../runtime.js";
import { accepts, AvroArray, AvroRecord, type AvroType, AvroUnion, isNumeric } from "../types.js";

type Rec = Record<string, unknown>;
type Num = number | bigint;

/** How a comparison behaves for one field of the datum, given the comparison's value type. */
interface FieldTest {
  readonly name: string;
  /** field <op> value as a three-way result (NaN when unordered); null when the value type cannot be compared with the field. */
  readonly cmp: ((fv: unknown, v: unknown) => number) | null;
  /** Whether the field is in the array value; null when the value type has no array whose items accept the field. */
  readonly member: ((fv: unknown, v: unknown) => boolean) | null;
  /** Field and value are always numbers (never null): the operators apply directly (the hot path of numeric trees). */
  readonly direct: boolean;
}

function isNum(v: unknown): v is Num {
  return typeof v === "number" || typeof v === "bigint";
}

/** Exact comparison of numbers of any PFA numeric type (bigint and number compare exactly in JS). */
function numCmp(a: Num, b: Num): number {
  return a < b ? -1 : a > b ? 1 : a === a && b === b ? 0 : NaN;
}

/** A numeric type, or a union of numeric types: compared as numbers. */
function numericType(t: AvroType): boolean {
  return isNumeric(t) || (t instanceof AvroUnion && t.types.every(isNumeric));
}

function removeNull(t: AvroType): AvroType {
  if (!(t instanceof AvroUnion)) return t;
  const rest = t.types.filter((x) => x.kind !== "null");
  if (rest.length === 0) return t;
  return rest.length === 1 ? rest[0]! : new AvroUnion(rest);
}

function fieldTests(datumType: AvroRecord, valueType: AvroType, stripNull: boolean, badCode: number, fcnName: string): Record<string, FieldTest> {
  const bad = (): never => {
    throw new PFARuntimeError(badCode, "bad value type", fcnName);
  };
  const valueIsNumeric = isNumeric(valueType);
  const out = Object.create(null) as Record<string, FieldTest>;
  for (const f of datumType.fields) {
    const ft = stripNull ? removeNull(f.type) : f.type;
    let cmp: FieldTest["cmp"] = null;
    const direct = isNumeric(ft) && valueIsNumeric && (!stripNull || ft === f.type);
    if (numericType(ft) && (valueIsNumeric || accepts(valueType, ft))) {
      // A value type that is a union may hold a non-number (null) at run time.
      cmp = valueIsNumeric ? (fv, v) => numCmp(fv as Num, v as Num) : (fv, v) => (isNum(v) ? numCmp(fv as Num, v) : bad());
    } else if (accepts(valueType, ft)) {
      cmp = (fv, v) => compareValues(valueType, fv, v);
    }
    let itemType: AvroType | undefined;
    if (valueType instanceof AvroArray && accepts(valueType.items, ft)) itemType = valueType.items;
    else if (valueType instanceof AvroUnion) {
      const arr = valueType.types.find((x) => x instanceof AvroArray && accepts(x.items, ft));
      if (arr !== undefined) itemType = (arr as AvroArray).items;
    }
    let member: FieldTest["member"] = null;
    if (itemType !== undefined) {
      const it = itemType;
      member = numericType(ft)
        ? (fv, v) => {
            if (!Array.isArray(v)) return bad();
            const x = fv as Num;
            for (const y of v) if (isNum(y) && x <= y && x >= y) return true;
            return false;
          }
        : (fv, v) => {
            if (!Array.isArray(v)) return bad();
            for (const y of v) if (compareValues(it, fv, y) === 0) return true;
            return false;
          };
    }
    out[f.name] = { name: f.name, cmp, member, direct };
  }
  return out;
}

/**
 * The comparison of simpleTest, simpleTree (missing = false: "isMissing"/"notMissing" allowed) and
 * missingTest (missing = true: a null field gives null). Record `comparison` has field, operator, value.
 */
function comparison(datumType: AvroRecord, valueType: AvroType, missing: boolean, opCode: number, badCode: number, fcnName: string) {
  const tests = fieldTests(datumType, valueType, missing, badCode, fcnName);
  const badOp = (): never => {
    throw new PFARuntimeError(opCode, "invalid comparison operator", fcnName);
  };
  const badValue = (): never => {
    throw new PFARuntimeError(badCode, "bad value type", fcnName);
  };
  const relation = (t: FieldTest, fv: unknown, v: unknown): number | null => {
    if (t.cmp === null) return badValue();
    if (missing && fv === null) return null;
    return t.cmp(fv, v);
  };
  // A relation r is NaN when unordered (a NaN operand): then only "!=" holds.
  return (datum: Rec, c: Rec): boolean | null => {
    const t = tests[c.field as string]!;
    const fv = datum[t.name];
    const v = c.value;
    let r: number | null;
    switch (c.operator as string) {
      case "<":
        if (t.direct) return (fv as Num) < (v as Num);
        r = relation(t, fv, v);
        return r === null ? null : r < 0;
      case "<=":
        if (t.direct) return (fv as Num) <= (v as Num);
        r = relation(t, fv, v);
        return r === null ? null : r <= 0;
      case ">":
        if (t.direct) return (fv as Num) > (v as Num);
        r = relation(t, fv, v);
        return r === null ? null : r > 0;
      case ">=":
        if (t.direct) return (fv as Num) >= (v as Num);
        r = relation(t, fv, v);
        return r === null ? null : r >= 0;
      case "==":
        r = relation(t, fv, v);
        return r === null ? null : r === 0;
      case "!=":
        r = relation(t, fv, v);
        return r === null ? null : r !== 0;
      case "alwaysTrue":
        return true;
      case "alwaysFalse":
        return false;
      case "isMissing":
        return missing ? badOp() : fv === null;
      case "notMissing":
        return missing ? badOp() : fv !== null;
      case "in":
      case "notIn": {
        if (t.member === null) return badValue();
        if (missing && fv === null) return null;
        const found = t.member(fv, v);
        return c.operator === "in" ? found : !found;
      }
      default:
        return badOp();
    }
  };
}

/** Kinds whose values are never JavaScript objects (a long beyond 2^53 is a bigint). */
const SCALAR_KINDS: ReadonlySet<string> = new Set(["null", "boolean", "int", "long", "float", "double", "string", "enum"]);

function isObject(v: unknown): boolean {
  return typeof v === "object" && v !== null;
}

function isRecordObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Tells a tree node (record T) from a score (S) in a branch of type union(T, S), values being untagged:
 * any object when S has only scalar types, any record object when S has no records, else the presence
 * of a field of T that no record of S has, else the union's branch rule.
 */
function nodeTest(nodeType: AvroRecord, branch: AvroType): (v: unknown) => boolean {
  if (!(branch instanceof AvroUnion)) return () => false;
  const others = branch.types.filter((t) => !(t instanceof AvroRecord && t.fullName === nodeType.fullName));
  const otherRecords = others.filter((t): t is AvroRecord => t instanceof AvroRecord);
  if (others.every((t) => SCALAR_KINDS.has(t.kind))) return isObject;
  if (otherRecords.length === 0) return isRecordObject;
  const distinct = nodeType.fields.find((f) => otherRecords.every((r) => r.field(f.name) === undefined));
  if (distinct !== undefined) {
    const name = distinct.name;
    return (v) => isRecordObject(v) && Object.prototype.hasOwnProperty.call(v, name);
  }
  return (v) => {
    const t = unionBranch(branch, v);
    return t instanceof AvroRecord && t.fullName === nodeType.fullName;
  };
}

function recordParam(site: CallSite, i: number): AvroRecord {
  const t = site.paramTypes[i];
  if (!(t instanceof AvroRecord)) throw new Error(`${site.name}: parameter ${i} is not a record type`);
  return t;
}

function fieldType(r: AvroRecord, name: string, site: CallSite): AvroType {
  const f = r.field(name);
  if (f === undefined) throw new Error(`${site.name}: record ${r.fullName} has no field "${name}"`);
  return f.type;
}

export const functions: readonly LibFcnImpl[] = [
  bySite("model.tree.simpleTest", (site) => {
    const cmp = recordParam(site, 1);
    return comparison(recordParam(site, 0), fieldType(cmp, "value", site), false, 32000, 32001, site.name);
  }),

  bySite("model.tree.missingTest", (site) => {
    const cmp = recordParam(site, 1);
    return comparison(recordParam(site, 0), fieldType(cmp, "value", site), true, 32010, 32011, site.name);
  }),

  bySite("model.tree.compoundTest", (site): CompiledFunction => {
    const name = site.name;
    return (datum: Rec, operator: string, comparisons: Rec[], test: (d: Rec, c: Rec) => boolean): boolean => {
      if (operator === "and") {
        for (const c of comparisons) if (!test(datum, c)) return false;
        return true;
      }
      if (operator === "or") {
        for (const c of comparisons) if (test(datum, c)) return true;
        return false;
      }
      if (operator === "xor") {
        let odd = false;
        for (const c of comparisons) if (test(datum, c)) odd = !odd;
        return odd;
      }
      throw new PFARuntimeError(32020, "unrecognized logical operator", name);
    };
  }),

  bySite("model.tree.surrogateTest", (site): CompiledFunction => {
    const name = site.name;
    return (datum: Rec, comparisons: Rec[], missingTest: (d: Rec, c: Rec) => boolean | null): boolean => {
      for (const c of comparisons) {
        const r = missingTest(datum, c);
        if (r !== null) return r;
      }
      throw new PFARuntimeError(32030, "no successful surrogate", name);
    };
  }),

  bySite("model.tree.simpleWalk", (site): CompiledFunction => {
    const nodeType = recordParam(site, 1);
    const passIsNode = nodeTest(nodeType, fieldType(nodeType, "pass", site));
    const failIsNode = nodeTest(nodeType, fieldType(nodeType, "fail", site));
    return (datum: Rec, treeNode: Rec, test: (d: Rec, t: Rec) => boolean): unknown => {
      let node = treeNode;
      for (;;) {
        if (test(datum, node)) {
          const next = node.pass;
          if (!passIsNode(next)) return next;
          node = next as Rec;
        } else {
          const next = node.fail;
          if (!failIsNode(next)) return next;
          node = next as Rec;
        }
      }
    };
  }),

  bySite("model.tree.missingWalk", (site): CompiledFunction => {
    const nodeType = recordParam(site, 1);
    const passIsNode = nodeTest(nodeType, fieldType(nodeType, "pass", site));
    const failIsNode = nodeTest(nodeType, fieldType(nodeType, "fail", site));
    const missingIsNode = nodeTest(nodeType, fieldType(nodeType, "missing", site));
    return (datum: Rec, treeNode: Rec, test: (d: Rec, t: Rec) => boolean | null): unknown => {
      let node = treeNode;
      for (;;) {
        const r = test(datum, node);
        let next: unknown;
        let isNode: boolean;
        if (r === true) {
          next = node.pass;
          isNode = passIsNode(next);
        } else if (r === false) {
          next = node.fail;
          isNode = failIsNode(next);
        } else {
          next = node.missing;
          isNode = missingIsNode(next);
        }
        if (!isNode) return next;
        node = next as Rec;
      }
    };
  }),

  bySite("model.tree.simpleTree", (site): CompiledFunction => {
    const nodeType = recordParam(site, 1);
    const test = comparison(recordParam(site, 0), fieldType(nodeType, "value", site), false, 32060, 32061, site.name);
    const passIsNode = nodeTest(nodeType, fieldType(nodeType, "pass", site));
    const failIsNode = nodeTest(nodeType, fieldType(nodeType, "fail", site));
    return (datum: Rec, treeNode: Rec): unknown => {
      let node = treeNode;
      for (;;) {
        if (test(datum, node)) {
          const next = node.pass;
          if (!passIsNode(next)) return next;
          node = next as Rec;
        } else {
          const next = node.fail;
          if (!failIsNode(next)) return next;
          node = next as Rec;
        }
      }
    };
  }),
];
