/**
 * Our own bzip2 decompressor (no WASM, no dependency, pure `Uint8Array`): exact output, block and stream CRCs
 * checked, buffers reused between calls, and output never larger than the caller's bound (decompression bombs stop
 * at once). Reading past the input throws `TRUNCATED`; inconsistent data throws `CORRUPTED`.
 *
 * Per block: Huffman + MTF + RUNA/RUNB decoding into the BWT's last column ({@link decodeSymbols}), the inverse BWT
 * walked from both ends at once ({@link inverseBwt}), the old "randomised" flips ({@link derandomise}), then the
 * initial run-length decoding into the output ({@link expandRuns}) and the block CRC ({@link crc32}).
 *
 * @module
 */
import { ReplayError } from "./errors.ts";
import {
  buildHuffmanTable,
  createHuffmanTables,
  decodeLongCode,
  LUT_BITS,
  MAX_ALPHA,
  MAX_CODE_LENGTH,
  MAX_GROUPS,
} from "./bzip2_huffman.ts";

const BLOCK_MAGIC_HI = 0x314159; // π
const BLOCK_MAGIC_LO = 0x265359;
const END_MAGIC_HI = 0x177245; // √π
const END_MAGIC_LO = 0x385090;
const GROUP_SIZE = 50;
const MAX_BLOCK = 900000;
const LUT_MASK = (1 << LUT_BITS) - 1;

/** CRC-32 (polynomial 0x04c11db7, most significant bit first), sliced by 4: `CRC[k << 8 | b]`. */
const CRC = (() => {
  const table = new Int32Array(4 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[b] = c;
  }
  for (let i = 256; i < 1024; i++) {
    const prev = table[i - 256]!;
    table[i] = (prev << 8) ^ table[prev >>> 24]!;
  }
  return table;
})();

/** Pseudo-random gaps of the old randomised blocks (bzip2 0.9.0 and earlier). */
// deno-fmt-ignore
const RAND_GAPS = new Uint16Array([
  619, 720, 127, 481, 931, 816, 813, 233, 566, 247, 985, 724, 205, 454, 863, 491, 741, 242, 949, 214, 733, 859,
  335, 708, 621, 574, 73, 654, 730, 472, 419, 436, 278, 496, 867, 210, 399, 680, 480, 51, 878, 465, 811, 169,
  869, 675, 611, 697, 867, 561, 862, 687, 507, 283, 482, 129, 807, 591, 733, 623, 150, 238, 59, 379, 684, 877,
  625, 169, 643, 105, 170, 607, 520, 932, 727, 476, 693, 425, 174, 647, 73, 122, 335, 530, 442, 853, 695, 249,
  445, 515, 909, 545, 703, 919, 874, 474, 882, 500, 594, 612, 641, 801, 220, 162, 819, 984, 589, 513, 495, 799,
  161, 604, 958, 533, 221, 400, 386, 867, 600, 782, 382, 596, 414, 171, 516, 375, 682, 485, 911, 276, 98, 553,
  163, 354, 666, 933, 424, 341, 533, 870, 227, 730, 475, 186, 263, 647, 537, 686, 600, 224, 469, 68, 770, 919,
  190, 373, 294, 822, 808, 206, 184, 943, 795, 384, 383, 461, 404, 758, 839, 887, 715, 67, 618, 276, 204, 918,
  873, 777, 604, 560, 951, 160, 578, 722, 79, 804, 96, 409, 713, 940, 652, 934, 970, 447, 318, 353, 859, 672,
  112, 785, 645, 863, 803, 350, 139, 93, 354, 99, 820, 908, 609, 772, 154, 274, 580, 184, 79, 626, 630, 742,
  653, 282, 762, 623, 680, 81, 927, 626, 789, 125, 411, 521, 938, 300, 821, 78, 343, 175, 128, 250, 170, 774,
  972, 275, 999, 639, 495, 78, 352, 126, 857, 956, 358, 619, 580, 124, 737, 594, 701, 612, 669, 112, 134, 694,
  363, 992, 809, 743, 168, 974, 944, 375, 748, 52, 600, 747, 642, 182, 862, 81, 344, 805, 988, 739, 511, 655,
  814, 334, 249, 515, 897, 955, 664, 981, 649, 113, 974, 459, 893, 228, 433, 837, 553, 268, 926, 240, 102, 654,
  459, 51, 686, 754, 806, 760, 493, 403, 415, 394, 687, 700, 946, 670, 656, 610, 738, 392, 760, 799, 887, 653,
  978, 321, 576, 617, 626, 502, 894, 679, 243, 440, 680, 879, 194, 572, 640, 724, 926, 56, 204, 700, 707, 151,
  457, 449, 797, 195, 791, 558, 945, 679, 297, 59, 87, 824, 713, 663, 412, 693, 342, 606, 134, 108, 571, 364,
  631, 212, 174, 643, 304, 329, 343, 97, 430, 751, 497, 314, 983, 374, 822, 928, 140, 206, 73, 263, 980, 736,
  876, 478, 430, 305, 170, 514, 364, 692, 829, 82, 855, 953, 676, 246, 369, 970, 294, 750, 807, 827, 150, 790,
  288, 923, 804, 378, 215, 828, 592, 281, 565, 555, 710, 82, 896, 831, 547, 261, 524, 462, 293, 465, 502, 56,
  661, 821, 976, 991, 658, 869, 905, 758, 745, 193, 768, 550, 608, 933, 378, 286, 215, 979, 792, 961, 61, 688,
  793, 644, 986, 403, 106, 366, 905, 644, 372, 567, 466, 434, 645, 210, 389, 550, 919, 135, 780, 773, 635, 389,
  707, 100, 626, 958, 165, 504, 920, 176, 193, 713, 857, 265, 203, 50, 668, 108, 645, 990, 626, 197, 510, 357,
  358, 850, 858, 364, 936, 638,
]);

