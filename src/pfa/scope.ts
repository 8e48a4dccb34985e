/**
 * Lexical scopes of PFA symbols (spec §6): block-level, no shadowing, and two kinds of seal.
 * A scope "sealed above" cannot assign symbols declared outside it (function arguments, conditions,
 * closures, unordered loops); a scope "sealed within" cannot declare new symbols (an argument is an
 * expression, not a block: a `let` there would have nowhere to live, so a `do` is needed).
 */
import type { AvroType } from "./types.js";

export interface SymbolInfo {
  type: AvroType;
  /** Predefined symbols (input, name, instance, ...) cannot be assigned. */
  readOnly: boolean;
  /** Declared by an expression whose type could not be inferred (already reported): uses stay silent. */
  poisoned?: boolean;
}

export class Scope {
  private readonly symbols = new Map<string, SymbolInfo>();

  constructor(
    readonly parent: Scope | null,
    readonly sealedAbove: boolean,
    readonly sealedWithin: boolean,
  ) {}

  child(sealedAbove: boolean, sealedWithin: boolean): Scope {
    return new Scope(this, sealedAbove, sealedWithin);
  }

  get(name: string): SymbolInfo | undefined {
    return this.symbols.get(name) ?? this.parent?.get(name);
  }

  /** Whether `name` is visible and may be assigned from here: no seal between here and its declaration. */
  writable(name: string): boolean {
    const found = this.symbols.get(name);
    if (found !== undefined) return !found.readOnly;
    if (this.sealedAbove || this.parent === null) return false;
    return this.parent.writable(name);
  }

  declare(name: string, type: AvroType, readOnly = false, poisoned = false): void {
    this.symbols.set(name, poisoned ? { type, readOnly, poisoned } : { type, readOnly });
  }

  /** Every visible symbol name, innermost first (for "did you mean" hints). */
  visibleNames(): string[] {
    return [...this.symbols.keys(), ...(this.parent?.visibleNames() ?? [])];
  }
}
