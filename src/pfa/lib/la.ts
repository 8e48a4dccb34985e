/**
 * The "la" module: linear algebra on dense matrices (arrays of rows) and sparse matrices (maps of
 * rows, missing elements are zero). The numerical kernels (LU decomposition with partial pivoting,
 * cyclic Jacobi for symmetric eigenproblems, one-sided Jacobi SVD for pseudoinverses) are in this file.
 */
import { bySite, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { newMap, PFARuntimeError } from "../runtime.js";

type Vec = readonly number[];
type Mat = readonly (readonly number[])[];
type MapVec = Readonly<Record<string, number>>;
type MapMat = Readonly<Record<string, MapVec>>;

function err(code: number, message: string, name: string): PFARuntimeError {
  return new PFARuntimeError(code, message, name);
}

// ---------------------------------------------------------------------------------------------
// Dense and sparse matrix helpers (shared with model.reg and other modules)

/** Whether every row of a non-empty array matrix has the length of the first. */
export function isRectangular(x: Mat): boolean {
  const n = x[0]!.length;
  for (let i = 1; i < x.length; i++) if (x[i]!.length !== n) return false;
  return true;
}

export function allFinite(x: Mat): boolean {
  for (const row of x) for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j]!)) return false;
  return true;
}

function allFiniteVec(x: Vec): boolean {
  for (let j = 0; j < x.length; j++) if (!Number.isFinite(x[j]!)) return false;
  return true;
}

function allFiniteMap(x: MapMat): boolean {
  for (const r in x) {
    const row = x[r]!;
    for (const c in row) if (!Number.isFinite(row[c]!)) return false;
  }
  return true;
}

function allFiniteMapVec(x: MapVec): boolean {
  for (const k in x) if (!Number.isFinite(x[k]!)) return false;
  return true;
}

/** The row keys of a map matrix, in order. */
export function rowKeys(x: MapMat): string[] {
  return Object.keys(x);
}

/** The union of the column keys of all rows, in order of first appearance. */
export function colKeys(x: MapMat): string[] {
  const seen = new Set<string>();
  for (const r in x) for (const c in x[r]!) seen.add(c);
  return [...seen];
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  const s = new Set<string>(a);
  for (const k of b) s.add(k);
  return [...s];
}

/** A dense matrix from a map matrix over the given row and column keys (missing elements are 0). */
export function mapToDense(x: MapMat, rows: readonly string[], cols: readonly string[]): number[][] {
  const out: number[][] = new Array<number[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = x[rows[i]!];
    const r = new Array<number>(cols.length);
    for (let j = 0; j < cols.length; j++) r[j] = row === undefined ? 0 : (row[cols[j]!] ?? 0);
    out[i] = r;
  }
  return out;
}

