/**
 * The writing side of the bit-packed encoding: the inverse of {@link BitReader} (bits fill each byte from its low end;
 * the most significant chunk of a value is written first).
 *
 * @module
 */

/**
 * Growable bit writer.
 *
 * @example
 * ```ts
 * import { BitWriter } from "./bit_writer.ts";
 * const w = new BitWriter();
 * w.writeBits(5, 3);
 * w.byteAlign();
 * console.log(w.finish()); // Uint8Array [5]
 * ```
 */
export class BitWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;
  private current = 0;
  private used = 0;

  /** Bits written so far. */
  get bitLength(): number {
    return this.length * 8 + this.used;
  }

  /** Appends one byte, growing the buffer. */
  private push(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }

  /** Writes the low `n` bits of `value` (a number below 2^53 or a bigint), most significant chunk first. */
  writeBits(value: number | bigint, n: number): void {
    if (n <= 0) return;
    if (typeof value === "bigint" || n > 32) {
      this.writeWide(BigInt(value), n);
      return;
    }
    let left = n;
    while (left > 0) {
      const take = Math.min(left, 8 - this.used);
      const chunk = Math.floor(value / 2 ** (left - take)) & ((1 << take) - 1);
      this.current |= chunk << this.used;
      this.used += take;
      left -= take;
      if (this.used === 8) this.flushByte();
    }
  }

  /** Writes a value wider than 32 bits. */
  private writeWide(value: bigint, n: number): void {
    let left = n;
    while (left > 0) {
      const take = Math.min(left, 8 - this.used);
      const chunk = Number((value >> BigInt(left - take)) & BigInt((1 << take) - 1));
      this.current |= chunk << this.used;
      this.used += take;
      left -= take;
      if (this.used === 8) this.flushByte();
    }
  }

  /** Moves the filled current byte into the output. */
  private flushByte(): void {
    this.push(this.current);
    this.current = 0;
    this.used = 0;
  }

  /** Pads the current byte with zero bits. */
  byteAlign(): void {
    if (this.used > 0) this.flushByte();
  }

  /** Aligns, then appends bytes. */
  writeAlignedBytes(data: Uint8Array): void {
    this.byteAlign();
    for (const b of data) this.push(b);
  }

  /** Writes bytes as 8-bit values without aligning. */
  writeUnalignedBytes(data: Uint8Array): void {
    for (const b of data) this.writeBits(b, 8);
  }

  /** Aligns and returns the bytes written. */
  finish(): Uint8Array {
    this.byteAlign();
    return this.bytes.slice(0, this.length);
  }
}

/**
 * Growable byte writer for the versioned encoding.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bit_writer.ts";
 * const w = new ByteWriter();
 * w.vint(-2);
 * console.log(w.finish()); // Uint8Array [5]
 * ```
 */
export class ByteWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;

  /** Appends one byte. */
  u8(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte & 0xff;
  }

  /** Appends bytes. */
  raw(data: Uint8Array): void {
    for (const b of data) this.u8(b);
  }

  /** A signed variable-length integer: sign in bit 0, 6 value bits, then 7 bits per byte. */
  vint(value: number | bigint): void {
    let v = BigInt(value);
    const negative = v < 0n;
    if (negative) v = -v;
    let first = Number(v & 0x3fn) << 1 | (negative ? 1 : 0);
    v >>= 6n;
    if (v > 0n) first |= 0x80;
    this.u8(first);
    while (v > 0n) {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.u8(b);
    }
  }

  /** The bytes written. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
