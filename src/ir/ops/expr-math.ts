/**
 * Numerics for the `expr` op's reference evaluation, written from the mathematical definitions (not
 * from the PFA library): the error function and the normal distribution, rounding, printf-style
 * number formatting, and the total order on numbers that PMML's comparisons use.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * erf(x) by its Maclaurin series, sum (-1)^n x^(2n+1) / (n! (2n+1)), for |x| <= 1.5 (the terms stay
 * below 1, so the alternating sum loses at most a digit).
 */
function erfMaclaurin(x: number): number {
  const x2 = x * x;
  let power = x; // (-1)^n x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 100; n++) {
    power *= -x2 / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/**
 * erfc(x) for x >= 1.5 by Laplace's continued fraction,
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the
 * bottom up with a fixed depth (ample at x = 1.5; the depth only costs time).
 */
function erfcLaplace(x: number): number {
  let tail = x;
  for (let n = 2000; n >= 1; n--) tail = x + n / 2 / tail;
  // exp(-x^2) with x^2 split so that the rounding of x*x does not reach the result: x = hi + lo.
  const hi = Math.round(x * 4096) / 4096;
  const lo = x - hi;
  return (Math.exp(-hi * hi) * Math.exp(-lo * (x + hi))) / SQRT_PI / tail;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) <= 1.5) return erfMaclaurin(x);
  const c = Math.abs(x) > 27 ? 0 : erfcLaplace(Math.abs(x));
  return x > 0 ? 1 - c : c - 1;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 1.5) return x > 27 ? 0 : erfcLaplace(x);
  if (x <= -1.5) return 2 - (x < -27 ? 0 : erfcLaplace(-x));
  return 1 - erfMaclaurin(x);
}

/** The standard normal density. */
export function stdNormalPdf(x: number): number {
  return Math.exp(-0.5 * (x * x)) / Math.sqrt(2 * Math.PI);
}

/**
 * The standard normal quantile, by Newton's method on the CDF from a bisection start: in the middle
 * (0.25 <= p <= 0.75) it solves erf(x/sqrt 2) = 2p - 1, which is exact in p there, so that results
 * near zero keep their relative precision; in the tails it solves erfc(-x/sqrt 2)/2 = p (or 1 - p,
 * exact for p >= 0.5), which keeps the precision of tiny probabilities.
 */
export function stdNormalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.75) return -stdNormalQuantile(1 - p);
  const middle = p >= 0.25;
  const target = middle ? 2 * p - 1 : p;
  const f = (x: number): number => (middle ? erf(x / Math.SQRT2) - target : 0.5 * erfc(-x / Math.SQRT2) - target);
  const df = (x: number): number => (middle ? 2 : 1) * stdNormalPdf(x);
  // Bracket, then bisect to a good start: the quantile of p >= 1e-320 lies within [-40, 1].
  let lo = -40;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  let x = (lo + hi) / 2;
  for (let i = 0; i < 50; i++) {
    const d = df(x);
    if (d === 0) break;
    const step = f(x) / d;
    const next = x - step;
    if (!(next >= lo && next <= hi)) break;
    x = next;
    if (Math.abs(step) <= 1e-17 * Math.abs(x) || step === 0) break;
  }
  return x;
}

/** The closest whole number, ties toward positive infinity (exact: no x + 0.5 rounding). */
export function roundHalfUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

/** The closest whole number, ties to the even one (IEEE rint); the sign of zero is kept. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r: number;
  if (d > 0.5) r = f + 1;
  else if (d < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/**
 * The order PMML's comparisons use on numbers: numerically, with NaN above every number (Java's
 * `Double.compare`, PFA's sort order); unlike Java, -0 and 0 are equal.
 */
export function compareTotal(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting (C's %d and %f; formatNumber's patterns)

/**
 * |x| with `precision` digits after the point, correctly rounded from the exact binary value, ties
 * to even (as C's printf does): x = m 2^e exactly, and the digits are round(m 2^e 10^precision).
 */
export function fixedDigits(x: number, precision: number): string {
  const v = Math.abs(x);
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const bits = buf.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const m = exponent === 0 ? fraction : fraction | (1n << 52n);
  const e = exponent === 0 ? -1074 : exponent - 1075;
  let num = m * 10n ** BigInt(precision);
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const twiceRest = (num - q * den) * 2n;
  if (twiceRest > den || (twiceRest === den && q % 2n === 1n)) q += 1n;
  const digits = q.toString();
  if (precision === 0) return digits;
  const padded = digits.padStart(precision + 1, "0");
  return `${padded.slice(0, padded.length - precision)}.${padded.slice(padded.length - precision)}`;
}

/** One printf conversion: %[-][0][width][.precision](d|f). */
export interface PrintfSpec {
  prefix: string;
  suffix: string;
  leftJustify: boolean;
  zeroPad: boolean;
  width: number | null;
  precision: number | null;
  conversion: "d" | "f";
}

/** Parses a pattern with exactly one %d or %f conversion (and any %% escapes); null when it has another form. */
export function parsePrintf(pattern: string): PrintfSpec | null {
  const parts: string[] = [];
  let spec: RegExpExecArray | null = null;
  let specAt = -1;
  let i = 0;
  let literal = "";
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c !== "%") {
      literal += c;
      i++;
      continue;
    }
    if (pattern[i + 1] === "%") {
      literal += "%";
      i += 2;
      continue;
    }
    const m = /^%(-?)(0?)([1-9][0-9]{0,2})?(?:\.([0-9]{1,2}))?([a-zA-Z])/.exec(pattern.slice(i));
    if (m === null || spec !== null) return null;
    spec = m;
    parts.push(literal);
    literal = "";
    specAt = parts.length;
    i += m[0].length;
  }
  parts.push(literal);
  if (spec === null || specAt !== 1) return null;
  const [, minus, zero, width, precision, conversion] = spec;
  if (conversion !== "d" && conversion !== "f") return null;
  if (conversion === "d" && precision !== undefined) return null;
  if (minus === "-" && zero === "0") return null;
  if ((minus === "-" || zero === "0") && width === undefined) return null;
  return {
    prefix: parts[0]!,
    suffix: parts[1]!,
    leftJustify: minus === "-",
    zeroPad: zero === "0",
    width: width === undefined ? null : Number(width),
    precision: precision === undefined ? null : Number(precision),
    conversion,
  };
}

function pad(body: string, spec: PrintfSpec): string {
  const w = spec.width ?? 0;
  if (body.length >= w) return body;
  if (spec.leftJustify) return body.padEnd(w, " ");
  if (spec.zeroPad) return body.startsWith("-") ? "-" + body.slice(1).padStart(w - 1, "0") : body.padStart(w, "0");
  return body.padStart(w, " ");
}

/** Formats an integer (`%d`) or a number (`%f`, NaN as "nan", infinities as "inf"/"-inf"); -0 prints as 0. */
export function formatPrintf(spec: PrintfSpec, x: number | bigint): string {
  let body: string;
  if (spec.conversion === "d") body = String(x);
  else {
    const v = Number(x);
    if (Number.isNaN(v)) body = "nan";
    else if (!Number.isFinite(v)) body = v > 0 ? "inf" : "-inf";
    else body = (v < 0 ? "-" : "") + fixedDigits(v, spec.precision ?? 6);
  }
  return spec.prefix + pad(body, spec) + spec.suffix;
}
