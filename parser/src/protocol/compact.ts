/**
 * The compact form of the protocol tables in the generated `tables_data.ts`, and its inverse for one type entry.
 *
 * `NAMES` pools every field, arm and event name; `TYPES` pools the distinct type entries of all tables; `TABLES` holds
 * per distinct table `[typeRefs, gameEvents, messageEvents, trackerEvents, ids]`, where `typeRefs` are indices into
 * `TYPES` (an ascending run as `-first - 1, length`, a lone ref as itself), each events list is flat
 * `(eventid, typeid, name)…`, and `ids` the eight special type ids in `ProtocolTable` order (`-1` for `null`);
 * `SOURCES` maps every source name (`blizzard/NNNNN`, `legacy/NNNNN`) to its distinct table.
 *
 * A type entry is a flat array: `[kind, ...args]`, with names as indices into `NAMES`:
 * `_int [0, min, bits]` (a minimum beyond 2^53 as a decimal string), `_bool [1]`, `_blob [2, min, bits]`,
 * `_bitarray [3, min, bits]`, `_array [4, min, bits, elem]`, `_optional [5, type]`,
 * `_choice [6, min, bits, (tag, name, type)…]`, `_struct [7, (name, type, tag)…]`, `_fourcc [8]`, `_null [9]`.
 *
 * @module
 */

/**
 * A type entry as in the reference JSON (`[kind, args]`, args in the JSON's shapes, e.g. `_int` `[[min, bits]]`).
 * A minimum whose magnitude exceeds 2^53 (the `-9223372036854775808` of signed 64-bit fields) is a `bigint`, so that
 * `min + bits read` stays exact; every other number is a `number`.
 */
export type TypeInfo = readonly [kind: TypeKind, args: readonly unknown[]];

/** The type kinds of the protocol tables. */
export type TypeKind =
  | "_int"
  | "_bool"
  | "_blob"
  | "_bitarray"
  | "_array"
  | "_optional"
  | "_choice"
  | "_struct"
  | "_fourcc"
  | "_null";

const KINDS: readonly TypeKind[] = [
  "_int",
  "_bool",
  "_blob",
  "_bitarray",
  "_array",
  "_optional",
  "_choice",
  "_struct",
  "_fourcc",
  "_null",
];

type Bounds = [number | bigint, number];

const encodeMin = (min: number | bigint): number | string => (typeof min === "bigint" ? min.toString() : min);
const decodeMin = (min: unknown): number | bigint => (typeof min === "string" ? BigInt(min) : min as number);

/**
 * Encodes one type entry; `name` maps a name to its pool index.
 *
 * @example
 * ```ts
 * import { encodeType } from "./compact.ts";
 * const names: string[] = [];
 * console.log(encodeType(["_struct", [[["m_x", 3, 0]]]], (n) => names.push(n) - 1)); // [7, 0, 3, 0]
 * ```
 */
export function encodeType(info: TypeInfo, name: (n: string) => number): (number | string)[] {
  const [kind, args] = info;
  const code = KINDS.indexOf(kind);
  if (code < 0) throw new Error(`unknown type kind ${kind}`);
  switch (kind) {
    case "_int":
    case "_blob":
    case "_bitarray": {
      const [min, bits] = args[0] as Bounds;
      return [code, encodeMin(min), bits];
    }
    case "_array": {
      const [min, bits] = args[0] as Bounds;
      return [code, encodeMin(min), bits, args[1] as number];
    }
    case "_optional":
      return [code, args[0] as number];
    case "_choice": {
      const [min, bits] = args[0] as Bounds;
      const arms = Object.entries(args[1] as Record<string, [string, number]>)
        .flatMap(([tag, [n, type]]) => [Number(tag), name(n), type]);
      return [code, encodeMin(min), bits, ...arms];
    }
    case "_struct":
      return [code, ...(args[0] as [string, number, number][]).flatMap(([n, type, tag]) => [name(n), type, tag])];
    default:
      return [code];
  }
}

/**
 * Decodes one compact type entry back to the reference shape.
 *
 * @example
 * ```ts
 * import { decodeType } from "./compact.ts";
 * console.log(decodeType([0, 0, 7], [])); // ["_int", [[0, 7]]]
 * ```
 */
export function decodeType(entry: readonly unknown[], names: readonly string[]): TypeInfo {
  const kind = KINDS[entry[0] as number]!;
  switch (kind) {
    case "_int":
    case "_blob":
    case "_bitarray":
      return [kind, [[decodeMin(entry[1]), entry[2]]]];
    case "_array":
      return [kind, [[decodeMin(entry[1]), entry[2]], entry[3]]];
    case "_optional":
      return [kind, [entry[1]]];
    case "_choice": {
      const arms: Record<string, [string, number]> = {};
      for (let i = 3; i < entry.length; i += 3) {
        arms[String(entry[i])] = [names[entry[i + 1] as number]!, entry[i + 2] as number];
      }
      return [kind, [[decodeMin(entry[1]), entry[2]], arms]];
    }
    case "_struct": {
      const fields: [string, number, number][] = [];
      for (let i = 1; i < entry.length; i += 3) {
        fields.push([names[entry[i] as number]!, entry[i + 1] as number, entry[i + 2] as number]);
      }
      return [kind, [fields]];
    }
    default:
      return [kind, []];
  }
}
