/**
 * Arguments that fit one library signature: labels chosen to satisfy their introduction (the first
 * type of an `of` list, records with the required fields, enums of a record's fields), functions of
 * the pattern's own types. Shared by the signature and library-coverage tests.
 */
import type { Pattern } from "../src/pfa/lib/signature-dsl.js";
import { labelDefinitions } from "../src/pfa/lib/signature-dsl.js";
import { FcnType, type ArgType, type LibSig } from "../src/pfa/signature.js";
import { AvroArray, AvroEnum, AvroFixed, AvroMap, AvroRecord, type AvroType, AvroUnion, T } from "../src/pfa/types.js";

const arr = (t: AvroType) => new AvroArray(t);
const map = (t: AvroType) => new AvroMap(t);
const union = (...ts: AvroType[]) => new AvroUnion(ts);
const fcn = (params: AvroType[], ret: AvroType) => new FcnType(params, ret);

export function signatureInstance(sig: LibSig): { args: ArgType[]; ret: AvroType } {
  const defs = labelDefinitions(sig);
  const chosen = new Map<string, AvroType>();
  const get = (label: string): AvroType => {
    const done = chosen.get(label);
    if (done !== undefined) return done;
    const d = defs.get(label)!;
    switch (d.kind) {
      case "wildcard": {
        const t = d.oneOf === undefined ? T.double : T[d.oneOf[0]!];
        chosen.set(label, t);
        return t;
      }
      case "wildRecord": {
        const r = new AvroRecord(`Rec${label}`, null);
        chosen.set(label, r);
        r.fields = d.fields.length === 0 ? [{ name: "f0", type: T.double }, { name: "f1", type: T.string }] : d.fields.map((fp) => ({ name: fp.name, type: make(fp.pattern) }));
        return r;
      }
      case "wildEnum": {
        const e = new AvroEnum(`Enum${label}`, null, ["a", "b"]);
        chosen.set(label, e);
        return e;
      }
      case "wildFixed": {
        const x = new AvroFixed(`Fixed${label}`, null, 8);
        chosen.set(label, x);
        return x;
      }
      case "enumFields": {
        const rec = get(d.record) as AvroRecord;
        const e = new AvroEnum(`Enum${label}`, null, rec.fields.map((x) => x.name));
        chosen.set(label, e);
        return e;
      }
    }
  };
  const make = (p: Pattern): AvroType => {
    switch (p.kind) {
      case "primitive":
        return T[p.name];
      case "array":
        return arr(make(p.items));
      case "map":
        return map(make(p.values));
      case "union":
        return union(...p.types.map(make));
      case "function":
        throw new Error("nested function");
      default:
        return get(p.label);
    }
  };
  const args: ArgType[] = sig.params.map((p) => (p.pattern.kind === "function" ? fcn(p.pattern.params.map(make), make(p.pattern.ret)) : make(p.pattern)));
  return { args, ret: make(sig.ret) };
}
