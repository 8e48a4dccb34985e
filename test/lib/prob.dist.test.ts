import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/prob.dist.js";
import { signatures } from "../../src/pfa/lib/signatures/prob.dist.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, sigIndex = 0): CompiledFunction {
  return generateSite(functions, `prob.dist.${name}`, [], sigIndex);
}

function close(actual: number, expected: number, rel: number, what: string): void {
  const ok = actual === expected || Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected));
  assert.ok(ok, `${what}: ${actual} is not within ${rel} of ${expected}`);
}

test("every function of the module is implemented once, in the spec's order", () => {
  assert.deepEqual(
    functions.map((f) => f.name),
    signatures.map((s) => s.name),
  );
});

/** [function, arguments, value to 50 digits (mpmath), relative tolerance (default 1e-12)] */
const REFERENCE: [string, number[], number, number?][] = [
  ["gaussianLL", [1, 0.5, 2], -1.643335713764618],
  ["gaussianCDF", [-37, 0, 1], 5.725571222524577e-300],
  ["gaussianCDF", [17, 100, 17], 5.241370611103592e-07],
  ["gaussianCDF", [1.5, 1, 0.5], 0.8413447460685429],
  ["gaussianQF", [1e-300, 0, 1], -37.0470962993612],
  ["gaussianQF", [0.975, 1, 2], 4.919927969080108],
  ["gaussianQF", [0.1, -1, 1], -2.2815515655446004],
  ["exponentialCDF", [1e-10, 2], 1.9999999998e-10],
  ["exponentialQF", [1e-12, 3], 3.333333333335e-13],
  ["exponentialPDF", [2, 0.5], 0.18393972058572117],
  ["chi2PDF", [3, 5], 0.15418032980376928],
  ["chi2CDF", [20, 100], 1.8547268838697993e-19],
  ["chi2CDF", [1e-05, 1], 0.0025231283168055977],
  ["chi2QF", [1e-05, 17], 2.3034205751139534],
  ["chi2QF", [0.99999, 1], 19.511420964666264],
  ["poissonPDF", [100, 17], 4.919061935464212e-43],
  ["poissonCDF", [2, 100], 1.8976107553682285e-40],
  ["gammaPDF", [100, 17, 0.5], 8.669498022176844e-64],
  ["gammaCDF", [0.1, 0.5, 1], 0.345279153981423],
  ["gammaCDF", [100000000.0, 100000000.0, 1], 0.5000132980760141, 1e-11],
  ["gammaCDF", [99990000, 100000000.0, 1], 0.15865525352814383, 1e-11],
  ["gammaQF", [0.5, 3, 2], 5.348120627447121],
  ["gammaQF", [1e-05, 0.1, 1], 6.073048362407926e-51],
  ["betaPDF", [0.3, 2.5, 17], 0.5443217378388256],
  ["betaCDF", [0.01, 5, 2], 5.95e-10],
  ["betaCDF", [0.2, 0.5, 100], 0.9999999999748145],
  ["betaQF", [0.1, 2, 3], 0.14255931671003072],
  ["betaQF", [0.99999, 17, 0.5], 0.9999999999953115],
  ["cauchyPDF", [3, 1, 2], 0.07957747154594767],
  ["cauchyCDF", [-10000000000.0, 0, 1], 3.1830988618379065e-11],
  ["cauchyQF", [1e-05, 1, 2], -63660.97721581418],
  ["fPDF", [1.5, 5, 17], 0.3009425247830876],
  ["fCDF", [100, 1, 1], 0.9365489651388929],
  ["fCDF", [0.001, 17, 5], 2.3045003691403432e-20],
  ["fQF", [0.99999, 5, 2], 99999.2999997551],
  ["lognormalPDF", [2, 0.5, 0.25], 0.5920062897891273],
  ["lognormalCDF", [1e-10, 0, 1], 1.2841756306435309e-117],
  ["lognormalQF", [1e-05, 1, 2], 0.000536855499647598],
  ["tPDF", [2, 5], 0.06509031032621647],
  ["tCDF", [-100, 3], 1.1022609615924555e-06],
  ["tCDF", [0.1, 100], 0.5397277344520743],
  ["tQF", [1e-05, 1], -31830.98860790709],
  ["tQF", [0.9, 2], 1.8856180831641267],
  ["tQF", [0.99999, 17], 5.83209966038255],
  ["binomialPDF", [3, 10, 0.3], 0.2668279319999999],
  ["binomialPDF", [5, 5, 0.9], 0.5904900000000001],
  ["binomialCDF", [3.7, 10, 0.3], 0.6496107183999996],
  ["binomialCDF", [1, 100, 0.5], 7.967495142732219e-29],
  ["uniformPDF", [0.5, 0, 4], 0.25],
  ["uniformCDF", [1, 0, 4], 0.25],
  ["uniformQF", [0.25, -2, 2], -1.0],
  ["geometricPDF", [3, 0.2], 0.10240000000000002],
  ["geometricPDF", [100, 1e-05], 9.990004948383392e-06],
  ["geometricCDF", [2.5, 1e-05], 2.9999700001000004e-05],
  ["hypergeometricPDF", [40, 100, 50, 60], 0.14018164315628567],
  ["hypergeometricCDF", [30, 100, 50, 60], 0.00040568250138794525],
  ["hypergeometricCDF", [45, 100, 50, 60], 0.9750701021165202],
  ["weibullPDF", [2, 1.5, 3], 0.2368778222828562],
  ["weibullCDF", [1e-06, 2, 1], 9.999999999995e-13],
  ["weibullQF", [0.5, 2, 3], 2.4976638334730934],
  ["negativeBinomialPDF", [17, 100, 0.9], 0.027150419533992366],
  ["negativeBinomialPDF", [100, 100, 0.5], 0.02817423950462821],
  ["negativeBinomialCDF", [3.5, 5, 0.3], 0.05796764999999998],
  ["negativeBinomialCDF", [500, 17, 0.1], 0.9999999983725231],
];

