/**
 * A strict JSON reader (RFC 8259) that keeps the distinctions PFA needs and JSON.parse erases:
 * `1` versus `1.0`, and integers beyond 2^53 (see json-value.ts for the model).
 *
 * The parser is iterative (an explicit stack of open containers), so a deeply nested document is
 * refused with a clear error at `maxDepth` instead of overflowing the JavaScript stack. It scans with
 * charCodeAt and takes strings and numbers as slices of the input, so a large document costs about
 * one pass over its text.
 */
import { JsonDouble, type JsonObject, type JsonValue } from "./json-value.js";

export interface ParseJsonOptions {
  /** Containers nested deeper than this are refused. Default 1000. */
  maxDepth?: number;
}

/** A document that is not JSON. `line` and `column` are 1-based; `column` counts UTF-16 code units. */
export class JsonSyntaxError extends Error {
  constructor(
    /** The problem without the location, e.g. "expected ',' or '}' after object member". */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly offset: number,
  ) {
    super(`JSON syntax error at line ${line}, column ${column}: ${reason}`);
    this.name = "JsonSyntaxError";
  }
}

export const DEFAULT_MAX_DEPTH = 1000;

export function parseJson(text: string, options?: ParseJsonOptions): JsonValue {
  return new Parser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH).parseDocument();
}

// Character codes the scanner compares against.
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const LEFT_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RIGHT_BRACKET = 0x5d;
const LOWER_E = 0x65;
const LOWER_U = 0x75;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const BOM = 0xfeff;

/** Characters allowed after a backslash, other than `u`. */
const SIMPLE_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"].map((c) => c.charCodeAt(0)));

/** Up to 15 digits always fit in a double exactly, so such integers skip the BigInt path. */
const MAX_FAST_INTEGER_DIGITS = 15;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** An open container: arrays collect elements; objects remember the key whose value comes next. */
type Frame = { array: JsonValue[] } | { object: JsonObject; key: string };

