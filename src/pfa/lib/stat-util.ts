/**
 * What "stat.test" shares with the deprecated goodness-of-fit functions of "model.reg" (residual,
 * pull, Mahalanobis distance, chi-square accumulation and probability): the same code with each
 * module's error codes and degrees-of-freedom field (`dof` in stat.test, `DOF` in model.reg), and the
 * special functions behind the chi-square probability.
 */
import { newMap, PFARuntimeError, recordWith } from "../runtime.js";
import type { CallSite, CompiledFunction } from "./define.js";
import { inverseMatrix } from "./la.js";

type Vec = readonly number[];
type Mat = readonly Vec[];
type MapVec = Readonly<Record<string, number>>;
type MapMat = Readonly<Record<string, MapVec>>;

// ---------------------------------------------------------------------------------------------
// Special functions: log-gamma and the regularized incomplete gamma function

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln(Gamma(x)) for x > 0 (Lanczos approximation, relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), a > 0: by its
 * power series when x < a + 1, else as 1 - Q(a, x) with Q by Legendre's continued fraction (modified
 * Lentz), both to double precision.
 */
export function regularizedGammaP(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < 100000; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return Math.min(1, sum * Math.exp(logPrefactor));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefactor) * h);
}

// ---------------------------------------------------------------------------------------------
// Dense quadratic form