test("values agree with 50-digit references, in the tails too", () => {
  for (const [name, args, expected, rel] of REFERENCE) close(gen(name)(...args) as number, expected, rel ?? 1e-12, `${name}(${args.join(", ")})`);
});

test("the record signature of the Gaussian functions takes the variance", () => {
  const params = { mean: 1, variance: 4 };
  close(gen("gaussianLL", 1)(2, params) as number, gen("gaussianLL")(2, 1, 2) as number, 1e-15, "LL");
  close(gen("gaussianCDF", 1)(2, params) as number, 0.6914624612740131, 1e-14, "CDF");
  close(gen("gaussianQF", 1)(0.975, params) as number, 4.919927969080108, 1e-14, "QF");
  throwsCode(() => gen("gaussianLL", 1)(0, { mean: 0, variance: -1 }), 13000);
  throwsCode(() => gen("gaussianCDF", 1)(0, { mean: 0, variance: NaN }), 13010);
  throwsCode(() => gen("gaussianQF", 1)(0.5, { mean: Infinity, variance: 1 }), 13020);
  throwsCode(() => gen("gaussianQF", 1)(1.5, { mean: 0, variance: 1 }), 13021);
});

test("error codes: invalid parameters before invalid input", () => {
  const NaN_ = Number.NaN;
  // [function, valid arguments, index of the input argument, bad parameter values by index, parameter code]
  const cases: [string, number[], number, [number, number][], number][] = [
    ["gaussianLL", [0, 0, 1], 0, [[1, Infinity], [2, -1], [2, NaN_]], 13000],
    ["gaussianCDF", [0, 0, 1], 0, [[1, NaN_], [2, -0.1]], 13010],
    ["gaussianQF", [0.5, 0, 1], 0, [[1, -Infinity], [2, -1e-5]], 13020],
    ["exponentialPDF", [1, 1], 0, [[1, -1], [1, Infinity]], 13030],
    ["exponentialCDF", [1, 1], 0, [[1, -1e-5], [1, NaN_]], 13040],
    ["exponentialQF", [0.5, 1], 0, [[1, -1]], 13050],
    ["chi2PDF", [1, 2], 0, [[1, -1]], 13060],
    ["chi2CDF", [1, 2], 0, [[1, -5]], 13070],
    ["chi2QF", [0.5, 2], 0, [[1, -1]], 13080],
    ["poissonQF", [0.5, 2], 0, [[1, -1], [1, NaN_]], 13110],
    ["gammaPDF", [1, 2, 3], 0, [[1, -1], [2, -1], [1, Infinity]], 13120],
    ["gammaCDF", [1, 2, 3], 0, [[1, -1], [2, NaN_]], 13130],
    ["gammaQF", [0.5, 2, 3], 0, [[1, 0], [2, 0], [1, Infinity]], 13140],
    ["betaPDF", [0.5, 2, 3], 0, [[1, 0], [2, -1], [2, NaN_]], 13150],
    ["betaCDF", [0.5, 2, 3], 0, [[1, 0], [2, Infinity]], 13160],
    ["betaQF", [0.5, 2, 3], 0, [[1, 0], [2, 0]], 13170],
    ["cauchyPDF", [0, 0, 1], 0, [[2, 0], [1, NaN_]], 13180],
    ["cauchyCDF", [0, 0, 1], 0, [[2, -1], [1, Infinity]], 13190],
    ["cauchyQF", [0.5, 0, 1], 0, [[2, 0]], 13200],
    ["fPDF", [1, 2, 3], 0, [[1, 0], [2, -1]], 13210],
    ["fCDF", [1, 2, 3], 0, [[1, 0], [2, 0]], 13220],
    ["fQF", [0.5, 2, 3], 0, [[1, -2]], 13230],
    ["lognormalPDF", [1, 0, 1], 0, [[2, 0], [1, NaN_]], 13240],
    ["lognormalCDF", [1, 0, 1], 0, [[2, -1]], 13250],
    ["lognormalQF", [0.5, 0, 1], 0, [[2, 0]], 13260],
    ["tPDF", [1, 2], 0, [[1, 0]], 13270],
    ["tCDF", [1, 2], 0, [[1, -1]], 13280],
    ["tQF", [0.5, 2], 0, [[1, 0]], 13290],
    ["binomialCDF", [1, 2, 0.5], 0, [[1, 0], [2, 1.0001], [2, -1e-5], [2, NaN_]], 13310],
    ["binomialQF", [0.5, 2, 0.5], 0, [[1, -1], [2, 1.5], [2, Infinity]], 13320],
    ["uniformPDF", [1, 0, 2], 0, [[1, 2], [2, NaN_]], 13330],
    ["uniformCDF", [1, 0, 2], 0, [[1, 3], [1, -Infinity]], 13340],
    ["uniformQF", [0.5, 0, 2], 0, [[2, 0]], 13350],
    ["geometricCDF", [1, 0.5], 0, [[1, 0], [1, 1.0001]], 13370],
    ["geometricQF", [0.5, 0.5], 0, [[1, 0], [1, NaN_]], 13380],
    ["hypergeometricQF", [0.5, 3, 4, 5], 0, [[3, 8], [1, -1], [2, -1], [3, -1]], 13410],
    ["weibullPDF", [1, 2, 3], 0, [[1, 0], [2, 0]], 13420],
    ["weibullCDF", [1, 2, 3], 0, [[1, -1], [2, Infinity]], 13430],
    ["weibullQF", [0.5, 2, 3], 0, [[1, 0]], 13440],
    ["negativeBinomialCDF", [1, 2, 0.5], 0, [[1, -1], [2, 0], [2, 1.5]], 13460],
    ["negativeBinomialQF", [0.5, 2, 0.5], 0, [[1, 0], [2, -0.1], [2, 1.1]], 13470],
  ];
  for (const [name, valid, inputIndex, badParams, code] of cases) {
    const f = gen(name);
    assert.equal(typeof f(...valid), "number", name);
    for (const [i, v] of badParams) {
      const args = [...valid];
      args[i] = v;
      throwsCode(() => f(...args), code);
      // a bad parameter wins over a bad input too
      args[inputIndex] = NaN_;
      throwsCode(() => f(...args), code);
    }
    const isQF = name.endsWith("QF");
    for (const v of isQF ? [-1e-5, 1.00001, NaN_, Infinity] : [NaN_, Infinity, -Infinity]) {
      const args = [...valid];
      args[inputIndex] = v;
      throwsCode(() => f(...args), code + 1);
    }
  }
  // functions of integer arguments raise only parameter errors
  throwsCode(() => gen("poissonPDF")(1, -1), 13090);
  throwsCode(() => gen("poissonCDF")(1, NaN_), 13100);
  throwsCode(() => gen("binomialPDF")(1, 0, 0.5), 13300);
  throwsCode(() => gen("geometricPDF")(1, 0), 13360);
  throwsCode(() => gen("hypergeometricPDF")(1, 0, 0, 0), 13390);
  throwsCode(() => gen("hypergeometricCDF")(1, 2, 2, 5), 13400);
  throwsCode(() => gen("negativeBinomialPDF")(1, -1, 0.5), 13450);
});

