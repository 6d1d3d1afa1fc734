/**
 * Discord user ids as the bot passes them around.
 *
 * @module
 */

/** A Discord user id (snowflake as a decimal string). */
export type DiscordUserId = string & { readonly __brand: "DiscordUserId" };

/**
 * Brands a snowflake string as a {@link DiscordUserId}.
 *
 * @example
 * ```ts
 * const id = asUserId("123456789012345678");
 * ```
 */
export function asUserId(value: string): DiscordUserId {
  return value as DiscordUserId;
}
