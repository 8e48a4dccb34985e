/**
 * The "rand" module: pseudorandom numbers, items, strings and bytes, all drawn from the engine's
 * seeded source (`site.engine.random()`, a double in [0, 1) with 53 random bits), so that a document
 * with a `randseed` gives the same sequence run to run.
 */
import { canonLong, type Long, PFARuntimeError, toBig } from "../runtime.js";
import { AvroArray, AvroRecord } from "../types.js";
import { bySite, type EngineServices, type LibFcnImpl } from "./define.js";

const TWO32 = 4294967296;

/** An integer in [0, n) for 0 < n <= 2^53. */
function below(engine: EngineServices, n: number): number {
  const i = Math.floor(engine.random() * n);
  return i < n ? i : n - 1;
}

/** 32 random bits, as an unsigned integer. */
function bits32(engine: EngineServices): number {
  return Math.floor(engine.random() * TWO32);
}

/** A bigint in [0, n) for any n > 0, without bias (rejection of 64-bit draws beyond a multiple of n). */
function bigBelow(engine: EngineServices, n: bigint): bigint {
  const span = 1n << 64n;
  const limit = span - (span % n);
  for (;;) {
    const x = (BigInt(bits32(engine)) << 32n) | BigInt(bits32(engine));
    if (x < limit) return x % n;
  }
}

/** A uniform double between low and high (weighted, so that a span beyond the double range does not overflow). */
function uniform(engine: EngineServices, low: number, high: number): number {
  const r = engine.random();
  return low * (1 - r) + high * r;
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, "0");
}

