/**
 * Building struct decoders from field decoders, shared by the compiled decoders: a fixed-shape object literal per
 * struct when the platform allows generated code (the fastest object V8 can build), closures otherwise, and the
 * `__parent` merge rule of the protocol tables.
 *
 * @module
 */
import type { TypeInfo } from "./protocol/tables.ts";

/** One struct field: its name and its decoder. */
export interface Field<D> {
  readonly name: string;
  readonly decode: D;
}

type AnyDecoder = (r: never) => unknown;

let generatedCodeAllowed: boolean | undefined;

/** Whether `new Function` works here (it does not under a strict Content-Security-Policy). */
function canGenerateCode(): boolean {
  if (generatedCodeAllowed === undefined) {
    try {
      generatedCodeAllowed = new Function("return 1")() === 1;
    } catch {
      generatedCodeAllowed = false;
    }
  }
  return generatedCodeAllowed;
}

/** True for values the `__parent` rule merges: plain objects (not arrays, blobs or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * A decoder that reads the fields in order into one object, applying the `__parent` rule: a `__parent` field that
 * decodes to an object is merged; when it is the only field, its value becomes the struct's value.
 *
 * @example
 * ```ts
 * import { buildStruct } from "./struct_builder.ts";
 * const decode = buildStruct([{ name: "m_a", decode: (_r: unknown) => 1 }, { name: "m_b", decode: (_r: unknown) => 2 }]);
 * console.log(decode(undefined as never)); // { m_a: 1, m_b: 2 }
 * ```
 */
export function buildStruct<D extends AnyDecoder>(fields: readonly Field<D>[]): D {
  if (fields.some((f) => f.name === "__parent")) return parentStruct(fields);
  if (canGenerateCode()) {
    const props = fields.map((f, i) => `${JSON.stringify(f.name)}:d${i}(r)`).join(",");
    const factory = new Function(...fields.map((_, i) => `d${i}`), `return function(r){return {${props}};};`);
    return factory(...fields.map((f) => f.decode)) as D;
  }
  const names = fields.map((f) => f.name);
  const decs = fields.map((f) => f.decode);
  return ((r: never) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < decs.length; i++) out[names[i]!] = decs[i]!(r);
    return out;
  }) as D;
}

function parentStruct<D extends AnyDecoder>(fields: readonly Field<D>[]): D {
  return ((r: never) => {
    let out: unknown = {};
    for (const field of fields) {
      const value = field.decode(r);
      out = assignField(out, field.name, value, fields.length);
    }
    return out;
  }) as D;
}

/**
 * Stores one decoded field into a struct under construction, with the `__parent` rule. Returns the (possibly
 * replaced) struct value.
 *
 * @example
 * ```ts
 * import { assignField } from "./struct_builder.ts";
 * console.log(assignField({}, "__parent", { m_x: 1 }, 2)); // { m_x: 1 }
 * console.log(assignField({}, "__parent", 7, 1)); // 7
 * ```
 */
export function assignField(out: unknown, name: string, value: unknown, fieldCount: number): unknown {
  if (name === "__parent") {
    if (isPlainObject(value)) {
      if (isPlainObject(out)) Object.assign(out, value);
      return out;
    }
    if (fieldCount === 1) return value;
  }
  if (isPlainObject(out)) out[name] = value;
  return out;
}

/**
 * The fewest bits a bit-packed value of `typeid` can occupy (used to reject impossible array counts before
 * allocating).
 *
 * @example
 * ```ts
 * import { minBitsOf } from "./struct_builder.ts";
 * console.log(minBitsOf([["_int", [[0, 7]]]], 0)); // 7
 * ```
 */
export function minBitsOf(typeinfos: readonly TypeInfo[], typeid: number, depth = 0): number {
  const info = typeinfos[typeid];
  if (info === undefined || depth > 64) return 0;
  const [kind, args] = info;
  switch (kind) {
    case "_int":
    case "_blob":
    case "_bitarray":
    case "_array":
    case "_choice":
      return (args[0] as [unknown, number])[1];
    case "_bool":
    case "_optional":
      return 1;
    case "_fourcc":
      return 32;
    case "_struct":
      return (args[0] as [string, number, number][]).reduce(
        (sum, [, id]) => sum + minBitsOf(typeinfos, id, depth + 1),
        0,
      );
    default:
      return 0;
  }
}
