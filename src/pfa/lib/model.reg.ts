/**
 * The "model.reg" module: linear regression and its variance propagation, Gaussian Process
 * regression (Kriging), and the deprecated goodness-of-fit helpers (residual, pull, Mahalanobis
 * distance, chi-square accumulation and probability).
 */
import { bySite, type LibFcnImpl } from "./define.js";
import { newMap, PFARuntimeError, recordWith } from "../runtime.js";
import { AvroArray, AvroRecord } from "../types.js";
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
// Gaussian Process helpers

interface GPFit {
  readonly xmean: number[];
  readonly xstd: number[];
  readonly xnorm: number[][];
  readonly ymean: number;
  readonly ystd: number;
  readonly beta: number;
  readonly gamma: number[];
}

type Kernel = (x: readonly number[], y: readonly number[]) => number;

function mean(v: Vec): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Population standard deviation about a known mean. */
function std(v: Vec, m: number): number {
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return Math.sqrt(s / v.length);
}

/** Lower-triangular Cholesky factor of a symmetric matrix, or null when it is not positive definite. */
function cholesky(r: Mat): number[][] | null {
  const n = r.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const lj = l[j]!;
    let s = r[j]![j]!;
    for (let k = 0; k < j; k++) s -= lj[k]! * lj[k]!;
    if (!(s > 0)) return null;
    const d = Math.sqrt(s);
    lj[j] = d;
    for (let i = j + 1; i < n; i++) {
      const li = l[i]!;
      let t = r[i]![j]!;
      for (let k = 0; k < j; k++) t -= li[k]! * lj[k]!;
      li[j] = t / d;
    }
  }
  return l;
}

/** Solves L y = b for lower-triangular L. */
function forwardSubstitute(l: Mat, b: Vec): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const li = l[i]!;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= li[k]! * y[k]!;
    y[i] = s / li[i]!;
  }
  return y;
}

