/**
 * The "map" module: maps (null-prototype objects, see runtime.ts) manipulated without side effects,
 * and sets represented as maps from base64-encoded Avro serializations of their items to the items.
 */
import { compareValues, newMap, PFARuntimeError, valuesEqual } from "../runtime.js";
import type { AvroArray, AvroMap, AvroType } from "../types.js";
import { avroEncoder } from "./cast.js";
import { bySite, fixed, type LibFcnImpl } from "./define.js";

type M = Record<string, unknown>;
type Lt = (x: unknown, y: unknown) => boolean;

function copy(m: M): M {
  return Object.assign(newMap(), m);
}

/** The set key of an item of type `t`: its Avro binary encoding in base64. */
function setKey(t: AvroType): (x: unknown) => string {
  const encode = avroEncoder(t);
  return (x) => {
    const b = encode(x);
    return Buffer.from(b.buffer, b.byteOffset, b.length).toString("base64");
  };
}

function avroLessThan(site: { paramTypes: readonly unknown[] }): Lt {
  const t = (site.paramTypes[0] as AvroMap).values;
  return (x, y) => compareValues(t, x, y) < 0;
}

/**
 * The keys of the n best values (highest when `highest`, else lowest, by `lt`), best first; ties in
 * value are listed in lexicographic key order. Insertion into a short sorted list, as the reference does.
 */
function argBestN(m: M, n: number, lt: Lt, highest: boolean): string[] {
  const keys: string[] = [];
  const vals: unknown[] = [];
  for (const k of Object.keys(m)) {
    const x = m[k];
    let placed = false;
    for (let i = 0; i < keys.length; i++) {
      const bx = vals[i];
      const better = highest ? lt(bx, x) || (!lt(x, bx) && keys[i]! > k) : lt(x, bx) || (!lt(bx, x) && keys[i]! > k);
      if (better) {
        let j = i;
        while (j < keys.length && !lt(vals[j], x) && !lt(x, vals[j]) && keys[j]! < k) j++;
        keys.splice(j, 0, k);
        vals.splice(j, 0, x);
        placed = true;
        break;
      }
    }
    if (!placed) {
      keys.push(k);
      vals.push(x);
    }
    if (keys.length > n) {
      keys.pop();
      vals.pop();
    }
  }
  return keys;
}

/** The key of the best value (n = 1 of argBestN, in one pass). */
function argBest(m: M, lt: Lt, highest: boolean): string {
  let bestK: string | undefined;
  let best: unknown;
  for (const k in m) {
    const x = m[k];
    if (bestK === undefined || (highest ? lt(best, x) || (!lt(x, best) && bestK > k) : lt(x, best) || (!lt(best, x) && bestK > k))) {
      bestK = k;
      best = x;
    }
  }
  return bestK!;
}

function isEmpty(m: M): boolean {
  for (const _ in m) return false;
  return true;
}

function argOne(name: string, code: number, highest: boolean, withLt: boolean): LibFcnImpl {
  return bySite(name, (site) => {
    const avroLt = withLt ? null : avroLessThan(site);
    return (m: M, lessThan?: Lt) => {
      if (isEmpty(m)) throw new PFARuntimeError(code, "empty map", name);
      return argBest(m, avroLt ?? lessThan!, highest);
    };
  });
}

function argN(name: string, code: number, highest: boolean, withLt: boolean): LibFcnImpl {
  return bySite(name, (site) => {
    const avroLt = withLt ? null : avroLessThan(site);
    return (m: M, n: number, lessThan?: Lt) => {
      if (isEmpty(m)) throw new PFARuntimeError(code, "empty map", name);
      if (n < 0) throw new PFARuntimeError(code + 1, "n < 0", name);
      if (n === 0) return [];
      return argBestN(m, n, avroLt ?? lessThan!, highest);
    };
  });
}

/** Whether all maps have the same key set as the first. */
function aligned(maps: M[]): boolean {
  const keys = Object.keys(maps[0]!);
  for (let i = 1; i < maps.length; i++) {
    const m = maps[i]!;
    if (Object.keys(m).length !== keys.length) return false;
    for (const k of keys) if (!(k in m)) return false;
  }
  return true;
}

function zipmap(name: string, code: number, withKey: boolean): LibFcnImpl {
  return bySite(name, () => (...args: unknown[]) => {
    const fcn = args[args.length - 1] as (...xs: unknown[]) => unknown;
    const maps = args.slice(0, -1) as M[];
    if (!aligned(maps)) throw new PFARuntimeError(code, "misaligned maps", name);
    const out = newMap();
    const n = maps.length;
    for (const k of Object.keys(maps[0]!)) {
      const xs: unknown[] = withKey ? [k] : [];
      for (let i = 0; i < n; i++) xs.push(maps[i]![k]);
      out[k] = fcn(...xs);
    }
    return out;
  });
}

function sameKeys(a: M, b: M): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!(k in b)) return false;
  return true;
}

