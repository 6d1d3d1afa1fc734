/**
 * The canonical JSON form of decoded values (the goldens' form, `../shared/golden/README.md`): object keys sorted by
 * code point, no whitespace, byte strings as ISO-8859-1 characters, every character above 0x7E escaped as `\u00XX`
 * (lower-case hex), integers exact. Equal to Python's
 * `json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=True)`.
 *
 * @module
 */

const HEX = "0123456789abcdef";
const SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT_ESCAPES: Record<number, string> = {
  8: "\\b",
  9: "\\t",
  10: "\\n",
  12: "\\f",
  13: "\\r",
  34: '\\"',
  92: "\\\\",
};
const keyOrders = new Map<string, string[]>();

/**
 * Writes `value` in canonical JSON. Accepts decoded replay values: objects, arrays, `Uint8Array` (written as a string
 * of byte characters), strings, numbers, bigints, booleans and null.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical_json.ts";
 * console.log(canonicalJson({ b: 1, a: new Uint8Array([0x53, 0xe9]), c: 2n ** 64n }));
 * // {"a":"S\u00e9","b":1,"c":18446744073709551616}
 * ```
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join("");
}

function write(value: unknown, out: string[]): void {
  switch (typeof value) {
    case "number":
      out.push(Number.isFinite(value) ? String(value) : "null");
      return;
    case "bigint":
      out.push(value.toString());
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "string":
      out.push(quote(value));
      return;
    case "object":
      break;
    default:
      out.push("null");
      return;
  }
  if (value === null) {
    out.push("null");
  } else if (value instanceof Uint8Array) {
    out.push(quote(bytesToLatin1(value)));
  } else if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      write(value[i], out);
    }
    out.push("]");
  } else {
    const record = value as Record<string, unknown>;
    const keys = sortedKeys(record);
    out.push("{");
    let first = true;
    for (const key of keys) {
      const v = record[key];
      if (v === undefined) continue;
      if (!first) out.push(",");
      first = false;
      out.push(quote(key), ":");
      write(v, out);
    }
    out.push("}");
  }
}

/** Sorted keys, cached by the object's key list (decoded structs of one type share theirs). */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  const id = keys.join("\u0000");
  let sorted = keyOrders.get(id);
  if (sorted === undefined) {
    sorted = keys.slice().sort(compareCodePoints);
    if (keyOrders.size < 10_000) keyOrders.set(id, sorted);
  }
  return sorted;
}

function compareCodePoints(a: string, b: string): number {
  // Keys are ASCII or Latin-1 here; UTF-16 order equals code-point order below U+D800.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Quotes a string with Python's `ensure_ascii` escaping.
 *
 * @example
 * ```ts
 * import { quote } from "./canonical_json.ts";
 * console.log(quote("a\u00e9\n")); // "a\u00e9\n" with the escapes written out
 * ```
 */
export function quote(s: string): string {
  if (SAFE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 34 && c !== 92) out += s[i];
    else {
      out += SHORT_ESCAPES[c] ??
        `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
    }
  }
  return out + '"';
}

/**
 * The ISO-8859-1 view of bytes: each byte becomes the character with the same code.
 *
 * @example
 * ```ts
 * import { bytesToLatin1 } from "./canonical_json.ts";
 * console.log(bytesToLatin1(new Uint8Array([0x46, 0x61, 0x73, 0x72]))); // "Fasr"
 * ```
 */
export function bytesToLatin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

/**
 * Converts a decoded value to the plain JSON data model of the canonical form (byte strings become Latin-1 strings;
 * bigints stay bigints), e.g. to compare with parsed goldens.
 *
 * @example
 * ```ts
 * import { toCanonicalValue } from "./canonical_json.ts";
 * console.log(toCanonicalValue({ m_race: new Uint8Array([0x54, 0x65, 0x72, 0x72]) })); // { m_race: "Terr" }
 * ```
 */
export function toCanonicalValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToLatin1(value);
  if (Array.isArray(value)) return value.map(toCanonicalValue);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCanonicalValue(v);
    return out;
  }
  return value;
}