test("degenerate parameters follow the reference engines", () => {
  assert.equal(gen("gaussianLL")(1, 1, 0), Infinity);
  assert.equal(gen("gaussianLL")(2, 1, 0), -Infinity);
  assert.equal(gen("gaussianCDF")(0.5, 1, 0), 0);
  assert.equal(gen("gaussianCDF")(1, 1, 0), 1);
  assert.equal(gen("gaussianQF")(0.3, 1, 0), 1);
  assert.equal(gen("gaussianQF")(1, 1, 0), Infinity);
  assert.equal(gen("gaussianQF")(0, 1, 0), -Infinity);
  assert.equal(gen("exponentialPDF")(1, 0), 0);
  assert.equal(gen("exponentialPDF")(0, 2), 2);
  assert.equal(gen("exponentialCDF")(1, 0), 0);
  assert.equal(gen("exponentialQF")(0.5, 0), Infinity);
  assert.equal(gen("exponentialQF")(0, 0), 0);
  assert.equal(gen("chi2PDF")(0, 0), Infinity);
  assert.equal(gen("chi2PDF")(1, 0), 0);
  assert.equal(gen("chi2CDF")(1, 0), 1);
  assert.equal(gen("chi2QF")(0.5, 0), 0);
  assert.equal(gen("poissonPDF")(0, 0), 1);
  assert.equal(gen("poissonPDF")(1, 0), 0);
  assert.equal(gen("poissonCDF")(0, 0), 1);
  assert.equal(gen("poissonQF")(0.5, 0), 0);
  assert.equal(gen("poissonQF")(1, 2), Infinity);
  assert.equal(gen("gammaPDF")(0, 0, 1), Infinity);
  assert.equal(gen("gammaPDF")(1, 2, 0), 0);
  assert.equal(gen("gammaPDF")(0, 0.5, 1), Infinity);
  assert.equal(gen("gammaPDF")(0, 1, 4), 0.25);
  assert.equal(gen("gammaPDF")(0, 2, 4), 0);
  assert.equal(gen("betaQF")(1, 2, 3), 1);
  assert.equal(gen("cauchyQF")(0.5, 3, 2), 3);
  assert.equal(gen("tQF")(0.5, 3), 0);
  assert.equal(gen("tQF")(0, 3), -Infinity);
  assert.equal(gen("lognormalQF")(0, 3, 2), 0);
  assert.equal(gen("weibullQF")(1, 3, 2), Infinity);
  assert.equal(gen("weibullPDF")(0, 1, 4), 0.25);
  assert.equal(gen("geometricQF")(1, 1), Infinity);
  assert.equal(gen("negativeBinomialCDF")(-1, 0, 0.5), 0);
});

