/**
 * Every function of PFA 0.8.1's library (449 functions, 625 signatures, from the spec's libfcns.xml
 * through the generated signature tables) is implemented: each has an implementation, and each of its
 * signatures, given arguments that fit it, compiles to a function (what the conformance suite then
 * checks for behaviour).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { implementation } from "../src/pfa/lib/index.js";
import { FcnType, libraryFunction, libraryFunctionNames, matchCall } from "../src/pfa/signature.js";
import { signatureInstance } from "./signature-instances.js";

test("all 449 library functions and their 625 signatures are implemented", () => {
  const names = libraryFunctionNames();
  assert.equal(names.length, 449);
  let signatures = 0;
  const missing: string[] = [];
  for (const name of names) {
    const fn = libraryFunction(name)!;
    const impl = implementation(name);
    if (impl === undefined) {
      missing.push(`${name} (not implemented)`);
      signatures += fn.sigs.length;
      continue;
    }
    fn.sigs.forEach((sig, i) => {
      signatures++;
      const { args } = signatureInstance(sig);
      const r = matchCall(fn, args);
      if (!r.ok) {
        missing.push(`${name} #${i}: its own instance does not match`);
        return;
      }
      try {
        impl.generate({ name, sigIndex: r.sigIndex, paramTypes: r.params.map((p) => (p instanceof FcnType ? p : p)), retType: r.ret, engine: { random: () => 0.5 } });
      } catch (e) {
        missing.push(`${name} #${i} ${sig.text}: ${(e as Error).message}`);
      }
    });
  }
  assert.equal(signatures, 625);
  assert.deepEqual(missing, []);
});
