/**
 * Encoders for both wire encodings, driven by the same protocol tables as the decoders: `encode(decode(x))` decodes
 * back to the same value. Struct values are read by field name (so decoded events, which carry extra `_event`-style
 * keys, encode as they are); a `__parent` field takes the parent's fields from the merged struct.
 *
 * @module
 */
import type { ProtocolTable, TypeInfo } from "../protocol/tables.ts";
import { isPlainObject } from "../struct_builder.ts";
import type { BitWriter, ByteWriter } from "./bit_writer.ts";

type Rec = Record<string, unknown>;

/** Thrown when a value does not fit its type (a programming error on the caller's side). */
export class EncodeError extends Error {
  /** Error name. */
  override name = "EncodeError";
}

function bounds(info: TypeInfo): [number | bigint, number] {
  return info[1][0] as [number | bigint, number];
}

function sub(a: number | bigint, b: number | bigint): number | bigint {
  return typeof a === "number" && typeof b === "number" ? a - b : BigInt(a) - BigInt(b);
}

/** The value a struct field gets from the struct value (the `__parent` rule, reversed). */
function fieldValue(value: Rec | unknown, name: string, fieldCount: number): unknown {
  if (name === "__parent") {
    return isPlainObject(value) && !("__parent" in value) ? value : fieldCount === 1 ? value : (value as Rec).__parent;
  }
  return (value as Rec)[name];
}

/**
 * Writes `value` of type `typeid` in the bit-packed encoding.
 *
 * @example
 * ```ts
 * import { encodeBitPacked } from "./encoders.ts";
 * import { BitWriter } from "./bit_writer.ts";
 * import { headerTable } from "../protocol/tables.ts";
 * const w = new BitWriter();
 * // encodeBitPacked(headerTable(), headerTable().replayInitDataTypeId, replay.initData(), w);
 * ```
 */
export function encodeBitPacked(table: ProtocolTable, typeid: number, value: unknown, w: BitWriter): void {
  const info = table.typeinfos[typeid]!;
  const [kind, args] = info;
  switch (kind) {
    case "_int": {
      const [min, bits] = bounds(info);
      w.writeBits(sub(value as number | bigint, min), bits);
      return;
    }
    case "_bool":
      w.writeBits(value ? 1 : 0, 1);
      return;
    case "_blob": {
      const [min, bits] = bounds(info);
      const bytes = value as Uint8Array;
      w.writeBits(bytes.length - Number(min), bits);
      w.writeAlignedBytes(bytes);
      return;
    }
    case "_bitarray": {
      const [min, bits] = bounds(info);
      const [length, data] = value as [number, number | bigint];
      w.writeBits(length - Number(min), bits);
      w.writeBits(data, length);
      return;
    }
    case "_array": {
      const [min, bits] = bounds(info);
      const items = value as unknown[];
      w.writeBits(items.length - Number(min), bits);
      for (const item of items) encodeBitPacked(table, args[1] as number, item, w);
      return;
    }
    case "_optional":
      w.writeBits(value === null || value === undefined ? 0 : 1, 1);
      if (value !== null && value !== undefined) encodeBitPacked(table, args[0] as number, value, w);
      return;
    case "_choice": {
      const [min, bits] = bounds(info);
      const [name, inner] = Object.entries(value as Rec)[0] ?? [];
      const arm = Object.entries(args[1] as Record<string, [string, number]>).find(([, [n]]) => n === name);
      if (arm === undefined) throw new EncodeError(`no choice arm named ${name}`);
      w.writeBits(Number(arm[0]) - Number(min), bits);
      encodeBitPacked(table, arm[1][1], inner, w);
      return;
    }
    case "_struct": {
      const fields = args[0] as [string, number, number][];
      for (const [name, id] of fields) encodeBitPacked(table, id, fieldValue(value, name, fields.length), w);
      return;
    }
    case "_fourcc":
      w.writeUnalignedBytes(value as Uint8Array);
      return;
    case "_null":
      return;
  }
}

/**
 * Writes `value` of type `typeid` in the versioned encoding (fields absent from a struct value are left out).
 *
 * @example
 * ```ts
 * import { encodeVersioned } from "./encoders.ts";
 * import { ByteWriter } from "./bit_writer.ts";
 * import { headerTable } from "../protocol/tables.ts";
 * const w = new ByteWriter();
 * // encodeVersioned(headerTable(), headerTable().replayHeaderTypeId, replay.header, w);
 * ```
 */
export function encodeVersioned(table: ProtocolTable, typeid: number, value: unknown, w: ByteWriter): void {
  const [kind, args] = table.typeinfos[typeid]!;
  switch (kind) {
    case "_int":
      w.u8(9);
      w.vint(value as number | bigint);
      return;
    case "_bool":
      w.u8(6);
      w.u8(value ? 1 : 0);
      return;
    case "_blob":
      w.u8(2);
      w.vint((value as Uint8Array).length);
      w.raw(value as Uint8Array);
      return;
    case "_bitarray": {
      const [length, data] = value as [number, Uint8Array];
      w.u8(1);
      w.vint(length);
      w.raw(data);
      return;
    }
    case "_array":
      w.u8(0);
      w.vint((value as unknown[]).length);
      for (const item of value as unknown[]) encodeVersioned(table, args[1] as number, item, w);
      return;
    case "_optional":
      w.u8(4);
      w.u8(value === null || value === undefined ? 0 : 1);
      if (value !== null && value !== undefined) encodeVersioned(table, args[0] as number, value, w);
      return;
    case "_choice": {
      const [name, inner] = Object.entries(value as Rec)[0] ?? [];
      const arm = Object.entries(args[1] as Record<string, [string, number]>).find(([, [n]]) => n === name);
      if (arm === undefined) throw new EncodeError(`no choice arm named ${name}`);
      w.u8(3);
      w.vint(Number(arm[0]));
      encodeVersioned(table, arm[1][1], inner, w);
      return;
    }
    case "_struct": {
      const fields = (args[0] as [string, number, number][])
        .map(([name, id, tag]) => [tag, id, fieldValue(value, name, (args[0] as unknown[]).length)] as const)
        .filter(([, , v]) => v !== undefined);
      w.u8(5);
      w.vint(fields.length);
      for (const [tag, id, v] of fields) {
        w.vint(tag);
        encodeVersioned(table, id, v, w);
      }
      return;
    }
    case "_fourcc":
      w.u8(7);
      w.raw(value as Uint8Array);
      return;
    case "_null":
      return;
  }
}
