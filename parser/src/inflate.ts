/**
 * A small, bounded zlib/deflate decoder (RFC 1950/1951) for the rare zlib-compressed MPQ sectors (2011 replays).
 * Output never passes `maxOutput`; reading past the input throws `TRUNCATED`.
 *
 * @module
 */
import { ReplayError } from "./errors.ts";

const LENGTH_BASE = [
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  13,
  15,
  17,
  19,
  23,
  27,
  31,
  35,
  43,
  51,
  59,
  67,
  83,
  99,
  115,
  131,
  163,
  195,
  227,
  258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Canonical Huffman code as counts per length and symbols sorted by code. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

class Inflater {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;
  private outPos = 0;
  readonly out: Uint8Array;

  constructor(private readonly input: Uint8Array, maxOutput: number) {
    this.out = new Uint8Array(maxOutput);
  }

  fail(code: "TRUNCATED" | "CORRUPTED" | "LIMIT_EXCEEDED", what: string): never {
    throw new ReplayError(code, what, { section: "zlib", bitOffset: this.pos * 8 });
  }

  bits(n: number): number {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) this.fail("TRUNCATED", "the compressed data ends early");
      this.bitBuf |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    const value = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return value;
  }

  decodeSymbol(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= 15; len++) {
      code |= this.bits(1);
      const count = h.counts[len]!;
      if (code - count < first) return h.symbols[index + (code - first)]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return this.fail("CORRUPTED", "invalid Huffman code");
  }

  emit(byte: number): void {
    if (this.outPos >= this.out.length) this.fail("LIMIT_EXCEEDED", "the data decompresses to more than its size");
    this.out[this.outPos++] = byte;
  }

  run(): Uint8Array {
    const cmf = this.bits(8);
    const flg = this.bits(8);
    if ((cmf & 0x0f) !== 8 || ((cmf << 8) | flg) % 31 !== 0 || (flg & 0x20) !== 0) {
      this.fail("CORRUPTED", "not a zlib stream");
    }
    let last = 0;
    while (!last) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.block(fixedLit, fixedDist);
      else if (type === 2) this.dynamic();
      else this.fail("CORRUPTED", "invalid deflate block type");
    }
    return this.out.subarray(0, this.outPos);
  }

  stored(): void {
    this.bitBuf = 0;
    this.bitCount = 0;
    if (this.pos + 4 > this.input.length) this.fail("TRUNCATED", "the compressed data ends early");
    const len = this.input[this.pos]! | (this.input[this.pos + 1]! << 8);
    const nlen = this.input[this.pos + 2]! | (this.input[this.pos + 3]! << 8);
    this.pos += 4;
    if ((len ^ 0xffff) !== nlen) this.fail("CORRUPTED", "stored block length check failed");
    if (this.pos + len > this.input.length) this.fail("TRUNCATED", "the compressed data ends early");
    for (let i = 0; i < len; i++) this.emit(this.input[this.pos++]!);
  }

  dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) this.fail("CORRUPTED", "bad dynamic block header");
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const codeCode = buildHuffman(lengths.subarray(0, 19));
    lengths.fill(0);
    for (let i = 0; i < nlen + ndist;) {
      const sym = this.decodeSymbol(codeCode);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) this.fail("CORRUPTED", "repeat with no previous length");
        value = lengths[i - 1]!;
        repeat = 3 + this.bits(2);
      } else if (sym === 17) repeat = 3 + this.bits(3);
      else repeat = 11 + this.bits(7);
      if (i + repeat > nlen + ndist) this.fail("CORRUPTED", "too many code lengths");
      while (repeat--) lengths[i++] = value;
    }
    this.block(buildHuffman(lengths.subarray(0, nlen)), buildHuffman(lengths.subarray(nlen, nlen + ndist)));
  }

  block(lit: Huffman, dist: Huffman): void {
    for (;;) {
      const sym = this.decodeSymbol(lit);
      if (sym < 256) this.emit(sym);
      else if (sym === 256) return;
      else {
        const li = sym - 257;
        if (li >= 29) this.fail("CORRUPTED", "invalid length symbol");
        const len = LENGTH_BASE[li]! + this.bits(LENGTH_EXTRA[li]!);
        const di = this.decodeSymbol(dist);
        if (di >= 30) this.fail("CORRUPTED", "invalid distance symbol");
        const distance = DIST_BASE[di]! + this.bits(DIST_EXTRA[di]!);
        if (distance > this.outPos) this.fail("CORRUPTED", "distance before the start of the output");
        for (let i = 0; i < len; i++) this.emit(this.out[this.outPos - distance]!);
      }
    }
  }
}

function buildHuffman(lengths: Uint8Array): Huffman {
  const counts = new Uint16Array(16);
  for (const len of lengths) counts[len]!++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offsets[len + 1] = offsets[len]! + counts[len]!;
  const symbols = new Uint16Array(lengths.length);
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym]!;
    if (len !== 0) symbols[offsets[len]!++] = sym;
  }
  return { counts, symbols };
}

const fixedLit = buildHuffman(
  Uint8Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)),
);
const fixedDist = buildHuffman(new Uint8Array(30).fill(5));

/**
 * Decompresses a zlib stream, producing at most `maxOutput` bytes (more → `LIMIT_EXCEEDED`).
 *
 * @example
 * ```ts
 * import { inflateZlib } from "./inflate.ts";
 * // zlib of the empty string
 * console.log(inflateZlib(new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), 16).length); // 0
 * ```
 */
export function inflateZlib(input: Uint8Array, maxOutput: number): Uint8Array {
  return new Inflater(input, maxOutput).run();
}