/** A map matrix from a dense matrix with the given row and column keys. */
export function denseToMap(m: Mat, rows: readonly string[], cols: readonly string[]): Record<string, Record<string, number>> {
  const out = newMap<Record<string, number>>();
  for (let i = 0; i < rows.length; i++) {
    const r = newMap<number>();
    const src = m[i]!;
    for (let j = 0; j < cols.length; j++) r[cols[j]!] = src[j]!;
    out[rows[i]!] = r;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numerical kernels

export interface LU {
  /** Combined L (unit lower, below the diagonal) and U (on and above the diagonal), row-permuted. */
  readonly lu: number[][];
  /** perm[i] is the original row of row i. */
  readonly perm: number[];
  /** +1 or -1: the parity of the permutation. */
  readonly sign: number;
  /** Whether an exactly zero pivot was met. */
  readonly singular: boolean;
}

/** LU decomposition of a square matrix with partial (row) pivoting: P A = L U. */
export function luDecompose(a: Mat): LU {
  const n = a.length;
  const lu = a.map((r) => r.slice());
  const perm = Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(lu[k]![k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i]![k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    if (p !== k) {
      const t = lu[p]!;
      lu[p] = lu[k]!;
      lu[k] = t;
      const q = perm[p]!;
      perm[p] = perm[k]!;
      perm[k] = q;
      sign = -sign;
    }
    const rowK = lu[k]!;
    const pivot = rowK[k]!;
    if (pivot === 0) {
      singular = true;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const rowI = lu[i]!;
      const f = rowI[k]! / pivot;
      rowI[k] = f;
      if (f !== 0) for (let j = k + 1; j < n; j++) rowI[j]! -= f * rowK[j]!;
    }
  }
  return { lu, perm, sign, singular };
}

export function determinant(a: Mat): number {
  const { lu, sign } = luDecompose(a);
  let d = sign;
  for (let i = 0; i < lu.length; i++) d *= lu[i]![i]!;
  return d + 0; // no negative zero
}

/** Solves A x = b given the LU decomposition of A (A must be non-singular). */
export function luSolve(d: LU, b: Vec): number[] {
  const n = d.lu.length;
  const x = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const row = d.lu[i]!;
    let s = b[d.perm[i]!]!;
    for (let j = 0; j < i; j++) s -= row[j]! * x[j]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = d.lu[i]!;
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= row[j]! * x[j]!;
    x[i] = s / row[i]!;
  }
  return x;
}

function transposeDense(a: Mat): number[][] {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0]!.length;
  const out: number[][] = new Array<number[]>(cols);
  for (let j = 0; j < cols; j++) {
    const r = new Array<number>(rows);
    for (let i = 0; i < rows; i++) r[i] = a[i]![j]!;
    out[j] = r;
  }
  return out;
}

/**
 * Moore-Penrose pseudoinverse by one-sided Jacobi SVD (Hestenes): rotate the columns of A until they
 * are orthogonal; then A V = U S, and A+ = V S+ U^T, dropping singular values below 1e-15 of the largest.
 */
export function pseudoInverse(a: Mat): number[][] {
  const m = a.length;
  const n = a[0]!.length;
  if (m < n) return transposeDense(pseudoInverse(transposeDense(a)));
  const u = a.map((r) => r.slice()); // m x n, columns rotated in place
  const v: number[][] = Array.from({ length: n }, (_, i) => {
    const r = new Array<number>(n).fill(0);
    r[i] = 1;
    return r;
  });
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const up = u[i]![p]!;
          const uq = u[i]![q]!;
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const row = u[i]!;
          const up = row[p]!;
          const uq = row[q]!;
          row[p] = c * up - s * uq;
          row[q] = s * up + c * uq;
        }
        for (let i = 0; i < n; i++) {
          const row = v[i]!;
          const vp = row[p]!;
          const vq = row[q]!;
          row[p] = c * vp - s * vq;
          row[q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma2 = new Array<number>(n);
  let maxSigma = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += u[i]![j]! * u[i]![j]!;
    sigma2[j] = s;
    maxSigma = Math.max(maxSigma, Math.sqrt(s));
  }
  const cutoff = 1e-15 * maxSigma;
  // A+ (n x m) = sum over kept j of v[:, j] (u[:, j])^T / sigma_j^2, u's columns being sigma_j times unit vectors
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < n; j++) {
    if (!(Math.sqrt(sigma2[j]!) > cutoff)) continue;
    const inv = 1 / sigma2[j]!;
    for (let r = 0; r < n; r++) {
      const f = v[r]![j]! * inv;
      if (f === 0) continue;
      const outRow = out[r]!;
      for (let c = 0; c < m; c++) outRow[c]! += f * u[c]![j]!;
    }
  }
  return out;
}

