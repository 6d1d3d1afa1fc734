/**
 * The fake Discord's records: messages per channel, interactions and their answers, requests, commands.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
export type Json = any;

/** A message as the fake stores it (Discord's snake_case JSON). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  author: Json;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
  timestamp: string;
  flags: number;
  deleted: boolean;
  /** How many times the bot edited it with PATCH /channels/…/messages/…. */
  edited?: number;
  /** The nonce it was created with, if any. */
  nonce?: string;
}

/** One interaction the fake dispatched, and what the bot answered. */
export interface FakeInteraction {
  id: string;
  token: string;
  userId: string;
  channelId: string;
  payload: Json;
  dispatchedAt: number;
  callback: { type: number; data: Json } | null;
  callbackAt: number | null;
  originalMessageId: string | null;
  sourceMessageId: string | null;
  waiters: ((cb: { type: number; data: Json }) => void)[];
}

/** One REST request the bot made. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  body: Json;
  /** Whether it came through the REST proxy's base URL ({@link FakeDiscord.proxiedRestUrl}). */
  viaProxy?: boolean;
  /** When it arrived (`performance.now()`). */
  at: number;
}

let counter = 0n;
/**
 * A fresh snowflake-shaped id.
 *
 * @example
 * ```ts
 * const id = snowflake(); // "1100000000000000001"
 * ```
 */
export function snowflake(): string {
  counter += 1n;
  return (1100000000000000000n + counter).toString();
}

/**
 * Finds a component by custom id inside message components.
 *
 * @example
 * ```ts
 * const button = findComponent(message.components, "tos:accept");
 * ```
 */
export function findComponent(rows: Json[], customId: string): Json | null {
  for (const row of rows ?? []) {
    for (const c of row.components ?? []) if (c.custom_id === customId) return c;
  }
  return null;
}
