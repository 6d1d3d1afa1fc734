/**
 * A streaming canonical-JSON writer: writes decoded values in the canonical form of {@link canonicalJson} straight into
 * a byte buffer and hands full chunks to a sink (stdout, a file, a hash), so no whole document and no per-event string
 * is ever built. The canonical form is pure ASCII (every character above 0x7E is escaped), so each character is one
 * byte.
 *
 * @module
 */

import { quote } from "./canonical_json.ts";

const HEX = "0123456789abcdef";
/** The escape of each character below 0x80 that needs one (`quote` knows the short forms), else `undefined`. */
const ESCAPES: (string | undefined)[] = Array.from(
  { length: 128 },
  (
    _,
    c,
  ) => (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? undefined : quote(String.fromCharCode(c)).slice(1, -1)),
);
const encoder = new TextEncoder();

interface KeyOrder {
  keys: string[];
  sorted: string[];
}

/**
 * Writes canonical JSON (and plain text) into buffered chunks.
 *
 * @example
 * ```ts
 * import { CanonicalJsonWriter } from "./canonical_json_writer.ts";
 * const chunks: Uint8Array[] = [];
 * const writer = new CanonicalJsonWriter((bytes) => chunks.push(bytes.slice()));
 * writer.value({ b: 1, a: new Uint8Array([0x53, 0xe9]) });
 * writer.text("\n");
 * writer.flush();
 * console.log(new TextDecoder().decode(chunks[0])); // {"a":"S\u00e9","b":1}
 * ```
 */
export class CanonicalJsonWriter {
  private buf: Uint8Array;
  private pos = 0;
  private markAt = -1;
  private readonly keyOrders = new Map<string, KeyOrder[]>();
  private readonly quotedKeys = new Map<string, Uint8Array>();

  /** Most bytes held back after a {@link mark} before they are flushed anyway (and the mark is lost). */
  private readonly maxHeld: number;

  /**
   * `sink` receives each full chunk; it must consume (or copy) the bytes before returning. After a {@link mark}, up to
   * 16 chunks are held back so that a {@link rollback} can still drop them.
   */
  constructor(private readonly sink: (bytes: Uint8Array) => void, chunkSize = 1 << 16) {
    this.buf = new Uint8Array(chunkSize);
    this.maxHeld = chunkSize * 16;
  }

