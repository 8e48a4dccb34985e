/**
 * The model readers, by PMML element name. A document's model element is read by the reader of its
 * name; an element no reader handles (SequenceModel, TimeSeriesModel, ...) is refused.
 */
import type { ModelReader } from "../model.js";
import { readAnomalyDetectionModel } from "./anomaly.js";
import { readAssociationModel } from "./association.js";
import { readBaselineModel } from "./baseline.js";
import { readClusteringModel } from "./clustering.js";
import { readGeneralRegressionModel } from "./general-regression.js";
import { readMiningModel } from "./mining.js";
import { readNaiveBayesModel } from "./naive-bayes.js";
import { readNearestNeighborModel } from "./nearest-neighbor.js";
import { readNeuralNetwork } from "./neural-network.js";
import { readRegressionModel } from "./regression.js";
import { readRuleSetModel } from "./ruleset.js";
import { readScorecard } from "./scorecard.js";
import { readSupportVectorMachineModel } from "./svm.js";
import { readTreeModel } from "./tree.js";

export const MODEL_READERS: Readonly<Record<string, ModelReader>> = {
  AnomalyDetectionModel: readAnomalyDetectionModel,
  AssociationModel: readAssociationModel,
  BaselineModel: readBaselineModel,
  ClusteringModel: readClusteringModel,
  GeneralRegressionModel: readGeneralRegressionModel,
  MiningModel: readMiningModel,
  NaiveBayesModel: readNaiveBayesModel,
  NearestNeighborModel: readNearestNeighborModel,
  NeuralNetwork: readNeuralNetwork,
  RegressionModel: readRegressionModel,
  RuleSetModel: readRuleSetModel,
  Scorecard: readScorecard,
  SupportVectorMachineModel: readSupportVectorMachineModel,
  TreeModel: readTreeModel,
};
