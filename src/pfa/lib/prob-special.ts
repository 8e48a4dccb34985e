/**
 * Numerical kernels of the "prob.dist" module: the normal distribution function and its inverse,
 * the regularized incomplete gamma and beta functions and their inverses, and densities computed
 * without cancellation (Loader's saddle-point form, ln f = -stirlerr - bd0, which keeps full
 * relative precision in the tails and for large parameters).
 *
 * Conventions: `upper` selects the upper tail (1 - F) computed directly rather than by subtraction,
 * so that small upper-tail probabilities keep their relative precision.
 */
import { erfc, lnGamma } from "./m.special.js";

const LN_SQRT_2PI = 0.9189385332046728;
const LN_2PI = 1.8378770664093453;
const SQRT_2PI = 2.5066282746310002;
const EPS = 2.220446049250313e-16;
const TINY = 1e-300;
const MAX_ITER = 100000;
/** The smallest normal double. */
const DBL_MIN = 2.2250738585072014e-308;

// ---------------------------------------------------------------------------------------------
// Saddle-point pieces

/** ln Gamma(n + 1) - ((n + 1/2) ln n - n + ln sqrt(2 pi)): the error of Stirling's formula, n > 0. */
export function stirlerr(n: number): number {
  if (n <= 15) return lnGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const nn = 1 / (n * n);
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - nn / 1188) * nn) * nn) * nn) / n;
}

/** x ln(x / m) + m - x, the deviance term, without cancellation when x is close to m. */
export function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** Gamma(n + 1) / (Gamma(x + 1) Gamma(n - x + 1)) p^x q^(n - x) for real 0 <= x <= n, with q = 1 - p. */
export function dbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  if (x < 0 || x > n) return 0;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** lambda^x e^(-lambda) / Gamma(x + 1) for real x >= 0. */
export function dpoisRaw(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 1 : 0;
  if (lambda === Infinity) return 0;
  if (x < 0) return 0;
  if (x <= lambda * DBL_MIN) return Math.exp(-lambda);
  if (lambda < x * DBL_MIN) return Math.exp(-lambda + x * Math.log(lambda) - lnGamma(x + 1));
  return Math.exp(-stirlerr(x) - bd0(x, lambda)) / Math.sqrt(2 * Math.PI * x);
}

/** ln Beta(a, b) for a, b > 0, without the cancellation of ln Gamma differences for large arguments. */
export function lnBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlerr(p) + stirlerr(q) - stirlerr(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlerr(q) - stirlerr(p + q);
    return lnGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return lnGamma(p) + lnGamma(q) - lnGamma(p + q);
}

// ---------------------------------------------------------------------------------------------
// Normal distribution

/** The standard normal distribution function (lower tail). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * The standard normal quantile at p (0 < p < 1), by Wichura's algorithm AS 241 (PPND16, relative
 * accuracy about 1e-16). For p > 1/2 the tail is taken from 1 - p, which is exact there.
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r +
          45921.95393154987) * r + 13731.69376550946) * r + 1971.5909503065513) * r +
          133.14166789178438) * r + 3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r +
        21213.794301586597) * r + 5394.196021424751) * r + 687.1870074920579) * r +
        42.31333070160091) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) * r + 3.6478483247632045) * r + 5.769497221460691) * r +
        4.630337846156546) * r + 1.4234371107496835) /
      (((((((r * 1.0507500716444169e-09 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) * r + 0.6897673349851) * r + 1.6763848301838038) * r +
        2.053191626637759) * r + 1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.0103343992922881e-07 + 2.7115555687434876e-05) * r + 0.0012426609473880784) * r +
        0.026532189526576124) * r + 0.29656057182850487) * r + 1.7848265399172913) * r +
        5.463784911164114) * r + 6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-07) * r + 1.8463183175100548e-05) * r +
        0.0007868691311456133) * r + 0.014875361290850615) * r + 0.1369298809227358) * r +
        0.599832206555888) * r + 1);
  }
  return q < 0 ? -val : val;
}

// ---------------------------------------------------------------------------------------------
// Regularized incomplete gamma function

/** P(a, x) (or Q(a, x) = 1 - P(a, x) when `upper`) for a > 0, x >= 0: series below a + 1, continued fraction above. */
export function regGamma(a: number, x: number, upper: boolean): number {
  if (!(x > 0)) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  if (a > 1e6) return gammaTemme(a, x, upper);
  if (x < a + 1) {
    // P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n))
    let term = 1;
    let sum = 1;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * EPS) break;
    }
    const lower = dpoisRaw(a, x) * sum;
    return upper ? 1 - lower : Math.min(lower, 1);
  }
  // Q = x^a e^-x / Gamma(a) * 1/(x + 1 - a - 1(1 - a)/(x + 3 - a - 2(2 - a)/(x + 5 - a - ...))), modified Lentz
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const uq = Math.min(a * dpoisRaw(a, x) * h, 1);
  return upper ? uq : 1 - uq;
}