function uuid4(engine: EngineServices): string {
  const a = bits32(engine);
  const b = below(engine, 0x10000);
  const c = below(engine, 0x1000);
  const d = below(engine, 0x1000);
  const e = below(engine, 0x1000000);
  const f = below(engine, 0x1000000);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(c, 3)}-8${hex(d, 3)}-${hex(e, 6)}${hex(f, 6)}`;
}

export const functions: readonly LibFcnImpl[] = [
  bySite("rand.int", (site) => {
    const engine = site.engine;
    if (site.sigIndex === 0) return (): number => bits32(engine) - 2147483648;
    return (low: number, high: number): number => {
      if (high <= low) throw new PFARuntimeError(34000, "high must be greater than low", site.name);
      return low + below(engine, high - low);
    };
  }),

  bySite("rand.long", (site) => {
    const engine = site.engine;
    if (site.sigIndex === 0)
      return (): Long => canonLong(BigInt.asIntN(64, (BigInt(bits32(engine)) << 32n) | BigInt(bits32(engine))), 34010, site.name);
    return (low: Long, high: Long): Long => {
      if (typeof low === "number" && typeof high === "number") {
        if (high <= low) throw new PFARuntimeError(34010, "high must be greater than low", site.name);
        const span = high - low;
        if (span <= 9007199254740992) {
          const r = low + below(engine, span);
          if (Number.isSafeInteger(r)) return r;
        }
      }
      const lo = toBig(low);
      const hi = toBig(high);
      if (hi <= lo) throw new PFARuntimeError(34010, "high must be greater than low", site.name);
      return canonLong(lo + bigBelow(engine, hi - lo), 34010, site.name);
    };
  }),

  bySite("rand.float", (site) => {
    const engine = site.engine;
    return (low: number, high: number): number => {
      if (high <= low) throw new PFARuntimeError(34020, "high must be greater than low", site.name);
      return Math.fround(uniform(engine, low, high));
    };
  }),

  bySite("rand.double", (site) => {
    const engine = site.engine;
    return (low: number, high: number): number => {
      if (high <= low) throw new PFARuntimeError(34030, "high must be greater than low", site.name);
      return uniform(engine, low, high);
    };
  }),

  bySite("rand.choice", (site) => {
    const engine = site.engine;
    return (population: readonly unknown[]): unknown => {
      if (population.length === 0) throw new PFARuntimeError(34040, "population must not be empty", site.name);
      return population[below(engine, population.length)];
    };
  }),

  bySite("rand.choices", (site) => {
    const engine = site.engine;
    return (size: number, population: readonly unknown[]): unknown[] => {
      if (population.length === 0) throw new PFARuntimeError(34050, "population must not be empty", site.name);
      const n = Math.max(size, 0);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = population[below(engine, population.length)];
      return out;
    };
  }),

  bySite("rand.sample", (site) => {
    const engine = site.engine;
    return (size: number, population: readonly unknown[]): unknown[] => {
      if (population.length === 0) throw new PFARuntimeError(34060, "population must not be empty", site.name);
      if (population.length < size) throw new PFARuntimeError(34061, "population smaller than requested subsample", site.name);
      // a partial Fisher-Yates shuffle of a copy; a negative size is an empty sample
      const pool = population.slice();
      const n = Math.max(size, 0);
      for (let i = 0; i < n; i++) {
        const j = i + below(engine, pool.length - i);
        const t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
      }
      pool.length = n;
      return pool;
    };
  }),

  bySite("rand.histogram", (site) => {
    const engine = site.engine;
    const items = (site.paramTypes[0] as AvroArray).items;
    const weight: (x: unknown) => number = items instanceof AvroRecord ? (x) => (x as { prob: number }).prob : (x) => x as number;
    const byRecord = items instanceof AvroRecord;
    return (distribution: readonly unknown[]): unknown => {
      const n = distribution.length;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const w = weight(distribution[i]);
        if (!Number.isFinite(w)) throw new PFARuntimeError(34071, "distribution must be finite", site.name);
        if (w < 0) throw new PFARuntimeError(34072, "distribution must be non-negative", site.name);
        total += w;
      }
      if (total === 0) throw new PFARuntimeError(34070, "distribution must be non-empty", site.name);
      const position = engine.random() * total;
      let cumulative = 0;
      let index = -1;
      for (let i = 0; i < n; i++) {
        const w = weight(distribution[i]);
        if (w > 0) index = i;
        cumulative += w;
        if (position < cumulative) break;
      }
      return byRecord ? distribution[index] : index;
    };
  }),

  bySite("rand.string", (site) => {
    const engine = site.engine;
    const name = site.name;
    const checkSize = (size: number): void => {
      if (size <= 0) throw new PFARuntimeError(34080, "size must be positive", name);
    };
    const fromCodes = (codes: number[]): string => {
      let s = "";
      for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode(...codes.slice(i, i + 8192));
      return s;
    };
    switch (site.sigIndex) {
      case 0:
        // 1 to 0xD7FF: the spec's range "up to and including 0xD800" ends on a lone surrogate, which no text encoding carries
        return (size: number): string => {
          checkSize(size);
          const codes = new Array<number>(size);
          for (let i = 0; i < size; i++) codes[i] = 1 + below(engine, 0xd7ff);
          return fromCodes(codes);
        };
      case 1:
        return (size: number, population: string): string => {
          checkSize(size);
          if (population.length === 0) throw new PFARuntimeError(34083, "population must be non-empty", name);
          const chars = Array.from(population);
          let s = "";
          for (let i = 0; i < size; i++) s += chars[below(engine, chars.length)]!;
          return s;
        };
      default:
        return (size: number, low: number, high: number): string => {
          checkSize(size);
          if (high <= low) throw new PFARuntimeError(34081, "high must be greater than low", name);
          if (low < 1 || low > 0xd800 || high < 1 || high > 0xd800) throw new PFARuntimeError(34082, "invalid char", name);
          const codes = new Array<number>(size);
          for (let i = 0; i < size; i++) codes[i] = low + below(engine, high - low);
          return fromCodes(codes);
        };
    }
  }),

  bySite("rand.bytes", (site) => {
    const engine = site.engine;
    const name = site.name;
    const checkSize = (size: number): void => {
      if (size <= 0) throw new PFARuntimeError(34090, "size must be positive", name);
    };
    switch (site.sigIndex) {
      case 0:
        return (size: number): Uint8Array => {
          checkSize(size);
          const out = new Uint8Array(size);
          for (let i = 0; i < size; i++) out[i] = below(engine, 256);
          return out;
        };
      case 1:
        return (size: number, population: Uint8Array): Uint8Array => {
          checkSize(size);
          if (population.length === 0) throw new PFARuntimeError(34093, "population must be non-empty", name);
          const out = new Uint8Array(size);
          for (let i = 0; i < size; i++) out[i] = population[below(engine, population.length)]!;
          return out;
        };
      default:
        return (size: number, low: number, high: number): Uint8Array => {
          checkSize(size);
          if (high <= low) throw new PFARuntimeError(34091, "high must be greater than low", name);
          if (low < 0 || low > 255 || high < 0 || high > 256) throw new PFARuntimeError(34092, "invalid byte", name);
          const out = new Uint8Array(size);
          for (let i = 0; i < size; i++) out[i] = low + below(engine, high - low);
          return out;
        };
    }
  }),

  bySite("rand.uuid", (site) => () => uuid4(site.engine)),

  bySite("rand.uuid4", (site) => () => uuid4(site.engine)),

  bySite("rand.gaussian", (site) => {
    const engine = site.engine;
    // Box-Muller: 1 - u is in (0, 1], so its logarithm is finite
    return (mu: number, sigma: number): number =>
      mu + sigma * Math.sqrt(-2 * Math.log(1 - engine.random())) * Math.cos(2 * Math.PI * engine.random());
  }),
];
