/**
 * Cache handles (format note §6): 4-byte extension, 2 NUL bytes, 2-byte region, 32-byte hash.
 *
 * @module
 */
import { bytesToLatin1 } from "../canonical_json.ts";
import { toHex } from "../sha256.ts";
import type { CacheHandle } from "./types.ts";

/**
 * Parses a 40-byte cache handle into its parts and depot URL; `null` when it is not 40 bytes.
 *
 * @example
 * ```ts
 * import { parseCacheHandle } from "./cache_handle.ts";
 * const handle = new Uint8Array(40);
 * handle.set([0x73, 0x32, 0x6d, 0x61, 0, 0, 0x45, 0x55]); // "s2ma\0\0EU"
 * console.log(parseCacheHandle(handle)?.url); // https://eu-s2-depot.classic.blizzard.com/0000….s2ma
 * ```
 */
export function parseCacheHandle(bytes: Uint8Array): CacheHandle | null {
  if (bytes.length !== 40) return null;
  const extension = bytesToLatin1(bytes.subarray(0, 4)).replace(/\0+$/, "");
  const region = bytesToLatin1(bytes.subarray(6, 8)).replace(/\0/g, "").toLowerCase();
  const hash = toHex(bytes.subarray(8, 40));
  return { extension, region, hash, url: `https://${region}-s2-depot.classic.blizzard.com/${hash}.${extension}` };
}
