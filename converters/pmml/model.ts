/**
 * The contract between the PMML document reader and the model readers (one file per family under
 * models/). A model reader turns one model element into IR steps, through the scope it is given, and
 * says which columns hold what the model predicts; the document reader then adds Targets, the Output
 * element's fields and the pipeline's outputs.
 *
 *     export function readTreeModel(model: XmlElement, scope: ModelScope): ModelResult
 */
import type { Expr } from "../../src/ir/ops/expr.js";
import type { IRType } from "../../src/ir/types.js";
import type { PipelineBuilder } from "./builder.js";
import type { XmlElement } from "./xml.js";

/** What the DataDictionary (or a DerivedField, or an OutputField) says about a field. */
export interface FieldInfo {
  name: string;
  /** PMML's dataType: string, integer, float, double, boolean, ... */
  dataType: string;
  /** categorical, ordinal or continuous. */
  optype: string;
  /** The valid values listed for a categorical or ordinal field, in document order (as written). */
  values: string[];
}

export interface ModelScope {
  readonly builder: PipelineBuilder;
  /** The file, for messages. */
  readonly file: string;
  /**
   * The IR column holding a field's value as the model sees it: an input after its MiningField's
   * treatment (missing replacement, invalid values, outliers), a derived field (TransformationDictionary
   * or the model's LocalTransformations), or an output field of an earlier segment of a chain. Refuses
   * (with `where` in the message) a field that is not defined.
   */
  column(field: string, where: XmlElement): string;
  /** The field's declaration, if any. */
  field(name: string): FieldInfo | undefined;
  /** The IR type of a column. */
  typeOf(column: string): IRType;
  /** The model's target field (MiningField usageType "target" or "predicted"), if any. */
  readonly target: FieldInfo | null;
  /**
   * A PMML predicate element (SimplePredicate, CompoundPredicate, SimpleSetPredicate, True, False) as an
   * `expr` expression over `inputs` (columns): a nullable boolean, missing where PMML's three-valued
   * logic gives UNKNOWN.
   */
  predicate(predicate: XmlElement): { expr: Expr; inputs: string[] };
  /**
   * Reads a nested model (a MiningModel segment) in a child scope: its own MiningSchema, LocalTransformations
   * and Output (whose fields become visible to later segments of a chain).
   */
  nested(model: XmlElement): ModelResult;
  /** Refuses the conversion: `<file>: <element>: <construct>` (never returns). */
  fail(where: XmlElement | string, construct: string): never;
}

export interface ModelResult {
  /** The model element's functionName: regression, classification, clustering, ... */
  functionName: string;
  /**
   * The column of the predicted value: the target's value for regression and classification (the
   * winning category), the cluster's id or name for clustering. It may be nullable (no prediction).
   */
  predicted: string;
  /**
   * Classification: each category (as PMML writes it, the target's string form) and the column of its
   * probability, in the target's category order.
   */
  probabilities?: Map<string, string>;
  /**
   * Other columns the model gives, by the Output feature that reads them: "entityId", "clusterId",
   * "affinity" (of the winner), "affinity:<id>" (of an entity), "confidence", "confidence:<category>",
   * "reasonCode:<rank>" (1-based), "ruleValue", "decision", "standardError", ...; "output:<name>" is
   * the OutputField of that name computed by the model reader itself (an AssociationModel's rule values).
   */
  features: Map<string, string>;
  /**
   * The model's results are its OutputFields alone, with no predicted value of its own (an
   * AssociationModel): `predicted` is then not a result of the document.
   */
  outputsOnly?: boolean;
}

export type ModelReader = (model: XmlElement, scope: ModelScope) => ModelResult;

/** The element names of PMML's model types. */
export const MODEL_ELEMENTS = [
  "AnomalyDetectionModel",
  "AssociationModel",
  "BaselineModel",
  "BayesianNetworkModel",
  "ClusteringModel",
  "GaussianProcessModel",
  "GeneralRegressionModel",
  "MiningModel",
  "NaiveBayesModel",
  "NearestNeighborModel",
  "NeuralNetwork",
  "RegressionModel",
  "RuleSetModel",
  "Scorecard",
  "SequenceModel",
  "SupportVectorMachineModel",
  "TextModel",
  "TimeSeriesModel",
  "TreeModel",
] as const;
