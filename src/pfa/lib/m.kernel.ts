/**
 * Kernel functions for support vector machines (spec "m.kernel" module).
 */
import { fixed, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";

function dot(x: readonly number[], y: readonly number[], code: number, name: string): number {
  if (x.length !== y.length) throw new PFARuntimeError(code, "arrays must have same length", name);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * y[i]!;
  return sum;
}

export const functions: readonly LibFcnImpl[] = [
  fixed("m.kernel.linear", (x: readonly number[], y: readonly number[]) => dot(x, y, 23000, "m.kernel.linear")),

  fixed("m.kernel.rbf", (x: readonly number[], y: readonly number[], gamma: number) => {
    if (x.length !== y.length) throw new PFARuntimeError(23010, "arrays must have same length", "m.kernel.rbf");
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i]! - y[i]!;
      sum += d * d;
    }
    return Math.exp(-gamma * sum);
  }),

  // As core's "**": zero to a negative power is +infinity.
  fixed("m.kernel.poly", (x: readonly number[], y: readonly number[], gamma: number, intercept: number, degree: number) => {
    const base = gamma * dot(x, y, 23020, "m.kernel.poly") + intercept;
    return base === 0 && degree < 0 ? Infinity : Math.pow(base, degree);
  }),

  fixed("m.kernel.sigmoid", (x: readonly number[], y: readonly number[], gamma: number, intercept: number) =>
    Math.tanh(gamma * dot(x, y, 23030, "m.kernel.sigmoid") + intercept),
  ),
];
