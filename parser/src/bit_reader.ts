/**
 * The bit reader of the bit-packed encoding (format note §2): bits are taken from the low end of the current byte and
 * the first chunk read lands in the most significant position of the result.
 *
 * Reading past the end throws `TRUNCATED`; the reader never looks outside its bytes.
 *
 * @module
 */
import { SectionReader } from "./section_reader.ts";

const TWO_POW_44 = 2 ** 44;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A big-endian bit reader over a byte array, with a value budget shared by the decoders that use it.
 *
 * @example
 * ```ts
 * import { BitReader } from "./bit_reader.ts";
 * const r = new BitReader(new Uint8Array([0b1010_0001]), "example");
 * console.log(r.readBits(1), r.readBits(3)); // 1 0  (low bits first)
 * ```
 */
export class BitReader extends SectionReader {
  /** The byte being consumed, shifted so its unread bits are the low ones. */
  private next = 0;
  /** How many bits of `next` are unread. */
  private nextBits = 0;
  constructor(data: Uint8Array, section: string, budget = Number.MAX_SAFE_INTEGER) {
    super(data, section, budget);
  }

  /** Bits consumed so far. */
  get usedBits(): number {
    return this.pos * 8 - this.nextBits;
  }

  /** True when no unread bits and no more bytes remain. */
  done(): boolean {
    return this.nextBits === 0 && this.pos >= this.data.length;
  }

  /** Bytes not yet started. */
  get remainingBytes(): number {
    return this.data.length - this.pos;
  }

  /** Drops the unread bits of the current byte. */
  byteAlign(): void {
    this.nextBits = 0;
  }

  /** Reads `n` ≤ 32 bits as an unsigned number. */
  readBits(n: number): number {
    if (n <= 0) return 0;
    // Fast path: whole bytes from an aligned position.
    if (this.nextBits === 0 && (n & 7) === 0 && this.pos + (n >> 3) <= this.data.length) {
      const data = this.data;
      let result = 0;
      for (let i = n >> 3; i > 0; i--) result = result * 256 + data[this.pos++]!;
      return result;
    }
    let result = 0;
    let got = 0;
    while (got < n) {
      if (this.nextBits === 0) {
        if (this.pos >= this.data.length) throw this.truncated(n);
        this.next = this.data[this.pos++]!;
        this.nextBits = 8;
      }
      const take = n - got < this.nextBits ? n - got : this.nextBits;
      result = result * (1 << take) + (this.next & ((1 << take) - 1));
      this.next >>>= take;
      this.nextBits -= take;
      got += take;
    }
    return result;
  }

  /**
   * Reads `n` bits (any count) as one read — chunks follow byte boundaries exactly as a single {@link readBits} would —
   * returning a number when the result is a safe integer, else a bigint.
   */
  readBitsWide(n: number): number | bigint {
    if (n <= 32) return this.readBits(n);
    let small = 0;
    let big: bigint | undefined;
    let got = 0;
    while (got < n) {
      if (this.nextBits === 0) {
        if (this.pos >= this.data.length) throw this.truncated(n - got);
        this.next = this.data[this.pos++]!;
        this.nextBits = 8;
      }
      const take = n - got < this.nextBits ? n - got : this.nextBits;
      const chunk = this.next & ((1 << take) - 1);
      if (big === undefined && small < TWO_POW_44) small = small * (1 << take) + chunk;
      else {
        big = ((big ?? BigInt(small)) << BigInt(take)) | BigInt(chunk);
      }
      this.next >>>= take;
      this.nextBits -= take;
      got += take;
    }
    if (big === undefined) return small;
    return big <= MAX_SAFE ? Number(big) : big;
  }

  /** Aligns, then copies `k` bytes. */
  readAlignedBytes(k: number): Uint8Array {
    this.byteAlign();
    if (k > this.data.length - this.pos) throw this.truncated(k * 8);
    const out = this.data.slice(this.pos, this.pos + k);
    this.pos += k;
    return out;
  }

  /** Reads `k` bytes of 8 bits each without aligning first. */
  readUnalignedBytes(k: number): Uint8Array {
    const out = new Uint8Array(k);
    for (let i = 0; i < k; i++) out[i] = this.readBits(8);
    return out;
  }
}
