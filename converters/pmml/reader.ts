/**
 * The `pmml` format reader: a `.pmml` file, or an `.xml` file whose root element is PMML. The XML is
 * read safely (xml.ts: no DTDs, hence no entity expansion or external entities; a size limit), and a
 * document that is not well-formed, truncated, or not PMML is refused in one line.
 *
 * A reader may offer references for diff-score: a PMML document's ModelVerification rows
 * (verification.ts) are the "model-verification" reference.
 */
import { open, readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { getHeapStatistics } from "node:v8";
import { UserError } from "../../src/errors.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import type { FormatReader } from "../registry.js";
import { readDocument } from "./document.js";
import { MODEL_READERS } from "./models/index.js";
import { modelVerificationReference } from "./verification.js";
import { MAX_PMML_BYTES, parseXml, XmlError, type XmlElement } from "./xml.js";

/**
 * The JavaScript heap a conversion needs per byte of PMML, measured on the largest documents real tools
 * write (tree ensembles: a 100 MB forest converts in a 1.2 GB heap and not in 1 GB; `npm run bench`).
 */
export const HEAP_BYTES_PER_PMML_BYTE = 12;

/**
 * Refuses, before reading it, a document that would not fit in this process's heap: a clear error
 * instead of V8's fatal out-of-memory abort halfway through.
 */
export function checkMemory(path: string, size: number, heapLimit = getHeapStatistics().heap_size_limit): void {
  const needed = size * HEAP_BYTES_PER_PMML_BYTE;
  if (needed <= heapLimit) return;
  const mb = (n: number) => `${Math.ceil(n / 1048576)} MB`;
  throw new UserError(
    `${path}: a ${mb(size)} document needs about ${mb(needed)} of memory to convert, more than this process may use (${mb(heapLimit)}): ` +
      `run it with NODE_OPTIONS=--max-old-space-size=${Math.ceil((needed * 1.1) / 1048576)}`,
  );
}

/** The name of the root element of an XML text's first bytes (after the declaration, comments, PIs). */
export function rootElementName(head: string): string | null {
  let s = head.replace(/^\uFEFF/, "");
  for (;;) {
    s = s.trimStart();
    if (s.startsWith("<?")) {
      const end = s.indexOf("?>");
      if (end < 0) return null;
      s = s.slice(end + 2);
    } else if (s.startsWith("<!--")) {
      const end = s.indexOf("-->");
      if (end < 0) return null;
      s = s.slice(end + 3);
    } else if (s.startsWith("<!")) {
      // A DOCTYPE: the root follows it; the reader refuses the document anyway.
      const m = /^<!DOCTYPE\s+([A-Za-z_][\w.:-]*)/i.exec(s);
      return m === null ? null : localName(m[1]!);
    } else break;
  }
  const m = /^<([A-Za-z_][\w.:-]*)/.exec(s);
  return m === null ? null : localName(m[1]!);
}

function localName(q: string): string {
  const i = q.indexOf(":");
  return i < 0 ? q : q.slice(i + 1);
}

async function head(path: string, bytes = 4096): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** Reads and parses a PMML file to its root element, refusing what is not a well-formed PMML document. */
export async function readPmmlRoot(path: string): Promise<XmlElement> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UserError(`${path}: not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read: ${(e as Error).message}`);
  }
  if (size > MAX_PMML_BYTES) throw new UserError(`${path}: the document is larger than ${MAX_PMML_BYTES} bytes`);
  checkMemory(path, size);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UserError(`${path}: cannot read: ${(e as Error).message}`);
  }
  if (text.trim() === "") throw new UserError(`${path}: the file is empty`);
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new UserError(`${path}: ${e.message}`);
    throw new UserError(`${path}: not well-formed XML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (root.name !== "PMML") throw new UserError(`${path}: the root element is <${root.name}>, not <PMML>`);
  return root;
}

/** A PMML file as an IR pipeline. */
export async function readPmml(path: string): Promise<Pipeline> {
  const root = await readPmmlRoot(path);
  const name = basename(path, extname(path));
  return readDocument(root, path, MODEL_READERS, name);
}

export const pmmlReader: FormatReader = {
  format: "pmml",
  description: "PMML 3.0 to 4.4 documents (.pmml, or .xml whose root element is PMML)",
  async detect(path) {
    const ext = extname(path).toLowerCase();
    if (ext !== ".pmml" && ext !== ".xml") return false;
    try {
      if (!(await stat(path)).isFile()) return false;
      if (ext === ".pmml") return true;
      return rootElementName(await head(path)) === "PMML";
    } catch {
      return false;
    }
  },
  read(path) {
    return readPmml(path);
  },
  references: {
    "model-verification": modelVerificationReference,
  },
};
