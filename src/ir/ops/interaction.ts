/**
 * interaction: Spark Interaction (and MLeap interaction): the products of one value from each input,
 * every combination, the LAST input varying fastest.
 *
 * Each input (a number, a boolean as 0/1, or a vector) is first encoded, element by element, as Spark's
 * FeatureEncoder does from the column's ML attributes: an element with 1 feature is its value; an
 * element with k > 1 features is a category index, one-hot encoded into k slots (the index must be an
 * integer in [0, k), else the row is refused). Then, from the last input to the first, every encoded
 * value multiplies every product so far: output position j + i·(size so far) holds product j times
 * slot i. Spark only ever multiplies the slots it writes (a category's one slot, each numeric value),
 * starting from 1.0, so a product involving a category slot that is not the value's is exactly 0 even
 * when another factor is NaN. A missing input is an error ("Values to interact cannot be null").
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { BOOLEAN, DOUBLE, INT, type IRType, describeType, isNumeric, nonNull, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { ARRAY_DOUBLE, doubleExpr, num, randomDouble, randomInt } from "./feature-util.js";

export interface InteractionParams {
  /**
   * Per input column, per element (one element for a number or boolean): 1 for a value used as it is,
   * k > 1 for a category index one-hot encoded into k slots (Spark: a nominal attribute's number of
   * values, 2 for a binary attribute; MLeap's `num_features<i>`).
   */
  features: number[][];
}

/** The most output elements this op writes. */
const MAX_SIZE = 1_000_000;

interface Slot {
  /** The input element it reads. */
  element: number;
  /** −1 for a value used as it is, else the category this slot stands for. */
  category: number;
  /** The element's number of categories (1 for a value). */
  size: number;
}

function layout(features: readonly number[]): Slot[] {
  const out: Slot[] = [];
  features.forEach((k, e) => {
    if (k === 1) out.push({ element: e, category: -1, size: 1 });
    else for (let c = 0; c < k; c++) out.push({ element: e, category: c, size: k });
  });
  return out;
}

function resolve(params: InteractionParams, inputs: readonly IRType[]): Slot[][] {
  if (inputs.length === 0) throw new Error("interaction needs at least one input column");
  if (!Array.isArray(params.features) || params.features.length !== inputs.length) throw new Error(`interaction: features describes ${params.features?.length} columns, the step has ${inputs.length}`);
  let total = 1;
  const layouts = inputs.map((t, k) => {
    const f = params.features[k]!;
    if (!Array.isArray(f) || f.length === 0) throw new Error(`interaction: column ${k} has no features`);
    f.forEach((n) => {
      if (!Number.isInteger(n) || n < 1) throw new Error(`interaction: column ${k}: feature counts must be positive integers, found ${JSON.stringify(n)}`);
    });
    const n = nonNull(t);
    if (n.kind === "vector") {
      if (n.size !== null && n.size !== f.length) throw new Error(`interaction: column ${k} is a vector of ${n.size} but features describes ${f.length} elements`);
    } else if (isNumeric(n) || n.kind === "boolean") {
      if (f.length !== 1) throw new Error(`interaction: column ${k} is a single value but features describes ${f.length} elements`);
    } else throw new Error(`interaction takes numbers, booleans and vectors, found ${describeType(t)}`);
    const l = layout(f);
    total *= l.length;
    return l;
  });
  if (total > MAX_SIZE) throw new Error(`interaction: the output would have ${total} elements`);
  return layouts;
}

function validIndex(v: number, k: number): boolean {
  return v >= 0 && v < k && Math.floor(v) === v;
}

