/**
 * The "model.svm" module: scoring with a two-class support vector machine.
 */
import { bySite, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";

interface SupportVector {
  readonly supVec: readonly number[];
  readonly coeff: number;
}

interface SvmModel {
  readonly const: number;
  readonly posClass: readonly SupportVector[];
  readonly negClass: readonly SupportVector[];
}

type Kernel = (x: readonly number[], y: readonly number[]) => number;

export const functions: readonly LibFcnImpl[] = [
  bySite("model.svm.score", (site) => {
    const name = site.name;
    const classScore = (svs: readonly SupportVector[], datum: readonly number[], kernel: Kernel): number => {
      let score = 0;
      for (const sv of svs) {
        if (sv.supVec.length !== datum.length) throw new PFARuntimeError(12001, "support vectors must have same length as datum", name);
        score += kernel(sv.supVec, datum) * sv.coeff;
      }
      return score;
    };
    return (datum: readonly number[], model: SvmModel, kernel: Kernel): number => {
      if (model.negClass.length === 0 && model.posClass.length === 0) throw new PFARuntimeError(12000, "no support vectors", name);
      const neg = classScore(model.negClass, datum, kernel);
      const pos = classScore(model.posClass, datum, kernel);
      return neg + pos + model.const;
    };
  }),
];