/** `bzip2 -9` of "abracadabra abracadabra aaaaaaaaaa" (34 bytes): decoded once before the first real stream so that
 * the optimising compiler sees every step of the hot functions (their code after the loop included) with type
 * feedback, instead of compiling them mid-loop and throwing the code away at every block's end. */
const WARM_UP = new Uint8Array([
  0x42,
  0x5a,
  0x68,
  0x39,
  0x31,
  0x41,
  0x59,
  0x26,
  0x53,
  0x59,
  0xd6,
  0x5b,
  0x41,
  0xc8,
  0x00,
  0x00,
  0x06,
  0x51,
  0x80,
  0x01,
  0x00,
  0x40,
  0x00,
  0x3c,
  0x00,
  0x10,
  0x00,
  0x20,
  0x00,
  0x20,
  0xaa,
  0x9a,
  0x63,
  0x42,
  0x18,
  0x0f,
  0x91,
  0x4b,
  0x8a,
  0xcc,
  0x46,
  0x88,
  0x70,
  0xbb,
  0x92,
  0x29,
  0xc2,
  0x84,
  0x86,
  0xb2,
  0xda,
  0x0e,
  0x40,
]);
let warmedUp = false;

// Scratch space shared by every call (decoding is synchronous). The 900k arrays are allocated on first use.
let column: Uint8Array | undefined; // the BWT's last column, then the block's bytes before run expansion
let forward: Uint32Array | undefined; // per row: next row << 8 | its byte (walks the block front to back)
let backward: Uint32Array | undefined; // per row: previous row << 8 | its byte (walks back to front)
const huffman = createHuffmanTables();
const codeLengths = new Uint8Array(MAX_ALPHA);
const selectors = new Uint8Array(1 << 15);
const byteCounts = new Int32Array(256);
const symbolToByte = new Uint8Array(256);
/** Move-to-front list as 16 blocks of 16 entries inside 4096 bytes: a move shifts within one block plus one entry
 * per block before it; blocks creep down and get packed back to the top when the first one reaches 0. */
