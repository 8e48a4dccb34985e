/**
 * The library functions this engine implements, by name. One module file per spec module; the
 * signatures they implement are in ./signatures/, checked against the spec.
 */
import type { LibFcnImpl } from "./define.js";
import { functions as core } from "./core.js";
import { functions as m } from "./m.js";
import { functions as mSpecial } from "./m.special.js";
import { functions as mLink } from "./m.link.js";
import { functions as mKernel } from "./m.kernel.js";
import { functions as la } from "./la.js";
import { functions as metric } from "./metric.js";
import { functions as impute } from "./impute.js";
import { functions as interp } from "./interp.js";
import { functions as cast } from "./cast.js";
import { functions as parse } from "./parse.js";
import { functions as s } from "./s.js";
import { functions as a } from "./a.js";
import { functions as map } from "./map.js";
import { functions as enumModule } from "./enum.js";
import { functions as modelTree } from "./model.tree.js";
import { functions as modelCluster } from "./model.cluster.js";
import { functions as modelReg } from "./model.reg.js";
import { functions as modelNeural } from "./model.neural.js";
import { functions as modelNaive } from "./model.naive.js";
import { functions as modelNeighbor } from "./model.neighbor.js";
import { functions as modelSvm } from "./model.svm.js";
import { functions as bytes } from "./bytes.js";
import { functions as fixedModule } from "./fixed.js";
import { functions as re } from "./re.js";
import { functions as probDist } from "./prob.dist.js";
import { functions as time } from "./time.js";
import { functions as rand } from "./rand.js";
import { functions as statSample } from "./stat.sample.js";
import { functions as statChange } from "./stat.change.js";
import { functions as statTest } from "./stat.test.js";

const ALL: readonly (readonly LibFcnImpl[])[] = [
  core, m, mSpecial, mLink, mKernel, la, metric, impute, interp, cast, parse, s, a, map, enumModule,
  modelTree, modelCluster, modelReg, modelNeural, modelNaive, modelNeighbor, modelSvm, bytes, fixedModule, re,
  time, rand, statSample, statChange, statTest, probDist,
];

let table: Map<string, LibFcnImpl> | null = null;

/** The implementation of a library function, or undefined when this engine does not implement it yet. */
export function implementation(name: string): LibFcnImpl | undefined {
  if (table === null) {
    table = new Map();
    for (const module of ALL) for (const f of module) table.set(f.name, f);
  }
  return table.get(name);
}

export function implementedNames(): string[] {
  implementation("");
  return [...table!.keys()];
}
