/**
 * Canonical Huffman decoding tables for bzip2's coding groups. Codes of up to {@link LUT_BITS} bits resolve with one
 * look-up of the next {@link LUT_BITS} input bits; longer codes (bzip2 allows 20 bits) fall back to a per-length
 * limit search. All tables are flat typed arrays, one slice per group, reused from block to block.
 *
 * @module
 */

/** Bits resolved by one table look-up. */
export const LUT_BITS = 10;
/** Longest code bzip2 allows. */
export const MAX_CODE_LENGTH = 20;
/** Most coding groups in one block. */
export const MAX_GROUPS = 6;
/** Largest alphabet: RUNA, RUNB, up to 255 MTF positions and end-of-block. */
export const MAX_ALPHA = 258;

const LENGTH_STRIDE = MAX_CODE_LENGTH + 1;

/** Decoding tables of every group; build one group with {@link buildHuffmanTable}. */
export interface HuffmanTables {
  /** `lut[(group << LUT_BITS) | nextBits]` = `symbol << 5 | codeLength`, or 0 when the code is longer. */
  readonly lut: Uint16Array;
  /** Per group and length: the largest code of that length, or -1 when there is none. */
  readonly limit: Int32Array;
  /** Per group and length: add to a code of that length to get its index in `perm`. */
  readonly base: Int32Array;
  /** Per group: symbols in canonical order (by length, then symbol). */
  readonly perm: Uint16Array;
}

/**
 * Allocates empty tables for {@link MAX_GROUPS} groups.
 *
 * @example
 * ```ts
 * import { createHuffmanTables } from "./bzip2_huffman.ts";
 * const tables = createHuffmanTables();
 * console.log(tables.lut.length); // 6144
 * ```
 */
export function createHuffmanTables(): HuffmanTables {
  return {
    lut: new Uint16Array(MAX_GROUPS << LUT_BITS),
    limit: new Int32Array(MAX_GROUPS * LENGTH_STRIDE),
    base: new Int32Array(MAX_GROUPS * LENGTH_STRIDE),
    perm: new Uint16Array(MAX_GROUPS * MAX_ALPHA),
  };
}

/**
 * Builds group `group`'s tables from the code lengths of its `alphaSize` symbols (each 1‥20). Returns false when the
 * lengths describe no prefix code (more codes of some length than fit), which means the data is corrupted.
 *
 * @example
 * ```ts
 * import { buildHuffmanTable, createHuffmanTables, LUT_BITS } from "./bzip2_huffman.ts";
 * const tables = createHuffmanTables();
 * // symbols 0, 1, 2 with codes 0, 10, 11
 * console.log(buildHuffmanTable(tables, 0, new Uint8Array([1, 2, 2]), 3)); // true
 * console.log(tables.lut[0b10 << (LUT_BITS - 2)]! >> 5); // 1
 * ```
 */
export function buildHuffmanTable(
  tables: HuffmanTables,
  group: number,
  lengths: Uint8Array,
  alphaSize: number,
): boolean {
  const { lut, limit, base, perm } = tables;
  const lb = group * LENGTH_STRIDE;
  const pb = group * MAX_ALPHA;
  const tb = group << LUT_BITS;
  lut.fill(0, tb, tb + (1 << LUT_BITS));
  let index = 0; // position in perm
  let code = 0; // next canonical code of the current length
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    base[lb + len] = index - code;
    const first = code;
    for (let s = 0; s < alphaSize; s++) {
      if (lengths[s] !== len) continue;
      perm[pb + index++] = s;
      if (len <= LUT_BITS) {
        const span = 1 << (LUT_BITS - len);
        const at = tb + code * span;
        if (at + span > tb + (1 << LUT_BITS)) return false;
        lut.fill((s << 5) | len, at, at + span);
      }
      code++;
    }
    if (code > 1 << len) return false;
    limit[lb + len] = code > first ? code - 1 : -1;
    code <<= 1;
  }
  return true;
}

/**
 * Decodes a code longer than {@link LUT_BITS} bits of group `group` from `peek`, the next 20 input bits
 * (most significant first). Returns `symbol << 5 | codeLength`, or -1 when no code matches.
 *
 * @example
 * ```ts
 * import { buildHuffmanTable, createHuffmanTables, decodeLongCode } from "./bzip2_huffman.ts";
 * const tables = createHuffmanTables();
 * const lengths = new Uint8Array(12).fill(11); // ...
 * lengths[0] = 1; // 0 → symbol 0; 1xxxxxxxxxx → symbols 1‥11
 * buildHuffmanTable(tables, 0, lengths, 12);
 * console.log(decodeLongCode(tables, 0, 0b10000000001 << 9) >> 5); // 2
 * ```
 */
export function decodeLongCode(tables: HuffmanTables, group: number, peek: number): number {
  const lb = group * LENGTH_STRIDE;
  for (let len = LUT_BITS + 1; len <= MAX_CODE_LENGTH; len++) {
    const code = peek >>> (MAX_CODE_LENGTH - len);
    if (code <= tables.limit[lb + len]!) {
      return (tables.perm[group * MAX_ALPHA + tables.base[lb + len]! + code]! << 5) | len;
    }
  }
  return -1;
}
