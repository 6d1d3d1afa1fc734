/**
 * The REST client of an outbox worker in a process without a gateway (the `worker` role): its own Discordeno REST
 * manager, with no in-memory 429 retry — a rate-limited row waits in the database for Discord's Retry-After instead.
 *
 * @module
 */
import { createRestManager } from "@discordeno/bot";
import { createDiscordApi, type DiscordApi } from "../discord_api.ts";
import type { Logger } from "../log.ts";

/**
 * A {@link DiscordApi} for delivering the outbox: `token` is the bot token, `restUrl` a REST proxy or test server
 * (`DISCORD_REST_URL`; Discord's API when `null`).
 *
 * @example
 * ```ts
 * import { createLogger } from "../log.ts";
 * const api = createDeliveryApi("MTIz.x.y", "http://127.0.0.1:8080/api", createLogger());
 * ```
 */
export function createDeliveryApi(token: string, restUrl: string | null, log: Logger): DiscordApi {
  const rest = createRestManager({ token, ...(restUrl ? { proxy: { baseUrl: restUrl } } : {}) });
  return createDiscordApi(rest, log, { maxRetries: 0, maxWaitMs: 0 });
}