/** Taylor coefficients of Temme's c0(eta) and c1(eta) about eta = 0 (where their closed forms cancel). */
const TEMME_C0 = [
  -1 / 3, 1 / 12, -2 / 135, 1 / 864, 1 / 2835, -139 / 777600, 1 / 25515, -571 / 261273600, -281 / 151559100,
  163879 / 197522841600,
];
const TEMME_C1 = [
  -1 / 540, -1 / 288, 1 / 378, -77 / 77760, 1 / 4860, -1 / 2488320, -2743 / 151559100, 41969 / 5486745600,
  -11 / 6823440,
];

function horner(coeffs: readonly number[], z: number): number {
  let acc = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) acc = acc * z + coeffs[i]!;
  return acc;
}

/**
 * P(a, x) or Q(a, x) for large a by Temme's uniform asymptotic expansion: with lambda = x / a and
 * a eta^2 / 2 = a (lambda - 1 - ln lambda), Q = erfc(eta sqrt(a/2)) / 2 + e^(-a eta^2/2) / sqrt(2 pi a)
 * (c0(eta) + c1(eta) / a + O(1/a^2)); the neglected terms are below 1e-15 relative for a > 1e6.
 */
function gammaTemme(a: number, x: number, upper: boolean): number {
  const mu = (x - a) / a;
  const d = bd0(a, x);
  const sign = mu < 0 ? -1 : 1;
  const eta = sign * Math.sqrt((2 * d) / a);
  let c0: number;
  let c1: number;
  if (Math.abs(eta) < 0.3) {
    c0 = horner(TEMME_C0, eta);
    c1 = horner(TEMME_C1, eta);
  } else {
    c0 = 1 / mu - 1 / eta;
    c1 = 1 / (eta * eta * eta) - 1 / (mu * mu * mu) - 1 / (mu * mu) - 1 / (12 * mu);
  }
  const r = (Math.exp(-d) / Math.sqrt(2 * Math.PI * a)) * (c0 + c1 / a);
  const root = sign * Math.sqrt(d);
  return upper ? 0.5 * erfc(root) + r : 0.5 * erfc(-root) - r;
}

/** The density of the standard gamma distribution, x^(a-1) e^-x / Gamma(a), for x > 0. */
export function gammaDensity(a: number, x: number): number {
  return a < 1 ? (dpoisRaw(a, x) * a) / x : dpoisRaw(a - 1, x);
}

/** A bisection step inside the bracket (lo, hi): geometric while the bracket spans orders of magnitude. */
function bisect(lo: number, hi: number): number {
  const l = lo > 0 ? lo : Number.MIN_VALUE;
  const h = hi < Infinity ? hi : Number.MAX_VALUE;
  if (h > 4 * l) return Math.exp(0.5 * (Math.log(l) + Math.log(h)));
  return 0.5 * lo + 0.5 * hi;
}