const mtf = new Uint8Array(4096);
const mtfStart = new Int32Array(16);

/** MSB-first bit reader that never reads outside the input: past the end it yields zeros and {@link overrun}. */
class BitReader {
  pos = 0;
  buf = 0;
  count = 0;
  constructor(readonly data: Uint8Array) {}

  /** Reads `n` ≤ 24 bits. */
  read(n: number): number {
    while (this.count < n) {
      this.buf = (this.buf << 8) | (this.pos < this.data.length ? this.data[this.pos]! : 0);
      this.pos++;
      this.count += 8;
    }
    this.count -= n;
    const value = (this.buf >>> this.count) & ((1 << n) - 1);
    this.buf &= (1 << this.count) - 1; // keeps `buf` a small integer
    return value;
  }

  /** Reads a 32-bit big-endian number. */
  read32(): number {
    return ((this.read(16) << 16) | this.read(16)) >>> 0;
  }

  /** True when more bits were consumed than the input holds. */
  overrun(): boolean {
    return this.pos * 8 - this.count > this.data.length * 8;
  }

  /** Throws `TRUNCATED` when more bits were consumed than the input holds. */
  checkEnd(): void {
    if (this.overrun()) throw truncated();
  }
}

function truncated(): ReplayError {
  return new ReplayError("TRUNCATED", "the bzip2 data ends early", { section: "bzip2" });
}

function corrupted(what: string): ReplayError {
  return new ReplayError("CORRUPTED", `bad bzip2 data: ${what}`, { section: "bzip2" });
}

function tooLarge(maxOutput: number): ReplayError {
  return new ReplayError("LIMIT_EXCEEDED", `the bzip2 data decompresses to more than ${maxOutput} bytes`, {
    section: "bzip2",
  });
}

/**
 * Decompresses one bzip2 stream (as found in MPQ sectors; may hold several blocks). Output is never larger than
 * `maxOutput`: producing more throws `LIMIT_EXCEEDED`. Returns a view of `out` (when given, at least `maxOutput`
 * long) or a new array, of the produced length. Bytes after the stream's end are ignored.
 *
 * @example
 * ```ts
 * import { decompressBzip2 } from "./bzip2.ts";
 * // "BZh9" + the empty-stream trailer: decompresses to nothing
 * const empty = new Uint8Array([0x42, 0x5a, 0x68, 0x39, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0, 0, 0, 0]);
 * console.log(decompressBzip2(empty, 100).length); // 0
 * ```
 */
export function decompressBzip2(input: Uint8Array, maxOutput: number, out?: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(maxOutput) || maxOutput < 0) throw tooLarge(maxOutput);
  if (input.length < 4 || input[0] !== 0x42 || input[1] !== 0x5a || input[2] !== 0x68) {
    throw input.length < 4 && input.every((b, i) => b === "BZh".charCodeAt(i))
      ? truncated()
      : corrupted("no BZh signature");
  }
  const level = input[3]! - 0x30;
  if (level < 1 || level > 9) throw corrupted("bad block size");
  if (out !== undefined && out.length < maxOutput) {
    throw new ReplayError("LIMIT_EXCEEDED", `the output buffer holds ${out.length} < ${maxOutput} bytes`);
  }
  if (!warmedUp) {
    warmedUp = true;
    for (let i = 0; i < 4; i++) decompressBzip2(WARM_UP, 34); // feedback vectors are allocated after a few calls
  }
  const output = out ?? allocate(maxOutput);
  const bits = new BitReader(input);
  bits.pos = 4;
  let written = 0;
  let streamCrc = 0;
  for (;;) {
    const hi = bits.read(24);
    const lo = bits.read(24);
    if (hi === END_MAGIC_HI && lo === END_MAGIC_LO) {
      const stored = bits.read32();
      bits.checkEnd();
      if (stored !== streamCrc) throw corrupted("stream CRC mismatch");
      return output.subarray(0, written);
    }
    bits.checkEnd();
    if (hi !== BLOCK_MAGIC_HI || lo !== BLOCK_MAGIC_LO) throw corrupted("bad block signature");
    const blockCrc = bits.read32();
    written = decodeBlock(bits, level * 100000, blockCrc, output, written, maxOutput);
    streamCrc = (((streamCrc << 1) | (streamCrc >>> 31)) ^ blockCrc) >>> 0;
  }
}

