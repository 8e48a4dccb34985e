/**
 * Probability distributions (spec "prob.dist" module): densities, distribution functions and
 * quantile functions of 16 distributions, computed to near machine precision in the tails (the
 * kernels are in prob-special.ts).
 *
 * Parameter checks and the conventions at degenerate parameters (sigma = 0, lambda = 0, ...) follow
 * the reference engines, which the conformance suite pins. Discrete quantiles are the smallest x with
 * F(x) >= p (the spec's "x such that F(x) = p"), with a relative fuzz of 64 ulps so that a p equal to
 * some F(x) up to rounding gives that x. Documented deviations from the reference engines, where
 * they are plainly wrong, are commented at each function.
 */
import { bySite, fixed, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";
import {
  betaDensity,
  betaQuantile,
  dbinomRaw,
  dpoisRaw,
  fDensity,
  gammaDensity,
  gammaQuantile,
  normalCdf,
  normalQuantile,
  regBeta,
  regGamma,
  tDensity,
} from "./prob-special.js";

const LN_SQRT_2PI = 0.9189385332046728;
const SQRT_2PI = 2.5066282746310002;
/** Discrete quantiles look for F(x) >= p (1 - FUZZ). */
const FUZZ = 64 * 2.220446049250313e-16;

const finite = Number.isFinite;

function invalidParameters(code: number, name: string): never {
  throw new PFARuntimeError(code, "invalid parameterization", name);
}

function invalidInput(code: number, name: string): never {
  throw new PFARuntimeError(code, "invalid input", name);
}

/** A probability argument of a quantile function must lie in [0, 1] (NaN included in the error). */
function checkProbability(p: number, code: number, name: string): void {
  if (!(p >= 0 && p <= 1)) invalidInput(code, name);
}

interface MeanVariance {
  readonly mean: number;
  readonly variance: number;
}

/** The scratch pair that betaQuantile fills. */
const pair = { x: 0, y: 0 };

/**
 * The smallest integer k in [lo, hi] with cdf(k) >= p (1 - FUZZ), searched from a starting guess by
 * doubling steps, then bisection. cdf is non-decreasing; hi may be Infinity.
 */
function discreteQuantile(p: number, guess: number, lo: number, hi: number, cdf: (k: number) => number): number {
  const target = p * (1 - FUZZ);
  const k = Math.min(Math.max(Number.isFinite(guess) ? Math.round(guess) : lo, lo), hi === Infinity ? Number.MAX_SAFE_INTEGER : hi);
  let below: number;
  let above: number;
  if (cdf(k) >= target) {
    // the answer is at most k: step down until below it
    above = k;
    let step = 1;
    for (;;) {
      if (above === lo) return lo;
      const c = Math.max(above - step, lo);
      if (cdf(c) >= target) {
        above = c;
        step *= 2;
      } else {
        below = c;
        break;
      }
    }
  } else {
    below = k;
    let step = 1;
    for (;;) {
      const c = Math.min(below + step, hi);
      if (c === below) return hi;
      if (cdf(c) >= target) {
        above = c;
        break;
      }
      below = c;
      step *= 2;
    }
  }
  while (above - below > 1) {
    const mid = Math.floor((below + above) / 2);
    if (cdf(mid) >= target) above = mid;
    else below = mid;
  }
  return above;
}

/** The Cornish-Fisher start of a discrete quantile search: mean, standard deviation, skewness. */
function cornishFisher(p: number, mu: number, sigma: number, gamma: number): number {
  const z = normalQuantile(p);
  return Math.floor(mu + sigma * (z + (gamma * (z * z - 1)) / 6) + 0.5);
}

function binomialCdf(k: number, size: number, prob: number): number {
  if (k < 0) return 0;
  if (k >= size) return 1;
  return regBeta(1 - prob, prob, size - k, k + 1, false);
}

function negativeBinomialCdf(k: number, size: number, prob: number): number {
  if (k < 0) return 0;
  return regBeta(prob, 1 - prob, size, k + 1, false);
}

/** P(X = x) of the hypergeometric distribution (m white, n black, k drawn), by the binomial identity. */
function hypergeometricPmf(x: number, m: number, n: number, k: number): number {
  if (x < Math.max(0, k - n) || x > Math.min(k, m)) return 0;
  const total = m + n;
  const p = k / total;
  const q = (total - k) / total;
  return (dbinomRaw(x, m, p, q) * dbinomRaw(k - x, n, p, q)) / dbinomRaw(k, total, p, q);
}

/**
 * P(X <= x) of the hypergeometric distribution: the pmf at x times the sum of the ratios P(j)/P(x)
 * below x, which decrease geometrically when x is below the mean; above it, the complement by symmetry.
 */
function hypergeometricCdf(x: number, m: number, n: number, k: number): number {
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  if (x < lo) return 0;
  if (x >= hi) return 1;
  const total = m + n;
  if (x * total > k * m) {
    // P(X <= x) = 1 - P(X >= x + 1) = 1 - P(Y <= k - x - 1) with Y the count of black balls drawn
    return 1 - hypergeometricLowerSum(k - x - 1, n, m, k);
  }
  return hypergeometricLowerSum(x, m, n, k);
}

function hypergeometricLowerSum(x: number, m: number, n: number, k: number): number {
  const lo = Math.max(0, k - n);
  let sum = 1;
  let term = 1;
  for (let j = x; j > lo; j--) {
    // P(j - 1) / P(j) = j (n - k + j) / ((m - j + 1) (k - j + 1))
    term *= (j * (n - k + j)) / ((m - j + 1) * (k - j + 1));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(sum * hypergeometricPmf(x, m, n, k), 1);
}

export const functions: readonly LibFcnImpl[] = [
  bySite("prob.dist.gaussianLL", (site) => {
    const name = "prob.dist.gaussianLL";
    const ll = (x: number, mu: number, sigma: number): number => {
      if (!finite(mu) || !finite(sigma) || sigma < 0) invalidParameters(13000, name);
      if (!finite(x)) invalidInput(13001, name);
      if (sigma === 0) return x === mu ? Infinity : -Infinity;
      const z = (x - mu) / sigma;
      return -0.5 * z * z - Math.log(sigma) - LN_SQRT_2PI;
    };
    if (site.sigIndex === 0) return ll;
    return (x: number, params: MeanVariance) => ll(x, params.mean, Math.sqrt(params.variance));
  }),

  bySite("prob.dist.gaussianCDF", (site) => {
    const name = "prob.dist.gaussianCDF";
    const cdf = (x: number, mu: number, sigma: number): number => {
      if (!finite(mu) || !finite(sigma) || sigma < 0) invalidParameters(13010, name);
      if (!finite(x)) invalidInput(13011, name);
      if (sigma === 0) return x < mu ? 0 : 1;
      return normalCdf((x - mu) / sigma);
    };
    if (site.sigIndex === 0) return cdf;
    return (x: number, params: MeanVariance) => cdf(x, params.mean, Math.sqrt(params.variance));
  }),

  bySite("prob.dist.gaussianQF", (site) => {
    const name = "prob.dist.gaussianQF";
    const qf = (p: number, mu: number, sigma: number): number => {
      if (!finite(mu) || !finite(sigma) || sigma < 0) invalidParameters(13020, name);
      checkProbability(p, 13021, name);
      if (p === 1) return Infinity;
      if (p === 0) return -Infinity;
      if (sigma === 0) return mu;
      return mu + sigma * normalQuantile(p);
    };
    if (site.sigIndex === 0) return qf;
    return (p: number, params: MeanVariance) => qf(p, params.mean, Math.sqrt(params.variance));
  }),

  fixed("prob.dist.exponentialPDF", (x: number, lambda: number) => {
    if (!finite(lambda) || lambda < 0) invalidParameters(13030, "prob.dist.exponentialPDF");
    if (!finite(x)) invalidInput(13031, "prob.dist.exponentialPDF");
    if (lambda === 0 || x < 0) return 0;
    return lambda * Math.exp(-lambda * x);
  }),

  fixed("prob.dist.exponentialCDF", (x: number, lambda: number) => {
    if (!finite(lambda) || lambda < 0) invalidParameters(13040, "prob.dist.exponentialCDF");
    if (!finite(x)) invalidInput(13041, "prob.dist.exponentialCDF");
    if (lambda === 0 || x <= 0) return 0;
    return -Math.expm1(-lambda * x);
  }),

  fixed("prob.dist.exponentialQF", (p: number, lambda: number) => {
    if (!finite(lambda) || lambda < 0) invalidParameters(13050, "prob.dist.exponentialQF");
    checkProbability(p, 13051, "prob.dist.exponentialQF");
    if (p === 0) return 0;
    if (lambda === 0 || p === 1) return Infinity;
    return -Math.log1p(-p) / lambda;
  }),

  fixed("prob.dist.chi2PDF", (x: number, dof: number) => {
    if (dof < 0) invalidParameters(13060, "prob.dist.chi2PDF");
    if (!finite(x)) invalidInput(13061, "prob.dist.chi2PDF");
    if (dof === 0) return x === 0 ? Infinity : 0;
    if (x < 0) return 0;
    // At x = 0 the spec's formula (x^(dof/2 - 1) ...), where the reference engines return 0.
    if (x === 0) return dof < 2 ? Infinity : dof === 2 ? 0.5 : 0;
    return gammaDensity(dof / 2, x / 2) / 2;
  }),

  fixed("prob.dist.chi2CDF", (x: number, dof: number) => {
    if (dof < 0) invalidParameters(13070, "prob.dist.chi2CDF");
    if (!finite(x)) invalidInput(13071, "prob.dist.chi2CDF");
    // All the mass at 0, so F(0) = 1 (the reference engines return 0 there).
    if (dof === 0) return x >= 0 ? 1 : 0;
    return regGamma(dof / 2, x / 2, false);
  }),

  fixed("prob.dist.chi2QF", (p: number, dof: number) => {
    if (dof < 0) invalidParameters(13080, "prob.dist.chi2QF");
    checkProbability(p, 13081, "prob.dist.chi2QF");
    if (p === 1) return Infinity;
    if (dof === 0 || p === 0) return 0;
    return 2 * gammaQuantile(dof / 2, p, 1 - p);
  }),

  fixed("prob.dist.poissonPDF", (x: number, lambda: number) => {
    if (!finite(lambda) || lambda < 0) invalidParameters(13090, "prob.dist.poissonPDF");
    if (x < 0) return 0;
    return dpoisRaw(x, lambda);
  }),

  fixed("prob.dist.poissonCDF", (x: number, lambda: number) => {
    if (!finite(lambda) || lambda < 0) invalidParameters(13100, "prob.dist.poissonCDF");
    if (x < 0) return 0;
    if (lambda === 0) return 1;
    return regGamma(x + 1, lambda, true);
  }),

  fixed("prob.dist.poissonQF", (p: number, lambda: number) => {
    if (!finite(lambda) || lambda < 0) invalidParameters(13110, "prob.dist.poissonQF");
    checkProbability(p, 13111, "prob.dist.poissonQF");
    if (lambda === 0 || p === 0) return 0;
    if (p === 1) return Infinity;
    const sigma = Math.sqrt(lambda);
    return discreteQuantile(p, cornishFisher(p, lambda, sigma, 1 / sigma), 0, Infinity, (k) => regGamma(k + 1, lambda, true));
  }),

  fixed("prob.dist.gammaPDF", (x: number, shape: number, scale: number) => {
    if (!finite(shape) || !finite(scale) || shape < 0 || scale < 0) invalidParameters(13120, "prob.dist.gammaPDF");
    if (!finite(x)) invalidInput(13121, "prob.dist.gammaPDF");
    if (shape === 0 || scale === 0) return x === 0 ? Infinity : 0;
    if (x < 0) return 0;
    if (x === 0) return shape < 1 ? Infinity : shape === 1 ? 1 / scale : 0;
    return gammaDensity(shape, x / scale) / scale;
  }),

  fixed("prob.dist.gammaCDF", (x: number, shape: number, scale: number) => {
    if (!finite(shape) || !finite(scale) || shape < 0 || scale < 0) invalidParameters(13130, "prob.dist.gammaCDF");
    if (!finite(x)) invalidInput(13131, "prob.dist.gammaCDF");
    // All the mass at 0 (the reference engines return 1 for x != 0 and 0 at x = 0).
    if (shape === 0 || scale === 0) return x >= 0 ? 1 : 0;
    return regGamma(shape, x / scale, false);
  }),

  fixed("prob.dist.gammaQF", (p: number, shape: number, scale: number) => {
    if (!finite(shape) || !finite(scale) || shape <= 0 || scale <= 0) invalidParameters(13140, "prob.dist.gammaQF");
    checkProbability(p, 13141, "prob.dist.gammaQF");
    if (p === 1) return Infinity;
    if (p === 0) return 0;
    return scale * gammaQuantile(shape, p, 1 - p);
  }),

  fixed("prob.dist.betaPDF", (x: number, a: number, b: number) => {
    if (!finite(a) || !finite(b) || a <= 0 || b <= 0) invalidParameters(13150, "prob.dist.betaPDF");
    if (!finite(x)) invalidInput(13151, "prob.dist.betaPDF");
    if (x < 0 || x > 1) return 0;
    // At the ends of [0, 1] the spec's formula, where the reference engines return 0.
    if (x === 0) return a < 1 ? Infinity : a === 1 ? b : 0;
    if (x === 1) return b < 1 ? Infinity : b === 1 ? a : 0;
    return betaDensity(x, 1 - x, a, b);
  }),

  fixed("prob.dist.betaCDF", (x: number, a: number, b: number) => {
    if (!finite(a) || !finite(b) || a <= 0 || b <= 0) invalidParameters(13160, "prob.dist.betaCDF");
    if (!finite(x)) invalidInput(13161, "prob.dist.betaCDF");
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    return regBeta(x, 1 - x, a, b, false);
  }),

  fixed("prob.dist.betaQF", (p: number, a: number, b: number) => {
    if (!finite(a) || !finite(b) || a <= 0 || b <= 0) invalidParameters(13170, "prob.dist.betaQF");
    checkProbability(p, 13171, "prob.dist.betaQF");
    if (p === 0 || p === 1) return p;
    betaQuantile(p, 1 - p, a, b, pair);
    return pair.x;
  }),

  fixed("prob.dist.cauchyPDF", (x: number, location: number, scale: number) => {
    if (!finite(location) || !finite(scale) || scale <= 0) invalidParameters(13180, "prob.dist.cauchyPDF");
    if (!finite(x)) invalidInput(13181, "prob.dist.cauchyPDF");
    const z = (x - location) / scale;
    return 1 / (Math.PI * scale * (1 + z * z));
  }),

  fixed("prob.dist.cauchyCDF", (x: number, location: number, scale: number) => {
    if (!finite(location) || !finite(scale) || scale <= 0) invalidParameters(13190, "prob.dist.cauchyCDF");
    if (!finite(x)) invalidInput(13191, "prob.dist.cauchyCDF");
    const z = (x - location) / scale;
    // the lower tail as atan(1/|z|)/pi, without cancellation
    return z < -1 ? Math.atan(-1 / z) / Math.PI : 0.5 + Math.atan(z) / Math.PI;
  }),

  fixed("prob.dist.cauchyQF", (p: number, location: number, scale: number) => {
    if (!finite(location) || !finite(scale) || scale <= 0) invalidParameters(13200, "prob.dist.cauchyQF");
    checkProbability(p, 13201, "prob.dist.cauchyQF");
    if (p === 1) return Infinity;
    if (p === 0) return -Infinity;
    if (p === 0.5) return location;
    // tan(pi (p - 1/2)) as -cot(pi p) or cot(pi (1 - p)), exact in the tails
    return location + scale * (p < 0.5 ? -1 / Math.tan(Math.PI * p) : 1 / Math.tan(Math.PI * (1 - p)));
  }),

  fixed("prob.dist.fPDF", (x: number, d1: number, d2: number) => {
    if (d1 <= 0 || d2 <= 0) invalidParameters(13210, "prob.dist.fPDF");
    if (!finite(x)) invalidInput(13211, "prob.dist.fPDF");
    if (x < 0) return 0;
    // At x = 0 the density's limit, where the reference engines return 0.
    if (x === 0) return d1 < 2 ? Infinity : d1 === 2 ? 1 : 0;
    return fDensity(x, d1, d2);
  }),

  fixed("prob.dist.fCDF", (x: number, d1: number, d2: number) => {
    if (d1 <= 0 || d2 <= 0) invalidParameters(13220, "prob.dist.fCDF");
    if (!finite(x)) invalidInput(13221, "prob.dist.fCDF");
    if (x <= 0) return 0;
    const u = d1 * x;
    return regBeta(u / (u + d2), d2 / (u + d2), d1 / 2, d2 / 2, false);
  }),

  fixed("prob.dist.fQF", (p: number, d1: number, d2: number) => {
    if (d1 <= 0 || d2 <= 0) invalidParameters(13230, "prob.dist.fQF");
    checkProbability(p, 13231, "prob.dist.fQF");
    if (p === 1) return Infinity;
    if (p === 0) return 0;
    betaQuantile(p, 1 - p, d1 / 2, d2 / 2, pair);
    return (d2 * pair.x) / (d1 * pair.y);
  }),

  fixed("prob.dist.lognormalPDF", (x: number, meanlog: number, sdlog: number) => {
    if (!finite(meanlog) || !finite(sdlog) || sdlog <= 0) invalidParameters(13240, "prob.dist.lognormalPDF");
    if (!finite(x)) invalidInput(13241, "prob.dist.lognormalPDF");
    if (x <= 0) return 0;
    const z = (Math.log(x) - meanlog) / sdlog;
    return Math.exp(-0.5 * z * z) / (x * sdlog * SQRT_2PI);
  }),

  fixed("prob.dist.lognormalCDF", (x: number, meanlog: number, sdlog: number) => {
    if (!finite(meanlog) || !finite(sdlog) || sdlog <= 0) invalidParameters(13250, "prob.dist.lognormalCDF");
    if (!finite(x)) invalidInput(13251, "prob.dist.lognormalCDF");
    if (x <= 0) return 0;
    return normalCdf((Math.log(x) - meanlog) / sdlog);
  }),

  fixed("prob.dist.lognormalQF", (p: number, meanlog: number, sdlog: number) => {
    if (!finite(meanlog) || !finite(sdlog) || sdlog <= 0) invalidParameters(13260, "prob.dist.lognormalQF");
    checkProbability(p, 13261, "prob.dist.lognormalQF");
    if (p === 1) return Infinity;
    if (p === 0) return 0;
    return Math.exp(meanlog + sdlog * normalQuantile(p));
  }),

  fixed("prob.dist.tPDF", (x: number, dof: number) => {
    if (dof <= 0) invalidParameters(13270, "prob.dist.tPDF");
    if (!finite(x)) invalidInput(13271, "prob.dist.tPDF");
    return tDensity(x, dof);
  }),

  fixed("prob.dist.tCDF", (x: number, dof: number) => {
    if (dof <= 0) invalidParameters(13280, "prob.dist.tCDF");
    if (!finite(x)) invalidInput(13281, "prob.dist.tCDF");
    const x2 = x * x;
    if (x2 === Infinity) return x < 0 ? 0 : 1;
    // the tail beyond |x| is I_{dof/(dof + x^2)}(dof/2, 1/2) / 2
    const tail = 0.5 * regBeta(dof / (dof + x2), x2 / (dof + x2), dof / 2, 0.5, false);
    return x < 0 ? tail : 1 - tail;
  }),

  fixed("prob.dist.tQF", (p: number, dof: number) => {
    if (dof <= 0) invalidParameters(13290, "prob.dist.tQF");
    checkProbability(p, 13291, "prob.dist.tQF");
    if (p === 1) return Infinity;
    if (p === 0) return -Infinity;
    if (p === 0.5) return 0;
    // both tails beyond |t| together: I_{dof/(dof + t^2)}(dof/2, 1/2) = 2 min(p, 1 - p)
    const twoTails = 2 * Math.min(p, 1 - p);
    betaQuantile(twoTails, 1 - twoTails, dof / 2, 0.5, pair);
    const t = Math.sqrt((dof * pair.y) / pair.x);
    return p < 0.5 ? -t : t;
  }),

  // P(X = size) is prob^size, where the reference engines return 0 for x >= size.
  fixed("prob.dist.binomialPDF", (x: number, size: number, prob: number) => {
    if (!finite(prob) || size <= 0 || prob < 0 || prob > 1) invalidParameters(13300, "prob.dist.binomialPDF");
    if (x < 0 || x > size) return 0;
    return dbinomRaw(x, size, prob, 1 - prob);
  }),

  fixed("prob.dist.binomialCDF", (x: number, size: number, prob: number) => {
    if (!finite(prob) || size <= 0 || prob < 0 || prob > 1) invalidParameters(13310, "prob.dist.binomialCDF");
    if (!finite(x)) invalidInput(13311, "prob.dist.binomialCDF");
    return binomialCdf(Math.floor(x), size, prob);
  }),

  // Not in the conformance suite (the reference engines are wrong there): checked against exact values.
  fixed("prob.dist.binomialQF", (p: number, size: number, prob: number) => {
    if (!finite(prob) || size < 0 || prob < 0 || prob > 1) invalidParameters(13320, "prob.dist.binomialQF");
    checkProbability(p, 13321, "prob.dist.binomialQF");
    const lo = prob === 1 ? size : 0;
    const hi = prob === 0 ? 0 : size;
    if (p === 0 || lo === hi) return lo;
    if (p === 1) return hi;
    const q = 1 - prob;
    const sigma = Math.sqrt(size * prob * q);
    return discreteQuantile(p, cornishFisher(p, size * prob, sigma, (q - prob) / sigma), lo, hi, (k) => binomialCdf(k, size, prob));
  }),

  fixed("prob.dist.uniformPDF", (x: number, min: number, max: number) => {
    if (!finite(min) || !finite(max) || min >= max) invalidParameters(13330, "prob.dist.uniformPDF");
    if (!finite(x)) invalidInput(13331, "prob.dist.uniformPDF");
    return x < min || x > max ? 0 : 1 / (max - min);
  }),

  fixed("prob.dist.uniformCDF", (x: number, min: number, max: number) => {
    if (!finite(min) || !finite(max) || min >= max) invalidParameters(13340, "prob.dist.uniformCDF");
    if (!finite(x)) invalidInput(13341, "prob.dist.uniformCDF");
    if (x <= min) return 0;
    if (x >= max) return 1;
    return (x - min) / (max - min);
  }),

  fixed("prob.dist.uniformQF", (p: number, min: number, max: number) => {
    if (!finite(min) || !finite(max) || min >= max) invalidParameters(13350, "prob.dist.uniformQF");
    checkProbability(p, 13351, "prob.dist.uniformQF");
    return min + p * (max - min);
  }),

  fixed("prob.dist.geometricPDF", (x: number, prob: number) => {
    if (!finite(prob) || prob <= 0 || prob > 1) invalidParameters(13360, "prob.dist.geometricPDF");
    if (x < 0) return 0;
    // (1 - prob)^x, exactly when 1 - prob is
    return prob * (prob >= 0.5 ? Math.pow(1 - prob, x) : Math.exp(x * Math.log1p(-prob)));
  }),

  fixed("prob.dist.geometricCDF", (x: number, prob: number) => {
    if (!finite(prob) || prob <= 0 || prob > 1) invalidParameters(13370, "prob.dist.geometricCDF");
    if (!finite(x)) invalidInput(13371, "prob.dist.geometricCDF");
    if (x < 0) return 0;
    if (prob === 1) return 1;
    return -Math.expm1((Math.floor(x) + 1) * Math.log1p(-prob));
  }),

  // When p equals F(k) exactly (as p = prob equals F(0)), k; the reference engines return k + 1.
  fixed("prob.dist.geometricQF", (p: number, prob: number) => {
    if (!finite(prob) || prob <= 0 || prob > 1) invalidParameters(13380, "prob.dist.geometricQF");
    checkProbability(p, 13381, "prob.dist.geometricQF");
    if (p === 1) return Infinity;
    if (p === 0 || prob === 1) return 0;
    const lq = Math.log1p(-prob);
    const cdf = (k: number): number => -Math.expm1((k + 1) * lq);
    return discreteQuantile(p, Math.floor(Math.log1p(-p) / lq), 0, Infinity, cdf);
  }),

  // Not in the conformance suite (the reference engines are wrong there): checked against exact
  // values. The parameter checks are the spec's (n = 0 black balls is allowed).
  fixed("prob.dist.hypergeometricPDF", (x: number, m: number, n: number, k: number) => {
    if (m + n < k || m < 0 || n < 0 || m + n === 0 || k < 0) invalidParameters(13390, "prob.dist.hypergeometricPDF");
    return hypergeometricPmf(x, m, n, k);
  }),

  fixed("prob.dist.hypergeometricCDF", (x: number, m: number, n: number, k: number) => {
    if (m + n < k || m < 0 || n < 0 || m + n === 0 || k < 0) invalidParameters(13400, "prob.dist.hypergeometricCDF");
    return hypergeometricCdf(x, m, n, k);
  }),

  fixed("prob.dist.hypergeometricQF", (p: number, m: number, n: number, k: number) => {
    if (m + n < k || m < 0 || n < 0 || m + n === 0 || k < 0) invalidParameters(13410, "prob.dist.hypergeometricQF");
    checkProbability(p, 13411, "prob.dist.hypergeometricQF");
    const lo = Math.max(0, k - n);
    const hi = Math.min(k, m);
    if (p === 0 || lo === hi) return lo;
    if (p === 1) return hi;
    return discreteQuantile(p, (k * m) / (m + n), lo, hi, (x) => hypergeometricCdf(x, m, n, k));
  }),

  fixed("prob.dist.weibullPDF", (x: number, shape: number, scale: number) => {
    if (!finite(shape) || !finite(scale) || shape <= 0 || scale <= 0) invalidParameters(13420, "prob.dist.weibullPDF");
    if (!finite(x)) invalidInput(13421, "prob.dist.weibullPDF");
    if (x < 0) return 0;
    // At x = 0 the spec's formula (infinite for shape < 1, where the reference engines return NaN).
    if (x === 0) return shape < 1 ? Infinity : shape === 1 ? 1 / scale : 0;
    const t = x / scale;
    const tPow = Math.pow(t, shape - 1);
    return (shape / scale) * tPow * Math.exp(-tPow * t);
  }),

  fixed("prob.dist.weibullCDF", (x: number, shape: number, scale: number) => {
    if (!finite(shape) || !finite(scale) || shape <= 0 || scale <= 0) invalidParameters(13430, "prob.dist.weibullCDF");
    if (!finite(x)) invalidInput(13431, "prob.dist.weibullCDF");
    if (x <= 0) return 0;
    return -Math.expm1(-Math.pow(x / scale, shape));
  }),

  fixed("prob.dist.weibullQF", (p: number, shape: number, scale: number) => {
    if (!finite(shape) || !finite(scale) || shape <= 0 || scale <= 0) invalidParameters(13440, "prob.dist.weibullQF");
    checkProbability(p, 13441, "prob.dist.weibullQF");
    if (p === 1) return Infinity;
    return scale * Math.pow(-Math.log1p(-p), 1 / shape);
  }),

  // Not in the conformance suite (the reference engines are wrong there): checked against exact
  // values. The parameter checks are the spec's (prob = 0 is allowed: no success ever, P(X = x) = 0).
  fixed("prob.dist.negativeBinomialPDF", (x: number, size: number, prob: number) => {
    if (!finite(prob) || prob < 0 || prob > 1 || size < 0) invalidParameters(13450, "prob.dist.negativeBinomialPDF");
    if (x < 0) return 0;
    if (size === 0 || prob === 1) return x === 0 ? 1 : 0;
    if (prob === 0) return 0;
    return (size / (size + x)) * dbinomRaw(size, size + x, prob, 1 - prob);
  }),

  // With size = 0 all the mass is at 0 (the reference engines return 0 for x > 0).
  fixed("prob.dist.negativeBinomialCDF", (x: number, size: number, prob: number) => {
    if (!finite(prob) || prob <= 0 || prob > 1 || size < 0) invalidParameters(13460, "prob.dist.negativeBinomialCDF");
    if (!finite(x)) invalidInput(13461, "prob.dist.negativeBinomialCDF");
    if (x < 0) return 0;
    if (size === 0 || prob === 1) return 1;
    return negativeBinomialCdf(Math.floor(x), size, prob);
  }),

  // Not in the conformance suite (the reference engines are wrong there): checked against exact
  // values. The parameter checks are the spec's (size = 0 is an error, prob = 0 is allowed).
  fixed("prob.dist.negativeBinomialQF", (p: number, size: number, prob: number) => {
    if (!finite(prob) || prob < 0 || prob > 1 || size <= 0) invalidParameters(13470, "prob.dist.negativeBinomialQF");
    checkProbability(p, 13471, "prob.dist.negativeBinomialQF");
    if (p === 0 || prob === 1) return 0;
    if (p === 1 || prob === 0) return Infinity;
    const q = 1 - prob;
    const sq = Math.sqrt(size * q);
    return discreteQuantile(p, cornishFisher(p, (size * q) / prob, sq / prob, (2 - prob) / sq), 0, Infinity, (k) =>
      negativeBinomialCdf(k, size, prob),
    );
  }),
];
