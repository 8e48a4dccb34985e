/** What the library unit tests share: building one call site of a function, and checking error codes. */
import assert from "node:assert/strict";
import type { CallSite, CompiledFunction, LibFcnImpl } from "../../src/pfa/lib/define.js";
import { PFARuntimeError } from "../../src/pfa/runtime.js";
import type { FcnType } from "../../src/pfa/signature.js";
import { type AvroType, T } from "../../src/pfa/types.js";

/** The compiled function of one call site of `name` among `functions`. */
export function generateSite(
  functions: readonly LibFcnImpl[],
  name: string,
  paramTypes: readonly (AvroType | FcnType)[] = [],
  sigIndex = 0,
  random: () => number = () => 0.5,
  retType: AvroType = T.null,
): CompiledFunction {
  const impl = functions.find((f) => f.name === name);
  assert.ok(impl, `no implementation of ${name}`);
  const site: CallSite = { name, sigIndex, paramTypes, retType, engine: { random } };
  return impl.generate(site);
}

/** Asserts that `fn` raises the PFA runtime error `code`. */
export function throwsCode(fn: () => unknown, code: number): void {
  assert.throws(fn, (e: unknown) => e instanceof PFARuntimeError && e.code === code, `expected error ${code}`);
}
