/** Every IR op, by name. Adding an op is adding its file and one line here. */
import type { OpDef } from "../op.js";
import { binarize } from "./binarize.js";
import { countVectorize } from "./count-vectorize.js";
import { idf } from "./idf.js";
import { indexToString } from "./index-to-string.js";
import { ngram } from "./ngram.js";
import { oneHot } from "./one-hot.js";
import { stopWords } from "./stop-words.js";
import { stringIndex } from "./string-index.js";
import { svm } from "./svm.js";
import { treeEnsemble } from "./tree-ensemble.js";
import { tokenize } from "./tokenize.js";
import { textIndex } from "./text-index.js";
import { bucketize } from "./bucketize.js";
import { cluster } from "./cluster.js";
import { elementwiseProduct } from "./elementwise-product.js";
import { expr } from "./expr.js";
import { fieldPrep } from "./field-prep.js";
import { hashingTF } from "./hashing-tf.js";
import { impute } from "./impute.js";
import { interaction } from "./interaction.js";
import { linearModel } from "./linear-model.js";
import { naiveBayes } from "./naive-bayes.js";
import { nearestNeighbors } from "./nearest-neighbors.js";
import { neuralNetwork } from "./neural-network.js";
import { normContinuous } from "./norm-continuous.js";
import { normalize } from "./normalize.js";
import { polynomialExpand } from "./polynomial-expand.js";
import { project } from "./project.js";
import { scale } from "./scale.js";
import { segmentation } from "./segmentation.js";
import { valueMap } from "./value-map.js";
import { vectorAssemble } from "./vector-assemble.js";
import { vectorSlice } from "./vector-slice.js";
import { associationRules } from "./association-rules.js";
import { temporal } from "./temporal.js";

const OPS = [
  // Expressions (PMML's derived fields and the glue of the other formats)
  expr,
  // Feature transformers
  fieldPrep, temporal, vectorAssemble, vectorSlice, scale, normContinuous, normalize, binarize, bucketize, impute, valueMap,
  elementwiseProduct, polynomialExpand, interaction, project,
  // Categorical and text features
  stringIndex, indexToString, oneHot, tokenize, ngram, stopWords, countVectorize, hashingTF, idf, textIndex,
  // Models
  linearModel, treeEnsemble, naiveBayes, cluster, svm, neuralNetwork, nearestNeighbors, associationRules,
  // Ensembles of sub-pipelines
  segmentation,
] as unknown as readonly OpDef<unknown>[];

const byName = new Map<string, OpDef<unknown>>(OPS.map((op) => [op.name, op]));

export function opDefinition(name: string): OpDef<unknown> | undefined {
  return byName.get(name);
}

export function opNames(): string[] {
  return [...byName.keys()];
}
