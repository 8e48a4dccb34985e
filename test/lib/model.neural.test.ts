import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/model.neural.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord } from "../../src/pfa/runtime.js";
import { T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string): CompiledFunction {
  return generateSite(functions, name, [], 0, () => 0.5, T.double);
}


const layer = (weights: number[][], bias: number[]) => makeRecord(["weights", "bias"], [weights, bias]);
const relu = (x: number) => Math.max(0, x);

test("simpleLayers", () => {
  const f = gen("model.neural.simpleLayers");
  assert.equal(functions.length, 1);
  // one layer: no activation
  assert.deepEqual(f([1, 2], [layer([[1, 1], [1, -1]], [0, 10])], relu), [3, 9]);
  // two layers: activation after the first only
  assert.deepEqual(f([1, 2], [layer([[1, 1], [1, -1]], [0, 0]), layer([[1, -1]], [0.5])], relu), [3.5]);
  // the second layer's width is checked against the first layer's output, not the datum
  assert.deepEqual(f([1, 2], [layer([[1, 1], [1, 1], [1, 1]], [0, 0, 0]), layer([[1, 1, 1]], [0])], relu), [9]);
  throwsCode(() => f([1], [], relu), 11000);
  throwsCode(() => f([1, 2], [layer([[1, 1]], [0, 0])], relu), 11001);
  throwsCode(() => f([1, 2], [layer([[1]], [0])], relu), 11001);
  throwsCode(() => f([1, 2], [layer([[1, 1]], [0]), layer([[1, 1]], [0])], relu), 11001);
});
