/**
 * `replay.attributes.events` (format note §5): lobby attributes per scope. No protocol table is involved.
 *
 * @module
 */
import { ReplayError } from "./errors.ts";

/** One attribute entry. `value` is the 4 raw bytes, reversed and NUL-stripped (e.g. `Fasr`). */
export interface AttributeEntry {
  /** Attribute namespace. */
  namespace: number;
  /** Attribute id (the inner key of {@link Attributes.scopes}). */
  attrid: number;
  /** The value's 4 raw bytes, reversed and NUL-stripped. */
  value: Uint8Array;
}

/** Decoded attributes: scope (16 = global, 1–15 lobby slots) → attribute id → entries. */
export interface Attributes {
  /** Present from base build 17326 on. */
  source?: number;
  /** Namespace of the map, read before the entry count. */
  mapNamespace?: number;
  /** Entries by scope, then by attribute id. */
  scopes?: Record<string, Record<string, AttributeEntry[]>>;
}

/** Base build from which the stream starts with a `source` byte. */
export const ATTRIBUTES_SOURCE_BUILD = 17326;

const ENTRY_BYTES = 13;

/**
 * Decodes attribute events. `baseBuild` decides whether the leading `source` byte exists.
 *
 * @example
 * ```ts
 * import { decodeAttributes } from "./attributes.ts";
 * console.log(decodeAttributes(new Uint8Array(0), 93333)); // {}
 * ```
 */
export function decodeAttributes(data: Uint8Array, baseBuild: number, maxEntries = 1_000_000): Attributes {
  const out: Attributes = {};
  if (data.length === 0) return out;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > data.length) {
      throw new ReplayError("TRUNCATED", "the attributes end in the middle of an entry", {
        section: "replay.attributes.events",
        bitOffset: pos * 8,
      });
    }
  };
  if (baseBuild >= ATTRIBUTES_SOURCE_BUILD) {
    need(1);
    out.source = data[pos++]!;
  }
  need(8);
  out.mapNamespace = view.getUint32(pos, true);
  pos += 8; // mapNamespace, then the entry count (the entries run to the end of the data)
  const scopes: Record<string, Record<string, AttributeEntry[]>> = {};
  out.scopes = scopes;
  if ((data.length - pos) / ENTRY_BYTES > maxEntries) {
    throw new ReplayError("LIMIT_EXCEEDED", "too many attribute entries", { section: "replay.attributes.events" });
  }
  while (pos < data.length) {
    need(ENTRY_BYTES);
    const namespace = view.getUint32(pos, true);
    const attrid = view.getUint32(pos + 4, true);
    const scope = data[pos + 8]!;
    const value = stripNul(data.slice(pos + 9, pos + 13).reverse());
    pos += ENTRY_BYTES;
    const byId = scopes[scope] ??= {};
    (byId[attrid] ??= []).push({ namespace, attrid, value });
  }
  return out;
}

function stripNul(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start++;
  while (end > start && bytes[end - 1] === 0) end--;
  return bytes.subarray(start, end);
}
