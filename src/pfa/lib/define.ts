/**
 * How a library function is implemented (one object per function, one file per spec module, as in
 * the spec's own layout). The signatures themselves live in `signatures/<module>.ts`, generated from
 * and checked against the spec's libfcns.xml; an implementation is looked up by the same name.
 *
 * The compiler calls `generate` once per call site, with the matched signature and the concrete types;
 * the returned JavaScript function is what the compiled document calls with the evaluated arguments.
 * Arguments arrive already converted to the parameter types (an int passed where a double is expected
 * arrives as a number; a long as a number or bigint, see runtime.ts); function arguments arrive as
 * JavaScript functions taking and returning runtime values. Doing the type dispatch in `generate`,
 * not at each call, keeps the per-record path free of it.
 */
import type { FcnType } from "../signature.js";
import type { AvroType } from "../types.js";

/** Services of the running engine that some functions need. */
export interface EngineServices {
  /** The engine's seeded random source: a float in [0, 1). */
  random(): number;
}

export interface CallSite {
  /** The function's name, for error messages. */
  readonly name: string;
  /** Which of the function's signatures matched (their order in libfcns.xml). */
  readonly sigIndex: number;
  /** The parameter types with the signature's labels bound: what each argument has been converted to. */
  readonly paramTypes: readonly (AvroType | FcnType)[];
  /** The return type, with labels bound. */
  readonly retType: AvroType;
  readonly engine: EngineServices;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arguments are runtime values of many types
export type CompiledFunction = (...args: any[]) => unknown;

export interface LibFcnImpl {
  readonly name: string;
  generate(site: CallSite): CompiledFunction;
}

/** A function whose code does not depend on the call site. */
export function fixed(name: string, fn: CompiledFunction): LibFcnImpl {
  return { name, generate: () => fn };
}

/** A function that chooses its code from the call site (the signature, the bound types). */
export function bySite(name: string, generate: (site: CallSite) => CompiledFunction): LibFcnImpl {
  return { name, generate };
}