class Parser {
  private pos = 0;
  /** Where the most recent object key started, so that a duplicate is reported at the key. */
  private lastKeyOffset = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.fail("empty document: expected a JSON value");
    const value = this.parseNested();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail("unexpected content after the JSON value");
    return value;
  }

  /**
   * Reads one value. Containers push a frame and the loop goes on with their first member; each
   * finished value is attached to the innermost open frame, and closing brackets pop frames, so the
   * JavaScript stack depth stays constant whatever the nesting.
   */
  private parseNested(): JsonValue {
    const stack: Frame[] = [];
    for (;;) {
      this.skipWhitespace();
      let value: JsonValue;
      const c = this.text.charCodeAt(this.pos);
      if (c === LEFT_BRACE || c === LEFT_BRACKET) {
        if (stack.length >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
        this.pos++;
        this.skipWhitespace();
        if (c === LEFT_BRACKET) {
          if (this.text.charCodeAt(this.pos) !== RIGHT_BRACKET) {
            stack.push({ array: [] });
            continue;
          }
          this.pos++;
          value = [];
        } else {
          if (this.text.charCodeAt(this.pos) !== RIGHT_BRACE) {
            stack.push({ object: {}, key: this.parseKey() });
            continue;
          }
          this.pos++;
          value = {};
        }
      } else {
        value = this.parseScalar(c);
      }

      // Attach the value, then close every container that ends here.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) return value;
        this.skipWhitespace();
        const next = this.text.charCodeAt(this.pos);
        if ("array" in frame) {
          frame.array.push(value);
          if (next === COMMA) {
            this.pos++;
            this.refuseTrailingComma(RIGHT_BRACKET);
            break;
          }
          if (next !== RIGHT_BRACKET) this.failExpected("',' or ']' after array element");
          this.pos++;
          value = frame.array;
        } else {
          setMember(frame.object, frame.key, value);
          if (next === COMMA) {
            this.pos++;
            this.refuseTrailingComma(RIGHT_BRACE);
            frame.key = this.parseKey();
            if (Object.hasOwn(frame.object, frame.key)) this.failDuplicate(frame.key);
            break;
          }
          if (next !== RIGHT_BRACE) this.failExpected("',' or '}' after object member");
          this.pos++;
          value = frame.object;
        }
        stack.pop();
      }
    }
  }

  /** Reads `"key" :` and leaves the position at the member's value. */
  private parseKey(): string {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== QUOTE) this.failExpected("a string key");
    const keyStart = this.pos;
    const key = this.parseString();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== COLON) this.failExpected("':' after object key");
    this.pos++;
    this.lastKeyOffset = keyStart;
    return key;
  }

  private failDuplicate(key: string): never {
    this.pos = this.lastKeyOffset;
    this.fail(`duplicate key ${JSON.stringify(key)} in object`);
  }

  private refuseTrailingComma(closer: number): void {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === closer) this.fail("trailing comma is not allowed");
  }

  private parseScalar(c: number): JsonValue {
    if (c === QUOTE) return this.parseString();
    if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) return this.parseNumber();
    if (this.matchWord("true")) return true;
    if (this.matchWord("false")) return false;
    if (this.matchWord("null")) return null;
    return this.failUnexpectedValue(c);
  }

  private matchWord(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  /** Explains the mistakes people actually make instead of a bare "unexpected character". */
  private failUnexpectedValue(c: number): never {
    if (Number.isNaN(c)) this.fail("unexpected end of input: expected a JSON value");
    const rest = this.text.slice(this.pos, this.pos + 9);
    if (/^(NaN|-?Infinity)/.test(rest)) this.fail("NaN and Infinity are not JSON values");
    if (c === SLASH) this.fail("comments are not allowed in JSON");
    if (c === RIGHT_BRACE || c === RIGHT_BRACKET || c === COMMA || c === COLON) {
      this.fail(`unexpected '${String.fromCharCode(c)}': expected a JSON value`);
    }
    if (c === 0x27) this.fail("strings must use double quotes");
    if (c === BOM) this.fail("unexpected byte order mark (U+FEFF)");
    this.fail(`unexpected ${describeChar(this.text, this.pos)}: expected a JSON value`);
  }

  private parseString(): string {
    const text = this.text;
    const start = this.pos; // at the opening quote
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i = this.checkEscape(i);
        continue;
      }
      if (c < SPACE) {
        this.pos = i;
        this.fail(`raw control character ${describeChar(text, i)} in string (it must be escaped)`);
      }
      if (Number.isNaN(c)) {
        this.pos = start;
        this.fail("unterminated string");
      }
      i++;
    }
    this.pos = i + 1;
    // Escapes were validated above, so JSON.parse of the token cannot fail; it decodes \uXXXX pairs.
    return escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
  }

  /** Validates the escape at `i` (a backslash) and returns the index after it. */
  private checkEscape(i: number): number {
    const c = this.text.charCodeAt(i + 1);
    if (SIMPLE_ESCAPES.has(c)) return i + 2;
    if (c === LOWER_U) {
      for (let k = i + 2; k < i + 6; k++) {
        if (!isHexDigit(this.text.charCodeAt(k))) {
          this.pos = i;
          this.fail("invalid \\u escape: expected 4 hexadecimal digits");
        }
      }
      return i + 6;
    }
    this.pos = i;
    if (Number.isNaN(c)) this.fail("unterminated string");
    this.fail(`invalid escape '\\${String.fromCodePoint(this.text.codePointAt(i + 1) ?? 0)}' in string`);
  }

  private parseNumber(): number | bigint | JsonDouble {
    const text = this.text;
    const start = this.pos;
    let i = start;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;

    // Integer part: "0" or a nonzero digit followed by digits; accumulated as we go for the common case.
    const intStart = i;
    let c = text.charCodeAt(i);
    let magnitude = 0;
    if (c === DIGIT_0) {
      i++;
      c = text.charCodeAt(i);
      if (c >= DIGIT_0 && c <= DIGIT_9) this.failAt(start, "invalid number: leading zeros are not allowed");
    } else if (c >= DIGIT_1 && c <= DIGIT_9) {
      do {
        magnitude = magnitude * 10 + (c - DIGIT_0);
        c = text.charCodeAt(++i);
      } while (c >= DIGIT_0 && c <= DIGIT_9);
    } else if (text.startsWith("Infinity", i)) {
      this.failAt(start, "NaN and Infinity are not JSON values");
    } else {
      this.failAt(start, "invalid number: expected a digit after '-'");
    }
    const intDigits = i - intStart;

    let isFloat = false;
    if (c === DOT) {
      isFloat = true;
      i = this.skipDigits(i + 1, start, "a digit after the decimal point");
      c = text.charCodeAt(i);
    }
    if (c === LOWER_E || c === UPPER_E) {
      isFloat = true;
      i++;
      c = text.charCodeAt(i);
      if (c === PLUS || c === MINUS) i++;
      i = this.skipDigits(i, start, "a digit in the exponent");
    }
    this.pos = i;

    if (isFloat) {
      const v = Number(text.slice(start, i));
      return Number.isInteger(v) ? new JsonDouble(v) : v;
    }
    // Integers have no negative zero: "-0" is the int 0.
    if (intDigits <= MAX_FAST_INTEGER_DIGITS) return negative && magnitude !== 0 ? -magnitude : magnitude;
    const big = BigInt(text.slice(start, i));
    return big <= MAX_SAFE_BIG && big >= -MAX_SAFE_BIG ? Number(big) : big;
  }

  private skipDigits(i: number, numberStart: number, what: string): number {
    let c = this.text.charCodeAt(i);
    if (!(c >= DIGIT_0 && c <= DIGIT_9)) this.failAt(numberStart, `invalid number: expected ${what}`);
    do c = this.text.charCodeAt(++i);
    while (c >= DIGIT_0 && c <= DIGIT_9);
    return i;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
      i++;
    }
    this.pos = i;
  }

  private failExpected(what: string): never {
    if (this.pos >= this.text.length) this.fail(`unexpected end of input: expected ${what}`);
    this.fail(`expected ${what}`);
  }

  private failAt(offset: number, reason: string): never {
    this.pos = offset;
    this.fail(reason);
  }

  private fail(reason: string): never {
    const { line, column } = lineAndColumn(this.text, this.pos);
    throw new JsonSyntaxError(reason, line, column, this.pos);
  }
}

/** Sets a member so that "__proto__" becomes an own property instead of replacing the prototype. */
function setMember(object: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

function isHexDigit(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i) ?? 0;
  const hex = "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
  return cp < SPACE || cp === 0x7f ? hex : `'${String.fromCodePoint(cp)}' (${hex})`;
}

/** Computed only when reporting an error, so the scanner never tracks lines. CR, LF and CRLF end lines. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