export const interaction = defineOp<InteractionParams>({
  name: "interaction",
  summary: "Spark Interaction: products of every combination of the inputs' (one-hot encoded) values",
  outputTypes(params, inputs) {
    const layouts = resolve(params, inputs);
    return [vector(layouts.reduce((n, l) => n * l.length, 1))];
  },
  evaluate(params, inputs, types) {
    const layouts = resolve(params, types);
    let acc: { v: number; m: boolean }[] = [{ v: 1, m: true }];
    for (let k = inputs.length - 1; k >= 0; k--) {
      const x = inputs[k];
      if (x === null || x === undefined) throw new MissingValueError("interaction: values to interact cannot be missing");
      const xs: number[] = Array.isArray(x) ? (x as number[]) : [typeof x === "boolean" ? (x ? 1 : 0) : num(x)];
      const f = params.features[k]!;
      if (xs.length !== f.length) throw new MissingValueError(`interaction: column ${k} has ${xs.length} elements, expected ${f.length}`);
      f.forEach((n, e) => {
        if (n > 1 && !validIndex(xs[e]!, n)) throw new MissingValueError(`interaction: ${xs[e]} is not a category index below ${n}`);
      });
      const encoded = layouts[k]!.map((s) => (s.category < 0 ? { v: xs[s.element]!, m: true } : { v: 1, m: xs[s.element] === s.category }));
      const next: { v: number; m: boolean }[] = [];
      for (const e of encoded) for (const p of acc) next.push({ v: p.v * e.v, m: p.m && e.m });
      acc = next;
    }
    return [acc.map((p) => (p.m ? p.v : 0))];
  },
  lower(params, inputs, types, ctx) {
    const layouts = resolve(params, types);
    const slotType = ctx.typeName("InteractionSlot");
    const accType = ctx.typeName("InteractionProducts");
    const slotSchema: JsonValue = { type: "record", name: slotType, fields: [{ name: "element", type: "int" }, { name: "category", type: "int" }, { name: "size", type: "int" }] };
    const cell = ctx.cell(
      "interaction_slots",
      { type: "array", items: { type: "array", items: slotSchema } },
      layouts.map((l) => l.map((s) => ({ element: s.element, category: s.category, size: s.size }))),
    );
    const accSchema: JsonValue = { type: "record", name: accType, fields: [{ name: "value", type: ARRAY_DOUBLE }, { name: "present", type: { type: "array", items: "boolean" } }] };
    const [acc, x, slots, s, ev, em, f, p, b, q] = ["acc", "x", "slots", "s", "values", "present", "f", "p", "b", "q"].map((h) => ctx.symbol(h)) as [string, string, string, string, string, string, string, string, string, string];
    const attr = (rec: JsonValue, field: string): JsonValue => ({ attr: rec, path: [{ string: field }] });
    const elementOf = (slot: JsonValue): JsonValue => ({ attr: x, path: [attr(slot, "element")] });
    // One input's turn: check its category indices, encode it by its slots, multiply into the products so far.
    const v = ctx.symbol("v");
    const step = ctx.fcn("interactionStep", {
      params: [{ [acc]: accSchema }, { [x]: ARRAY_DOUBLE }, { [slots]: { type: "array", items: slotType } }],
      ret: accType,
      do: [
        {
          if: {
            "a.any": [
              slots,
              {
                params: [{ [s]: slotType }],
                ret: "boolean",
                do: [
                  {
                    // a category element (checked at its first slot) that is not an integer in [0, size)
                    "&&": [
                      { "==": [attr(s, "category"), 0] },
                      {
                        do: [
                          { let: { [v]: elementOf(s) } },
                          {
                            "!": {
                              "&&": [
                                { "&&": [{ "<=": [doubleExpr(0), v] }, { "<": [v, attr(s, "size")] }] },
                                { "==": [{ "m.floor": v }, v] },
                              ],
                            },
                          },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          then: { error: "interaction: a category value is not an index of its categories" },
        },
        { let: { [ev]: { "a.map": [slots, { params: [{ [s]: slotType }], ret: "double", do: [{ if: { "<": [attr(s, "category"), 0] }, then: elementOf(s), else: doubleExpr(1) }] }] } } },
        {
          let: {
            [em]: {
              "a.map": [slots, { params: [{ [s]: slotType }], ret: "boolean", do: [{ "||": [{ "<": [attr(s, "category"), 0] }, { "==": [elementOf(s), attr(s, "category")] }] }] }],
            },
          },
        },
        {
          new: {
            value: { "a.flatten": [{ "a.map": [ev, { params: [{ [f]: "double" }], ret: ARRAY_DOUBLE, do: [{ "a.map": [attr(acc, "value"), { params: [{ [p]: "double" }], ret: "double", do: [{ "*": [p, f] }] }] }] }] }] },
            present: {
              "a.flatten": [
                { "a.map": [em, { params: [{ [b]: "boolean" }], ret: { type: "array", items: "boolean" }, do: [{ "a.map": [attr(acc, "present"), { params: [{ [q]: "boolean" }], ret: "boolean", do: [{ "&&": [q, b] }] }] }] }] },
              ],
            },
          },
          type: accType,
        },
      ],
    });
    // each input as an array of doubles; a missing one is an error
    const asArray = (e: JsonValue, t: IRType): JsonValue => {
      const n = nonNull(t);
      if (n.kind === "vector") return e;
      const value: JsonValue = n.kind === "boolean" ? { if: e, then: doubleExpr(1), else: doubleExpr(0) } : n.kind === "double" ? e : { "cast.double": e };
      return { new: [value], type: ARRAY_DOUBLE };
    };
    const bindings: Record<string, JsonValue> = {};
    const arrays = inputs.map((e, k) => {
      const t = types[k]!;
      if (t.kind !== "nullable") return asArray(e, t);
      const sym = ctx.symbol("v");
      bindings[sym] = e;
      return asArray(sym, t);
    });
    // vectors of unknown size must have the declared number of elements
    const sizeChecks: JsonValue[] = [];
    arrays.forEach((a, k) => {
      const n = nonNull(types[k]!);
      if (n.kind === "vector" && n.size === null) sizeChecks.push({ "==": [{ "a.len": a }, params.features[k]!.length] });
    });
    let products: JsonValue = { new: { value: { new: [doubleExpr(1)], type: ARRAY_DOUBLE }, present: { new: [true], type: { type: "array", items: "boolean" } } }, type: accType };
    for (let k = inputs.length - 1; k >= 0; k--) products = { [step]: [products, arrays[k]!, { cell, path: [k] }] };
    const all = ctx.symbol("products");
    const [pv, pm] = [ctx.symbol("value"), ctx.symbol("present")];
    let result: JsonValue = {
      do: [
        { let: { [all]: products } },
        { "a.zipmap": [attr(all, "value"), attr(all, "present"), { params: [{ [pv]: "double" }, { [pm]: "boolean" }], ret: "double", do: [{ if: pm, then: pv, else: doubleExpr(0) }] }] },
      ],
    };
    if (sizeChecks.length > 0) {
      result = { if: sizeChecks.reduce((a, c) => ({ "&&": [a, c] })), then: result, else: { error: "interaction: a vector does not have its declared number of elements" } };
    }
    if (Object.keys(bindings).length === 0) return [result];
    return [{ ifnotnull: bindings, then: result, else: { error: "interaction: values to interact cannot be missing" } }];
  },
  arbitrary(random) {
    const count = randomInt(random, 1, 3);
    const features: number[][] = [];
    const inputs: IRType[] = [];
    for (let k = 0; k < count; k++) {
      const shape = pick(random, ["number", "category", "vector", "boolean"] as const);
      let t: IRType;
      if (shape === "vector") {
        const f = Array.from({ length: randomInt(random, 1, 3) }, () => (random() < 0.3 ? randomInt(random, 2, 3) : 1));
        features.push(f);
        t = vector(random() < 0.85 ? f.length : null);
      } else if (shape === "category") {
        features.push([randomInt(random, 2, 4)]);
        t = pick(random, [DOUBLE, INT]);
      } else {
        features.push([1]);
        t = shape === "boolean" ? BOOLEAN : pick(random, [DOUBLE, INT]);
      }
      inputs.push(random() < 0.2 ? nullable(t) : t);
    }
    return { params: { features }, inputs };
  },
  arbitraryInputs(params, inputs, random) {
    return inputs.map((t, k) => {
      if (t.kind === "nullable" && random() < 0.08) return null;
      const n = nonNull(t);
      const f = params.features[k]!;
      const value = (count: number, integral: boolean): number => {
        if (count > 1) {
          const r = random();
          if (r < 0.05) return integral ? count : pick(random, [NaN, count, -1, 0.5]);
          return randomInt(random, 0, count - 1);
        }
        const r = random();
        if (integral) return randomInt(random, -5, 5);
        if (r < 0.05) return pick(random, [NaN, Infinity]);
        if (r < 0.15) return 0;
        return randomDouble(random);
      };
      if (n.kind === "boolean") return random() < 0.5;
      if (n.kind === "vector") return f.map((c) => value(c, false));
      return value(f[0]!, n.kind === "int");
    });
  },
});