test("documented deviations from the reference engines (see the comments in prob.dist.ts)", () => {
  // P(X = size) = prob^size (the references return 0 for x >= size)
  close(gen("binomialPDF")(5, 5, 0.5) as number, 0.03125, 1e-15, "binomialPDF");
  assert.equal(gen("binomialPDF")(6, 5, 0.5), 0);
  // all the mass at 0: F(x) = 1 for x >= 0 (the references return 0 at x = 0 and 1 for x < 0)
  assert.equal(gen("gammaCDF")(0, 0, 1), 1);
  assert.equal(gen("gammaCDF")(-1, 2, 0), 0);
  assert.equal(gen("negativeBinomialCDF")(3, 0, 0.5), 1);
  assert.equal(gen("chi2CDF")(0, 0), 1);
  // densities at the end of the support are the formula's value or limit (the references return 0, or NaN)
  assert.equal(gen("chi2PDF")(0, 2), 0.5);
  assert.equal(gen("chi2PDF")(0, 1), Infinity);
  assert.equal(gen("betaPDF")(0, 1, 3), 3);
  assert.equal(gen("betaPDF")(1, 3, 1), 3);
  assert.equal(gen("betaPDF")(0, 0.5, 3), Infinity);
  assert.equal(gen("betaPDF")(1, 3, 2), 0);
  assert.equal(gen("fPDF")(0, 2, 7), 1);
  assert.equal(gen("fPDF")(0, 1, 7), Infinity);
  assert.equal(gen("weibullPDF")(0, 0.5, 2), Infinity);
  // F(k) = p gives k (the references return k + 1)
  assert.equal(gen("geometricQF")(0.5, 0.5), 0);
  assert.equal(gen("geometricQF")(0.75, 0.5), 1);
  assert.equal(gen("geometricQF")(0.76, 0.5), 2);
  // the exact quantile where the references' approximations are off by more than 1%
  close(gen("gaussianQF")(0.9, -0.9, Math.SQRT1_2) as number, 0.006193802436823, 1e-11, "gaussianQF");
  assert.equal(gen("gaussianQF")(0.5, 0, 100), 0);
  close(gen("gammaQF")(0.99999, 0.00001, 0.00001) as number, 2.647373449241984e-6, 1e-9, "gammaQF");
});

