/**
 * A bzip2 compressor, so the writer can produce bzip2-compressed MPQ members like the game does: run-length stage,
 * Burrows–Wheeler transform (cyclic shifts sorted by prefix doubling), move-to-front with RUNA/RUNB zero runs,
 * Huffman coding (two identical tables, as the format needs at least two), CRCs. Favours simplicity over ratio.
 *
 * @module
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** Input bytes per block: small enough that the run-length stage (at most +25 %) stays under 900k. */
const BLOCK_INPUT = 250_000;
const MAX_CODE_LENGTH = 17;

/** MSB-first bit writer. */
class Bits {
  private out: number[] = [];
  private buf = 0;
  private count = 0;
  write(n: number, value: number): void {
    for (let i = n - 1; i >= 0; i--) {
      this.buf = (this.buf << 1) | ((value >>> i) & 1);
      if (++this.count === 8) {
        this.out.push(this.buf);
        this.buf = 0;
        this.count = 0;
      }
    }
  }
  finish(): Uint8Array {
    if (this.count > 0) this.out.push(this.buf << (8 - this.count));
    return Uint8Array.from(this.out);
  }
}

/**
 * Compresses `data` into one bzip2 stream.
 *
 * @example
 * ```ts
 * import { compressBzip2 } from "./bzip2_encoder.ts";
 * import { decompressBzip2 } from "../bzip2.ts";
 * const data = new TextEncoder().encode("hello hello hello");
 * console.log(decompressBzip2(compressBzip2(data), data.length)); // the same bytes
 * ```
 */
export function compressBzip2(data: Uint8Array): Uint8Array {
  const bits = new Bits();
  for (const c of "BZh9") bits.write(8, c.charCodeAt(0));
  let combined = 0;
  for (let start = 0; start < data.length; start += BLOCK_INPUT) {
    const block = data.subarray(start, Math.min(data.length, start + BLOCK_INPUT));
    let crc = 0xffffffff;
    for (const b of block) crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ b]!;
    crc = ~crc >>> 0;
    combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
    writeBlock(bits, runLengthEncode(block), crc);
  }
  bits.write(24, 0x177245);
  bits.write(24, 0x385090);
  bits.write(32, combined);
  return bits.finish();
}

/** bzip2's first stage: runs of 4–255 equal bytes become 4 bytes and a count. */
function runLengthEncode(block: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < block.length;) {
    const b = block[i]!;
    let run = 1;
    while (run < 255 && i + run < block.length && block[i + run] === b) run++;
    if (run >= 4) out.push(b, b, b, b, run - 4);
    else for (let k = 0; k < run; k++) out.push(b);
    i += run;
  }
  return Uint8Array.from(out);
}

/** Sorted cyclic shifts of `s` (prefix doubling with counting sorts). */
function sortRotations(s: Uint8Array): Int32Array {
  const n = s.length;
  const p = new Int32Array(n);
  let c = new Int32Array(n);
  const counts = new Int32Array(Math.max(256, n) + 1);
  for (let i = 0; i < n; i++) counts[s[i]!]!++;
  for (let i = 1; i < 256; i++) counts[i]! += counts[i - 1]!;
  for (let i = n - 1; i >= 0; i--) p[--counts[s[i]!]!] = i;
  let classes = 1;
  c[p[0]!] = 0;
  for (let i = 1; i < n; i++) {
    if (s[p[i]!] !== s[p[i - 1]!]) classes++;
    c[p[i]!] = classes - 1;
  }
  const pn = new Int32Array(n);
  let cn = new Int32Array(n);
  for (let h = 1; h < n && classes < n; h <<= 1) {
    for (let i = 0; i < n; i++) pn[i] = (p[i]! - h + n) % n;
    counts.fill(0, 0, classes);
    for (let i = 0; i < n; i++) counts[c[pn[i]!]!]!++;
    for (let i = 1; i < classes; i++) counts[i]! += counts[i - 1]!;
    for (let i = n - 1; i >= 0; i--) p[--counts[c[pn[i]!]!]!] = pn[i]!;
    cn[p[0]!] = 0;
    classes = 1;
    for (let i = 1; i < n; i++) {
      const a = p[i]!;
      const b = p[i - 1]!;
      if (c[a] !== c[b] || c[(a + h) % n] !== c[(b + h) % n]) classes++;
      cn[a] = classes - 1;
    }
    [c, cn] = [cn, c];
  }
  return p;
}