/** x^T C x, as (C x) then the dot product with x. */
export function quadraticForm(x: Vec, c: Mat): number {
  let out = 0;
  for (let i = 0; i < x.length; i++) {
    const row = c[i]!;
    let s = 0;
    for (let j = 0; j < x.length; j++) s += row[j]! * x[j]!;
    out += x[i]! * s;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Goodness of fit: the three signatures (scalar, array, map) of each function, by sigIndex

/** observation - prediction, element-wise; `misalignedCode` when the indexes or keys differ. */
export function residualFor(site: CallSite, misalignedCode: number): CompiledFunction {
  const name = site.name;
  const misaligned = (): PFARuntimeError => new PFARuntimeError(misalignedCode, "misaligned prediction", name);
  switch (site.sigIndex) {
    case 0:
      return (observation: number, prediction: number): number => observation - prediction;
    case 1:
      return (observation: Vec, prediction: Vec): number[] => {
        if (observation.length !== prediction.length) throw misaligned();
        return observation.map((o, i) => o - prediction[i]!);
      };
    default:
      return (observation: MapVec, prediction: MapVec) => {
        if (Object.keys(observation).length !== Object.keys(prediction).length) throw misaligned();
        const out = newMap<number>();
        for (const k in observation) {
          const p = prediction[k];
          if (p === undefined) throw misaligned();
          out[k] = observation[k]! - p;
        }
        return out;
      };
  }
}

/** (observation - prediction) / uncertainty, element-wise. */
export function pullFor(site: CallSite, predictionCode: number, uncertaintyCode: number): CompiledFunction {
  const name = site.name;
  const misalignedPrediction = (): PFARuntimeError => new PFARuntimeError(predictionCode, "misaligned prediction", name);
  const misalignedUncertainty = (): PFARuntimeError => new PFARuntimeError(uncertaintyCode, "misaligned uncertainty", name);
  switch (site.sigIndex) {
    case 0:
      return (observation: number, prediction: number, uncertainty: number): number => (observation - prediction) / uncertainty;
    case 1:
      return (observation: Vec, prediction: Vec, uncertainty: Vec): number[] => {
        if (observation.length !== prediction.length) throw misalignedPrediction();
        if (observation.length !== uncertainty.length) throw misalignedUncertainty();
        return observation.map((o, i) => (o - prediction[i]!) / uncertainty[i]!);
      };
    default:
      return (observation: MapVec, prediction: MapVec, uncertainty: MapVec) => {
        const n = Object.keys(observation).length;
        if (n !== Object.keys(prediction).length) throw misalignedPrediction();
        for (const k in observation) if (prediction[k] === undefined) throw misalignedPrediction();
        if (n !== Object.keys(uncertainty).length) throw misalignedUncertainty();
        const out = newMap<number>();
        for (const k in observation) {
          const u = uncertainty[k];
          if (u === undefined) throw misalignedUncertainty();
          out[k] = (observation[k]! - prediction[k]!) / u;
        }
        return out;
      };
  }
}

/** sqrt((o - p)^T C^-1 (o - p)); a singular C is pseudo-inverted; a negative form (C not positive definite) gives NaN. */
export function mahalanobisFor(site: CallSite, tooFewCode: number, predictionCode: number, covarianceCode: number): CompiledFunction {
  const name = site.name;
  const tooFew = (): PFARuntimeError => new PFARuntimeError(tooFewCode, "too few rows/cols", name);
  const misalignedPrediction = (): PFARuntimeError => new PFARuntimeError(predictionCode, "misaligned prediction", name);
  const misalignedCovariance = (): PFARuntimeError => new PFARuntimeError(covarianceCode, "misaligned covariance", name);
  const distance = (x: Vec, c: Mat): number => Math.sqrt(quadraticForm(x, inverseMatrix(c)));
  if (site.sigIndex === 0)
    return (observation: Vec, prediction: Vec, covariance: Mat): number => {
      const n = observation.length;
      if (n < 1) throw tooFew();
      if (prediction.length !== n) throw misalignedPrediction();
      if (covariance.length !== n || covariance.some((row) => row.length !== n)) throw misalignedCovariance();
      return distance(
        observation.map((o, i) => o - prediction[i]!),
        covariance,
      );
    };
  return (observation: MapVec, prediction: MapVec, covariance: MapMat): number => {
    const keys = Object.keys(observation);
    if (keys.length < 1) throw tooFew();
    if (Object.keys(prediction).length !== keys.length) throw misalignedPrediction();
    const x = keys.map((k) => {
      const p = prediction[k];
      if (p === undefined) throw misalignedPrediction();
      return observation[k]! - p;
    });
    if (Object.keys(covariance).length !== keys.length) throw misalignedCovariance();
    const c = keys.map((k) => {
      const row = covariance[k];
      if (row === undefined || Object.keys(row).length !== keys.length) throw misalignedCovariance();
      return keys.map((kk) => {
        const v = row[kk];
        if (v === undefined) throw misalignedCovariance();
        return v;
      });
    });
    return distance(x, c);
  };
}

/** Adds the squared pull(s) to `chi2` and one to the degrees of freedom (an int, wrapping like the JVM reference's). */
export function updateChi2For(site: CallSite, dofField: string): CompiledFunction {
  const update = (x: number, state: Record<string, unknown>): Record<string, unknown> =>
    recordWith(recordWith(state, "chi2", (state.chi2 as number) + x), dofField, ((state[dofField] as number) + 1) | 0);
  switch (site.sigIndex) {
    case 0:
      return (pull: number, state: Record<string, unknown>) => update(pull * pull, state);
    case 1:
      return (pull: Vec, state: Record<string, unknown>) => {
        let s = 0;
        for (const p of pull) s += p * p;
        return update(s, state);
      };
    default:
      return (pull: MapVec, state: Record<string, unknown>) => {
        let s = 0;
        for (const k in pull) s += pull[k]! * pull[k]!;
        return update(s, state);
      };
  }
}

export function reducedChi2For(dofField: string): CompiledFunction {
  return (state: Readonly<Record<string, unknown>>): number => (state.chi2 as number) / (state[dofField] as number);
}

/** The chi-square CDF at `chi2` with the state's degrees of freedom; zero degrees of freedom is a step at 0. */
export function chi2ProbFor(site: CallSite, dofField: string, invalidCode: number): CompiledFunction {
  const name = site.name;
  return (state: Readonly<Record<string, unknown>>): number => {
    const chi2 = state.chi2 as number;
    const dof = state[dofField] as number;
    if (dof < 0) throw new PFARuntimeError(invalidCode, "invalid parameterization", name);
    if (dof === 0) return chi2 > 0 ? 1 : 0;
    return regularizedGammaP(dof / 2, chi2 / 2);
  };
}