/** The inverse of a matrix: by LU when square and non-singular, else the Moore-Penrose pseudoinverse. */
export function inverseMatrix(a: Mat): number[][] {
  const n = a.length;
  if (n === a[0]!.length) {
    const d = luDecompose(a);
    if (!d.singular) {
      const out: number[][] = Array.from({ length: n }, () => new Array<number>(n));
      const e = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) {
        e[j] = 1;
        const col = luSolve(d, e);
        e[j] = 0;
        for (let i = 0; i < n; i++) out[i]![j] = col[i]!;
      }
      return out;
    }
  }
  return pseudoInverse(a);
}

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method. Returns the
 * eigenvalues and a matrix whose column k is the unit eigenvector of eigenvalue k.
 */
export function symmetricEigen(s: Mat): { values: number[]; vectors: number[][] } {
  const n = s.length;
  const a = s.map((r) => r.slice());
  const v: number[][] = Array.from({ length: n }, (_, i) => {
    const r = new Array<number>(n).fill(0);
    r[i] = 1;
    return r;
  });
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) off += Math.abs(a[p]![q]!);
    if (off === 0) break;
    const threshold = sweep < 3 ? (0.2 * off) / (n * n) : 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        const app = a[p]![p]!;
        const aqq = a[q]![q]!;
        const g = 100 * Math.abs(apq);
        // after a few sweeps, an element negligible against both diagonal elements is set to zero
        if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          a[p]![q] = 0;
          a[q]![p] = 0;
          continue;
        }
        if (Math.abs(apq) <= threshold || apq === 0) continue;
        const h = aqq - app;
        let t: number;
        if (Math.abs(h) + g === Math.abs(h)) t = apq / h;
        else {
          const theta = (0.5 * h) / apq;
          t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
          if (theta < 0) t = -t;
        }
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = t * c;
        const tau = sn / (1 + c);
        a[p]![p] = app - t * apq;
        a[q]![q] = aqq + t * apq;
        a[p]![q] = 0;
        a[q]![p] = 0;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          const nkp = akp - sn * (akq + tau * akp);
          const nkq = akq + sn * (akp - tau * akq);
          a[k]![p] = nkp;
          a[p]![k] = nkp;
          a[k]![q] = nkq;
          a[q]![k] = nkq;
        }
        for (let k = 0; k < n; k++) {
          const row = v[k]!;
          const vkp = row[p]!;
          const vkq = row[q]!;
          row[p] = vkp - sn * (vkq + tau * vkp);
          row[q] = vkq + sn * (vkp - tau * vkq);
        }
      }
    }
  }
  return { values: a.map((r, i) => r[i]!), vectors: v };
}

/**
 * la.eigenBasis's transformation of a square, finite matrix: rows are unit eigenvectors of the
 * symmetrized matrix (first component made non-negative) divided by the square root of the absolute
 * eigenvalue, ordered by increasing 1/sqrt(|eigenvalue|).
 */
function eigenBasisDense(x: Mat): number[][] {
  const n = x.length;
  const sym: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (x[i]![j]! + x[j]![i]!) * 0.5));
  const { values, vectors } = symmetricEigen(sym);
  const scale = values.map((ev) => 1 / Math.sqrt(Math.abs(ev)));
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => {
    const a = scale[i]!;
    const b = scale[j]!;
    return a < b ? -1 : a > b ? 1 : i - j;
  });
  return order.map((k) => {
    const flip = vectors[0]![k]! < 0 ? -1 : 1;
    const f = scale[k]!;
    const row = new Array<number>(n);
    for (let i = 0; i < n; i++) row[i] = flip * vectors[i]![k]! * f;
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Shape checks for array matrices

/** "too few rows/cols" when there is no row or the first row is empty; "ragged columns" when rows differ in length. */
function checkDense(x: Mat, tooFew: number, ragged: number, name: string): void {
  if (x.length < 1 || x[0]!.length < 1) throw err(tooFew, "too few rows/cols", name);
  if (!isRectangular(x)) throw err(ragged, "ragged columns", name);
}

function sameShape(x: Mat, y: Mat): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i]!.length !== y[i]!.length) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Element-wise helpers