export const functions: readonly LibFcnImpl[] = [
  fixed("map.len", (m: M) => Object.keys(m).length),

  fixed("map.keys", (m: M) => Object.keys(m)),

  fixed("map.values", (m: M) => Object.values(m)),

  bySite("map.containsKey", (site) => {
    if (site.sigIndex === 0) return (m: M, key: string) => key in m;
    return (m: M, fcn: (k: string) => boolean) => {
      for (const k in m) if (fcn(k)) return true;
      return false;
    };
  }),

  bySite("map.containsValue", (site) => {
    if (site.sigIndex === 0) {
      const t = (site.paramTypes[0] as AvroMap).values;
      return (m: M, value: unknown) => {
        for (const k in m) if (valuesEqual(t, m[k], value)) return true;
        return false;
      };
    }
    return (m: M, fcn: (v: unknown) => boolean) => {
      for (const k in m) if (fcn(m[k])) return true;
      return false;
    };
  }),

  bySite("map.add", (site) => {
    if (site.sigIndex === 0) {
      return (m: M, key: string, value: unknown) => {
        const out = copy(m);
        out[key] = value;
        return out;
      };
    }
    const key = setKey(site.paramTypes[1] as AvroType);
    return (m: M, item: unknown) => {
      const out = copy(m);
      out[key(item)] = item;
      return out;
    };
  }),

  fixed("map.remove", (m: M, key: string) => {
    if (!(key in m)) return m;
    const out = copy(m);
    delete out[key];
    return out;
  }),

  fixed("map.only", (m: M, keys: string[]) => {
    const out = newMap();
    for (const k of keys) if (k in m) out[k] = m[k];
    return out;
  }),

  fixed("map.except", (m: M, keys: string[]) => {
    const drop = new Set(keys);
    const out = newMap();
    for (const k in m) if (!drop.has(k)) out[k] = m[k];
    return out;
  }),

  fixed("map.update", (base: M, overlay: M) => Object.assign(copy(base), overlay)),

  fixed("map.split", (m: M) => {
    const out: M[] = [];
    for (const k in m) {
      const one = newMap();
      one[k] = m[k];
      out.push(one);
    }
    return out;
  }),

  fixed("map.join", (a: M[]) => {
    const out = newMap();
    for (const m of a) Object.assign(out, m);
    return out;
  }),

  argOne("map.argmax", 26120, true, false),
  argOne("map.argmin", 26130, false, false),
  argOne("map.argmaxLT", 26140, true, true),
  argOne("map.argminLT", 26150, false, true),
  argN("map.argmaxN", 26160, true, false),
  argN("map.argminN", 26170, false, false),
  argN("map.argmaxNLT", 26180, true, true),
  argN("map.argminNLT", 26190, false, true),

  bySite("map.toset", (site) => {
    const key = setKey((site.paramTypes[0] as AvroArray).items);
    return (a: unknown[]) => {
      const out = newMap();
      for (const x of a) out[key(x)] = x;
      return out;
    };
  }),

  fixed("map.fromset", (s: M) => Object.values(s)),

  bySite("map.in", (site) => {
    const key = setKey((site.paramTypes[0] as AvroMap).values);
    return (s: M, x: unknown) => key(x) in s;
  }),

  fixed("map.union", (a: M, b: M) => Object.assign(copy(a), b)),

  fixed("map.intersection", (a: M, b: M) => {
    const out = newMap();
    for (const k in a) if (k in b) out[k] = a[k];
    return out;
  }),

  fixed("map.diff", (a: M, b: M) => {
    const out = newMap();
    for (const k in a) if (!(k in b)) out[k] = a[k];
    return out;
  }),

  fixed("map.symdiff", (a: M, b: M) => {
    const out = newMap();
    for (const k in a) if (!(k in b)) out[k] = a[k];
    for (const k in b) if (!(k in a)) out[k] = b[k];
    return out;
  }),

  fixed("map.subset", (little: M, big: M) => {
    for (const k in little) if (!(k in big)) return false;
    return true;
  }),

  fixed("map.disjoint", (a: M, b: M) => {
    for (const k in a) if (k in b) return false;
    return true;
  }),

  fixed("map.map", (m: M, fcn: (v: unknown) => unknown) => {
    const out = newMap();
    for (const k in m) out[k] = fcn(m[k]);
    return out;
  }),

  fixed("map.mapWithKey", (m: M, fcn: (k: string, v: unknown) => unknown) => {
    const out = newMap();
    for (const k in m) out[k] = fcn(k, m[k]);
    return out;
  }),

  fixed("map.filter", (m: M, fcn: (v: unknown) => boolean) => {
    const out = newMap();
    for (const k in m) if (fcn(m[k])) out[k] = m[k];
    return out;
  }),

  fixed("map.filterWithKey", (m: M, fcn: (k: string, v: unknown) => boolean) => {
    const out = newMap();
    for (const k in m) if (fcn(k, m[k])) out[k] = m[k];
    return out;
  }),

  fixed("map.filterMap", (m: M, fcn: (v: unknown) => unknown) => {
    const out = newMap();
    for (const k in m) {
      const r = fcn(m[k]);
      if (r !== null) out[k] = r;
    }
    return out;
  }),

  fixed("map.filterMapWithKey", (m: M, fcn: (k: string, v: unknown) => unknown) => {
    const out = newMap();
    for (const k in m) {
      const r = fcn(k, m[k]);
      if (r !== null) out[k] = r;
    }
    return out;
  }),

  fixed("map.flatMap", (m: M, fcn: (v: unknown) => M) => {
    const out = newMap();
    for (const k in m) Object.assign(out, fcn(m[k]));
    return out;
  }),

  fixed("map.flatMapWithKey", (m: M, fcn: (k: string, v: unknown) => M) => {
    const out = newMap();
    for (const k in m) Object.assign(out, fcn(k, m[k]));
    return out;
  }),

  zipmap("map.zipmap", 26370, false),
  zipmap("map.zipmapWithKey", 26380, true),

  fixed("map.corresponds", (a: M, b: M, fcn: (x: unknown, y: unknown) => boolean) => {
    if (!sameKeys(a, b)) return false;
    for (const k in a) if (!fcn(a[k], b[k])) return false;
    return true;
  }),

  fixed("map.correspondsWithKey", (a: M, b: M, fcn: (k: string, x: unknown, y: unknown) => boolean) => {
    if (!sameKeys(a, b)) return false;
    for (const k in a) if (!fcn(k, a[k], b[k])) return false;
    return true;
  }),
];
