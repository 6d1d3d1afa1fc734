/**
 * The classic MPQ hashing and stream cipher (format note §1).
 *
 * @module
 */

/** Hash types of {@link mpqHash}. */
export const HashType = { TABLE_OFFSET: 0, NAME_A: 1, NAME_B: 2, FILE_KEY: 3 } as const;

const CRYPT_TABLE: Uint32Array = buildCryptTable();

function buildCryptTable(): Uint32Array {
  const table = new Uint32Array(0x500);
  let seed = 0x00100001;
  for (let i = 0; i < 0x100; i++) {
    for (let j = 0, index = i; j < 5; j++, index += 0x100) {
      seed = (seed * 125 + 3) % 0x2aaaab;
      const high = (seed & 0xffff) << 16;
      seed = (seed * 125 + 3) % 0x2aaaab;
      table[index] = (high | (seed & 0xffff)) >>> 0;
    }
  }
  return table;
}

/**
 * The MPQ string hash (ASCII upper-cased; `\` and `/` are distinct as in the format).
 *
 * @example
 * ```ts
 * import { HashType, mpqHash } from "./mpq_crypto.ts";
 * console.log(mpqHash("(hash table)", HashType.FILE_KEY).toString(16)); // "c3af3770"
 * ```
 */
export function mpqHash(name: string, type: number): number {
  let seed1 = 0x7fed7fed;
  let seed2 = 0xeeeeeeee;
  for (let i = 0; i < name.length; i++) {
    let ch = name.charCodeAt(i) & 0xff;
    if (ch >= 0x61 && ch <= 0x7a) ch -= 0x20;
    const value = CRYPT_TABLE[(type << 8) + ch]!;
    seed1 = (value ^ ((seed1 + seed2) >>> 0)) >>> 0;
    seed2 = (ch + seed1 + seed2 + ((seed2 << 5) >>> 0) + 3) >>> 0;
  }
  return seed1;
}

/**
 * Decrypts `data` in place with `key` (whole 32-bit words; trailing bytes stay as they are).
 *
 * @example
 * ```ts
 * import { decryptInPlace, HashType, mpqHash } from "./mpq_crypto.ts";
 * const table = new Uint8Array(16);
 * decryptInPlace(table, mpqHash("(hash table)", HashType.FILE_KEY));
 * ```
 */
export function decryptInPlace(data: Uint8Array, key: number): void {
  cipherInPlace(data, key, false);
}

/**
 * Encrypts `data` in place with `key` (the inverse of {@link decryptInPlace}).
 *
 * @example
 * ```ts
 * import { decryptInPlace, encryptInPlace } from "./mpq_crypto.ts";
 * const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
 * encryptInPlace(data, 42);
 * decryptInPlace(data, 42); // back to 1..8
 * ```
 */
export function encryptInPlace(data: Uint8Array, key: number): void {
  cipherInPlace(data, key, true);
}

/** The MPQ stream cipher over whole 32-bit words; the key stream advances with the plaintext word. */
function cipherInPlace(data: Uint8Array, key: number, encrypt: boolean): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let seed1 = key >>> 0;
  let seed2 = 0xeeeeeeee;
  const words = data.byteLength >>> 2;
  for (let i = 0; i < words; i++) {
    seed2 = (seed2 + CRYPT_TABLE[0x400 + (seed1 & 0xff)]!) >>> 0;
    const input = view.getUint32(i * 4, true);
    const output = (input ^ ((seed1 + seed2) >>> 0)) >>> 0;
    view.setUint32(i * 4, output, true);
    const plain = encrypt ? input : output;
    seed1 = ((((~seed1 << 21) >>> 0) + 0x11111111) | (seed1 >>> 11)) >>> 0;
    seed2 = (plain + seed2 + ((seed2 << 5) >>> 0) + 3) >>> 0;
  }
}
