/**
 * PFA documents as YAML (`pfa convert --yaml`). Integral doubles keep a fraction (`2.0`) so that they
 * read back as doubles, as in the JSON form.
 */
import { Document, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { type JsonValue, JsonDouble, isJsonObject } from "../pfa/json-value.js";

function node(doc: Document, v: JsonValue): unknown {
  if (v instanceof JsonDouble) {
    const s = new Scalar(v.value);
    s.minFractionDigits = 1;
    return s;
  }
  if (Array.isArray(v)) {
    const seq = new YAMLSeq();
    for (const x of v) seq.add(node(doc, x));
    return seq;
  }
  if (isJsonObject(v)) {
    const map = new YAMLMap();
    for (const [k, x] of Object.entries(v)) map.add(doc.createPair(k, node(doc, x)));
    return map;
  }
  return new Scalar(v);
}

export function serializeYaml(value: JsonValue): string {
  const doc = new Document();
  doc.contents = node(doc, value) as Document["contents"];
  return doc.toString({ lineWidth: 0 });
}
