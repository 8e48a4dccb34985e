// A generated PMML forest for the conversion benchmark: a MiningModel summing regression trees over
// 20 inputs, written as it is generated (the document is never held in memory here). Deterministic.
import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Writes the forest to `path`: `trees` trees, or as many as reach `bytes`, each of `depth`. Returns the
 * number of trees written.
 */
export function writeForest(path, { trees = Infinity, bytes = Infinity, depth = 6, features = 20 } = {}) {
  const fd = openSync(path, "w");
  let size = 0;
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const write = (s) => {
    size += Buffer.byteLength(s);
    writeSync(fd, s);
  };
  const fields = Array.from({ length: features }, (_, i) => `x${i}`);
  const mining = fields.map((f) => `<MiningField name="${f}"/>`).join("");
  write(`<?xml version="1.0"?>\n<PMML version="4.3" xmlns="http://www.dmg.org/PMML-4_3">\n<Header/>\n<DataDictionary>\n`);
  for (const f of fields) write(`<DataField name="${f}" optype="continuous" dataType="double"/>\n`);
  write(`<DataField name="y" optype="continuous" dataType="double"/>\n</DataDictionary>\n<MiningModel functionName="regression">\n`);
  write(`<MiningSchema>${mining}<MiningField name="y" usageType="target"/></MiningSchema>\n<Segmentation multipleModelMethod="sum">\n`);
  let id = 0;
  const node = (d, predicate) => {
    id++;
    if (d === 0) return `<Node id="${id}" score="${(random() * 2 - 1).toFixed(6)}">${predicate}</Node>\n`;
    const f = fields[Math.floor(random() * features)];
    const t = (random() * 10).toFixed(6);
    const left = node(d - 1, `<SimplePredicate field="${f}" operator="lessThan" value="${t}"/>`);
    const right = node(d - 1, `<SimplePredicate field="${f}" operator="greaterOrEqual" value="${t}"/>`);
    return `<Node id="${id}">${predicate}\n${left}${right}</Node>\n`;
  };
  let written = 0;
  while (written < trees && size < bytes) {
    written++;
    write(`<Segment id="${written}"><True/><TreeModel functionName="regression" noTrueChildStrategy="returnLastPrediction"><MiningSchema>${mining}</MiningSchema>\n`);
    write(node(depth, "<True/>"));
    write(`</TreeModel></Segment>\n`);
  }
  write(`</Segmentation>\n</MiningModel>\n</PMML>\n`);
  closeSync(fd);
  return written;
}
