/**
 * `deno task start`: loads the configuration, opens the stores, starts the bot, and stops it gracefully on
 * SIGINT/SIGTERM (a second signal exits at once).
 *
 * @module
 */
import { createLadderBot, createLogger, createMemoryStore, explainConfigProblems, parseConfig } from "./mod.ts";

const log = createLogger();
const result = parseConfig(Deno.env.toObject());
if (!result.ok) {
  console.error(explainConfigProblems(result.problems));
  Deno.exit(2);
}
const config = result.config;

// TODO(db): open the PostgreSQL/PGlite repository from db/ (DATABASE_URL, or the embedded database in DATA_DIR).
log.warn("persistence is not wired yet: using the in-memory store (data is lost on restart)", {
  dataDir: config.dataDir,
  databaseUrl: config.databaseUrl ? "set" : "absent",
});
const ports = createMemoryStore();
const bot = createLadderBot(config, ports, { logger: log });

let signals = 0;
const onSignal = (signal: Deno.Signal) => {
  signals++;
  if (signals > 1) {
    log.warn("second signal: exiting now", { signal });
    Deno.exit(130);
  }
  log.info("signal received: shutting down", { signal });
  void (async () => {
    try {
      await bot.stop();
      await ports.close?.();
      Deno.exit(0);
    } catch (error) {
      log.error("shutdown failed", { error });
      Deno.exit(1);
    }
  })();
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  try {
    Deno.addSignalListener(signal, () => onSignal(signal));
  } catch {
    // SIGTERM is not available on Windows.
  }
}

try {
  await bot.start();
} catch (error) {
  log.error("the bot could not start", { error });
  await bot.stop();
  Deno.exit(1);
}