/** The x with P(a, x) = p and Q(a, x) = q (p + q = 1, 0 < p < 1; the smaller of the two is taken as exact). */
export function gammaQuantile(a: number, p: number, q: number): number {
  const lowerSide = p <= q;
  // Initial guess: Wilson-Hilferty, or the small-x expansion P ~ x^a / Gamma(a + 1) where it holds.
  const z = lowerSide ? normalQuantile(p) : -normalQuantile(q);
  const c = 1 / (9 * a);
  let x = a * Math.pow(1 - c + z * Math.sqrt(c), 3);
  if (lowerSide) {
    const small = Math.exp((Math.log(p) + lnGamma(a + 1)) / a);
    if (!(x > 0) || small < 0.2 * (a + 1)) x = small;
  }
  // a root below the smallest double
  if (lowerSide && regGamma(a, Number.MIN_VALUE, false) >= p) return 0;
  if (!(x > 0)) x = Number.MIN_VALUE;
  if (!(x < Infinity)) x = Number.MAX_VALUE;
  let lo = 0;
  let hi = Infinity;
  for (let iter = 0; iter < 1000; iter++) {
    // the residual of the smaller tail, increasing in x
    const r = lowerSide ? regGamma(a, x, false) - p : q - regGamma(a, x, true);
    if (r === 0) return x;
    if (r > 0) hi = x;
    else lo = x;
    const dens = gammaDensity(a, x);
    let next = NaN;
    if (dens > 0 && dens < Infinity) {
      const u = r / dens;
      next = x - u / (1 - 0.5 * Math.min(1, Math.max(-1, u * ((a - 1) / x - 1))));
    }
    if (!(next > lo && next < hi)) next = bisect(lo, hi);
    if (!(next > 0)) return 0;
    if (Math.abs(next - x) <= 2 * EPS * next || (hi < Infinity && hi - lo <= 2 * EPS * hi)) return next;
    x = next;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Regularized incomplete beta function

/** Continued fraction of I_x(a, b) (modified Lentz); converges fast for x < (a + 1) / (a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** x^a y^b / (a Beta(a, b)), y = 1 - x given separately for precision (the saddle-point form of dbinomRaw(a, a + b, x, y)). */
function betaFront(a: number, b: number, x: number, y: number): number {
  const n = a + b;
  if (n * x < a * DBL_MIN || n * y < b * DBL_MIN) return Math.exp(a * Math.log(x) + b * Math.log(y) - lnBeta(a, b)) / a;
  const lc = stirlerr(n) - stirlerr(a) - stirlerr(b) - bd0(a, n * x) - bd0(b, n * y);
  const lf = LN_2PI + Math.log(a) + Math.log(b) - Math.log(n);
  return (b / n) * Math.exp(lc - 0.5 * lf);
}

/**
 * The regularized incomplete beta function I_x(a, b) (or 1 - I_x(a, b) when `upper`), for a, b > 0
 * and 0 <= x <= 1 with y = 1 - x given separately (so that either can be small without losing digits).
 */
export function regBeta(x: number, y: number, a: number, b: number, upper: boolean): number {
  if (!(x > 0)) return upper ? 1 : 0;
  if (!(y > 0)) return upper ? 0 : 1;
  if (x < (a + 1) / (a + b + 2)) {
    const v = Math.min(betaFront(a, b, x, y) * betaFraction(a, b, x), 1);
    return upper ? 1 - v : v;
  }
  const v = Math.min(betaFront(b, a, y, x) * betaFraction(b, a, y), 1);
  return upper ? v : 1 - v;
}

/** The density of the beta distribution at 0 < x < 1, with y = 1 - x. */
export function betaDensity(x: number, y: number, a: number, b: number): number {
  if (a <= 2 || b <= 2) return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(y) - lnBeta(a, b));
  return (a + b - 1) * dbinomRaw(a - 1, a + b - 2, x, y);
}

/**
 * The beta quantile: x with I_x(a, b) = p and 1 - I_x(a, b) = q (p + q = 1, 0 < p < 1). Both x and
 * y = 1 - x are returned, each to full relative precision (the equation is solved for the smaller one).
 */
export function betaQuantile(p: number, q: number, a: number, b: number, out: { x: number; y: number }): void {
  // Initial guess (as in Numerical Recipes' invbetai): a normal approximation for a, b >= 1, else the
  // leading terms of the two tails. Both x0 and y0 = 1 - x0 are kept, to decide which end to solve from.
  let x0: number;
  let y0: number;
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : q;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x0 = a / (a + b * Math.exp(2 * w));
    y0 = b / (b + a * Math.exp(-2 * w));
  } else {
    const t = Math.exp(a * Math.log(a / (a + b))) / a;
    const u = Math.exp(b * Math.log(b / (a + b))) / b;
    const w = t + u;
    if (p < t / w) {
      x0 = Math.pow(a * w * p, 1 / a);
      y0 = 1 - x0;
    } else {
      y0 = Math.pow(b * w * q, 1 / b);
      x0 = 1 - y0;
    }
  }
  // Solve for the smaller of x and 1 - x (I_y(b, a) = q is the same equation seen from the other
  // end), again from the other end if the guess was on the wrong side of 1/2.
  let fromLow = !(y0 < x0);
  let x = 0;
  let y = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (fromLow) {
      x = solveBeta(p, q, a, b, x0 > 0 && x0 < 0.5 ? x0 : 0.25);
      y = 1 - x;
      if (x <= 0.5) break;
      y0 = y;
    } else {
      y = solveBeta(q, p, b, a, y0 > 0 && y0 < 0.5 ? y0 : 0.25);
      x = 1 - y;
      if (y <= 0.5) break;
      x0 = x;
    }
    fromLow = !fromLow;
  }
  out.x = x;
  out.y = y;
}

