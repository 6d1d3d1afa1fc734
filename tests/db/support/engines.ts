/**
 * Runs DB tests on both engines: embedded PGlite (in memory) always, PostgreSQL when `TEST_DATABASE_URL` is set
 * (each test file gets a fresh database, dropped at the end). Between tests every table is emptied.
 *
 * @module
 */
import {
  createScratchDatabase,
  type Database,
  dumpPglite,
  loadMigrations,
  migrate,
  openDatabase,
  openPglite,
  type ScratchDatabase,
} from "../../../db/mod.ts";
import { allocateRanks } from "../../../bot/src/ladder/ranks.ts";
import { ladderElo } from "../../../bot/src/ladder/elo.ts";
import { RANKING_RULES } from "../../../bot/src/ladder/ranking_refresh.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
if (!PG_URL) console.log("skipped on PostgreSQL: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts one)");

/** The engines this run tests. */
export const ENGINES: readonly ("pglite" | "postgres")[] = PG_URL ? ["pglite", "postgres"] : ["pglite"];

const shared = new Map<string, Promise<Database>>();
const created: ScratchDatabase[] = [];

/**
 * A migrated PGlite data directory as a tarball, cached in the temp directory by migrations and PGlite version, so
 * each test file starts its in-memory database in ~0.5 s instead of ~4 s. Returns the tarball's path.
 */
export async function pgliteTemplate(): Promise<string> {
  const config = await Deno.readTextFile(new URL("../../../db/deno.json", import.meta.url));
  const key = new Uint8Array(
    await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(config + loadMigrations().map((m) => m.sql).join("\n")),
    ),
  );
  const hex = [...key.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const path = `${Deno.env.get("TMPDIR") ?? "/tmp"}/evo-ladder-pglite-${hex}.tar`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    const db = await openDatabase({ dataDir: ":memory:" });
    const tar = new Uint8Array(await (await dumpPglite(db)).arrayBuffer());
    await db.close();
    const partial = `${path}.${crypto.randomUUID()}`;
    await Deno.writeFile(partial, tar);
    await Deno.rename(partial, path); // atomic: files running in parallel never read half a template
    return path;
  }
}

/**
 * A new migrated database of `engine` of its own (PGlite from the template; a new PostgreSQL database, dropped by
 * {@link closeDatabasesAfterAll}). The caller closes it.
 *
 * @example
 * ```ts
 * import { openTestDatabase } from "./engines.ts";
 * const db = await openTestDatabase("pglite");
 * await db.close();
 * ```
 */
export async function openTestDatabase(engine: "pglite" | "postgres"): Promise<Database> {
  if (engine === "pglite") {
    const template = new Blob([await Deno.readFile(await pgliteTemplate())]);
    const db = await openPglite(undefined, { template });
    await migrate(db);
    return db;
  }
  const scratch = await createScratchDatabase(PG_URL!, "evo_t");
  created.push(scratch);
  return await openDatabase({ url: scratch.url });
}

/** A migrated database of `engine` for this test file, emptied before each use. */
export async function freshDatabase(engine: "pglite" | "postgres"): Promise<Database> {
  let db = shared.get(engine);
  if (db === undefined) {
    db = openTestDatabase(engine);
    shared.set(engine, db);
  }
  const ready = await db;
  await ready.exec(`TRUNCATE players, seasons, matches, match_players, ratings, queue_entries, replays, replay_games,
    abort_ledger, admins, audit_log, setting_changes, command_calls, toon_handles, setup_drafts, leases, outbox RESTART IDENTITY CASCADE`);
  return ready;
}

/**
 * Registers `fn` as one test per engine.
 *
 * @example
 * ```ts
 * import { dbTest } from "./engines.ts";
 * dbTest("players: created on first contact", async (db) => {});
 * ```
 */
export function dbTest(name: string, fn: (db: Database, engine: "pglite" | "postgres") => Promise<void>): void {
  for (const engine of ENGINES) {
    Deno.test({
      name: `${name} [${engine}]`,
      sanitizeOps: false,
      sanitizeResources: false,
      fn: async () => await fn(await freshDatabase(engine), engine),
    });
  }
}

/** Closes the databases of this file and drops the PostgreSQL ones (register once, last). */
export function closeDatabasesAfterAll(): void {
  Deno.test({
    name: "db: close test databases",
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      for (const db of shared.values()) await (await db).close();
      shared.clear();
      if (!PG_URL) return;
      for (const scratch of created.splice(0)) await scratch.drop();
    },
  });
}

export { migrate };

/** The ladder's Elo, as the bot applies it; for tests of the transitions. */
export { ladderElo as elo };

/** The letter allocation of `prior-system.md` §9.2: the bot's own rule. */
export { allocateRanks };

/** The ranking rules tests use: the bot's (14 active days, the §9.2 allocation). */
export { RANKING_RULES as RULES };
