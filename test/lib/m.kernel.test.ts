import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/m.kernel.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { AvroArray, type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[]): CompiledFunction {
  return generateSite(functions, name, paramTypes, 0, () => 0.5, T.null);
}


const v = new AvroArray(T.double);
const D = T.double;

test("every function of the module is implemented once", () => {
  assert.deepEqual(
    functions.map((f) => f.name),
    ["m.kernel.linear", "m.kernel.rbf", "m.kernel.poly", "m.kernel.sigmoid"],
  );
});

test("linear, rbf, poly and sigmoid kernels", () => {
  assert.equal(gen("m.kernel.linear", [v, v])([1, 2, 3], [4, 5, 6]), 32);
  assert.equal(gen("m.kernel.linear", [v, v])([], []), 0);
  assert.equal(gen("m.kernel.rbf", [v, v, D])([1, 2], [1, 2], 3), 1);
  assert.equal(gen("m.kernel.rbf", [v, v, D])([0, 0], [1, 1], 0.5), Math.exp(-1));
  assert.equal(gen("m.kernel.poly", [v, v, D, D, D])([1, 2], [3, 4], 2, 1, 2), 529);
  assert.equal(gen("m.kernel.poly", [v, v, D, D, D])([1], [1], 1, -1, -1), Infinity);
  assert.ok(Math.abs((gen("m.kernel.sigmoid", [v, v, D, D])([1, 2], [3, 4], 0.1, -1) as number) - Math.tanh(0.1)) < 1e-15);
});

test("arrays of different lengths are errors", () => {
  throwsCode(() => gen("m.kernel.linear", [v, v])([1], [1, 2]), 23000);
  throwsCode(() => gen("m.kernel.rbf", [v, v, D])([1], [], 1), 23010);
  throwsCode(() => gen("m.kernel.poly", [v, v, D, D, D])([], [1], 1, 1, 1), 23020);
  throwsCode(() => gen("m.kernel.sigmoid", [v, v, D, D])([1, 2], [1], 1, 1), 23030);
});
