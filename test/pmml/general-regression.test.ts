/**
 * GeneralRegressionModel reader: small documents written for these tests (values checked by hand, or
 * the DMG specification's examples with the values pmml4s's tests assert), scored by the IR's reference
 * evaluator and by the PFA the writer makes of it.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { close, scoreWith, type Row } from "./score-harness.js";
import { readGeneralRegressionModel } from "../../converters/pmml/models/general-regression.js";

const scoreDocument = (xml: string, rows: Row[]): Row[] => scoreWith(xml, rows, { GeneralRegressionModel: readGeneralRegressionModel });

/** The DMG "General Linear" example (a factor interaction and two covariates). */
const GENERAL_LINEAR = `<PMML xmlns="http://www.dmg.org/PMML-4_3" version="4.3">
  <DataDictionary>
    <DataField name="jobcat" optype="continuous" dataType="double"/>
    <DataField name="minority" optype="categorical" dataType="double"/>
    <DataField name="sex" optype="categorical" dataType="double"/>
    <DataField name="age" optype="continuous" dataType="double"/>
    <DataField name="work" optype="continuous" dataType="double"/>
  </DataDictionary>
  <GeneralRegressionModel modelType="generalLinear" functionName="regression">
    <MiningSchema>
      <MiningField name="jobcat" usageType="target"/>
      <MiningField name="minority"/><MiningField name="sex"/><MiningField name="age"/><MiningField name="work"/>
    </MiningSchema>
    <ParameterList>
      <Parameter name="p0"/><Parameter name="p1"/><Parameter name="p2"/><Parameter name="p3"/><Parameter name="p4"/>
      <Parameter name="p5"/><Parameter name="p6"/><Parameter name="p7"/><Parameter name="p8"/>
    </ParameterList>
    <FactorList><Predictor name="sex"/><Predictor name="minority"/></FactorList>
    <CovariateList><Predictor name="age"/><Predictor name="work"/></CovariateList>
    <PPMatrix>
      <PPCell value="0" predictorName="sex" parameterName="p1"/>
      <PPCell value="1" predictorName="sex" parameterName="p2"/>
      <PPCell value="0" predictorName="sex" parameterName="p3"/>
      <PPCell value="0" predictorName="sex" parameterName="p4"/>
      <PPCell value="1" predictorName="sex" parameterName="p5"/>
      <PPCell value="1" predictorName="sex" parameterName="p6"/>
      <PPCell value="0" predictorName="minority" parameterName="p3"/>
      <PPCell value="1" predictorName="minority" parameterName="p4"/>
      <PPCell value="0" predictorName="minority" parameterName="p5"/>
      <PPCell value="1" predictorName="minority" parameterName="p6"/>
      <PPCell value="1" predictorName="age" parameterName="p7"/>
      <PPCell value="1" predictorName="work" parameterName="p8"/>
    </PPMatrix>
    <ParamMatrix>
      <PCell parameterName="p0" beta="1.602" df="1"/>
      <PCell parameterName="p1" beta="0.580" df="1"/>
      <PCell parameterName="p3" beta="0.831" df="1"/>
      <PCell parameterName="p5" beta="0.429" df="1"/>
      <PCell parameterName="p7" beta="-0.012" df="1"/>
      <PCell parameterName="p8" beta="0.010" df="1"/>
    </ParamMatrix>
  </GeneralRegressionModel>
</PMML>`;

