/**
 * PMML's XML, read safely: no DTDs (so no entity expansion, internal or external: "billion laughs" and
 * XXE documents are refused before parsing), no processing of entities beyond XML's five predefined
 * ones, a size limit, and a small element tree (name, attributes, children in order, text) that the
 * rest of the reader walks. Namespaces are dropped: PMML documents use one default namespace per
 * version, and extensions live in <Extension> elements.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface XmlElement {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The element's own text (trimmed), for elements such as Array and Timestamp. */
  text: string;
  /** The same text untrimmed: an InlineTable cell's spaces are part of its value. */
  rawText: string;
}

export class XmlError extends Error {}

/** Documents above this size are refused (the limit on what one conversion may hold in memory). */
export const MAX_PMML_BYTES = 512 * 1024 * 1024;

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (_whole, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const v = PREDEFINED[ref];
    if (v === undefined) throw new XmlError(`undefined entity &${ref}; (PMML documents may use only XML's predefined entities)`);
    return v;
  });
}

function localName(qname: string): string {
  const i = qname.indexOf(":");
  return i < 0 ? qname : qname.slice(i + 1);
}

type Raw = Record<string, unknown>;

function convert(raw: Raw): XmlElement | null {
  const keys = Object.keys(raw).filter((k) => k !== ":@");
  if (keys.length !== 1) return null;
  const tag = keys[0]!;
  if (tag === "#text" || tag.startsWith("?")) return null;
  const attrsRaw = (raw[":@"] ?? {}) as Record<string, string>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) {
    if (k === "xmlns" || k.startsWith("xmlns:")) continue;
    attrs[localName(k)] = decodeEntities(String(v));
  }
  const children: XmlElement[] = [];
  const texts: string[] = [];
  for (const child of (raw[tag] as Raw[]) ?? []) {
    if ("#text" in child) texts.push(decodeEntities(String(child["#text"])));
    else {
      const c = convert(child);
      if (c !== null) children.push(c);
    }
  }
  return { name: localName(tag), attrs, children, text: texts.join(" ").trim(), rawText: texts.join("") };
}

/** Parses a PMML document's text to its root element. Throws XmlError with a one-line reason. */
export function parseXml(text: string): XmlElement {
  if (text.length > MAX_PMML_BYTES) throw new XmlError(`larger than ${MAX_PMML_BYTES} bytes`);
  // Refuse any document type declaration: it is how entity bombs and external entities get in.
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype !== null) {
    const entities = /<!ENTITY/i.test(text);
    throw new XmlError(`a document type declaration (<!DOCTYPE>${entities ? " with entity declarations" : ""}) is not allowed: PMML needs none, and entities could expand without bound or read external files`);
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw new XmlError(`not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    processEntities: false,
    htmlEntities: false,
    trimValues: false, // attribute values keep their spaces ("  female"); element text is trimmed in convert()
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const raw = parser.parse(text) as Raw[];
  const roots = raw.map(convert).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) throw new XmlError(`expected one root element, found ${roots.length}`);
  return roots[0]!;
}

/** The first child named `name`, if any. */
export function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name);
}

/** Every child named `name` (or any of `names`). */
export function children(e: XmlElement, ...names: string[]): XmlElement[] {
  return e.children.filter((c) => names.includes(c.name));
}

/** PMML's Array element (`<Array type="real" n="3">1 2 3</Array>`): strings may be quoted, with \" inside. */
export function parseArray(e: XmlElement): string[] {
  const out: string[] = [];
  const s = e.text;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (s[i] === '"') {
      let v = "";
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && s[i + 1] === '"') {
          v += '"';
          i += 2;
        } else v += s[i++];
      }
      i++;
      out.push(v);
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}
