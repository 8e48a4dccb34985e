import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/enum.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { AvroEnum, type AvroType, T } from "../../src/pfa/types.js";
import { generateSite } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[]): CompiledFunction {
  return generateSite(functions, name, paramTypes, 0, () => 0.5, T.null);
}

const E = new AvroEnum("Enum1", null, ["one", "two", "three"]);

test("toString, toInt and numSymbols", () => {
  assert.deepEqual(functions.map((f) => f.name), ["enum.toString", "enum.toInt", "enum.numSymbols"]);
  assert.equal(gen("enum.toString", [E])("two"), "two");
  assert.deepEqual(["one", "two", "three"].map((s) => gen("enum.toInt", [E])(s)), [0, 1, 2]);
  assert.equal(gen("enum.numSymbols", [E])("three"), 3);
});