function writeBlock(bits: Bits, block: Uint8Array, crc: number): void {
  const n = block.length;
  const order = sortRotations(block);
  let origPtr = 0;
  const last = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const from = order[i]!;
    if (from === 0) origPtr = i;
    last[i] = block[(from + n - 1) % n]!;
  }
  // Symbols in use, then MTF with RUNA/RUNB runs of zeros.
  const used = new Array<boolean>(256).fill(false);
  for (const b of last) used[b] = true;
  const unseqToSeq = new Int32Array(256);
  const mtf: number[] = [];
  for (let b = 0; b < 256; b++) if (used[b]) unseqToSeq[b] = mtf.push(mtf.length) - 1;
  const inUse = mtf.length;
  const eob = inUse + 1;
  const symbols: number[] = [];
  let zeros = 0;
  const flushZeros = () => {
    if (zeros === 0) return;
    let z = zeros - 1;
    for (;;) {
      symbols.push(z & 1);
      if (z < 2) break;
      z = (z - 2) >> 1;
    }
    zeros = 0;
  };
  for (const b of last) {
    const seq = unseqToSeq[b]!;
    const index = mtf.indexOf(seq);
    if (index === 0) {
      zeros++;
      continue;
    }
    flushZeros();
    mtf.splice(index, 1);
    mtf.unshift(seq);
    symbols.push(index + 1);
  }
  flushZeros();
  symbols.push(eob);
  const alphaSize = inUse + 2;
  const lengths = huffmanLengths(symbols, alphaSize);
  const codes = canonicalCodes(lengths);

  bits.write(24, 0x314159);
  bits.write(24, 0x265359);
  bits.write(32, crc);
  bits.write(1, 0);
  bits.write(24, origPtr);
  let groups16 = 0;
  for (let g = 0; g < 16; g++) if (used.slice(g * 16, g * 16 + 16).some(Boolean)) groups16 |= 0x8000 >>> g;
  bits.write(16, groups16);
  for (let g = 0; g < 16; g++) {
    if (!(groups16 & (0x8000 >>> g))) continue;
    let mask = 0;
    for (let j = 0; j < 16; j++) if (used[g * 16 + j]) mask |= 0x8000 >>> j;
    bits.write(16, mask);
  }
  const selectors = Math.ceil(symbols.length / 50);
  bits.write(3, 2);
  bits.write(15, selectors);
  for (let i = 0; i < selectors; i++) bits.write(1, 0); // every group uses table 0
  for (let table = 0; table < 2; table++) {
    let current = lengths[0]!;
    bits.write(5, current);
    for (let s = 0; s < alphaSize; s++) {
      while (current < lengths[s]!) {
        bits.write(2, 2);
        current++;
      }
      while (current > lengths[s]!) {
        bits.write(2, 3);
        current--;
      }
      bits.write(1, 0);
    }
  }
  for (const s of symbols) bits.write(lengths[s]!, codes[s]!);
}

/** Huffman code lengths (1…17) for the symbol frequencies; frequencies are flattened until the limit holds. */
function huffmanLengths(symbols: number[], alphaSize: number): number[] {
  const freq = new Array<number>(alphaSize).fill(0);
  for (const s of symbols) freq[s]!++;
  let weights = freq.map((f) => Math.max(1, f));
  for (;;) {
    const lengths = new Array<number>(alphaSize).fill(0);
    let nodes: { w: number; leaves: number[] }[] = weights.map((w, i) => ({ w, leaves: [i] }));
    while (nodes.length > 1) {
      nodes.sort((a, b) => a.w - b.w);
      const [a, b] = nodes.splice(0, 2) as [{ w: number; leaves: number[] }, { w: number; leaves: number[] }];
      for (const leaf of [...a.leaves, ...b.leaves]) lengths[leaf]!++;
      nodes = [...nodes, { w: a.w + b.w, leaves: [...a.leaves, ...b.leaves] }];
    }
    if (alphaSize === 1) lengths[0] = 1;
    if (Math.max(...lengths) <= MAX_CODE_LENGTH) return lengths.map((l) => Math.max(1, l));
    weights = weights.map((w) => 1 + (w >> 1));
  }
}

/** Codes in the decoder's canonical order: by length, then by symbol. */
function canonicalCodes(lengths: number[]): number[] {
  const codes = new Array<number>(lengths.length).fill(0);
  let code = 0;
  for (let len = 1; len <= 20; len++) {
    for (let s = 0; s < lengths.length; s++) if (lengths[s] === len) codes[s] = code++;
    code <<= 1;
  }
  return codes;
}
