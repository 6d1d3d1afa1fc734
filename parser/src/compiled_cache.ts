/**
 * The per-table cache of compiled decoders shared by the bit-packed and versioned decoders: each type compiles once
 * per table, on first use, and a stand-in covers (theoretical) recursive types while they compile.
 *
 * @module
 */
import type { ProtocolTable, TypeInfo } from "./protocol/tables.ts";

/** Builds the decoder of one type; `sub` compiles (or fetches) the decoder of another type id. */
export type MakeDecoder<D> = (info: TypeInfo, sub: (typeid: number) => D) => D;

/**
 * Returns the compiled decoder of `typeid` in `table`, compiling it (and what it needs) on first use.
 *
 * @example
 * ```ts
 * import { compiledDecoder } from "./compiled_cache.ts";
 * import { headerTable, type TypeInfo } from "./protocol/tables.ts";
 * const cache = new WeakMap<readonly TypeInfo[], (() => string)[]>();
 * const decode = compiledDecoder(cache, headerTable(), 0, ([kind]) => () => kind);
 * console.log(decode()); // "_int"
 * ```
 */
export function compiledDecoder<D extends (r: never) => unknown>(
  cache: WeakMap<readonly TypeInfo[], D[]>,
  table: ProtocolTable,
  typeid: number,
  make: MakeDecoder<D>,
): D {
  // Keyed by the type list, which sources with identical tables share: each distinct table compiles once.
  let decoders = cache.get(table.typeinfos);
  if (decoders === undefined) {
    decoders = [];
    cache.set(table.typeinfos, decoders);
  }
  const compile = (id: number): D => {
    const done = decoders[id];
    if (done !== undefined) return done;
    const info = table.typeinfos[id];
    if (info === undefined) throw new Error(`protocol table ${table.name} has no type ${id}`);
    decoders[id] = ((r: never) => decoders[id]!(r)) as D; // stands in while a recursive type compiles
    const real = make(info, compile);
    decoders[id] = real;
    return real;
  };
  return compile(typeid);
}
