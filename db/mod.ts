/**
 * The ladder's data layer: PostgreSQL schema, migrations and typed queries over one small interface that runs on
 * embedded PGlite (the default: nothing to install) or on any PostgreSQL 15+ (`DATABASE_URL`).
 *
 * @example
 * ```ts
 * import { ensurePlayer, openDatabase } from "@evo-ladder/db";
 * const db = await openDatabase({ url: Deno.env.get("DATABASE_URL"), dataDir: "./data/db" });
 * const player = await ensurePlayer(db, "123456789012345678", "alice");
 * await db.close();
 * ```
 *
 * @module
 */
export type { Database, DbErrorCode, Queryable } from "./src/database.ts";
export { DbError, isUniqueViolation, ping } from "./src/database.ts";
export { openDatabase } from "./src/open_database.ts";
export type { DatabaseConfig } from "./src/open_database.ts";
export { dumpPglite, openPglite } from "./src/pglite_database.ts";
export { openPostgres } from "./src/postgres_database.ts";
export { createScratchDatabase, dropScratchDatabase } from "./src/scratch_database.ts";
export type { ScratchDatabase } from "./src/scratch_database.ts";
export { loadMigrations, migrate } from "./src/migrate.ts";
export type { Migration } from "./src/migrate.ts";
export * from "./src/queries/players.ts";
export * from "./src/queries/matches.ts";
export * from "./src/queries/match_transitions.ts";
export * from "./src/queries/ratings.ts";
export * from "./src/queries/ranking.ts";
export * from "./src/queries/player_stats.ts";
export * from "./src/queries/queue.ts";
export * from "./src/queries/match_deadlines.ts";
export * from "./src/queries/replays.ts";
export * from "./src/queries/audit.ts";
export * from "./src/queries/admins.ts";
export * from "./src/queries/admin_confirmations.ts";
export * from "./src/queries/seasons.ts";
export * from "./src/queries/leases.ts";
export * from "./src/queries/history.ts";
export * from "./src/queries/player_directory.ts";
export * from "./src/queries/match_details.ts";
export * from "./src/queries/outbox.ts";
export * from "./src/queries/server_activity.ts";
export * from "./src/jobs.ts";
export * from "./src/storage/mod.ts";
export * from "./src/ops/mod.ts";
