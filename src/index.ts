/**
 * pfa as a library: convert models to PFA (convert), prove the result scores like the model (diffScore),
 * read PFA documents (JSON, YAML, gzipped .pfaz), validate them against PFA 0.8.1
 * (every error with its JSON location), and run them.
 *
 *     import { PFAEngine, readDocumentFile, validate } from "pfa";
 *     const doc = await readDocumentFile("model.pfa");
 *     const result = validate(doc);
 *     const engine = PFAEngine.fromJson(doc);
 *     const out = engine.action({ x: 1.5 });
 *
 * Failures to read a document throw DocumentReadError; other mistakes in the user's input are UserError.
 */
export { validate, type ValidationResult } from "./pfa/validate.js";
export { DocumentReadError, parseDocumentText, readDocumentFile } from "./pfa/load.js";
export type { Diagnostic, JsonObject, JsonValue } from "./pfa/json-value.js";
export { JsonDouble } from "./pfa/json-value.js";
export { PFAEngine, PFAEngineFactory, PFAInitializationError, PFAValidationError, type EngineOptions } from "./pfa/engine.js";
export { PFARuntimeError, PFATimeoutError, PFAUserError } from "./pfa/runtime.js";
export { UsageError, UserError } from "./errors.js";
export { convert, readModel, type ConvertOptions, type Conversion } from "./convert.js";
export { diffScore, type DiffOptions, type DiffReport, type ReferenceScorer } from "./diff/diff-score.js";
export type { Pipeline, Step } from "./ir/pipeline.js";
export type { IRType, IRField } from "./ir/types.js";
export { writePfa } from "./writer/write.js";