/** la.symmetric's element comparison: same-signed infinities and two NaNs are equal; finite values within tolerance. */
function nearlyEqual(a: number, b: number, tol: number): boolean {
  if (Number.isFinite(a) && Number.isFinite(b)) return Math.abs(a - b) < tol;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return a === b; // infinities of the same sign
}

/** Applies fcn to every (row, column) of the union of both maps' rows and columns (missing elements are 0). */
function zipMaps(x: MapMat, y: MapMat, fcn: (a: number, b: number) => number): Record<string, Record<string, number>> {
  const rows = union(rowKeys(x), rowKeys(y));
  const cols = union(colKeys(x), colKeys(y));
  const out = newMap<Record<string, number>>();
  for (const r of rows) {
    const xr = x[r];
    const yr = y[r];
    const row = newMap<number>();
    for (const c of cols) row[c] = fcn(xr?.[c] ?? 0, yr?.[c] ?? 0);
    out[r] = row;
  }
  return out;
}

/** la.add and la.sub over their four signatures (vector/matrix, array/map). */
function elementwise(sigIndex: number, code: number, name: string, op: (a: number, b: number) => number): CompiledFunction {
  switch (sigIndex) {
    case 0:
      return (x: Vec, y: Vec): number[] => {
        if (x.length !== y.length) throw err(code, "misaligned matrices", name);
        const out = new Array<number>(x.length);
        for (let i = 0; i < x.length; i++) out[i] = op(x[i]!, y[i]!);
        return out;
      };
    case 1:
      return (x: Mat, y: Mat): number[][] => {
        if (!sameShape(x, y)) throw err(code, "misaligned matrices", name);
        return x.map((row, i) => {
          const other = y[i]!;
          const out = new Array<number>(row.length);
          for (let j = 0; j < row.length; j++) out[j] = op(row[j]!, other[j]!);
          return out;
        });
      };
    case 2:
      return (x: MapVec, y: MapVec) => {
        const out = newMap<number>();
        for (const k of union(Object.keys(x), Object.keys(y))) out[k] = op(x[k] ?? 0, y[k] ?? 0);
        return out;
      };
    default:
      return (x: MapMat, y: MapMat) => zipMaps(x, y, op);
  }
}