/** Decodes one block (after its signature and CRC) into `out` from `pos`; returns the new end. */
function decodeBlock(
  bits: BitReader,
  blockMax: number,
  storedCrc: number,
  out: Uint8Array,
  pos: number,
  maxOutput: number,
): number {
  const randomised = bits.read(1) === 1;
  const origPtr = bits.read(24);
  let length: number;
  try {
    length = readBlock(bits, blockMax);
  } catch (e) {
    bits.checkEnd(); // garbage read past the end of the input: the real problem is the truncation
    throw e;
  }
  if (origPtr >= length) throw corrupted("BWT origin outside the block");
  inverseBwt(length, origPtr);
  if (randomised) derandomise(length);
  const end = expandRuns(length, out, pos, maxOutput);
  if (crc32(out, pos, end) !== storedCrc) throw corrupted("block CRC mismatch");
  return end;
}

function allocate(size: number): Uint8Array {
  try {
    return new Uint8Array(size);
  } catch (e) {
    throw new ReplayError("LIMIT_EXCEEDED", `cannot allocate ${size} bytes for bzip2 output`, { cause: e });
  }
}

/** Reads one block's symbol map, Huffman tables and symbols into `column`; returns the block's length. */
function readBlock(bits: BitReader, blockMax: number): number {
  const used = readSymbolMap(bits);
  const alphaSize = used + 2;
  const groups = bits.read(3);
  const selectorCount = bits.read(15);
  if (groups < 2 || groups > MAX_GROUPS) throw corrupted("bad Huffman group count");
  if (selectorCount < 1) throw corrupted("no selectors");
  readSelectors(bits, groups, selectorCount);
  for (let g = 0; g < groups; g++) {
    readCodeLengths(bits, alphaSize);
    if (!buildHuffmanTable(huffman, g, codeLengths, alphaSize)) throw corrupted("oversubscribed Huffman code");
  }
  bits.checkEnd();
  return decodeSymbols(bits, blockMax, used, selectorCount);
}

/** Reads which byte values occur (16 × 16 bitmap) into `symbolToByte`; returns how many do. */
function readSymbolMap(bits: BitReader): number {
  let used = 0;
  const ranges = bits.read(16);
  for (let i = 0; i < 16; i++) {
    if ((ranges & (0x8000 >>> i)) === 0) continue;
    const inRange = bits.read(16);
    for (let j = 0; j < 16; j++) if (inRange & (0x8000 >>> j)) symbolToByte[used++] = i * 16 + j;
  }
  if (used === 0) throw corrupted("no symbols in use");
  return used;
}

/** Reads the selectors (which group codes each run of 50 symbols), MTF-coded in unary. */
function readSelectors(bits: BitReader, groups: number, count: number): void {
  const order = [0, 1, 2, 3, 4, 5];
  for (let i = 0; i < count; i++) {
    let j = 0;
    while (bits.read(1) === 1) {
      if (++j >= groups) throw corrupted("bad selector");
    }
    const group = order[j]!;
    for (; j > 0; j--) order[j] = order[j - 1]!;
    order[0] = group;
    selectors[i] = group;
    if ((i & 1023) === 0 && bits.overrun()) bits.checkEnd();
  }
}

/** Reads one group's delta-coded code lengths into `codeLengths`. */
function readCodeLengths(bits: BitReader, alphaSize: number): void {
  let len = bits.read(5);
  for (let s = 0; s < alphaSize; s++) {
    for (;;) {
      if (len < 1 || len > MAX_CODE_LENGTH) throw corrupted("bad Huffman code length");
      if (bits.read(1) === 0) break;
      len += bits.read(1) === 0 ? 1 : -1;
    }
    codeLengths[s] = len;
  }
}

