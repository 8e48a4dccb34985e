/**
 * The "model.neural" module: feed-forward neural networks given as layers of weights and biases.
 */
import { bySite, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";

interface Layer {
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

export const functions: readonly LibFcnImpl[] = [
  bySite("model.neural.simpleLayers", (site) => {
    const name = site.name;
    // weights (one row per node, one column per input) times the input, plus bias; checks the layer's alignment with its input
    const layerOutput = (layer: Layer, input: readonly number[]): number[] => {
      const { weights, bias } = layer;
      if (bias.length !== weights.length) throw new PFARuntimeError(11001, "weights, bias, or datum misaligned", name);
      const n = input.length;
      for (const row of weights) if (row.length !== n) throw new PFARuntimeError(11001, "weights, bias, or datum misaligned", name);
      const out = new Array<number>(weights.length);
      for (let j = 0; j < weights.length; j++) {
        const row = weights[j]!;
        let s = 0;
        for (let i = 0; i < n; i++) s += row[i]! * input[i]!;
        out[j] = s + bias[j]!;
      }
      return out;
    };
    return (datum: readonly number[], model: readonly Layer[], activation: (x: number) => number): number[] => {
      if (model.length === 0) throw new PFARuntimeError(11000, "no layers", name);
      let x = datum;
      for (let k = 0; k < model.length - 1; k++) {
        const out = layerOutput(model[k]!, x);
        for (let j = 0; j < out.length; j++) out[j] = activation(out[j]!);
        x = out;
      }
      return layerOutput(model[model.length - 1]!, x);
    };
  }),
];
