/**
 * The YAML reader: the `yaml` package parses (YAML 1.2, core schema), and we build the JSON model of
 * json-value.ts from its node tree ourselves, because its own toJS cannot keep `1.0` apart from `1`
 * and only bounds alias expansion after it has started expanding.
 */
import {
  type Alias,
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  type Scalar,
  visit,
  YAMLError,
} from "yaml";
import { JsonDouble, type JsonObject, type JsonValue } from "./json-value.js";

export interface ParseYamlOptions {
  /**
   * Collections nested deeper than this (after alias expansion) are refused. Default 500: the yaml
   * library composes recursively (about 1 KB of stack per level) and overflows near 850 levels, and a
   * stack overflow inside it can abort the whole process (V8 may be compiling a regular expression
   * at that moment), so the limit is checked on its token tree before composing.
   */
  maxDepth?: number;
  /** Most nodes that alias expansion may produce in total ("billion laughs" guard). Default 1,000,000. */
  maxAliasNodes?: number;
}

/** A document that is not acceptable YAML. `line` and `column` are 1-based, 0 when unknown. */
export class YamlSyntaxError extends Error {
  constructor(
    /** The problem without the location. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(line > 0 ? `YAML syntax error at line ${line}, column ${column}: ${reason}` : `YAML syntax error: ${reason}`);
    this.name = "YamlSyntaxError";
  }
}

export const DEFAULT_YAML_MAX_DEPTH = 500;
export const DEFAULT_MAX_ALIAS_NODES = 1_000_000;
const FLOAT_TAG = "tag:yaml.org,2002:float";
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export function parseYaml(text: string, options?: ParseYamlOptions): JsonValue {
  const maxDepth = options?.maxDepth ?? DEFAULT_YAML_MAX_DEPTH;
  const lines = new LineCounter();
  const doc = composeSingleDocument(text, lines, maxDepth);
  const builder = new Builder(lines, maxDepth, options?.maxAliasNodes ?? DEFAULT_MAX_ALIAS_NODES);
  builder.resolveAliases(doc);
  return builder.build(doc.contents, 0);
}

/** What parseDocument does, with a depth check between tokenizing (iterative) and composing (recursive). */
function composeSingleDocument(text: string, lines: LineCounter, maxDepth: number): Document.Parsed {
  const fail = (reason: string, offset: number): never => {
    const pos = lines.linePos(offset);
    throw new YamlSyntaxError(reason, pos.line, pos.col);
  };
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const tooDeep = firstTooDeep(tokens, maxDepth);
  if (tooDeep !== undefined) fail(`nesting deeper than ${maxDepth} levels`, tooDeep);

  const composer = new Composer({ schema: "core", uniqueKeys: true, intAsBigInt: true });
  const docs = Array.from(composer.compose(tokens, true, text.length));
  const doc = docs[0];
  if (doc === undefined) return fail("no document", 0);
  const second = docs[1];
  if (second !== undefined) fail("a YAML stream with more than one document", second.range[0]);
  const error = doc.errors[0];
  if (error !== undefined) fail(firstLine(error), error.pos[0]);
  return doc;
}

function firstLine(error: YAMLError): string {
  return error.message.split("\n")[0] ?? error.code;
}

/** The offset of the first collection nested deeper than `maxDepth`, walking the token tree without recursion. */
function firstTooDeep(tokens: CST.Token[], maxDepth: number): number | undefined {
  const pending: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [token, depth] = next;
    if (token.type === "document") {
      if (token.value) pending.push([token.value, depth]);
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth >= maxDepth) return token.offset;
      for (const item of token.items) {
        if (item.key) pending.push([item.key, depth + 1]);
        if (item.value) pending.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

class Builder {
  /** Each alias's target, found the way YAML defines it: the latest earlier node with that anchor. */
  private readonly targets = new Map<Alias, Node>();
  /** Memoized expanded sizes (node counts), saturated at maxAliasNodes + 1. */
  private readonly sizes = new Map<Node, number>();
  private readonly sizing = new Set<Node>();
  private aliasNodes = 0;
  /** Greater than 0 while building a copy of an alias target, whose nested aliases are already counted. */
  private insideAlias = 0;

  constructor(
    private readonly lines: LineCounter,
    private readonly maxDepth: number,
    private readonly maxAliasNodes: number,
  ) {}

  resolveAliases(doc: Document.Parsed): void {
    const latest = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const target = latest.get(node.source);
          if (target === undefined) this.fail(node, `alias *${node.source} has no anchor before it`);
          this.targets.set(node, target);
        } else if (node.anchor) {
          latest.set(node.anchor, node);
        }
      },
    });
  }