/** Solves L^T x = b for lower-triangular L. */
function backSubstituteTransposed(l: Mat, b: Vec): number[] {
  const n = l.length;
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Dense quadratic form

/** x^T C x, as (C x) then the dot product with x. */
function quadraticForm(x: Vec, c: Mat): number {
  let out = 0;
  for (let i = 0; i < x.length; i++) {
    const row = c[i]!;
    let s = 0;
    for (let j = 0; j < x.length; j++) s += row[j]! * x[j]!;
    out += x[i]! * s;
  }
  return out;
}

/** x^T C x over the given keys of sparse vector and matrix (missing elements are 0). */
function quadraticFormMap(x: MapVec, c: MapMat, keys: readonly string[]): number {
  let out = 0;
  for (const i of keys) {
    const row = c[i];
    let s = 0;
    for (const j of keys) s += (row?.[j] ?? 0) * (x[j] ?? 0);
    out += (x[i] ?? 0) * s;
  }
  return out;
}

function innerKeys(rows: Iterable<MapVec>, into: Set<string>): void {
  for (const row of rows) for (const k in row) into.add(k);
}

export const functions: readonly LibFcnImpl[] = [
  bySite("model.reg.linear", (site) => {
    const name = site.name;
    const misalignedCoeff = (): PFARuntimeError => new PFARuntimeError(31000, "misaligned coeff", name);
    switch (site.sigIndex) {
      case 0:
        return (datum: Vec, model: { readonly coeff: Vec; readonly const: number }): number => {
          const coeff = model.coeff;
          if (datum.length !== coeff.length) throw misalignedCoeff();
          let s = 0;
          for (let i = 0; i < datum.length; i++) s += coeff[i]! * datum[i]!;
          return s + model.const;
        };
      case 1:
        return (datum: Vec, model: { readonly coeff: Mat; readonly const: Vec }): number[] => {
          const { coeff, const: offset } = model;
          if (offset.length !== coeff.length) throw new PFARuntimeError(31001, "misaligned const", name);
          for (const row of coeff) if (row.length !== datum.length) throw misalignedCoeff();
          return coeff.map((row, j) => {
            let s = 0;
            for (let i = 0; i < datum.length; i++) s += row[i]! * datum[i]!;
            return s + offset[j]!;
          });
        };
      case 2:
        return (datum: MapVec, model: { readonly coeff: MapVec; readonly const: number }): number => {
          const coeff = model.coeff;
          let s = 0;
          for (const k of new Set([...Object.keys(datum), ...Object.keys(coeff)])) s += (datum[k] ?? 0) * (coeff[k] ?? 0);
          return s + model.const;
        };
      default:
        return (datum: MapVec, model: { readonly coeff: MapMat; readonly const: MapVec }) => {
          const { coeff, const: offset } = model;
          const inner = new Set(Object.keys(datum));
          innerKeys(Object.values(coeff), inner);
          const out = newMap<number>();
          for (const o of new Set([...Object.keys(offset), ...Object.keys(coeff)])) {
            const row = coeff[o];
            let s = 0;
            for (const k of inner) s += (datum[k] ?? 0) * (row?.[k] ?? 0);
            out[o] = s + (offset[o] ?? 0);
          }
          return out;
        };
    }
  }),

  bySite("model.reg.linearVariance", (site) => {
    const name = site.name;
    // the covariance matrix must be (d + 1) x (d + 1): the datum's indexes and the constant's
    const checked = (x: Vec, covar: Mat): Mat => {
      if (covar.length !== x.length || covar.some((row) => row.length !== x.length))
        throw new PFARuntimeError(31010, "misaligned covariance", name);
      return covar;
    };
    switch (site.sigIndex) {
      case 0:
        return (datum: Vec, model: { readonly covar: Mat }): number => {
          const x = [...datum, 1];
          return quadraticForm(x, checked(x, model.covar));
        };
      case 1:
        return (datum: Vec, model: { readonly covar: readonly Mat[] }): number[] => {
          const x = [...datum, 1];
          return model.covar.map((c) => quadraticForm(x, checked(x, c)));
        };
      case 2:
        return (datum: MapVec, model: { readonly covar: MapMat }): number => {
          const x: Record<string, number> = Object.assign(newMap<number>(), datum, { "": 1 });
          const keys = new Set(Object.keys(x));
          innerKeys(Object.values(model.covar), keys);
          return quadraticFormMap(x, model.covar, [...keys]);
        };
      default:
        return (datum: MapVec, model: { readonly covar: Readonly<Record<string, MapMat>> }) => {
          const x: Record<string, number> = Object.assign(newMap<number>(), datum, { "": 1 });
          const keySet = new Set(Object.keys(x));
          for (const c of Object.values(model.covar)) innerKeys(Object.values(c), keySet);
          const keys = [...keySet];
          const out = newMap<number>();
          for (const dep in model.covar) out[dep] = quadraticFormMap(x, model.covar[dep]!, keys);
          return out;
        };
    }
  }),

  bySite("model.reg.gaussianProcess", (site) => {
    const name = site.name;
    const scalarX = site.sigIndex < 2;
    const vectorTo = site.sigIndex % 2 === 1;
    const tableType = site.paramTypes[1];
    const items = tableType instanceof AvroArray ? tableType.items : null;
    const hasSigma = items instanceof AvroRecord && items.field("sigma") !== undefined;
    const fail = (code: number, message: string): PFARuntimeError => new PFARuntimeError(code, message, name);

    // diagonal nugget: (sigma / to)^2 when the table has uncertainties, else ten machine epsilons
    const nuggets = (table: readonly Record<string, unknown>[], ys: Vec, i: number): number[] =>
      table.map((t, k) => {
        if (!hasSigma) return 2.220446049250313e-15;
        const sigma = i < 0 ? (t.sigma as number) : (t.sigma as Vec)[i]!;
        const to = ys[k]!;
        return to !== 0 ? (sigma / to) ** 2 : Infinity;
      });

    const fit = (xs: Mat, ys: Vec, beta: number | null, nugget: Vec, kernel: Kernel): GPFit => {
      const n = xs.length;
      const nf = xs[0]!.length;
      const xmean = new Array<number>(nf);
      const xstd = new Array<number>(nf);
      for (let j = 0; j < nf; j++) {
        const col = xs.map((row) => row[j]!);
        xmean[j] = mean(col);
        xstd[j] = std(col, xmean[j]);
      }
      const xnorm = xs.map((row) => row.map((v, j) => (v - xmean[j]!) / xstd[j]!));
      const ymean = mean(ys);
      const ystd = std(ys, ymean);
      const ynorm = ys.map((v) => (v - ymean) / ystd);
      const r: number[][] = Array.from({ length: n }, (_, i) => {
        const row = new Array<number>(n).fill(0);
        row[i] = 1 + nugget[i]!;
        return row;
      });
      for (let k = 0; k < n - 1; k++)
        for (let l = k + 1; l < n; l++) {
          const v = kernel(xnorm[k]!, xnorm[l]!);
          r[k]![l] = v;
          r[l]![k] = v;
        }
      const c = cholesky(r);
      if (c === null) throw fail(31088, "matrix of kernel results is not positive definite");
      const ft = forwardSubstitute(c, new Array<number>(n).fill(1));
      const yt = forwardSubstitute(c, ynorm);
      let b = beta;
      if (b === null) {
        // universal Kriging: the least-squares weight of the constant regressor
        let num = 0;
        let den = 0;
        for (let i = 0; i < n; i++) {
          num += ft[i]! * yt[i]!;
          den += ft[i]! * ft[i]!;
        }
        b = num / den;
      }
      const rho = yt.map((v, i) => v - ft[i]! * b);
      return { xmean, xstd, xnorm, ymean, ystd, beta: b, gamma: backSubstituteTransposed(c, rho) };
    };

    const predict = (x: Vec, f: GPFit, kernel: Kernel): number => {
      const xn = x.map((v, j) => (v - f.xmean[j]!) / f.xstd[j]!);
      let y = f.beta;
      for (let i = 0; i < f.xnorm.length; i++) y += kernel(xn, f.xnorm[i]!) * f.gamma[i]!;
      return f.ymean + f.ystd * y;
    };

    return (x: number | Vec, table: readonly Record<string, unknown>[], krigingWeight: number | null, kernel: Kernel): number | number[] => {
      if (table.length < 1) throw fail(31080, "table must have at least 1 entry");
      const xv: Vec = scalarX ? [x as number] : (x as Vec);
      if (!scalarX) {
        if (xv.length < 1) throw fail(31081, "x must have at least 1 feature");
        for (const t of table) if ((t.x as Vec).length !== xv.length) throw fail(31082, "table must have the same number of features as x");
      }
      let nOutputs = 0;
      if (vectorTo) {
        nOutputs = (table[0]!.to as Vec).length;
        if (nOutputs < 1) throw fail(31083, "table outputs must have at least 1 dimension");
        for (const t of table) if ((t.to as Vec).length !== nOutputs) throw fail(31084, "table outputs must all have the same number of dimensions");
      }
      for (const v of xv) if (!Number.isFinite(v)) throw fail(31085, "x is not finite");
      for (const t of table) {
        if (vectorTo) {
          for (const v of t.to as Vec) if (!Number.isFinite(v)) throw fail(31086, "table value is not finite");
        } else if (!Number.isFinite(t.to as number)) throw fail(31086, "table value is not finite");
      }
      for (const t of table) {
        if (scalarX) {
          if (!Number.isFinite(t.x as number)) throw fail(31086, "table value is not finite");
        } else for (const v of t.x as Vec) if (!Number.isFinite(v)) throw fail(31086, "table value is not finite");
      }
      if (krigingWeight !== null && !Number.isFinite(krigingWeight)) throw fail(31087, "krigingWeight is not finite");
      const xs: Mat = table.map((t) => (scalarX ? [t.x as number] : (t.x as Vec)));
      if (!vectorTo) {
        const ys = table.map((t) => t.to as number);
        return predict(xv, fit(xs, ys, krigingWeight, nuggets(table, ys, -1), kernel), kernel);
      }
      const out = new Array<number>(nOutputs);
      for (let i = 0; i < nOutputs; i++) {
        const ys = table.map((t) => (t.to as Vec)[i]!);
        out[i] = predict(xv, fit(xs, ys, krigingWeight, nuggets(table, ys, i), kernel), kernel);
      }
      return out;
    };
  }),

  bySite("model.reg.residual", (site) => {
    const name = site.name;
    const misaligned = (): PFARuntimeError => new PFARuntimeError(31020, "misaligned prediction", name);
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
  }),

  bySite("model.reg.pull", (site) => {
    const name = site.name;
    const misalignedPrediction = (): PFARuntimeError => new PFARuntimeError(31030, "misaligned prediction", name);
    const misalignedUncertainty = (): PFARuntimeError => new PFARuntimeError(31031, "misaligned uncertainty", name);
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
          if (n !== Object.keys(uncertainty).length) throw misalignedUncertainty();
          const out = newMap<number>();
          for (const k in observation) {
            const p = prediction[k];
            if (p === undefined) throw misalignedPrediction();
            const u = uncertainty[k];
            if (u === undefined) throw misalignedUncertainty();
            out[k] = (observation[k]! - p) / u;
          }
          return out;
        };
    }
  }),

  bySite("model.reg.mahalanobis", (site) => {
    const name = site.name;
    const tooFew = (): PFARuntimeError => new PFARuntimeError(31040, "too few rows/cols", name);
    const misalignedPrediction = (): PFARuntimeError => new PFARuntimeError(31041, "misaligned prediction", name);
    const misalignedCovariance = (): PFARuntimeError => new PFARuntimeError(31042, "misaligned covariance", name);
    // sqrt(x^T C^-1 x); a singular C is pseudo-inverted
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
  }),

  bySite("model.reg.updateChi2", (site) => {
    const update = (x: number, state: Record<string, unknown>): Record<string, unknown> =>
      // DOF is an int and wraps like the JVM reference's
      recordWith(recordWith(state, "chi2", (state.chi2 as number) + x), "DOF", ((state.DOF as number) + 1) | 0);
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
  }),

  bySite("model.reg.reducedChi2", () => (state: { readonly chi2: number; readonly DOF: number }): number => state.chi2 / state.DOF),

  bySite("model.reg.chi2Prob", (site) => {
    const name = site.name;
    return (state: { readonly chi2: number; readonly DOF: number }): number => {
      const { chi2, DOF } = state;
      if (DOF < 0) throw new PFARuntimeError(31070, "invalid parameterization", name);
      if (DOF === 0) return chi2 > 0 ? 1 : 0;
      return regularizedGammaP(DOF / 2, chi2 / 2);
    };
  }),
];