export const functions: readonly LibFcnImpl[] = [
  bySite("la.map", (site) => {
    if (site.sigIndex === 0)
      return (x: Mat, fcn: (v: number) => number): number[][] => x.map((row) => row.map((v) => fcn(v)));
    return (x: MapMat, fcn: (v: number) => number) => {
      const out = newMap<Record<string, number>>();
      for (const i in x) {
        const row = x[i]!;
        const r = newMap<number>();
        for (const j in row) r[j] = fcn(row[j]!);
        out[i] = r;
      }
      return out;
    };
  }),

  bySite("la.scale", (site) => {
    switch (site.sigIndex) {
      case 0:
        return (x: Vec, alpha: number): number[] => x.map((v) => v * alpha);
      case 1:
        return (x: Mat, alpha: number): number[][] => x.map((row) => row.map((v) => v * alpha));
      case 2:
        return (x: MapVec, alpha: number) => {
          const out = newMap<number>();
          for (const k in x) out[k] = x[k]! * alpha;
          return out;
        };
      default:
        return (x: MapMat, alpha: number) => {
          const out = newMap<Record<string, number>>();
          for (const i in x) {
            const row = x[i]!;
            const r = newMap<number>();
            for (const j in row) r[j] = row[j]! * alpha;
            out[i] = r;
          }
          return out;
        };
    }
  }),

  bySite("la.zipmap", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat, y: Mat, fcn: (a: number, b: number) => number): number[][] => {
        if (!sameShape(x, y)) throw err(24020, "misaligned matrices", name);
        return x.map((row, i) => {
          const other = y[i]!;
          return row.map((v, j) => fcn(v, other[j]!));
        });
      };
    return (x: MapMat, y: MapMat, fcn: (a: number, b: number) => number) => zipMaps(x, y, fcn);
  }),

  bySite("la.add", (site) => elementwise(site.sigIndex, 24030, site.name, (a, b) => a + b)),

  bySite("la.sub", (site) => elementwise(site.sigIndex, 24040, site.name, (a, b) => a - b)),

  bySite("la.dot", (site) => {
    const name = site.name;
    switch (site.sigIndex) {
      case 0:
        return (x: Mat, y: Vec): number[] => {
          if (x.length === 0 || x[0]!.length === 0 || y.length === 0) throw err(24051, "too few rows/cols", name);
          if (!allFinite(x) || !allFiniteVec(y)) throw err(24052, "contains non-finite value", name);
          const n = y.length;
          return x.map((row) => {
            if (row.length !== n) throw err(24050, "misaligned matrices", name);
            let s = 0;
            for (let j = 0; j < n; j++) s += row[j]! * y[j]!;
            return s;
          });
        };
      case 1:
        return (x: MapMat, y: MapVec) => {
          const rows = rowKeys(x);
          const cols = union(colKeys(x), Object.keys(y));
          if (rows.length === 0 || cols.length === 0) throw err(24051, "too few rows/cols", name);
          if (!allFiniteMap(x) || !allFiniteMapVec(y)) throw err(24052, "contains non-finite value", name);
          const out = newMap<number>();
          for (const r of rows) {
            const row = x[r]!;
            let s = 0;
            for (const c of cols) s += (row[c] ?? 0) * (y[c] ?? 0);
            out[r] = s;
          }
          return out;
        };
      case 2:
        return (x: Mat, y: Mat): number[][] => {
          if (x.length === 0 || x[0]!.length === 0 || y.length === 0 || y[0]!.length === 0) throw err(24051, "too few rows/cols", name);
          if (!allFinite(x) || !allFinite(y)) throw err(24052, "contains non-finite value", name);
          const inner = y.length;
          const cols = y[0]!.length;
          if (!isRectangular(x) || !isRectangular(y) || x[0]!.length !== inner) throw err(24050, "misaligned matrices", name);
          return x.map((row) => {
            const out = new Array<number>(cols).fill(0);
            for (let k = 0; k < inner; k++) {
              const a = row[k]!;
              const yk = y[k]!;
              for (let j = 0; j < cols; j++) out[j]! += a * yk[j]!;
            }
            return out;
          });
        };
      default:
        return (x: MapMat, y: MapMat) => {
          const rows = rowKeys(x);
          const inner = union(colKeys(x), rowKeys(y));
          const cols = colKeys(y);
          if (rows.length === 0 || inner.length === 0 || cols.length === 0) throw err(24051, "too few rows/cols", name);
          if (!allFiniteMap(x) || !allFiniteMap(y)) throw err(24052, "contains non-finite value", name);
          const a = mapToDense(x, rows, inner);
          const b = mapToDense(y, inner, cols);
          const prod = a.map((row) => {
            const out = new Array<number>(cols.length).fill(0);
            for (let k = 0; k < inner.length; k++) {
              const f = row[k]!;
              const bk = b[k]!;
              for (let j = 0; j < cols.length; j++) out[j]! += f * bk[j]!;
            }
            return out;
          });
          return denseToMap(prod, rows, cols);
        };
    }
  }),

  bySite("la.transpose", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat): number[][] => {
        checkDense(x, 24060, 24061, name);
        return transposeDense(x);
      };
    return (x: MapMat) => {
      const rows = rowKeys(x);
      const cols = colKeys(x);
      if (rows.length < 1 || cols.length < 1) throw err(24060, "too few rows/cols", name);
      // every row must have every column (the union), or the columns are ragged
      for (const r of rows) if (Object.keys(x[r]!).length !== cols.length) throw err(24061, "ragged columns", name);
      const out = newMap<Record<string, number>>();
      for (const c of cols) {
        const col = newMap<number>();
        for (const r of rows) col[r] = x[r]![c]!;
        out[c] = col;
      }
      return out;
    };
  }),

  bySite("la.inverse", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat): number[][] => {
        checkDense(x, 24070, 24071, name);
        return inverseMatrix(x);
      };
    return (x: MapMat) => {
      const rows = rowKeys(x);
      const cols = colKeys(x);
      if (rows.length < 1 || cols.length < 1) throw err(24070, "too few rows/cols", name);
      return denseToMap(inverseMatrix(mapToDense(x, rows, cols)), cols, rows);
    };
  }),

  bySite("la.trace", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat): number => {
        if (x.length === 0) return 0;
        if (!isRectangular(x)) throw err(24080, "ragged columns", name);
        const n = Math.min(x.length, x[0]!.length);
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i]![i]!;
        return s;
      };
    return (x: MapMat): number => {
      let s = 0;
      for (const k in x) {
        const v = x[k]![k];
        if (v !== undefined) s += v;
      }
      return s;
    };
  }),

  bySite("la.det", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat): number => {
        checkDense(x, 24090, 24091, name);
        if (x.length !== x[0]!.length) throw err(24092, "non-square matrix", name);
        if (!allFinite(x)) return NaN;
        return determinant(x);
      };
    return (x: MapMat): number => {
      const keys = union(rowKeys(x), colKeys(x));
      if (keys.length < 1 || Object.values(x).every((row) => Object.keys(row).length === 0)) throw err(24090, "too few rows/cols", name);
      if (!allFiniteMap(x)) return NaN;
      return determinant(mapToDense(x, keys, keys));
    };
  }),

  bySite("la.symmetric", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat, tol: number): boolean => {
        checkDense(x, 24100, 24101, name);
        const n = x.length;
        if (n !== x[0]!.length) throw err(24102, "non-square matrix", name);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!nearlyEqual(x[i]![j]!, x[j]![i]!, tol)) return false;
        return true;
      };
    return (x: MapMat, tol: number): boolean => {
      const keys = union(rowKeys(x), colKeys(x));
      if (keys.length < 1 || Object.values(x).every((row) => Object.keys(row).length === 0)) throw err(24100, "too few rows/cols", name);
      for (const i of keys)
        for (const j of keys) if (!nearlyEqual(x[i]?.[j] ?? 0, x[j]?.[i] ?? 0, tol)) return false;
      return true;
    };
  }),

  bySite("la.eigenBasis", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat): number[][] => {
        checkDense(x, 24110, 24111, name);
        if (x.length !== x[0]!.length) throw err(24112, "non-square matrix", name);
        if (!allFinite(x)) throw err(24113, "non-finite matrix", name);
        return eigenBasisDense(x);
      };
    return (x: MapMat) => {
      const keys = union(rowKeys(x), colKeys(x));
      if (keys.length < 1 || Object.values(x).every((row) => Object.keys(row).length === 0)) throw err(24110, "too few rows/cols", name);
      if (!allFiniteMap(x)) throw err(24113, "non-finite matrix", name);
      const basis = eigenBasisDense(mapToDense(x, keys, keys));
      return denseToMap(basis, basis.map((_, i) => String(i)), keys);
    };
  }),

  bySite("la.truncate", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: Mat, keep: number): Mat => {
        checkDense(x, 24120, 24121, name);
        return x.slice(0, Math.max(keep, 0));
      };
    return (x: MapMat, keep: readonly string[]) => {
      const rows = rowKeys(x);
      if (rows.length < 1 || colKeys(x).length < 1) throw err(24120, "too few rows/cols", name);
      const wanted = new Set(keep);
      const out = newMap<MapVec>();
      for (const r of rows) if (wanted.has(r)) out[r] = x[r]!;
      return out;
    };
  }),
];

