/**
 * The property-test harness shared by every op: draw an op instance and rows, write the one-step
 * pipeline to PFA, and compare the engine running that PFA with the reference evaluator.
 */
import assert from "node:assert/strict";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import { nonNull, type IRType } from "../../src/ir/types.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { newMap, PFAUserError } from "../../src/pfa/runtime.js";
import { writePfa } from "../../src/writer/write.js";

/** A seeded generator (mulberry32): property tests are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["a", "b", "c", "setosa", "versicolor", "virginica", "x y", "Ünïcode", ""];

/** A random value of an IR type; nullable types are missing a quarter of the time. */
export function randomValue(t: IRType, random: () => number): unknown {
  if (t.kind === "nullable") return random() < 0.25 ? null : randomValue(t.inner, random);
  switch (t.kind) {
    case "double": {
      const r = random();
      if (r < 0.05) return 0;
      if (r < 0.1) return Math.round((random() - 0.5) * 10);
      return (random() - 0.5) * 10 ** Math.floor(random() * 6 - 2);
    }
    case "float":
      return Math.fround((random() - 0.5) * 100);
    case "int":
      return Math.floor((random() - 0.5) * 200);
    case "long":
      return Math.floor((random() - 0.5) * 2e6);
    case "string":
      return WORDS[Math.floor(random() * WORDS.length)];
    case "boolean":
      return random() < 0.5;
    case "vector":
      return Array.from({ length: t.size ?? Math.floor(random() * 5) }, () => randomValue({ kind: "double" }, random));
    case "array":
      return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(t.items, random));
    case "map": {
      const m: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) m[WORDS[Math.floor(random() * WORDS.length)]!] = randomValue(t.values, random);
      return m;
    }
    case "enum":
      return t.symbols[Math.floor(random() * t.symbols.length)];
    case "record":
      return Object.fromEntries(t.fields.map((f) => [f.name, randomValue(f.type, random)]));
  }
}

/** IR values to the engine's representation (maps are null-prototype objects there). */
function toEngine(t: IRType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const n = nonNull(t);
  if (n.kind === "map") {
    const m = newMap();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m[k] = toEngine(n.values, x);
    return m;
  }
  if (n.kind === "array") return (v as unknown[]).map((x) => toEngine(n.items, x));
  return v;
}

/** Whether two output values agree: labels exactly, numbers within `rtol` (NaN only with NaN), missing only with missing. */
export function agree(a: unknown, b: unknown, rtol: number): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return Math.abs(a - b) <= 1e-300 + rtol * Math.max(Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => agree(x, b[i], rtol));
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    return ka.join("\u0000") === kb.join("\u0000") && ka.every((k) => agree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], rtol));
  }
  return a === b;
}

/** The one-step pipeline the property tests write: inputs x0.., the op's outputs y0... */
export function oneStepPipeline(op: OpDef<unknown>, params: unknown, inputs: readonly IRType[]): Pipeline {
  const outputs = op.outputTypes(params, inputs);
  return {
    name: `property_${op.name}`,
    inputs: inputs.map((type, i) => ({ name: `x${i}`, type })),
    steps: [{ op: op.name, inputs: inputs.map((_, i) => `x${i}`), outputs: outputs.map((type, i) => ({ name: `y${i}`, type })), params }],
    outputs: outputs.map((_, i) => `y${i}`),
    metadata: {},
  };
}

/**
 * Checks an op: `draws` random instances, each with `rows` random rows; the engine running the written
 * PFA must agree with the reference evaluator on every row, including which rows are refused.
 */
export function checkOpProperty(op: OpDef<unknown>, seed: number, draws = 200, rows = 5, rtol = 1e-12): void {
  const random = seeded(seed);
  for (let d = 0; d < draws; d++) {
    const { params, inputs } = op.arbitrary(random);
    const pipeline = oneStepPipeline(op, params, inputs);
    const outputs = pipeline.steps[0]!.outputs;
    const context = () => `op ${op.name}, draw ${d}, params ${JSON.stringify(params)}, inputs ${JSON.stringify(inputs)}`;
    let doc;
    try {
      doc = writePfa(pipeline);
    } catch (e) {
      assert.fail(`${context()}: ${(e as Error).message}`);
    }
    const engine = PFAEngine.fromJson(doc);
    const evaluate = compileEvaluator(pipeline);
    for (let r = 0; r < rows; r++) {
      const values = op.arbitraryInputs ? op.arbitraryInputs(params, inputs, random) : inputs.map((t) => randomValue(t, random));
      const row = Object.fromEntries(values.map((v, i) => [`x${i}`, v]));
      let expected: Record<string, unknown> | "refused";
      try {
        expected = evaluate(row);
      } catch (e) {
        if (!(e instanceof MissingValueError)) throw e;
        expected = "refused";
      }
      let actual: Record<string, unknown> | "refused";
      try {
        actual = engine.action(Object.fromEntries(values.map((v, i) => [`x${i}`, toEngine(inputs[i]!, v)]))) as Record<string, unknown>;
      } catch (e) {
        if (!(e instanceof PFAUserError)) throw new Error(`${context()}, row ${JSON.stringify(row)}: engine error ${(e as Error).message}`);
        actual = "refused";
      }
      const ok = expected === "refused" || actual === "refused" ? expected === actual : outputs.every((_, i) => agree(actual[`y${i}`], (expected as Record<string, unknown>)[`y${i}`], rtol));
      assert.ok(ok, `${context()}, row ${JSON.stringify(row)}: PFA gives ${JSON.stringify(actual)}, the IR evaluator ${JSON.stringify(expected)}`);
    }
  }
}
