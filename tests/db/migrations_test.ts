/** Migrations: an empty database gets exactly the expected schema; re-running applies nothing; racing starts apply once. */
import assert from "node:assert/strict";
import { type Database, loadMigrations, migrate, openDatabase, openPostgres } from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";

const EXPECTED_TABLES = [
  "abort_ledger",
  "admin_confirmations",
  "admins",
  "audit_log",
  "command_calls",
  "leases",
  "match_players",
  "matches",
  "outbox",
  "players",
  "queue_entries",
  "ranking_entries",
  "ranking_snapshot",
  "ranking_sources",
  "ratings",
  "replay_games",
  "replays",
  "schema_migrations",
  "seasons",
  "setting_changes",
  "setup_drafts",
  "toon_handles",
];

dbTest("migrations: the schema has every table, the constraints and indexes that do work", async (db) => {
  const tables = (await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  )).map((r) => r.table_name);
  assert.deepEqual(tables, EXPECTED_TABLES);
  const indexes =
    (await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
      .map((r) => r.indexname);
  for (
    const name of [
      "players_main_id_unique",
      "players_battletag_unique",
      "match_players_one_open",
      "ratings_leaderboard",
      "seasons_one_active",
      "replays_file_sha256",
      "ranking_entries_player",
      "ranking_entries_country",
      "queue_entries_order",
      "outbox_one_pending_edit",
    ]
  ) {
    assert.ok(indexes.includes(name), name);
  }
  const applied = await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY version");
  assert.deepEqual(applied.map((r) => r.name), loadMigrations().map((m) => m.name));
  assert.deepEqual(await migrate(db), [], "nothing left to apply");
  // Check constraints reject bad data.
  await assert.rejects(
    db.query("INSERT INTO players (discord_id, discord_username, state) VALUES ('1', 'a', 'dancing')"),
  );
  await assert.rejects(db.query("INSERT INTO players (discord_id, discord_username, main_id) VALUES ('1', 'a', 'x!')"));
  await assert.rejects(
    db.query("INSERT INTO players (discord_id, discord_username, alt_ids) VALUES ('1', 'a', '{a,b,c,d}')"),
  );
  await assert.rejects(db.query("INSERT INTO ratings (discord_id, race) VALUES ('1', 'bw_terran')"), "foreign key");
});

/** The schema as text: columns, constraints, indexes, triggers — the same on both engines. */
async function describeSchema(db: Database): Promise<string> {
  const lines = async (sql: string) => (await db.query<{ line: string }>(sql)).map((r) => r.line);
  return [
    "-- columns",
    ...await lines(`SELECT table_name || '.' || column_name || ' ' || data_type
        || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END || COALESCE(' default ' || column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`),
    "-- constraints",
    ...await lines(`SELECT conrelid::regclass::text || ' ' || conname || ': ' || pg_get_constraintdef(oid) AS line
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY conrelid::regclass::text, conname`),
    "-- indexes",
    ...await lines("SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname"),
    "-- triggers",
    ...await lines(`SELECT tgrelid::regclass::text || ' ' || tgname AS line FROM pg_trigger
      WHERE NOT tgisinternal ORDER BY 1`),
  ].join("\n") + "\n";
}

const EXPECTED_SCHEMA = new URL("./expected_schema.txt", import.meta.url);

dbTest(
  "migrations: an empty database migrates to exactly the expected schema (tests/db/expected_schema.txt)",
  async (db) => {
    const actual = await describeSchema(db);
    if (Deno.env.get("UPDATE_EXPECTED_SCHEMA") === "1") await Deno.writeTextFile(EXPECTED_SCHEMA, actual);
    assert.equal(
      actual,
      await Deno.readTextFile(EXPECTED_SCHEMA),
      "set UPDATE_EXPECTED_SCHEMA=1 after adding a migration",
    );
  },
);

Deno.test({
  name: "migrations: an embedded database persists, and later starts are fast",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      let start = performance.now();
      const first = await openDatabase({ dataDir: dir });
      const firstMs = performance.now() - start;
      await first.query("INSERT INTO players (discord_id, discord_username) VALUES ('42', 'kept')");
      await first.close();
      start = performance.now();
      const again = await openDatabase({ dataDir: dir });
      const laterMs = performance.now() - start;
      const rows = await again.query<{ discord_username: string }>("SELECT discord_username FROM players");
      await again.close();
      console.log(`PGlite start-up: first ${firstMs.toFixed(0)} ms, later ${laterMs.toFixed(0)} ms`);
      assert.deepEqual(rows.map((r) => r.discord_username), ["kept"]);
      assert.ok(laterMs <= 1500, `later start took ${laterMs} ms`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("migrations: the embedded list is exactly db/migrations/*.sql, in order, with the files' text", async () => {
  const dir = new URL("../../db/migrations/", import.meta.url);
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) if (entry.name.endsWith(".sql")) files.push(entry.name);
  files.sort();
  const embedded = loadMigrations();
  assert.deepEqual(embedded.map((m) => `${m.name}.sql`), files);
  for (const m of embedded) assert.equal(m.sql, await Deno.readTextFile(new URL(`${m.name}.sql`, dir)), m.name);
  assert.deepEqual(
    embedded.map((m) => m.version),
    embedded.map((_, i) => i + 1),
    "versions are 1, 2, 3, … without gaps",
  );
});

Deno.test({
  name: "migrations: four processes starting at once on an empty database apply each migration once [postgres]",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const base = Deno.env.get("TEST_DATABASE_URL")!;
    const name = `evo_t_mig_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const admin = await openPostgres(base, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      const dbs = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: url.toString() })));
      const rows = await dbs[0]!.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY version");
      assert.deepEqual(rows.map((r) => r.name), loadMigrations().map((m) => m.name));
      await Promise.all(dbs.map((db) => db.close()));
    } finally {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    }
  },
});

closeDatabasesAfterAll();
