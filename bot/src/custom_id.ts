/**
 * Component custom ids: `namespace:action[:arg…]`. They carry what they act on (a country code, later a match id),
 * so buttons keep working after a restart.
 *
 * @module
 */

/** A parsed custom id. */
export interface CustomId {
  readonly namespace: string;
  readonly action: string;
  readonly args: readonly string[];
}

/**
 * Builds a custom id; parts must not contain `:`.
 *
 * @example
 * ```ts
 * console.log(customId("setcountry", "confirm", "DE")); // "setcountry:confirm:DE"
 * ```
 */
export function customId(namespace: string, action: string, ...args: string[]): string {
  const id = [namespace, action, ...args].join(":");
  if ([namespace, action, ...args].some((p) => p.includes(":")) || id.length > 100) {
    throw new Error(`Invalid custom id "${id}"`);
  }
  return id;
}

/**
 * Parses a custom id; `null` when it is not ours.
 *
 * @example
 * ```ts
 * console.log(parseCustomId("setcountry:confirm:DE")?.args); // ["DE"]
 * ```
 */
export function parseCustomId(value: string): CustomId | null {
  const [namespace, action, ...args] = value.split(":");
  if (!namespace || !action) return null;
  return { namespace, action, args };
}
