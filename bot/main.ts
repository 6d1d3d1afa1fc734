/**
 * `deno task start`: loads the configuration, opens the stores, starts the bot, and stops it gracefully on
 * SIGINT/SIGTERM (a second signal exits at once).
 *
 * @module
 */
import { join } from "node:path";
import { createJobQueue, openDatabase } from "@evo-ladder/db";
import { createMetrics, startHealthServer } from "./src/health.ts";
import { ladderRules } from "./src/ladder/ladder_service.ts";
import { loadActiveSeason } from "./src/ladder/active_season.ts";
import { createLadderBot, createLogger, explainConfigProblems, parseConfig } from "./mod.ts";
import { createWebApp } from "./src/web/web_app.ts";
import { webDepsFor } from "./src/web/web_deps.ts";

const log = createLogger();
const result = parseConfig(Deno.env.toObject());
if (!result.ok) {
  console.error(explainConfigProblems(result.problems));
  Deno.exit(2);
}
const config = result.config;

// PostgreSQL when DATABASE_URL is set, the embedded database in DATA_DIR/db otherwise; migrations run on open.
let db;
try {
  db = await openDatabase({ url: config.databaseUrl ?? undefined, dataDir: join(config.dataDir, "db") });
} catch (error) {
  log.error("the database could not be opened: check DATABASE_URL or that DATA_DIR is writable", { error });
  Deno.exit(1);
}
log.info("database open", { engine: config.databaseUrl ? "postgresql" : "embedded", dataDir: config.dataDir });
const season = await loadActiveSeason(db, (problem) => log.warn(problem));
// Replay parsing runs as jobs in the database-backed queue: this process consumes it, and so can any other.
const replayJobs = await createJobQueue(db);
const metrics = createMetrics();
const bot = createLadderBot(config, db, {
  logger: log,
  season,
  rules: ladderRules(config.rules),
  replayJobs,
  metrics,
  maxReplayBytes: config.rules.replayMaxBytes,
});
// The web site reads the season in play from the bot's ladder (an admin may put a new one in play).
const web = createWebApp(webDepsFor(config, db, { season: () => bot.ladder.season, ranking: bot.ranking }, log));
const health = config.httpPort === null
  ? null
  : startHealthServer(config.httpPort, { db, metrics, jobs: replayJobs, web: web.fetch });
if (health) log.info("health, metrics and the web site listening", { port: health.port });

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
      await health?.close();
      await db.close();
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
