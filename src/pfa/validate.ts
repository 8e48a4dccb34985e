/**
 * `validate(doc)`: the spec's syntax and semantic checks of a PFA document (phases 1 and 2 of §3.1),
 * every problem with its JSON Pointer. The library entry point for programs and `pfa validate`.
 */
import type * as A from "./ast.js";
import type { Diagnostic, JsonValue } from "./json-value.js";
import { readDocument } from "./reader.js";
import { TypeChecker } from "./typecheck.js";

export interface ValidationResult {
  valid: boolean;
  errors: Diagnostic[];
}

/** Reads and type-checks a document; on success also returns the typed AST (used by the engine). */
export function checkDocument(json: JsonValue): ValidationResult & { doc: A.PfaDocument | null } {
  const { doc, errors } = readDocument(json);
  if (doc !== null) {
    const checker = new TypeChecker(doc);
    try {
      checker.check();
    } catch (err) {
      // The reader bounds expression nesting; deep data or types could still exhaust the stack.
      if (!(err instanceof RangeError)) throw err;
      checker.errors.push({ path: "", code: "syntax", message: "the document nests too deeply to be checked" });
    }
    errors.push(...checker.errors);
  }
  const unique = dedupe(errors);
  return { valid: unique.length === 0, errors: unique, doc: unique.length === 0 ? doc : null };
}

export function validate(json: JsonValue): ValidationResult {
  const { valid, errors } = checkDocument(json);
  return { valid, errors };
}

/** The same schema can be resolved from several places; report each problem once. */
function dedupe(errors: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.code}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
