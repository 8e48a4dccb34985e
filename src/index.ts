/**
 * pfa as a library: read PFA documents (JSON, YAML, gzipped .pfaz) and validate them against
 * PFA 0.8.1, getting every error with its JSON location.
 *
 *     import { readDocumentFile, validate } from "pfa";
 *     const result = validate(await readDocumentFile("model.pfa"));
 *     for (const e of result.errors) console.log(`${e.path || "/"}: ${e.message} [${e.code}]`);
 *
 * Failures to read a document throw DocumentReadError; other mistakes in the user's input are UserError.
 */
export { validate, type ValidationResult } from "./pfa/validate.js";
export { DocumentReadError, parseDocumentText, readDocumentFile } from "./pfa/load.js";
export type { Diagnostic, JsonObject, JsonValue } from "./pfa/json-value.js";
export { JsonDouble } from "./pfa/json-value.js";
export { UsageError, UserError } from "./errors.js";
