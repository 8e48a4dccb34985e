/**
 * The PFA abstract syntax tree: one node per special form, literal form, symbol reference and call
 * (spec chapters 5 to 7). Every node carries `path`, the JSON Pointer of the JSON it was read from,
 * so that every later message can say exactly where it is.
 *
 * Types appear as `TypeRef`s (the schema's JSON and where it was): the reader does not resolve them,
 * because named types may be used before their definition; the type checker resolves them all at once
 * and fills in `resolved`. The checker also records each expression's inferred type in `type`.
 */
import type { JsonValue } from "./json-value.js";
import type { FcnType } from "./signature.js";
import type { AvroType } from "./types.js";

export interface TypeRef {
  json: JsonValue;
  path: string;
  resolved?: AvroType;
}

interface Base {
  path: string;
  /** The inferred type, set by the type checker. */
  type?: AvroType;
}

export type Expr =
  | LitNull
  | LitBoolean
  | LitInt
  | LitLong
  | LitFloat
  | LitDouble
  | LitString
  | LitBytes
  | LitTyped
  | Ref
  | Call
  | CallUserFcn
  | NewObject
  | NewArray
  | Do
  | Let
  | SetVar
  | AttrGet
  | AttrTo
  | CellGet
  | CellTo
  | PoolGet
  | PoolTo
  | PoolDel
  | If
  | Cond
  | While
  | DoUntil
  | For
  | Foreach
  | Forkeyval
  | CastCase
  | Upcast
  | IfNotNull
  | Unpack
  | Pack
  | DocForm
  | ErrorForm
  | Try
  | Log
  | Invalid;

/** What may stand where a library function expects a function: a reference, a partial application, or an inline definition. */
export type FcnArg = FcnRef | FcnRefFill | FcnDef;
export type Arg = Expr | FcnArg;

export interface LitNull extends Base { kind: "null" }
export interface LitBoolean extends Base { kind: "boolean"; value: boolean }
export interface LitInt extends Base { kind: "int"; value: number }
export interface LitLong extends Base { kind: "long"; value: bigint }
export interface LitFloat extends Base { kind: "float"; value: number }
export interface LitDouble extends Base { kind: "double"; value: number }
export interface LitString extends Base { kind: "string"; value: string }
/** `{"base64": "..."}`: the decoded bytes. */
export interface LitBytes extends Base { kind: "bytes"; value: Uint8Array }
/** `{"type": T, "value": V}`: any JSON data of any type. */
export interface LitTyped extends Base { kind: "typed"; typeRef: TypeRef; value: JsonValue; valuePath: string }

export interface Ref extends Base { kind: "ref"; name: string }

export interface Call extends Base {
  kind: "call";
  name: string;
  args: Arg[];
  /** Set by the checker for library calls: the matched signature's index and the argument types it converts to. */
  sigIndex?: number;
  paramTypes?: (AvroType | FcnType)[];
}

/** `{"call": enumExpr, "args": [...]}`: the enum's symbols name the user functions that may be called. */
export interface CallUserFcn extends Base { kind: "callUserFcn"; fcn: Expr; args: Expr[] }

export interface NewObject extends Base { kind: "newObject"; fields: [string, Expr][]; typeRef: TypeRef }
export interface NewArray extends Base { kind: "newArray"; items: Expr[]; typeRef: TypeRef }

export interface Do extends Base { kind: "do"; body: Expr[] }
export interface Let extends Base { kind: "let"; vars: Binding[] }
export interface SetVar extends Base { kind: "set"; vars: Binding[] }
export interface Binding { name: string; expr: Expr; path: string }

/** A path step is an expression: a string for a record field or map key, an int or long for an array index. */
export interface AttrGet extends Base { kind: "attr"; expr: Expr; steps: Expr[] }
export interface AttrTo extends Base { kind: "attrTo"; expr: Expr; steps: Expr[]; to: Expr | FcnArg }
export interface CellGet extends Base { kind: "cell"; cell: string; steps: Expr[] }
export interface CellTo extends Base { kind: "cellTo"; cell: string; steps: Expr[]; to: Expr | FcnArg }
export interface PoolGet extends Base { kind: "pool"; pool: string; steps: Expr[] }
export interface PoolTo extends Base { kind: "poolTo"; pool: string; steps: Expr[]; to: Expr | FcnArg; init: Expr }
export interface PoolDel extends Base { kind: "poolDel"; pool: string; del: Expr }

