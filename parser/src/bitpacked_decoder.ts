/**
 * The bit-packed decoder (format note §3), compiled: each type of a protocol table becomes one specialised function,
 * built once per table, so decoding never interprets the type table value by value.
 *
 * @module
 */
import type { BitReader } from "./bit_reader.ts";
import { compiledDecoder } from "./compiled_cache.ts";
import { addInt } from "./int_value.ts";
import type { ProtocolTable, TypeInfo } from "./protocol/tables.ts";
import { buildStruct, type Field, minBitsOf } from "./struct_builder.ts";

/** A compiled decoder for one type. */
export type BitDecoder = (r: BitReader) => unknown;

const compiled = new WeakMap<readonly TypeInfo[], BitDecoder[]>();

/**
 * The compiled bit-packed decoder of `typeid` in `table` (compiled on first use, then cached per table).
 *
 * @example
 * ```ts
 * import { bitPackedDecoder } from "./bitpacked_decoder.ts";
 * import { BitReader } from "./bit_reader.ts";
 * import { headerTable } from "./protocol/tables.ts";
 * const table = headerTable();
 * const decode = bitPackedDecoder(table, table.replayInitDataTypeId);
 * // decode(new BitReader(initDataBytes, "replay.initData"))
 * ```
 */
export function bitPackedDecoder(table: ProtocolTable, typeid: number): BitDecoder {
  return compiledDecoder(compiled, table, typeid, (info, sub) => make(table.typeinfos, sub, info));
}

function make(typeinfos: readonly TypeInfo[], sub: (id: number) => BitDecoder, [kind, args]: TypeInfo): BitDecoder {
  switch (kind) {
    case "_int": {
      const [min, bits] = args[0] as [number | bigint, number];
      return intDecoder(min, bits);
    }
    case "_bool":
      return (r) => r.readBits(1) !== 0;
    case "_blob": {
      const count = countDecoder(args[0] as [number, number]);
      return (r) => r.readAlignedBytes(count(r));
    }
    case "_bitarray": {
      const count = countDecoder(args[0] as [number, number]);
      return (r) => {
        const n = count(r);
        return [n, r.readBitsWide(n)];
      };
    }
    case "_array": {
      const count = countDecoder(args[0] as [number, number]);
      const elemId = args[1] as number;
      const elem = sub(elemId);
      const elemBits = minBitsOf(typeinfos, elemId);
      return (r) => {
        const n = count(r);
        r.spend(n);
        if (n * elemBits > r.remainingBytes * 8 + 8) throw r.truncated(n * elemBits);
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = elem(r);
        return out;
      };
    }
    case "_optional": {
      const inner = sub(args[0] as number);
      return (r) => (r.readBits(1) !== 0 ? inner(r) : null);
    }
    case "_choice": {
      const count = countDecoder(args[0] as [number, number]);
      const arms = args[1] as Record<string, [string, number]>;
      const names: string[] = [];
      const decs: BitDecoder[] = [];
      for (const [tag, [name, id]] of Object.entries(arms)) {
        names[Number(tag)] = name;
        decs[Number(tag)] = sub(id);
      }
      return (r) => {
        const tag = count(r);
        const dec = decs[tag];
        if (dec === undefined) throw r.corrupted(`unknown choice tag ${tag}`);
        return { [names[tag]!]: dec(r) };
      };
    }
    case "_struct": {
      const fields = (args[0] as [string, number, number][]).map(([name, id]): Field<BitDecoder> => ({
        name,
        decode: sub(id),
      }));
      return buildStruct(fields) as BitDecoder;
    }
    case "_fourcc":
      return (r) => r.readUnalignedBytes(4);
    case "_null":
      return () => null;
  }
}

function intDecoder(min: number | bigint, bits: number): BitDecoder {
  if (typeof min === "bigint" || bits > 32) return (r) => addInt(min, r.readBitsWide(bits));
  if (min === 0) return (r) => r.readBits(bits);
  return (r) => min + r.readBits(bits);
}

/** Lengths and tags: always a safe number (bounds in real tables are far below 2^53). */
function countDecoder([min, bits]: [number, number]): (r: BitReader) => number {
  if (bits > 32) return (r) => min + Number(r.readBitsWide(bits));
  if (min === 0) return (r) => r.readBits(bits);
  return (r) => min + r.readBits(bits);
}
