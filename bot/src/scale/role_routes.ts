/**
 * The HTTP endpoints a process serves for its roles, beside `/healthz` and `/metrics`: `POST /interactions` for the
 * `interactions` role (when `DISCORD_PUBLIC_KEY` is set) and the REST proxy under `/api/` for the `rest` role (when
 * `REST_PROXY_SECRET` is set).
 *
 * @module
 */
import type { LadderBot } from "../app.ts";
import type { BotConfig } from "../config.ts";
import type { BotMetrics } from "../health.ts";
import type { Logger } from "../log.ts";
import { createInteractionsEndpoint, importDiscordPublicKey } from "./interactions_endpoint.ts";
import { createRestProxy } from "./rest_proxy.ts";

/** What the endpoints need. */
export interface RoleRouteDeps {
  readonly bot: Pick<LadderBot, "runHttpInteraction">;
  readonly metrics: BotMetrics;
  readonly log: Logger;
  readonly now?: () => Date;
}

/**
 * The role endpoints as one handler (`null` for a path that is none of theirs).
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import type { LadderBot } from "../app.ts";
 * import type { BotConfig } from "../config.ts";
 * import { createMetrics, startHealthServer } from "../health.ts";
 * import { createLogger } from "../log.ts";
 * declare const config: BotConfig, bot: LadderBot, db: Database;
 * const metrics = createMetrics();
 * const routes = await roleRoutes(config, { bot, metrics, log: createLogger() });
 * startHealthServer(8080, { db, metrics, routes });
 * ```
 */
export async function roleRoutes(
  config: BotConfig,
  deps: RoleRouteDeps,
): Promise<(request: Request) => Promise<Response | null>> {
  const interactions = config.roles.has("interactions") && config.publicKey
    ? createInteractionsEndpoint({
      publicKey: await importDiscordPublicKey(config.publicKey),
      run: (payload) => deps.bot.runHttpInteraction(payload),
      counters: deps.metrics,
      now: deps.now ?? (() => new Date()),
    })
    : null;
  const proxy = config.roles.has("rest") && config.restProxySecret
    ? createRestProxy({
      token: config.token,
      applicationId: config.applicationId,
      apiUrl: config.apiUrl,
      secret: config.restProxySecret,
      counters: deps.metrics,
      log: deps.log,
    })
    : null;
  if (interactions) deps.log.info("interactions endpoint enabled", { path: "/interactions" });
  if (proxy) deps.log.info("rest proxy enabled", { forwardsTo: config.apiUrl });
  return async (request) => {
    const path = new URL(request.url).pathname;
    if (interactions && path === "/interactions") return await interactions(request);
    if (proxy && path.startsWith("/api/")) return await proxy.handle(request);
    return null;
  };
}
