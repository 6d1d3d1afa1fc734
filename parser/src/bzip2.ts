/**
 * Our own bzip2 decompressor (no WASM, no dependency): exact output, CRC-checked, buffers reused between calls, and
 * output never larger than the caller's bound (decompression bombs stop at once). Reading past the input throws
 * `TRUNCATED`; inconsistent data throws `CORRUPTED`.
 *
 * @module
 */
import { ReplayError } from "./errors.ts";

const BLOCK_MAGIC_HI = 0x314159;
const BLOCK_MAGIC_LO = 0x265359;
const END_MAGIC_HI = 0x177245;
const END_MAGIC_LO = 0x385090;
const MAX_GROUPS = 6;
const MAX_ALPHA = 258;
const MAX_CODE_LENGTH = 20;
const GROUP_SIZE = 50;
const LUT_BITS = 10;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** Buffers shared by every call (decoding is synchronous, so one set suffices). */
let tt: Uint32Array | undefined;
const selectors = new Uint8Array(32768);
const lengths = new Uint8Array(MAX_GROUPS * MAX_ALPHA);
const lut = new Uint16Array(MAX_GROUPS << LUT_BITS);
const limit = new Int32Array(MAX_GROUPS * (MAX_CODE_LENGTH + 2));
const base = new Int32Array(MAX_GROUPS * (MAX_CODE_LENGTH + 2));
const perm = new Uint16Array(MAX_GROUPS * MAX_ALPHA);
const minLens = new Uint8Array(MAX_GROUPS);
const counts = new Int32Array(256);
/** Move-to-front list in 16 blocks of 16 (libbzip2's layout): a move shifts one block plus one entry per block. */
const MTFA_SIZE = 4096;
const mtfa = new Uint8Array(MTFA_SIZE);
const mtfBase = new Int32Array(16);
const seqToUnseq = new Uint8Array(256);

/** MSB-first bit reader over the compressed bytes; reading past the end is detected, never done. */
class Bits {
  pos = 0;
  buf = 0;
  count = 0;
  constructor(readonly data: Uint8Array) {}

  /** Makes at least 24 bits available (zero padding past the end; {@link checkEnd} reports the overrun). */
  fill(): void {
    while (this.count <= 24) {
      this.buf = ((this.buf << 8) | (this.pos < this.data.length ? this.data[this.pos]! : 0)) >>> 0;
      this.pos++;
      this.count += 8;
    }
  }

  read(n: number): number {
    if (this.count < n) this.fill();
    this.count -= n;
    return (this.buf >>> this.count) & ((1 << n) - 1);
  }

  /** Throws `TRUNCATED` when more bits were consumed than the input holds. */
  checkEnd(): void {
    if (this.pos * 8 - this.count > this.data.length * 8) {
      throw new ReplayError("TRUNCATED", "the bzip2 data ends early", { section: "bzip2" });
    }
  }
}

function corrupted(what: string): ReplayError {
  return new ReplayError("CORRUPTED", `bad bzip2 data: ${what}`, { section: "bzip2" });
}