export interface If extends Base { kind: "if"; cond: Expr; then: Expr[]; else?: Expr[] }
export interface CondClause { cond: Expr; then: Expr[]; path: string }
export interface Cond extends Base { kind: "cond"; clauses: CondClause[]; else?: Expr[] }
export interface While extends Base { kind: "while"; cond: Expr; body: Expr[] }
export interface DoUntil extends Base { kind: "doUntil"; body: Expr[]; cond: Expr }
export interface For extends Base { kind: "for"; init: Binding[]; cond: Expr; step: Binding[]; body: Expr[] }
export interface Foreach extends Base { kind: "foreach"; name: string; array: Expr; body: Expr[]; seq: boolean }
export interface Forkeyval extends Base { kind: "forkeyval"; key: string; value: string; map: Expr; body: Expr[] }

export interface CastCaseClause { typeRef: TypeRef; named: string; body: Expr[]; path: string }
export interface CastCase extends Base { kind: "castCase"; expr: Expr; cases: CastCaseClause[]; partial: boolean }
export interface Upcast extends Base { kind: "upcast"; expr: Expr; typeRef: TypeRef }
export interface IfNotNull extends Base { kind: "ifNotNull"; vars: Binding[]; then: Expr[]; else?: Expr[] }

/** One field of a pack/unpack format: `"double"`, `"<int"`, `"unsigned short"`, `"raw 5"`, `"nullterminated"`, ... */
export interface BinaryFormat {
  kind: "pad" | "boolean" | "byte" | "short" | "int" | "long" | "float" | "double" | "raw" | "rawsize" | "nullterminated" | "lengthprefixed";
  unsigned: boolean;
  littleEndian: boolean;
  /** For `raw N`. */
  size?: number;
}
export interface Unpack extends Base {
  kind: "unpack";
  bytes: Expr;
  format: { name: string; format: BinaryFormat; path: string }[];
  then: Expr[];
  else?: Expr[];
}
export interface Pack extends Base { kind: "pack"; items: { format: BinaryFormat; expr: Expr; path: string }[] }

export interface DocForm extends Base { kind: "doc"; text: string }
export interface ErrorForm extends Base { kind: "error"; message: string; code?: number }
export interface Try extends Base { kind: "try"; body: Expr[]; filter?: (string | number)[] }
export interface Log extends Base { kind: "log"; args: Expr[]; namespace?: string }

/** Where the reader found a malformed expression (already reported); never in a valid document. */
export interface Invalid extends Base { kind: "invalid" }

export interface FcnRef { kind: "fcnRef"; name: string; path: string }
export interface FcnRefFill { kind: "fcnRefFill"; name: string; fill: [string, Expr][]; path: string }
export interface Param { name: string; typeRef: TypeRef }
export interface FcnDef { kind: "fcnDef"; params: Param[]; ret: TypeRef; body: Expr[]; path: string }

export interface CellSpec {
  path: string;
  typeRef: TypeRef;
  init: JsonValue;
  initPath: string;
  shared: boolean;
  rollback: boolean;
  source: "embedded" | "json" | "avro";
}

export type PoolSpec = CellSpec;

export type Method = "map" | "emit" | "fold";

/** A whole PFA document (spec §2.1). Absent optional fields are undefined. */
export interface PfaDocument {
  name?: string;
  method: Method;
  input: TypeRef;
  output: TypeRef;
  begin: Expr[];
  action: Expr[];
  end: Expr[];
  fcns: Map<string, FcnDef>;
  zero?: { value: JsonValue; path: string };
  merge?: Expr[];
  cells: Map<string, CellSpec>;
  pools: Map<string, PoolSpec>;
  randseed?: number | bigint;
  doc?: string;
  version?: number;
  metadata: Map<string, string>;
  options: Map<string, JsonValue>;
  /** Which top-level fields the document gave (begin and end are otherwise empty arrays). */
  present: Set<string>;
}

export function isFcnArg(a: Arg): a is FcnArg {
  return a.kind === "fcnRef" || a.kind === "fcnRefFill" || a.kind === "fcnDef";
}
