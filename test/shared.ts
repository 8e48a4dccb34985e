/**
 * Where the read-only test material lives (../shared beside the repository), and how tests that need it
 * skip, visibly, when it is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { parseJson } from "../src/pfa/json.js";
import type { JsonValue } from "../src/pfa/json-value.js";

/** The repository root (tests run from dist/test/). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const HAVE_SHARED = existsSync(SHARED);
export const SKIP_SHARED = HAVE_SHARED ? false : `../shared is not present beside the repository (${SHARED}); the corpus and conformance suites need it`;

export function sharedPath(rel: string): string {
  return SHARED + rel;
}

/** Reads a JSON file (optionally gzipped) with PFA's number distinctions kept. */
export function readSharedJson(rel: string): JsonValue {
  const raw = readFileSync(sharedPath(rel));
  const text = rel.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return parseJson(text);
}
