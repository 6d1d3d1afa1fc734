/**
 * Exact integer arithmetic for decoded values: numbers while they are safe integers, `bigint` beyond 2^53.
 *
 * @module
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * Returns `value` as a number when it is a safe integer, else as a bigint.
 *
 * @example
 * ```ts
 * import { normalizeInt } from "./int_value.ts";
 * console.log(normalizeInt(5n)); // 5
 * console.log(typeof normalizeInt(2n ** 60n)); // "bigint"
 * ```
 */
export function normalizeInt(value: bigint): number | bigint {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
}

/**
 * Adds two integers exactly, keeping the result a number when safe.
 *
 * @example
 * ```ts
 * import { addInt } from "./int_value.ts";
 * console.log(addInt(-9223372036854775808n, 2 ** 40)); // -9223370937343148032n
 * ```
 */
export function addInt(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "number" && typeof b === "number") {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return normalizeInt(BigInt(a) + BigInt(b));
}
