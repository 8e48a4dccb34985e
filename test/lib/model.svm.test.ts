import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/model.svm.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord } from "../../src/pfa/runtime.js";
import { T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string): CompiledFunction {
  return generateSite(functions, name, [], 0, () => 0.5, T.double);
}


const sv = (supVec: number[], coeff: number) => makeRecord(["supVec", "coeff"], [supVec, coeff]);
const model = (c: number, pos: unknown[], neg: unknown[]) => makeRecord(["const", "posClass", "negClass"], [c, pos, neg]);
const linear = (x: readonly number[], y: readonly number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);

test("score", () => {
  const f = gen("model.svm.score");
  assert.equal(functions.length, 1);
  assert.equal(f([1, 2], model(0.5, [sv([1, 0], 2)], [sv([0, 1], -1)]), linear), 2 - 2 + 0.5);
  assert.equal(f([1, 2], model(-1, [sv([1, 1], 1)], []), linear), 2);
  throwsCode(() => f([1, 2], model(0, [], []), linear), 12000);
  throwsCode(() => f([1, 2], model(0, [sv([1], 1)], []), linear), 12001);
  throwsCode(() => f([1, 2], model(0, [], [sv([1, 2, 3], 1)]), linear), 12001);
});