  /** Writes `value` in canonical JSON. */
  value(value: unknown): void {
    switch (typeof value) {
      case "number":
        return Number.isFinite(value) ? this.number(value) : this.ascii("null");
      case "bigint":
        return this.ascii(value.toString());
      case "boolean":
        return this.ascii(value ? "true" : "false");
      case "string":
        return this.string(value);
      case "object":
        break;
      default:
        return this.ascii("null");
    }
    if (value === null) this.ascii("null");
    else if (value instanceof Uint8Array) this.bytes(value);
    else if (Array.isArray(value)) {
      this.byte(0x5b);
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.byte(0x2c);
        this.value(value[i]);
      }
      this.byte(0x5d);
    } else this.object(value as Record<string, unknown>);
  }

  /** Writes text as UTF-8, verbatim (separators, newlines, readable output). */
  text(s: string): void {
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        this.raw(encoder.encode(s));
        return;
      }
    }
    this.ascii(s);
  }

  /** Writes bytes verbatim. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.reserve(n);
    if (n > 32) this.buf.set(bytes, this.pos);
    else {
      const buf = this.buf;
      const pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos + i] = bytes[i]!; // a loop beats set() on the short keys
    }
    this.pos += n;
  }

  /** Removes the last byte written (e.g. an object's `}` to append members); it must still be buffered. */
  dropLast(): void {
    if (this.pos === 0) throw new RangeError("nothing buffered to drop");
    this.pos--;
  }

  /** Hands everything buffered to the sink. */
  flush(): void {
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.markAt = -1;
  }

  /** Remembers the current position, so {@link rollback} can drop what follows while it is still buffered. */
  mark(): void {
    this.markAt = this.pos;
  }

  /** Drops everything written since {@link mark}; false when some of it has already reached the sink. */
  rollback(): boolean {
    if (this.markAt < 0) return false;
    this.pos = this.markAt;
    return true;
  }

  /** Makes room for `n` more bytes: flushes when they do not fit, grows the buffer for a single larger piece. */
  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.markAt >= 0 && this.pos + n <= this.maxHeld) {
      // Keep a marked region whole while it stays small: grow instead of flushing it.
      const bigger = new Uint8Array(Math.min(this.maxHeld, Math.max(this.buf.length * 2, this.pos + n)));
      bigger.set(this.buf.subarray(0, this.pos));
      this.buf = bigger;
      return;
    }
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
  }

  /** One byte. */
  private byte(b: number): void {
    if (this.pos >= this.buf.length) this.reserve(1);
    this.buf[this.pos++] = b;
  }

  /** ASCII text with nothing to escape. */
  private ascii(s: string): void {
    if (this.pos + s.length > this.buf.length) {
      for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** A finite number: small non-negative integers digit by digit, others through `String`. */
  private number(n: number): void {
    if (n >= 0 && n < 0x80000000 && (n | 0) === n) {
      this.reserve(10);
      const buf = this.buf;
      if (n < 10) {
        buf[this.pos++] = 48 + n;
        return;
      }
      let digits = 1;
      for (let v = n; v >= 10; v = (v / 10) | 0) digits++;
      let end = this.pos + digits;
      this.pos = end;
      let v = n;
      while (v >= 10) {
        const q = (v / 10) | 0;
        buf[--end] = 48 + v - q * 10;
        v = q;
      }
      buf[end - 1] = 48 + v;
      return;
    }
    this.ascii(String(n));
  }

  /** A quoted, escaped string (most fit the buffer and take the fast path). */
  private string(s: string): void {
    if (this.pos + s.length * 6 + 2 > this.buf.length) return this.longString(s.length, (i) => s.charCodeAt(i));
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < s.length; i++) pos = this.escaped(buf, pos, s.charCodeAt(i));
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  /** Byte strings: each byte is the character with the same code. */
  private bytes(value: Uint8Array): void {
    if (this.pos + value.length * 6 + 2 > this.buf.length) return this.longString(value.length, (i) => value[i]!);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < value.length; i++) pos = this.escaped(buf, pos, value[i]!);
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  /** A string that may not fit the buffer: written character by character, flushing as it fills. */
  private longString(length: number, charAt: (i: number) => number): void {
    this.byte(0x22);
    for (let i = 0; i < length; i++) {
      this.reserve(6);
      this.pos = this.escaped(this.buf, this.pos, charAt(i));
    }
    this.byte(0x22);
  }

  /** Writes character code `c` at `pos` (escaped when needed); returns the new position. */
  private escaped(buf: Uint8Array, pos: number, c: number): number {
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) {
      buf[pos++] = c;
      return pos;
    }
    const escape = c < 0x80 ? ESCAPES[c] : undefined;
    if (escape !== undefined) {
      for (let k = 0; k < escape.length; k++) buf[pos++] = escape.charCodeAt(k);
      return pos;
    }
    buf[pos++] = 0x5c;
    buf[pos++] = 0x75;
    buf[pos++] = HEX.charCodeAt((c >> 12) & 15);
    buf[pos++] = HEX.charCodeAt((c >> 8) & 15);
    buf[pos++] = HEX.charCodeAt((c >> 4) & 15);
    buf[pos++] = HEX.charCodeAt(c & 15);
    return pos;
  }

  /** An object with its keys in code-point order; `undefined` members are left out. */
  private object(record: Record<string, unknown>): void {
    const sorted = this.sortedKeys(record);
    this.byte(0x7b);
    let first = true;
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i]!;
      const v = record[key];
      if (v === undefined) continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.key(key);
      this.value(v);
    }
    this.byte(0x7d);
  }

  /** Writes `"key":`, from a cache of encoded keys. */
  private key(key: string): void {
    let quoted = this.quotedKeys.get(key);
    if (quoted === undefined) {
      quoted = encoder.encode(quote(key) + ":");
      if (this.quotedKeys.size < 10_000) this.quotedKeys.set(key, quoted);
    }
    this.raw(quoted);
  }

  /** The record's keys in code-point order, cached per key list (structs of one type share theirs). */
  private sortedKeys(record: Record<string, unknown>): string[] {
    const keys = Object.keys(record);
    if (keys.length === 0) return keys;
    const candidates = this.keyOrders.get(keys[0]!);
    if (candidates !== undefined) {
      for (const candidate of candidates) if (sameKeys(candidate.keys, keys)) return candidate.sorted;
    }
    // Keys are ASCII or Latin-1 here; UTF-16 order equals code-point order below U+D800.
    const sorted = keys.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (candidates === undefined) this.keyOrders.set(keys[0]!, [{ keys, sorted }]);
    else if (candidates.length < 64) candidates.push({ keys, sorted });
    return sorted;
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