describe("GeneralRegressionModel", () => {
  it("generalLinear: factors, an interaction of factors, covariates (the DMG example)", () => {
    const [r] = scoreDocument(GENERAL_LINEAR, [{ sex: 1, minority: 0, age: 25, work: 4 }]);
    // 1.602 + 0.429 - 0.012·25 + 0.010·4 (pmml4s asserts 1.7710000000000001)
    close(r!.jobcat, 1.771);
  });

  it("a missing factor makes the prediction missing; a missing covariate too", () => {
    const rows = scoreDocument(GENERAL_LINEAR, [
      { sex: null, minority: 0, age: 25, work: 4 },
      { sex: 1, minority: 0, age: null, work: 4 },
    ]);
    assert.equal(rows[0]!.jobcat, null);
    assert.equal(rows[1]!.jobcat, null);
  });

  it("generalizedLinear: power link with linkParameter -1 and offsetValue (the DMG example)", () => {
    const doc = GENERAL_LINEAR.replace('modelType="generalLinear" functionName="regression"', 'modelType="generalizedLinear" functionName="regression" distribution="gamma" linkFunction="power" linkParameter="-1" offsetValue="3"').replace(
      /<ParamMatrix>[\s\S]*<\/ParamMatrix>/,
      `<ParamMatrix>
        <PCell parameterName="p0" beta="-2.30824444845005"/>
        <PCell parameterName="p1" beta="-0.268177596945098"/>
        <PCell parameterName="p3" beta="-0.169104566719988"/>
        <PCell parameterName="p5" beta="-0.219215962160056"/>
        <PCell parameterName="p7" beta="0.00427629446211706"/>
        <PCell parameterName="p8" beta="-0.00397117497757107"/>
      </ParamMatrix>`,
    );
    const [r] = scoreDocument(doc, [{ sex: 1, minority: 0, age: 25, work: 4 }]);
    close(r!.jobcat, 1.7744268679597344);
  });

  it("generalizedLinear: offsetVariable and trialsVariable (a missing one refuses the row)", () => {
    const doc = GENERAL_LINEAR.replace('modelType="generalLinear" functionName="regression"', 'modelType="generalizedLinear" functionName="regression" linkFunction="log" offsetVariable="off" trialsVariable="n"')
      .replace("<DataDictionary>", '<DataDictionary><DataField name="off" optype="continuous" dataType="double"/><DataField name="n" optype="continuous" dataType="integer"/>')
      .replace("<MiningField name=\"work\"/>", '<MiningField name="work"/><MiningField name="off"/><MiningField name="n"/>');
    const rows = scoreDocument(doc, [
      { sex: 1, minority: 0, age: 25, work: 4, off: 0.5, n: 3 },
      { sex: 1, minority: 0, age: 25, work: 4, off: null, n: 3 },
    ]);
    close(rows[0]!.jobcat, 3 * Math.exp(1.602 + 0.429 - 0.012 * 25 + 0.01 * 4 + 0.5));
    assert.equal(rows[1]!.refused, true);
  });

  it("covariate powers and a covariate missing where the factor does not match", () => {
    const doc = `<PMML version="4.4"><DataDictionary>
        <DataField name="y" optype="continuous" dataType="double"/>
        <DataField name="g" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>
        <DataField name="x" optype="continuous" dataType="double"/>
      </DataDictionary>
      <GeneralRegressionModel modelType="regression" functionName="regression">
        <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="g"/><MiningField name="x"/></MiningSchema>
        <ParameterList><Parameter name="c"/><Parameter name="x2"/><Parameter name="gx"/></ParameterList>
        <FactorList><Predictor name="g"/></FactorList>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix>
          <PPCell value="2" predictorName="x" parameterName="x2"/>
          <PPCell value="a" predictorName="g" parameterName="gx"/>
          <PPCell value="1" predictorName="x" parameterName="gx"/>
        </PPMatrix>
        <ParamMatrix>
          <PCell parameterName="c" beta="1"/><PCell parameterName="x2" beta="0.5"/><PCell parameterName="gx" beta="2"/>
        </ParamMatrix>
      </GeneralRegressionModel></PMML>`;
    const rows = scoreDocument(doc, [
      { g: "a", x: 3 },
      { g: "b", x: 3 },
    ]);
    close(rows[0]!.y, 1 + 0.5 * 9 + 2 * 3);
    close(rows[1]!.y, 1 + 0.5 * 9);
    // x only in the interaction: a missing x does not matter when g is not "a"
    const doc2 = doc.replace('<PCell parameterName="x2" beta="0.5"/>', "");
    const rows2 = scoreDocument(doc2, [
      { g: "b", x: null },
      { g: "a", x: null },
    ]);
    close(rows2[0]!.y, 1);
    assert.equal(rows2[1]!.y, null);
  });

  it("multinomialLogistic with contrast matrices (the DMG example)", () => {
    const doc = `<PMML xmlns="http://www.dmg.org/PMML-4_3" version="4.3">
      <DataDictionary>
        <DataField name="salCat" optype="categorical" dataType="string"><Value value="Low"/><Value value="High"/></DataField>
        <DataField name="gender" optype="categorical" dataType="string"/>
        <DataField name="educ" optype="continuous" dataType="double"/>
        <DataField name="jobcat" optype="categorical" dataType="double"/>
        <DataField name="salbegin" optype="continuous" dataType="double"/>
      </DataDictionary>
      <GeneralRegressionModel modelType="multinomialLogistic" functionName="classification" targetReferenceCategory="High">
        <MiningSchema>
          <MiningField name="salCat" usageType="target"/>
          <MiningField name="gender"/><MiningField name="educ"/><MiningField name="jobcat"/><MiningField name="salbegin"/>
        </MiningSchema>
        <Output>
          <OutputField name="probability(Low)" feature="probability" value="Low"/>
          <OutputField name="probability(High)" feature="probability" value="High"/>
        </Output>
        <ParameterList>
          <Parameter name="P1"/><Parameter name="P2"/><Parameter name="P3"/><Parameter name="P4"/>
          <Parameter name="P5"/><Parameter name="P6"/><Parameter name="P7"/><Parameter name="P8"/>
        </ParameterList>
        <FactorList>
          <Predictor name="gender" contrastMatrixType="Simple">
            <Categories><Category value="f"/><Category value="m"/></Categories>
            <Matrix nbRows="2" nbCols="1"><Array type="real" n="1">.5</Array><Array type="real" n="1">-.5</Array></Matrix>
          </Predictor>
          <Predictor name="jobcat" contrastMatrixType="Helmert">
            <Categories><Category value="1"/><Category value="2"/><Category value="3"/></Categories>
            <Matrix nbRows="3" nbCols="2">
              <Array type="real" n="2">.666666666667 0</Array>
              <Array type="real" n="2">-.333333333333 .5</Array>
              <Array type="real" n="2">-.333333333333 -.5</Array>
            </Matrix>
          </Predictor>
        </FactorList>
        <CovariateList><Predictor name="educ"/><Predictor name="salbegin"/></CovariateList>
        <PPMatrix>
          <PPCell value="f" predictorName="gender" parameterName="P2"/>
          <PPCell value="1" predictorName="educ" parameterName="P3"/>
          <PPCell value="1" predictorName="jobcat" parameterName="P4"/>
          <PPCell value="2" predictorName="jobcat" parameterName="P5"/>
          <PPCell value="f" predictorName="gender" parameterName="P6"/>
          <PPCell value="1" predictorName="jobcat" parameterName="P6"/>
          <PPCell value="f" predictorName="gender" parameterName="P7"/>
          <PPCell value="2" predictorName="jobcat" parameterName="P7"/>
          <PPCell value="1" predictorName="educ" parameterName="P8"/>
          <PPCell value="f" predictorName="gender" parameterName="P8"/>
          <PPCell value="1" predictorName="salbegin" parameterName="P8"/>
        </PPMatrix>
        <ParamMatrix>
          <PCell targetCategory="Low" parameterName="P1" beta="17.0599111512836"/>
          <PCell targetCategory="Low" parameterName="P2" beta="-2.79578119817189"/>
          <PCell targetCategory="Low" parameterName="P3" beta="-0.625739483585618"/>
          <PCell targetCategory="Low" parameterName="P4" beta="-5.76523337984277"/>
          <PCell targetCategory="Low" parameterName="P5" beta="17.743574615114"/>
          <PCell targetCategory="Low" parameterName="P6" beta="0.421913613872923"/>
          <PCell targetCategory="Low" parameterName="P7" beta="0"/>
          <PCell targetCategory="Low" parameterName="P8" beta="1.1136356754678E-005"/>
        </ParamMatrix>
      </GeneralRegressionModel></PMML>`;
    const rows = scoreDocument(doc, [
      { gender: "f", educ: 19, jobcat: 3, salbegin: 45000 },
      { gender: "x", educ: 19, jobcat: 3, salbegin: 45000 },
    ]);
    const s = 17.0599111512836 - 2.79578119817189 * 0.5 - 0.625739483585618 * 19 - 5.76523337984277 * -0.333333333333 + 17.743574615114 * -0.5 + 0.421913613872923 * 0.5 * -0.333333333333 + 1.1136356754678e-5 * 19 * 0.5 * 45000;
    assert.equal(rows[0]!.salCat, "Low");
    close(rows[0]!["probability(Low)"], 1 / (1 + Math.exp(-s)), 1e-12);
    close(rows[0]!["probability(High)"], 1 - 1 / (1 + Math.exp(-s)), 1e-12);
    // a category outside the contrast matrix's Categories refuses the row
    assert.equal(rows[1]!.refused, true);
  });

  it("generalizedLinear binary classifier: the reference category is the one without PCells", () => {
    const doc = `<PMML version="4.1"><DataDictionary>
        <DataField name="y" optype="categorical" dataType="string"><Value value="0"/><Value value="1"/></DataField>
        <DataField name="x" optype="continuous" dataType="double"/>
      </DataDictionary>
      <GeneralRegressionModel modelType="generalizedLinear" functionName="classification" distribution="binomial" linkFunction="probit">
        <MiningSchema><MiningField name="y" usageType="predicted"/><MiningField name="x"/></MiningSchema>
        <Output>
          <OutputField name="probability(1)" feature="probability" value="1"/>
          <OutputField name="probability(0)" feature="probability" value="0"/>
        </Output>
        <ParameterList><Parameter name="p0"/><Parameter name="p1"/></ParameterList>
        <FactorList/>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix><PPCell value="1" predictorName="x" parameterName="p1"/></PPMatrix>
        <ParamMatrix>
          <PCell targetCategory="1" parameterName="p0" beta="-1"/>
          <PCell targetCategory="1" parameterName="p1" beta="2"/>
        </ParamMatrix>
      </GeneralRegressionModel></PMML>`;
    const rows = scoreDocument(doc, [{ x: 1 }, { x: 0 }, { x: 0.5 }]);
    // Φ(1) = 0.8413447460685429
    close(rows[0]!["probability(1)"], 0.8413447460685429, 1e-12);
    close(rows[0]!["probability(0)"], 1 - 0.8413447460685429, 1e-12);
    assert.equal(rows[0]!.y, "1");
    assert.equal(rows[1]!.y, "0");
    // a tie goes to the first category after the reference is moved last: "1"
    assert.equal(rows[2]!.y, "1");
  });

  it("ordinalMultinomial: cumulative logit (the DMG example's structure)", () => {
    const doc = `<PMML version="4.4"><DataDictionary>
        <DataField name="y" optype="ordinal" dataType="string"><Value value="low"/><Value value="mid"/><Value value="high"/></DataField>
        <DataField name="x" optype="continuous" dataType="double"/>
      </DataDictionary>
      <GeneralRegressionModel modelType="ordinalMultinomial" functionName="classification" cumulativeLink="logit">
        <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
        <Output>
          <OutputField name="probability(low)" feature="probability" value="low"/>
          <OutputField name="probability(mid)" feature="probability" value="mid"/>
          <OutputField name="probability(high)" feature="probability" value="high"/>
        </Output>
        <ParameterList><Parameter name="t"/><Parameter name="b"/></ParameterList>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix><PPCell value="1" predictorName="x" parameterName="b"/></PPMatrix>
        <ParamMatrix>
          <PCell targetCategory="low" parameterName="t" beta="-1"/>
          <PCell targetCategory="mid" parameterName="t" beta="1"/>
          <PCell parameterName="b" beta="0.5"/>
        </ParamMatrix>
      </GeneralRegressionModel></PMML>`;
    const [r, r2] = scoreDocument(doc, [{ x: 2 }, { x: -4 }]);
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    // P(y <= low) = σ(-1 + 0.5·2), P(y <= mid) = σ(1 + 0.5·2)
    close(r!["probability(low)"], sig(0), 1e-12);
    close(r!["probability(mid)"], sig(2) - sig(0), 1e-12);
    close(r!["probability(high)"], 1 - sig(2), 1e-12);
    assert.equal(r!.y, "low");
    close(r2!["probability(high)"], 1 - sig(-1), 1e-12);
    assert.equal(r2!.y, "high");
  });

  it("CoxRegression: the cumulative hazard H0(t)·exp(r − s), 0 before the first time, missing after maxTime", () => {
    const doc = `<PMML version="4.3"><DataDictionary>
        <DataField name="t" optype="continuous" dataType="double"/>
        <DataField name="g" optype="categorical" dataType="double"/>
        <DataField name="x" optype="continuous" dataType="double"/>
        <DataField name="status" optype="continuous" dataType="double"/>
      </DataDictionary>
      <GeneralRegressionModel modelType="CoxRegression" functionName="regression" endTimeVariable="t" statusVariable="status">
        <MiningSchema><MiningField name="t"/><MiningField name="g"/><MiningField name="x"/><MiningField name="status" usageType="target"/></MiningSchema>
        <ParameterList><Parameter name="P1" referencePoint="0"/><Parameter name="P2" referencePoint="10"/></ParameterList>
        <FactorList><Predictor name="g"/></FactorList>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix><PPCell value="1" predictorName="g" parameterName="P1"/><PPCell value="1" predictorName="x" parameterName="P2"/></PPMatrix>
        <ParamMatrix><PCell parameterName="P1" beta="0.5"/><PCell parameterName="P2" beta="0.2"/></ParamMatrix>
        <BaseCumHazardTables maxTime="8">
          <BaselineCell time="1" cumHazard="0.1"/><BaselineCell time="3" cumHazard="0.4"/><BaselineCell time="5" cumHazard="0.8"/>
        </BaseCumHazardTables>
      </GeneralRegressionModel></PMML>`;
    const rows = scoreDocument(doc, [
      { t: 4, g: 1, x: 12 },
      { t: 0.5, g: 1, x: 12 },
      { t: 9, g: 1, x: 12 },
      { t: 5, g: 2, x: 10 },
      { t: null, g: 2, x: 10 },
    ]);
    close(rows[0]!.status, 0.4 * Math.exp(0.5 + 0.2 * 12 - 0.2 * 10));
    close(rows[1]!.status, 0);
    assert.equal(rows[2]!.status, null);
    close(rows[3]!.status, 0.8);
    assert.equal(rows[4]!.refused, true);
  });

  it("CoxRegression with a baselineStrataVariable: each stratum's own table", () => {
    const doc = `<PMML version="4.3"><DataDictionary>
        <DataField name="t" optype="continuous" dataType="double"/>
        <DataField name="region" optype="categorical" dataType="string"/>
        <DataField name="x" optype="continuous" dataType="double"/>
        <DataField name="status" optype="continuous" dataType="double"/>
      </DataDictionary>
      <GeneralRegressionModel modelType="CoxRegression" functionName="regression" endTimeVariable="t" baselineStrataVariable="region">
        <MiningSchema><MiningField name="t"/><MiningField name="region"/><MiningField name="x"/><MiningField name="status" usageType="target"/></MiningSchema>
        <ParameterList><Parameter name="P1" referencePoint="1"/></ParameterList>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix><PPCell value="1" predictorName="x" parameterName="P1"/></PPMatrix>
        <ParamMatrix><PCell parameterName="P1" beta="0.3"/></ParamMatrix>
        <BaseCumHazardTables>
          <BaselineStratum value="north" maxTime="4"><BaselineCell time="2" cumHazard="0.5"/><BaselineCell time="1" cumHazard="0.2"/></BaselineStratum>
          <BaselineStratum value="south" maxTime="10"><BaselineCell time="3" cumHazard="0.7"/></BaselineStratum>
        </BaseCumHazardTables>
      </GeneralRegressionModel></PMML>`;
    const rows = scoreDocument(doc, [
      { t: 1.5, region: "north", x: 2 },
      { t: 5, region: "north", x: 2 },
      { t: 5, region: "south", x: 2 },
      { t: 5, region: "east", x: 2 },
      { t: null, region: "east", x: 2 },
      { t: 5, region: null, x: 2 },
    ]);
    close(rows[0]!.status, 0.2 * Math.exp(0.3 * 2 - 0.3));
    assert.equal(rows[1]!.status, null);
    close(rows[2]!.status, 0.7 * Math.exp(0.3 * 2 - 0.3));
    // no such stratum: missing (the end time is then not read)
    assert.equal(rows[3]!.status, null);
    assert.equal(rows[4]!.status, null);
    assert.equal(rows[5]!.refused, true);
  });

  it("refuses what it cannot convert faithfully", () => {
    const bad = GENERAL_LINEAR.replace('<PPCell value="0" predictorName="sex" parameterName="p1"/>', '<PPCell value="0" predictorName="sex" parameterName="p1" targetCategory="x"/>');
    assert.throws(() => scoreDocument(bad, []), /PPCell with a targetCategory is not supported/);
    const unknown = GENERAL_LINEAR.replace('<PPCell value="1" predictorName="work" parameterName="p8"/>', '<PPCell value="1" predictorName="nope" parameterName="p8"/>');
    assert.throws(() => scoreDocument(unknown, []), /neither in the FactorList nor in the CovariateList/);
  });
});