/**
 * Huffman + MTF + RUNA/RUNB decoding of one block into `column`; returns the block's length. The hot loop: the bit
 * buffer lives in locals, codes of up to {@link LUT_BITS} bits take one table look-up.
 */
function decodeSymbols(bits: BitReader, blockMax: number, used: number, selectorCount: number): number {
  const col = (column ??= new Uint8Array(MAX_BLOCK));
  const { lut } = huffman;
  const data = bits.data;
  const dataLength = data.length;
  const endOfBlock = used + 1;
  resetMtf();
  let buf = bits.buf;
  let count = bits.count;
  let pos = bits.pos;
  let n = 0;
  let run = 0; // pending run length of the front byte
  let runBit = 1;
  let selector = 0;
  let left = 0; // symbols left in the current group
  let group = 0;
  let table = 0;
  for (;;) {
    if (left === 0) {
      if (selector >= selectorCount) throw symbolError(bits, pos, count, "more symbols than selectors");
      if (pos * 8 - count > dataLength * 8) break; // reported as TRUNCATED below
      group = selectors[selector++]!;
      table = group << LUT_BITS;
      left = GROUP_SIZE;
    }
    left--;
    while (count < 24) {
      buf = (buf << 8) | (pos < dataLength ? data[pos]! : 0);
      pos++;
      count += 8;
    }
    let entry = lut[table | ((buf >>> (count - LUT_BITS)) & LUT_MASK)]!;
    if (entry === 0) {
      entry = decodeLongCode(huffman, group, (buf >>> (count - MAX_CODE_LENGTH)) & 0xfffff);
      if (entry < 0) throw symbolError(bits, pos, count, "bad Huffman code");
    }
    count -= entry & 31;
    const sym = entry >> 5;
    if (sym <= 1) { // RUNA / RUNB: a bijective base-2 digit of the front byte's run length
      run += runBit << sym;
      runBit <<= 1;
      if (run > blockMax) throw symbolError(bits, pos, count, "run longer than the block");
      continue;
    }
    if (run > 0) {
      if (n + run > blockMax) throw symbolError(bits, pos, count, "block longer than its declared size");
      const byte = symbolToByte[mtf[mtfStart[0]!]!]!;
      if (run < 32) { for (const end = n + run; n < end; n++) col[n] = byte; }
      else {
        col.fill(byte, n, n + run);
        n += run;
      }
      run = 0;
      runBit = 1;
    }
    if (sym === endOfBlock) break;
    if (n >= blockMax) throw symbolError(bits, pos, count, "block longer than its declared size");
    col[n++] = symbolToByte[moveToFront(sym - 1)]!;
  }
  bits.buf = buf & ((1 << count) - 1);
  bits.count = count;
  bits.pos = pos;
  bits.checkEnd();
  return n;
}

/** The error for bad symbol data: `TRUNCATED` when the decoder had already read past the input's end. */
function symbolError(bits: BitReader, pos: number, count: number, what: string): ReplayError {
  bits.pos = pos;
  bits.count = count;
  return bits.overrun() ? truncated() : corrupted(what);
}

function resetMtf(): void {
  for (let i = 0; i < 256; i++) mtf[4096 - 256 + i] = i;
  for (let b = 0; b < 16; b++) mtfStart[b] = 4096 - 256 + b * 16;
}

/** Removes entry `index` of the MTF list, puts it in front and returns it. */
function moveToFront(index: number): number {
  let b = index >> 4;
  let p = mtfStart[b]! + (index & 15);
  const value = mtf[p]!;
  if (b === 0) {
    for (; p > mtfStart[0]!; p--) mtf[p] = mtf[p - 1]!;
    mtf[p] = value;
    return value;
  }
  // Close the gap inside block b, then move each earlier block's last entry to the next block's (new) front.
  for (const start = mtfStart[b]!; p > start; p--) mtf[p] = mtf[p - 1]!;
  mtfStart[b]!++;
  for (; b > 0; b--) {
    const start = --mtfStart[b]!;
    mtf[start] = mtf[mtfStart[b - 1]! + 15]!;
  }
  const front = --mtfStart[0]!;
  mtf[front] = value;
  if (front === 0) packMtf();
  return value;
}