  build(node: unknown, depth: number): JsonValue {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return this.scalar(node);
    if (depth >= this.maxDepth) this.fail(node, `nesting deeper than ${this.maxDepth} levels`);
    if (isSeq(node)) return node.items.map((item) => this.build(item, depth + 1));
    if (isMap(node)) return this.map(node.items, depth);
    if (isAlias(node)) return this.alias(node, depth);
    return this.fail(node, "unsupported YAML node");
  }

  private map(pairs: readonly { key: unknown; value: unknown }[], depth: number): JsonObject {
    const out: JsonObject = {};
    for (const pair of pairs) {
      const key = this.key(pair.key);
      if (Object.hasOwn(out, key)) this.fail(pair.key, `duplicate key ${JSON.stringify(key)} in mapping`);
      const value = this.build(pair.value, depth + 1);
      // "__proto__" must become an own member, never the object's prototype.
      Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  /** Scalar keys become strings the way the yaml library does for JSON output (null is ""). */
  private key(node: unknown): string {
    const resolved = isAlias(node) ? this.targets.get(node) : node;
    if (resolved === null || resolved === undefined) return "";
    if (!isScalar(resolved)) return this.fail(node, "mapping keys must be scalars (strings)");
    const v = resolved.value;
    if (v === null || v === undefined) return "";
    if (typeof v === "string" || typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") {
      return String(v);
    }
    return this.fail(node, "unsupported mapping key");
  }

  private alias(node: Alias, depth: number): JsonValue {
    const target = this.targets.get(node);
    if (target === undefined) return this.fail(node, `alias *${node.source} has no anchor before it`);
    if (this.insideAlias === 0) {
      this.aliasNodes += this.sizeOf(target, node, depth);
      if (this.aliasNodes > this.maxAliasNodes) {
        this.fail(node, `aliases would expand to more than ${this.maxAliasNodes} nodes`);
      }
    }
    this.insideAlias++;
    try {
      return this.build(target, depth);
    } finally {
      this.insideAlias--;
    }
  }

  /** The number of nodes a copy of `node` has, counted before copying so that a bomb is never built. */
  private sizeOf(node: unknown, alias: Alias, depth: number): number {
    if (!isNode(node) || isScalar(node)) return 1;
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    if (depth >= this.maxDepth) this.fail(alias, `nesting deeper than ${this.maxDepth} levels`);
    if (this.sizing.has(node)) this.fail(alias, `alias *${alias.source} refers to a node that contains it`);
    this.sizing.add(node);
    let size = 1;
    if (isAlias(node)) {
      size = this.sizeOf(this.targets.get(node), node, depth);
    } else if (isSeq(node)) {
      for (const item of node.items) size += this.sizeOf(item, alias, depth + 1);
    } else if (isMap(node)) {
      for (const pair of node.items) size += this.sizeOf(pair.value, alias, depth + 1);
    }
    size = Math.min(size, this.maxAliasNodes + 1);
    this.sizing.delete(node);
    this.sizes.set(node, size);
    return size;
  }

  private scalar(node: Scalar): JsonValue {
    const v: unknown = node.value;
    if (v === null || v === undefined) return null;
    if (typeof v === "boolean") return v;
    // With intAsBigInt every int scalar arrives as a bigint, so a number is always a float scalar.
    if (typeof v === "bigint") return v <= MAX_SAFE_BIG && v >= -MAX_SAFE_BIG ? Number(v) : v;
    if (typeof v === "number") return double(v);
    if (typeof v === "string") {
      // The library leaves `!!float 1` unresolved (a string), although YAML 1.2's core schema allows it.
      if (node.tag === FLOAT_TAG && /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(v)) {
        return double(Number(v));
      }
      return v;
    }
    return this.fail(node, "unsupported scalar value");
  }

  private fail(node: unknown, reason: string): never {
    const offset = isNode(node) ? node.range?.[0] : undefined;
    const pos = offset === undefined ? undefined : this.lines.linePos(offset);
    throw new YamlSyntaxError(reason, pos?.line ?? 0, pos?.col ?? 0);
  }
}

function double(v: number): number | JsonDouble {
  return Number.isInteger(v) ? new JsonDouble(v) : v;
}
