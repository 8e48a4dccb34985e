/**
 * Writes a PFA document as JSON text, deterministically: keys in the order the writer built them,
 * doubles that happen to be integral written with a fraction (`2.0`, so that they stay doubles when
 * read back), longs beyond 2^53 exactly, two-space indentation, and short structures and arrays of
 * numbers on one line so that large coefficient tables stay readable.
 */
import { type JsonValue, JsonDouble, isJsonObject } from "../pfa/json-value.js";

function number(n: number, isDouble: boolean): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write the non-finite number ${n} as JSON`);
  if (isDouble && Number.isInteger(n)) return Object.is(n, -0) ? "-0.0" : `${n}.0`;
  return String(n);
}

function scalar(v: JsonValue): string | null {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return number(v, false);
  if (typeof v === "bigint") return v.toString();
  if (v instanceof JsonDouble) return number(v.value, true);
  if (typeof v === "string") return JSON.stringify(v);
  return null;
}

const MAX_INDENTED_DEPTH = 10;

function oneLine(v: JsonValue, comma: string, colon: string): string {
  const s = scalar(v);
  if (s !== null) return s;
  if (Array.isArray(v)) return "[" + v.map((x) => oneLine(x, comma, colon)).join(comma) + "]";
  const o = v as Record<string, JsonValue>;
  return "{" + Object.keys(o).map((k) => JSON.stringify(k) + colon + oneLine(o[k]!, comma, colon)).join(comma) + "}";
}

/**
 * The length of `oneLine(v, ", ", ": ")` when it is at most `budget`, else -1, found without building
 * the text: it stops as soon as the budget is spent, so that asking this of every structure of a large
 * document stays linear in the document's size.
 */
function oneLineLength(v: JsonValue, budget: number): number {
  const s = scalar(v);
  if (s !== null) return s.length <= budget ? s.length : -1;
  let used = 2;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (i > 0) used += 2;
      const n = oneLineLength(v[i]!, budget - used);
      if (n < 0) return -1;
      used += n;
    }
  } else {
    const o = v as Record<string, JsonValue>;
    let first = true;
    for (const k of Object.keys(o)) {
      used += (first ? 0 : 2) + JSON.stringify(k).length + 2;
      first = false;
      if (used > budget) return -1;
      const n = oneLineLength(o[k]!, budget - used);
      if (n < 0) return -1;
      used += n;
    }
  }
  return used <= budget ? used : -1;
}

/** JSON text of a document; `indent` 0 writes it on one line. */
export function serializeJson(value: JsonValue, indent = 2): string {
  const out: string[] = [];
  const write = (v: JsonValue, depth: number): void => {
    const s = scalar(v);
    if (s !== null) {
      out.push(s);
      return;
    }
    // Small structures (a call, a short type) on one line, as a person would write them.
    // Deep inside data (a tree in a cell), indentation would outweigh the content: one line from there.
    if (indent > 0 && (depth >= MAX_INDENTED_DEPTH || oneLineLength(v, 100 - indent * depth) >= 0)) {
      out.push(oneLine(v, ", ", ": "));
      return;
    }
    const pad = indent > 0 ? "\n" + " ".repeat(indent * (depth + 1)) : "";
    const close = indent > 0 ? "\n" + " ".repeat(indent * depth) : "";
    const sep = indent > 0 ? ": " : ":";
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push("[]");
        return;
      }
      // Arrays of scalars (coefficients, thresholds) on one line.
      if (indent === 0 || v.every((x) => scalar(x) !== null)) {
        out.push(indent === 0 ? oneLine(v, ",", ":") : oneLine(v, ", ", ": "));
        return;
      }
      out.push("[");
      v.forEach((x, i) => {
        out.push(pad);
        write(x, depth + 1);
        if (i < v.length - 1) out.push(",");
      });
      out.push(close + "]");
      return;
    }
    if (isJsonObject(v)) {
      if (indent === 0) {
        out.push(oneLine(v, ",", ":"));
        return;
      }
      const keys = Object.keys(v);
      if (keys.length === 0) {
        out.push("{}");
        return;
      }
      out.push("{");
      keys.forEach((k, i) => {
        out.push(pad + JSON.stringify(k) + sep);
        write(v[k]!, depth + 1);
        if (i < keys.length - 1) out.push(",");
      });
      out.push(close + "}");
    }
  };
  write(value, 0);
  return out.join("");
}