/** Moves the MTF blocks back to the top of their 4096-byte space. */
function packMtf(): void {
  for (let b = 15; b >= 0; b--) { // last block first: every block moves up, never onto one not yet moved
    const to = 4096 - 256 + b * 16;
    mtf.copyWithin(to, mtfStart[b]!, mtfStart[b]! + 16);
    mtfStart[b] = to;
  }
}

/**
 * Inverse BWT of the `length` bytes in `column` (its last column), written back into `column` in original order.
 * Both walks (from the first byte forwards, from the last byte backwards) are random memory accesses; running them
 * interleaved lets the processor wait for two cache misses at once.
 */
function inverseBwt(length: number, origPtr: number): void {
  const col = column!;
  const next = (forward ??= new Uint32Array(MAX_BLOCK));
  const prev = (backward ??= new Uint32Array(MAX_BLOCK));
  byteCounts.fill(0);
  for (let i = 0; i < length; i++) byteCounts[col[i]!]!++;
  let sum = 0;
  for (let b = 0; b < 256; b++) {
    const c = byteCounts[b]!;
    byteCounts[b] = sum;
    sum += c;
  }
  for (let i = 0; i < length; i++) {
    const byte = col[i]!;
    const row = byteCounts[byte]!++; // the row whose rotation starts with this byte
    next[row] = (i << 8) | byte;
    prev[i] = (row << 8) | byte;
  }
  const half = length >> 1;
  let f = origPtr;
  let r = origPtr;
  for (let i = 0, j = length - 1; i < half; i++, j--) {
    const a = next[f]!;
    const z = prev[r]!;
    col[i] = a;
    col[j] = z;
    f = a >>> 8;
    r = z >>> 8;
  }
  if (length & 1) col[half] = next[f]!;
}

/** Undoes the old randomisation: flips the low bit of bytes at pseudo-random gaps. */
function derandomise(length: number): void {
  const col = column!;
  for (let at = 0, k = 0;; k = (k + 1) & 511) {
    const gap = RAND_GAPS[k]!;
    if (at + gap - 2 >= length) return;
    col[at + gap - 2]! ^= 1;
    at += gap;
  }
}

/**
 * Undoes the initial run-length coding (four equal bytes, then a count of further copies) of `column`'s first
 * `length` bytes into `out` from `pos`; returns the new end. Throws `LIMIT_EXCEEDED` past `maxOutput`.
 */
function expandRuns(length: number, out: Uint8Array, pos: number, maxOutput: number): number {
  const col = column!;
  let last = -1;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const byte = col[i]!;
    if (run === 4) {
      if (pos + byte > maxOutput) throw tooLarge(maxOutput);
      if (byte < 32) { for (const end = pos + byte; pos < end; pos++) out[pos] = last; }
      else {
        out.fill(last, pos, pos + byte);
        pos += byte;
      }
      run = 0;
      continue;
    }
    if (byte === last) run++;
    else {
      run = 1;
      last = byte;
    }
    if (pos >= maxOutput) throw tooLarge(maxOutput);
    out[pos++] = byte;
  }
  return pos;
}

/** bzip2's CRC-32 of `data[start..end)`, four bytes per step. */
function crc32(data: Uint8Array, start: number, end: number): number {
  let c = -1;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const x = c ^ ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!);
    c = CRC[768 | (x >>> 24)]! ^ CRC[512 | ((x >>> 16) & 255)]! ^ CRC[256 | ((x >>> 8) & 255)]! ^ CRC[x & 255]!;
  }
  for (; i < end; i++) c = (c << 8) ^ CRC[(c >>> 24) ^ data[i]!]!;
  return ~c >>> 0;
}
