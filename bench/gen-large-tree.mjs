#!/usr/bin/env node
// Writes a large but realistic PFA document: a complete binary decision tree of the given depth,
// stored as cell data and walked with model.tree.simpleWalk (the shape tree converters produce).
// Usage: node bench/gen-large-tree.mjs DEPTH OUT.pfa   (depth 19 gives about 50 MB)
import { createWriteStream } from "node:fs";

const depth = Number(process.argv[2] ?? 19);
const out = createWriteStream(process.argv[3] ?? "large-tree.pfa");
const fields = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7"];

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function node(level) {
  if (level === depth) return `{"string":"leaf-${Math.floor(random() * 1000)}"}`;
  const field = fields[Math.floor(random() * fields.length)];
  const value = (random() * 100).toFixed(6);
  return `{"TreeNode":{"field":"${field}","operator":"<","value":${value},"pass":${node(level + 1)},"fail":${node(level + 1)}}}`;
}

const header = {
  name: "large-tree",
  input: { type: "record", name: "Input", fields: fields.map((name) => ({ name, type: "double" })) },
  output: "string",
  action: [
    {
      "model.tree.simpleWalk": [
        "input",
        { cell: "tree" },
        { params: [{ d: "Input" }, { t: "TreeNode" }], ret: "boolean", do: [{ "model.tree.simpleTest": ["d", "t"] }] },
      ],
    },
  ],
};
const treeType = {
  type: "record",
  name: "TreeNode",
  fields: [
    { name: "field", type: { type: "enum", name: "Fields", symbols: fields } },
    { name: "operator", type: "string" },
    { name: "value", type: "double" },
    { name: "pass", type: ["TreeNode", "string"] },
    { name: "fail", type: ["TreeNode", "string"] },
  ],
};
const text = JSON.stringify(header);
out.write(text.slice(0, -1));
out.write(`,"cells":{"tree":{"type":${JSON.stringify(treeType)},"init":`);
// The root is a TreeNode, not a union: unwrap the first level's tag.
const root = node(0);
out.write(root.slice('{"TreeNode":'.length, -1));
out.write("}}}\n");
out.end();
