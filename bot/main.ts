/**
 * `deno task start`: loads the configuration, opens the stores, starts the bot, and stops it gracefully on
 * SIGINT/SIGTERM (a second signal exits at once).
 *
 * @module
 */
import { join } from "node:path";
import { claimLease, createJobQueue, openDatabase, openReplayStore, releaseLease } from "@evo-ladder/db";
import { createMetrics, startHealthServer } from "./src/health.ts";
import { ladderRules } from "./src/ladder/ladder_service.ts";
import { loadActiveSeason } from "./src/ladder/active_season.ts";
import { roleRoutes } from "./src/scale/role_routes.ts";
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
  db = await openDatabase({
    url: config.databaseUrl ?? undefined,
    directUrl: config.databaseDirectUrl ?? undefined,
    dataDir: join(config.dataDir, "db"),
  });
} catch (error) {
  log.error("the database could not be opened: check DATABASE_URL or that DATA_DIR is writable", { error });
  Deno.exit(1);
}
log.info("database open", { engine: config.databaseUrl ? "postgresql" : "embedded", dataDir: config.dataDir });
const season = await loadActiveSeason(db, (problem) => log.warn(problem));
// Replay parsing runs as jobs in the database-backed queue: this process consumes it, and so can any other.
// A job whose worker died is retried once JOB_TIMEOUT_SECONDS have passed (expired jobs are looked for twice as often).
const replayJobs = await createJobQueue(db, {
  expireInSeconds: config.jobTimeoutSeconds,
  ...(config.jobTimeoutSeconds < 120
    ? { superviseIntervalSeconds: Math.max(1, Math.floor(config.jobTimeoutSeconds / 2)) }
    : {}),
});
const metrics = createMetrics();
// On a shared PostgreSQL several processes may run the gateway role: one holds the session, the others stand by.
const holder = crypto.randomUUID();
const replayStore = openReplayStore(config.replayStore);
const bot = createLadderBot(config, db, {
  logger: log,
  season,
  rules: ladderRules(config.rules),
  replayJobs,
  metrics,
  maxReplayBytes: config.rules.replayMaxBytes,
  replayStore,
  ...(config.databaseUrl
    ? {
      gatewayLease: {
        claim: (ttlMs: number) => claimLease(db, "gateway", holder, ttlMs, new Date()),
        release: async () => void await releaseLease(db, "gateway", holder),
        onLost: () => {
          log.error("the gateway lease was lost: exiting so this process restarts as a standby");
          Deno.exit(75);
        },
      },
    }
    : {}),
});
const routes = await roleRoutes(config, { bot, metrics, log });
// The web role: the site on the same port, for every path the other roles' endpoints do not take. It reads the season
// in play from the bot's ladder and shares its ranking refresher (rating changes drop the page cache).
const web = config.roles.has("web")
  ? createWebApp(webDepsFor(config, db, { season: () => bot.ladder.season, ranking: bot.ranking }, log))
  : null;
const health = config.httpPort === null ? null : startHealthServer(config.httpPort, {
  db,
  metrics,
  jobs: replayJobs,
  roles: config.roles,
  gateway: () => bot.gatewayStatus(),
  store: () => replayStore.check().then(() => true),
  routes: async (request) => (await routes(request)) ?? (web ? await web.fetch(request) : null),
});
if (health) log.info("health and metrics listening", { port: health.port, roles: [...config.roles] });

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
