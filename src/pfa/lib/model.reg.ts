/**
 * The "model.reg" module: linear regression and its variance propagation, Gaussian Process
 * regression (Kriging), and the deprecated goodness-of-fit helpers (residual, pull, Mahalanobis
 * distance, chi-square accumulation and probability).
 */
import { bySite, type LibFcnImpl } from "./define.js";
import { newMap, PFARuntimeError } from "../runtime.js";
import { AvroArray, AvroRecord } from "../types.js";
import { chi2ProbFor, mahalanobisFor, pullFor, quadraticForm, reducedChi2For, residualFor, updateChi2For } from "./stat-util.js";

export { logGamma, regularizedGammaP } from "./stat-util.js";

type Vec = readonly number[];
type Mat = readonly Vec[];
type MapVec = Readonly<Record<string, number>>;
type MapMat = Readonly<Record<string, MapVec>>;

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
// Sparse quadratic form

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

  bySite("model.reg.residual", (site) => residualFor(site, 31020)),

  bySite("model.reg.pull", (site) => pullFor(site, 31030, 31031)),

  bySite("model.reg.mahalanobis", (site) => mahalanobisFor(site, 31040, 31041, 31042)),

  bySite("model.reg.updateChi2", (site) => updateChi2For(site, "DOF")),

  bySite("model.reg.reducedChi2", () => reducedChi2For("DOF")),

  bySite("model.reg.chi2Prob", (site) => chi2ProbFor(site, "DOF", 31070)),
];