/**
 * Decompresses one bzip2 stream (as found in MPQ sectors; may hold several blocks). Output is never larger than
 * `maxOutput`: producing more throws `LIMIT_EXCEEDED`. Returns a view of `out` (when given, at least `maxOutput`
 * long) or a new array, of the produced length.
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
  if (input.length < 4 || input[0] !== 0x42 || input[1] !== 0x5a || input[2] !== 0x68) {
    throw corrupted("no BZh signature");
  }
  const level = input[3]! - 0x30;
  if (level < 1 || level > 9) throw corrupted("bad block size");
  const blockMax = level * 100000;
  const output = out ?? new Uint8Array(maxOutput);
  if (output.length < maxOutput) throw new RangeError("out is shorter than maxOutput");
  const bits = new Bits(input);
  bits.pos = 4;
  let written = 0;
  let combined = 0;
  for (;;) {
    const hi = bits.read(24);
    const lo = bits.read(24);
    if (hi === END_MAGIC_HI && lo === END_MAGIC_LO) {
      const stored = ((bits.read(16) << 16) | bits.read(16)) >>> 0;
      bits.checkEnd();
      if (stored !== combined) throw corrupted("stream CRC mismatch");
      return output.subarray(0, written);
    }
    if (hi !== BLOCK_MAGIC_HI || lo !== BLOCK_MAGIC_LO) throw corrupted("bad block signature");
    const blockCrc = ((bits.read(16) << 16) | bits.read(16)) >>> 0;
    if (bits.read(1)) throw corrupted("randomised blocks (bzip2 before 0.9.5) are not supported");
    const origPtr = bits.read(24);
    const length = readBlock(bits, blockMax);
    if (origPtr >= length) throw corrupted("bad BWT origin");
    let crc: number;
    [written, crc] = unBwt(length, origPtr, output, written, maxOutput);
    if (crc !== blockCrc) throw corrupted("block CRC mismatch");
    combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
  }
}

/** Reads one block's tables and symbols into `tt` (low byte of each entry); returns the block length. */
function readBlock(bits: Bits, blockMax: number): number {
  // Symbol map: which of the 256 byte values occur.
  let inUse = 0;
  const used16 = bits.read(16);
  for (let i = 0; i < 16; i++) {
    if ((used16 & (0x8000 >>> i)) === 0) continue;
    const used = bits.read(16);
    for (let j = 0; j < 16; j++) if (used & (0x8000 >>> j)) seqToUnseq[inUse++] = i * 16 + j;
  }
  if (inUse === 0) throw corrupted("no symbols in use");
  const alphaSize = inUse + 2;
  const groups = bits.read(3);
  const selectorCount = bits.read(15);
  if (groups < 2 || groups > MAX_GROUPS || selectorCount < 1) throw corrupted("bad Huffman group count");
  // Selectors, MTF-coded in unary.
  const order = [0, 1, 2, 3, 4, 5];
  for (let i = 0; i < selectorCount; i++) {
    let j = 0;
    while (bits.read(1)) if (++j >= groups) throw corrupted("bad selector");
    const v = order[j]!;
    for (; j > 0; j--) order[j] = order[j - 1]!;
    order[0] = v;
    selectors[i] = v;
  }
  bits.checkEnd();
  // Code lengths, delta-coded.
  for (let g = 0; g < groups; g++) {
    let len = bits.read(5);
    for (let s = 0; s < alphaSize; s++) {
      for (;;) {
        if (len < 1 || len > MAX_CODE_LENGTH) throw corrupted("bad code length");
        if (!bits.read(1)) break;
        len += bits.read(1) ? -1 : 1;
      }
      lengths[g * MAX_ALPHA + s] = len;
    }
    buildTable(g, alphaSize);
  }
  bits.checkEnd();
  return decodeSymbols(bits, blockMax, alphaSize, inUse, selectorCount);
}

/** Canonical Huffman decoding tables of group `g`: a 10-bit look-up table plus limit/base/perm for longer codes. */
function buildTable(g: number, alphaSize: number): void {
  const lens = lengths.subarray(g * MAX_ALPHA, g * MAX_ALPHA + alphaSize);
  let minLen = MAX_CODE_LENGTH;
  let maxLen = 0;
  for (const l of lens) {
    if (l < minLen) minLen = l;
    if (l > maxLen) maxLen = l;
  }
  minLens[g] = minLen;
  const lb = g * (MAX_CODE_LENGTH + 2);
  const pb = g * MAX_ALPHA;
  const tb = g << LUT_BITS;
  lut.fill(0, tb, tb + (1 << LUT_BITS));
  let p = 0;
  let code = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    base[lb + len] = p - code; // symbol index of a code of this length = code + base
    for (let s = 0; s < alphaSize; s++) {
      if (lens[s] !== len) continue;
      perm[pb + p++] = s;
      if (len <= LUT_BITS) {
        const first = code << (LUT_BITS - len);
        const entry = (s << 5) | len;
        for (let k = 0; k < 1 << (LUT_BITS - len); k++) lut[tb + first + k] = entry;
      }
      code++;
    }
    limit[lb + len] = code - 1; // largest code of this length (−1 + … when none)
    if (code > 1 << len) throw corrupted("oversubscribed Huffman code");
    code <<= 1;
  }
}

/**
 * Huffman + MTF + RUNA/RUNB decoding of one block into `tt`. The hot loop of the decoder: the bit buffer lives in
 * locals, codes of up to 10 bits resolve with one table look-up, and MTF moves are plain loops.
 */