test("binomialQF: the smallest x with F(x) >= p (checked with exact rational arithmetic)", () => {
  const qf = gen("binomialQF");
  // F(0) equals p in decimal (0.9 = 1 - 0.1), which the 64-ulp fuzz honours
  assert.equal(qf(0.9, 1, 0.1), 0);
  assert.equal(qf(0.99999, 1, 0.00001), 0);
  assert.equal(qf(0.5, 10, 0.3), 3);
  assert.equal(qf(0.1, 10, 0.3), 1);
  assert.equal(qf(0.9, 10, 0.3), 5);
  assert.equal(qf(0.99999, 100, 0.5), 71);
  assert.equal(qf(0.00001, 100, 0.5), 29);
  assert.equal(qf(0.5, 17, 0.9), 15);
  assert.equal(qf(0.3, 5, 0.5), 2);
  assert.equal(qf(0.5, 5, 0.5), 2);
  assert.equal(qf(0.50001, 5, 0.5), 3);
  assert.equal(qf(0, 10, 0.3), 0);
  assert.equal(qf(1, 10, 0.3), 10);
  assert.equal(qf(0.5, 10, 0), 0);
  assert.equal(qf(0.5, 10, 1), 10);
  assert.equal(qf(0.5, 0, 0.3), 0);
});

test("hypergeometric PDF, CDF and QF (checked with exact rational arithmetic)", () => {
  const pdf = gen("hypergeometricPDF");
  const cdf = gen("hypergeometricCDF");
  const qf = gen("hypergeometricQF");
  // 10 white, 5 black, 3 drawn
  const exact = [10 / 455, 100 / 455, 225 / 455, 120 / 455];
  let sum = 0;
  for (let x = 0; x <= 3; x++) {
    sum += exact[x]!;
    close(pdf(x, 10, 5, 3) as number, exact[x]!, 1e-14, `pdf ${x}`);
    close(cdf(x, 10, 5, 3) as number, sum, 1e-14, `cdf ${x}`);
  }
  assert.equal(pdf(4, 10, 5, 3), 0);
  assert.equal(pdf(-1, 10, 5, 3), 0);
  assert.equal(cdf(-20, 10, 5, 3), 0);
  assert.equal(cdf(20, 10, 5, 3), 1);
  assert.deepEqual([0, 0.3, 0.5, 0.8, 0.99, 1].map((p) => qf(p, 10, 5, 3)), [0, 2, 2, 3, 3, 3]);
  assert.equal(qf(0.5, 100, 50, 60), 40);
  assert.equal(qf(0.00001, 100, 50, 60), 28);
  assert.equal(qf(0.99999, 100, 50, 60), 52);
  // the support starts at k - n when more balls are drawn than there are black ones
  assert.equal(pdf(2, 7, 3, 9), 0);
  close(pdf(6, 7, 3, 9) as number, 0.7, 1e-14, "pdf 6");
  close(pdf(7, 7, 3, 9) as number, 0.3, 1e-14, "pdf 7");
  assert.equal(qf(0.5, 7, 3, 9), 6);
  assert.equal(qf(0, 7, 3, 9), 6);
  // no black balls (allowed by the spec): all the mass at k
  assert.equal(pdf(5, 20, 0, 5), 1);
  assert.equal(cdf(4, 20, 0, 5), 0);
  assert.equal(qf(0.5, 20, 0, 5), 5);
  assert.equal(pdf(0, 3, 7, 0), 1);
});

