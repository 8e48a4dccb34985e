/**
 * The "stat.test" module: the two-sample Kolmogorov-Smirnov test and goodness-of-fit helpers
 * (residuals, pulls, Mahalanobis distance, chi-square accumulation and probability), the latter shared
 * with model.reg's deprecated versions (stat-util.ts).
 */
import { bySite, fixed, type LibFcnImpl } from "./define.js";
import { chi2ProbFor, mahalanobisFor, pullFor, reducedChi2For, residualFor, updateChi2For } from "./stat-util.js";

/** The Kolmogorov distribution's CDF, by the first 149 terms of its theta-function series (as the reference). */
function kolmogorovCdf(z: number): number {
  const c = (Math.PI * Math.PI) / (8 * z * z);
  let sum = 0;
  for (let v = 1; v < 150; v++) sum += Math.exp(-((2 * v - 1) ** 2) * c);
  return (Math.sqrt(2 * Math.PI) / z) * sum;
}

function sortedFinite(x: readonly number[]): number[] {
  return x.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
}

export const functions: readonly LibFcnImpl[] = [
  // p = 1 - K((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D), with D the largest distance of the two ECDFs (NaN ignored)
  fixed("stat.test.kolmogorov", (x: readonly number[], y: readonly number[]): number => {
    const xs = sortedFinite(x);
    const ys = sortedFinite(y);
    const n1 = xs.length;
    const n2 = ys.length;
    if (n1 === n2 && xs.every((v, i) => v === ys[i])) return 1;
    if (n1 === 0 || n2 === 0) return 0;
    let j1 = 0;
    let j2 = 0;
    let fn1 = 0;
    let fn2 = 0;
    let d = 0;
    while (j1 < n1 && j2 < n2) {
      const d1 = xs[j1]!;
      const d2 = ys[j2]!;
      if (d1 <= d2) fn1 = ++j1 / n1;
      if (d2 <= d1) fn2 = ++j2 / n2;
      const dt = Math.abs(fn2 - fn1);
      if (dt > d) d = dt;
    }
    const en = Math.sqrt((n1 * n2) / (n1 + n2));
    const z = (en + 0.12 + 0.11 / en) * d;
    return z === 0 ? 1 : 1 - kolmogorovCdf(z);
  }),

  bySite("stat.test.residual", (site) => residualFor(site, 38010)),

  bySite("stat.test.pull", (site) => pullFor(site, 38020, 38021)),

  bySite("stat.test.mahalanobis", (site) => mahalanobisFor(site, 38030, 38031, 38032)),

  bySite("stat.test.updateChi2", (site) => updateChi2For(site, "dof")),

  bySite("stat.test.reducedChi2", () => reducedChi2For("dof")),

  bySite("stat.test.chi2Prob", (site) => chi2ProbFor(site, "dof", 38060)),
];