function decodeSymbols(bits: Bits, blockMax: number, alphaSize: number, inUse: number, selectorCount: number): number {
  const t = (tt ??= new Uint32Array(900000));
  const data = bits.data;
  const dataLength = data.length;
  const eob = inUse + 1;
  resetMtf();
  counts.fill(0);
  let buf = bits.buf;
  let count = bits.count;
  let pos = bits.pos;
  let n = 0;
  let runLength = 0;
  let runWeight = 1;
  let groupIndex = 0;
  let left = 0;
  let tableBase = 0;
  let g = 0;
  for (;;) {
    if (left === 0) {
      if (groupIndex >= selectorCount) throw corrupted("ran out of selectors");
      if (pos * 8 - count > dataLength * 8) break; // past the end: reported as TRUNCATED below
      g = selectors[groupIndex++]!;
      tableBase = g << LUT_BITS;
      left = GROUP_SIZE;
    }
    left--;
    while (count <= 24) {
      buf = ((buf << 8) | (pos < dataLength ? data[pos]! : 0)) >>> 0;
      pos++;
      count += 8;
    }
    const entry = lut[tableBase + ((buf >>> (count - LUT_BITS)) & ((1 << LUT_BITS) - 1))]!;
    let sym: number;
    if (entry !== 0) {
      count -= entry & 31;
      sym = entry >> 5;
    } else {
      const lb = g * (MAX_CODE_LENGTH + 2);
      let len = Math.max(LUT_BITS + 1, minLens[g]!);
      for (;; len++) {
        if (len > MAX_CODE_LENGTH) throw corrupted("bad Huffman code");
        const code = (buf >>> (count - len)) & ((1 << len) - 1);
        if (code <= limit[lb + len]!) {
          sym = perm[g * MAX_ALPHA + code + base[lb + len]!]!;
          count -= len;
          break;
        }
      }
    }
    if (sym <= 1) { // RUNA / RUNB: bijective base-2 run length of the front symbol
      runLength += runWeight << sym;
      runWeight <<= 1;
      if (runLength > blockMax) throw corrupted("run longer than the block");
      continue;
    }
    if (runLength > 0) {
      if (n + runLength > blockMax) throw corrupted("block longer than its size");
      const byte = seqToUnseq[mtfa[mtfBase[0]!]!]!;
      counts[byte]! += runLength;
      if (runLength < 16) { for (let k = 0; k < runLength; k++) t[n + k] = byte; }
      else t.fill(byte, n, n + runLength);
      n += runLength;
      runLength = 0;
      runWeight = 1;
    }
    if (sym === eob) break;
    if (sym >= alphaSize) throw corrupted("bad symbol");
    if (n >= blockMax) throw corrupted("block longer than its size");
    const byte = seqToUnseq[mtfTakeToFront(sym - 1)]!;
    counts[byte]!++;
    t[n++] = byte;
  }
  bits.buf = buf;
  bits.count = count;
  bits.pos = pos;
  bits.checkEnd();
  return n;
}

function resetMtf(): void {
  let k = MTFA_SIZE - 1;
  for (let list = 15; list >= 0; list--) {
    for (let j = 15; j >= 0; j--) mtfa[k--] = list * 16 + j;
    mtfBase[list] = k + 1;
  }
}

/** Removes the entry at `index` of the MTF list, puts it in front and returns it. */
function mtfTakeToFront(index: number): number {
  if (index < 16) {
    const front = mtfBase[0]!;
    const value = mtfa[front + index]!;
    for (let p = front + index; p > front; p--) mtfa[p] = mtfa[p - 1]!;
    mtfa[front] = value;
    return value;
  }
  let list = index >> 4;
  let p = mtfBase[list]! + (index & 15);
  const value = mtfa[p]!;
  for (; p > mtfBase[list]!; p--) mtfa[p] = mtfa[p - 1]!;
  mtfBase[list]!++;
  for (; list > 0; list--) {
    mtfBase[list]!--;
    mtfa[mtfBase[list]!] = mtfa[mtfBase[list - 1]! + 15]!;
  }
  mtfa[--mtfBase[0]!] = value;
  if (mtfBase[0] === 0) { // out of room at the front: pack the lists back to the end
    let k = MTFA_SIZE - 1;
    for (let l = 15; l >= 0; l--) {
      for (let j = 15; j >= 0; j--) mtfa[k--] = mtfa[mtfBase[l]! + j]!;
      mtfBase[l] = k + 1;
    }
  }
  return value;
}

/**
 * Inverse BWT and the initial run-length decoding, writing into `out` from `pos`, with the block CRC computed on the
 * way. Returns the new end and the CRC.
 */
function unBwt(length: number, origPtr: number, out: Uint8Array, pos: number, maxOutput: number): [number, number] {
  const t = tt!;
  // Cumulative counts → each position's successor, stored above the byte in tt.
  const starts = new Int32Array(256);
  for (let i = 0, sum = 0; i < 256; i++) {
    starts[i] = sum;
    sum += counts[i]!;
  }
  for (let i = 0; i < length; i++) {
    const byte = t[i]! & 0xff;
    t[starts[byte]!++]! |= i << 8;
  }
  let next = t[origPtr]! >>> 8;
  let last = -1;
  let run = 0;
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) {
    const entry = t[next]!;
    const byte = entry & 0xff;
    next = entry >>> 8;
    if (run === 4) {
      // The byte after four equal bytes is a repeat count.
      if (pos + byte > maxOutput) throw bomb();
      for (let k = 0; k < byte; k++) {
        out[pos++] = last;
        crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ last]!;
      }
      run = 0;
      last = -1;
      continue;
    }
    if (byte === last) run++;
    else {
      run = 1;
      last = byte;
    }
    if (pos >= maxOutput) throw bomb();
    out[pos++] = byte;
    crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ byte]!;
  }
  return [pos, ~crc >>> 0];
}

function bomb(): ReplayError {
  return new ReplayError("LIMIT_EXCEEDED", "the data decompresses to more than its declared size", {
    section: "bzip2",
  });
}