test("negative binomial PDF and QF (checked with exact rational arithmetic)", () => {
  const pdf = gen("negativeBinomialPDF");
  const qf = gen("negativeBinomialQF");
  close(pdf(100, 17, 0.1) as number, 0.004615571320778688, 1e-12, "pdf");
  close(pdf(0, 5, 0.3) as number, 0.00243, 1e-13, "pdf 0");
  close(pdf(3, 5, 0.3) as number, 0.02917215, 1e-13, "pdf 3");
  close(pdf(5, 1, 0.5) as number, 0.015625, 1e-14, "pdf geometric");
  assert.equal(pdf(-1, 5, 0.3), 0);
  assert.equal(pdf(0, 0, 0.3), 1);
  assert.equal(pdf(2, 0, 0.3), 0);
  assert.equal(pdf(2, 3, 0), 0);
  assert.equal(pdf(0, 3, 1), 1);
  assert.equal(qf(0.5, 5, 0.3), 11);
  assert.equal(qf(0.1, 5, 0.3), 5);
  assert.equal(qf(0.9, 5, 0.3), 20);
  assert.equal(qf(0.99999, 17, 0.1), 377);
  assert.equal(qf(0.00001, 100, 0.9), 0);
  assert.equal(qf(0.5, 100, 0.5), 99);
  assert.equal(qf(0.5, 1, 0.5), 0);
  assert.equal(qf(0.75, 1, 0.5), 1);
  assert.equal(qf(0, 5, 0.3), 0);
  assert.equal(qf(1, 5, 0.3), Infinity);
  assert.equal(qf(0.5, 5, 1), 0);
  assert.equal(qf(0.5, 5, 0), Infinity);
});

test("poisson and geometric quantiles are the smallest x with F(x) >= p", () => {
  const pqf = gen("poissonQF");
  const pcdf = gen("poissonCDF");
  for (const lambda of [0.1, 1, 17, 100, 1e4]) {
    for (const p of [1e-5, 0.1, 0.5, 0.9, 0.99999]) {
      const k = pqf(p, lambda) as number;
      assert.ok((pcdf(k, lambda) as number) >= p, `F(${k}) >= ${p} at lambda ${lambda}`);
      if (k > 0) assert.ok((pcdf(k - 1, lambda) as number) < p, `F(${k - 1}) < ${p} at lambda ${lambda}`);
    }
  }
  const gqf = gen("geometricQF");
  const gcdf = gen("geometricCDF");
  for (const prob of [1e-5, 0.1, 0.5, 0.9]) {
    for (const p of [1e-5, 0.1, 0.5, 0.9, 0.99999]) {
      const k = gqf(p, prob) as number;
      assert.ok((gcdf(k, prob) as number) >= p * (1 - 1e-14));
      if (k > 0) assert.ok((gcdf(k - 1, prob) as number) < p);
    }
  }
});

test("continuous quantiles invert the distribution functions", () => {
  const pairs: [string, string, number[][]][] = [
    ["gammaQF", "gammaCDF", [[0.5, 1], [3, 2], [100, 0.1], [1e7, 1]]],
    ["betaQF", "betaCDF", [[0.5, 0.5], [2, 3], [0.1, 100], [1e5, 1e5]]],
    ["chi2QF", "chi2CDF", [[1], [5], [100], [100000]]],
    ["fQF", "fCDF", [[1, 1], [5, 17], [100, 2]]],
    ["tQF", "tCDF", [[1], [2], [17], [1000000]]],
    ["lognormalQF", "lognormalCDF", [[0, 1], [3, 0.1]]],
    ["cauchyQF", "cauchyCDF", [[0, 1], [-5, 17]]],
    ["weibullQF", "weibullCDF", [[0.5, 1], [3, 2]]],
    ["exponentialQF", "exponentialCDF", [[0.5], [17]]],
    ["gaussianQF", "gaussianCDF", [[0, 1], [-3, 0.5]]],
  ];
  for (const [qfName, cdfName, params] of pairs) {
    const qf = gen(qfName);
    const cdf = gen(cdfName);
    for (const ps of params) {
      for (const p of [1e-10, 1e-5, 0.1, 0.5, 0.9, 0.99999]) {
        const x = qf(p, ...ps) as number;
        close(cdf(x, ...ps) as number, p, 1e-9, `${cdfName}(${qfName}(${p}, ${ps.join(", ")}))`);
      }
    }
  }
});

test("very large parameters: Temme's expansion for the incomplete gamma function", () => {
  close(gen("gammaQF")(0.3, 1e12, 1) as number, 999999475599.2456, 1e-13, "gammaQF");
  close(gen("poissonCDF")(1e9, 1e9) as number, 0.500008410441739, 1e-11, "poissonCDF");
  close(gen("chi2CDF")(2147483647, 2147483647) as number, 0.5000040582507375, 1e-11, "chi2CDF");
  assert.equal(gen("poissonQF")(0.5, 1e7), 10000000);
});