/** Safeguarded Halley iteration for I_x(a, b) = p (q = 1 - p), starting at x0 in (0, 1). */
function solveBeta(p: number, q: number, a: number, b: number, x0: number): number {
  const lbeta = lnBeta(a, b);
  const lowerSide = p <= q;
  // a root below the smallest double
  if (lowerSide ? regBeta(Number.MIN_VALUE, 1, a, b, false) >= p : q - regBeta(Number.MIN_VALUE, 1, a, b, true) >= 0) return 0;
  let lo = 0;
  let hi = 1;
  let x = x0;
  for (let iter = 0; iter < 1000; iter++) {
    const y = 1 - x;
    const r = lowerSide ? regBeta(x, y, a, b, false) - p : q - regBeta(x, y, a, b, true);
    if (r === 0) return x;
    if (r > 0) hi = x;
    else lo = x;
    const dens = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta);
    let next = NaN;
    if (dens > 0 && dens < Infinity) {
      const u = r / dens;
      next = x - u / (1 - 0.5 * Math.min(1, Math.max(-1, u * ((a - 1) / x - (b - 1) / y))));
    }
    if (!(next > lo && next < hi)) next = bisect(lo, hi);
    if (!(next > 0)) return 0;
    if (Math.abs(next - x) <= 2 * EPS * next || hi - lo <= 2 * EPS * hi) return next;
    x = next;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Other densities

/** Student's t density with n degrees of freedom (n > 0). */
export function tDensity(x: number, n: number): number {
  const t = -bd0(n / 2, (n + 1) / 2) + stirlerr((n + 1) / 2) - stirlerr(n / 2);
  const x2n = (x * x) / n;
  let u: number;
  let lx2n: number;
  if (x2n > 1 / EPS) {
    const ax = Math.abs(x);
    lx2n = Math.log(ax) - Math.log(n) / 2;
    u = n * lx2n;
  } else if (x2n > 0.2) {
    lx2n = Math.log(1 + x2n) / 2;
    u = n * lx2n;
  } else {
    lx2n = Math.log1p(x2n) / 2;
    u = -bd0(n / 2, (n + x * x) / 2) + (x * x) / 2;
  }
  return Math.exp(t - u - lx2n) / SQRT_2PI;
}

/** The F density with m and n degrees of freedom at x > 0. */
export function fDensity(x: number, m: number, n: number): number {
  const f = 1 / (n + x * m);
  const q = n * f;
  const p = x * m * f;
  if (m >= 2) return ((m * q) / 2) * dbinomRaw((m - 2) / 2, (m + n - 2) / 2, p, q);
  return ((m * m * q) / (2 * p * (m + n))) * dbinomRaw(m / 2, (m + n) / 2, p, q);
}
