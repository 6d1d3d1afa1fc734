/**
 * The ladder's Discord bot: `createLadderBot(config, ports)` returns `start`/`stop`; `parseConfig` validates the
 * environment; the ports are what persistence must provide (`createMemoryStore` for tests).
 *
 * @example
 * ```ts
 * import { createLadderBot, createMemoryStore, parseConfig } from "./mod.ts";
 * const result = parseConfig(Deno.env.toObject());
 * if (result.ok) await createLadderBot(result.config, createMemoryStore()).start();
 * ```
 *
 * @module
 */
export { createLadderBot, INTENTS, type LadderBot, type LadderBotOptions, noticeView } from "./src/app.ts";
export { applicationIdFromToken, type BotConfig, explainConfigProblems, parseConfig } from "./src/config.ts";
export { createMemoryStore, type MemoryStore } from "./src/memory_store.ts";
export { createDatabaseStore, type DatabaseStore, type DatabaseStoreOptions } from "./src/database_store.ts";
export * from "./src/ports.ts";
export { createLogger, type Logger, type LogRecord } from "./src/log.ts";
export { CATALOGS, type Locale, type MessageKey, pickLocale, placeholders, translator } from "./src/i18n/catalog.ts";
export { validateProfileForm } from "./src/validation.ts";
export type { MessageView } from "./src/views/ui.ts";
export { createWebApp } from "./src/web/web_app.ts";
export { replayReader, type WebDeps, webDepsFor } from "./src/web/web_deps.ts";
