/**
 * The ladder's Discord bot: `createLadderBot(config, db)` returns `start`/`stop`; `parseConfig` validates the
 * environment. The bot's persistence is the `@evo-ladder/db` database it is given (its query functions, which take
 * the time from the bot's one clock).
 *
 * @example
 * ```ts
 * import { openDatabase } from "@evo-ladder/db";
 * import { createLadderBot, parseConfig } from "./mod.ts";
 * const result = parseConfig(Deno.env.toObject());
 * if (result.ok) await createLadderBot(result.config, await openDatabase({ dataDir: "./data/db" })).start();
 * ```
 *
 * @module
 */
export {
  createLadderBot,
  INTENTS,
  type LadderBot,
  type LadderBotOptions,
  noticeView,
  type Scheduler,
} from "./src/app.ts";
export { applicationIdFromToken, type BotConfig, explainConfigProblems, parseConfig } from "./src/config.ts";
export { asUserId, type DiscordUserId } from "./src/user_id.ts";
export { DEFAULT_RULES, type LadderRules, ladderRules, type LadderService } from "./src/ladder/ladder_service.ts";
export { createLogger, type Logger, type LogRecord } from "./src/log.ts";
export { CATALOGS, type Locale, type MessageKey, pickLocale, placeholders, translator } from "./src/i18n/catalog.ts";
export { validateProfileForm } from "./src/validation.ts";
export type { MessageView } from "./src/views/ui.ts";
export { createWebApp } from "./src/web/web_app.ts";
export { replayReader, type WebDeps, webDepsFor } from "./src/web/web_deps.ts";
export { createDeliveryApi } from "./src/outbox/delivery_api.ts";
export { createOutbox, type Outbox, type OutboxOptions } from "./src/outbox/outbox.ts";
export {
  type OutboxMetrics,
  type OutboxWorker,
  type OutboxWorkerDeps,
  type OutboxWorkerOptions,
  startOutboxWorker,
} from "./src/outbox/outbox_worker.ts";
