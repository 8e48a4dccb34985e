// The generated signature tables (src/pfa/lib/signatures/) must be exactly what scripts/gen-libsigs.mjs
// extracts from the specification's libfcns.xml, so that no function or signature is missed or wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { librarySignatures, libraryModules } from "../src/pfa/lib/signatures/index.js";
import { parseSignature, printSignature, type FunctionSignatures } from "../src/pfa/lib/signature-dsl.js";
import { libraryFunction, libraryFunctionNames } from "../src/pfa/signature.js";

const root = new URL("../../", import.meta.url);
const xmlPath = fileURLToPath(new URL("../shared/spec/libfcns.xml", root));
const script = fileURLToPath(new URL("scripts/gen-libsigs.mjs", root));

function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

test("the tables equal what gen-libsigs.mjs extracts from libfcns.xml", (t) => {
  if (!existsSync(xmlPath)) {
    t.skip(`../shared/spec/libfcns.xml not present: cannot check the generated tables against the specification (looked for ${xmlPath})`);
    return;
  }
  const out = execFileSync(process.execPath, [script, "--json", xmlPath], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const extracted = JSON.parse(out) as FunctionSignatures[];
  assert.equal(extracted.length, 449);
  assert.equal(
    extracted.reduce((n, f) => n + f.sigs.length, 0),
    625,
  );
  // Function by function first, for a readable failure, then the whole table, order included.
  const committed = new Map(librarySignatures.map((f) => [f.name, f]));
  for (const f of extracted) {
    const c = committed.get(f.name);
    assert.ok(c !== undefined, `function ${f.name} is missing from src/pfa/lib/signatures (run: node scripts/gen-libsigs.mjs --write)`);
    assert.deepEqual(plain(c), f, `function ${f.name} differs from libfcns.xml (run: node scripts/gen-libsigs.mjs --write)`);
  }
  assert.deepEqual(plain(librarySignatures), extracted);
});

test("table shape: 449 functions, 625 signatures, modules by name prefix", () => {
  assert.equal(librarySignatures.length, 449);
  assert.equal(
    librarySignatures.reduce((n, f) => n + f.sigs.length, 0),
    625,
  );
  assert.equal(new Set(librarySignatures.map((f) => f.name)).size, 449);
  for (const { module, signatures } of libraryModules) {
    for (const f of signatures) {
      const cut = f.name.lastIndexOf(".");
      assert.equal(cut <= 0 ? "core" : f.name.slice(0, cut), module, f.name);
    }
  }
  assert.deepEqual(libraryFunctionNames(), librarySignatures.map((f) => f.name));
  const plus = librarySignatures.find((f) => f.name === "+");
  assert.deepEqual(plain(plus), { name: "+", sigs: [{ sig: "(x: any A of {int, long, float, double}, y: A) -> A" }], errors: [18000, 18001] });
  const uuid = librarySignatures.find((f) => f.name === "rand.uuid");
  assert.deepEqual(plain(uuid), {
    name: "rand.uuid",
    sigs: [{ sig: "() -> string", deprecation: "0.7.2", death: "0.9.0", contingency: "use rand.uuid4 instead" }],
    errors: [],
    nondeterministic: "pseudorandom",
  });
});

test("every signature parses and round-trips", () => {
  for (const f of librarySignatures) {
    for (const s of f.sigs) {
      assert.equal(printSignature(parseSignature(s.sig)), s.sig, `${f.name}: ${s.sig}`);
    }
    const fn = libraryFunction(f.name);
    assert.ok(fn !== undefined);
    assert.equal(fn.sigs.length, f.sigs.length);
  }
});
