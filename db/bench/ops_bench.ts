/**
 * Backup and restore at scale: a ladder of `players` players (one rating each) and `matches` completed matches (two
 * match_players rows each), generated in SQL with generate_series, then `writeBackup`, `verifyBackup` and
 * `restoreBackup` into an empty database, timed, on PGlite (a data directory on disk) and on PostgreSQL when
 * `TEST_DATABASE_URL` is set. A benchmark, not a test: `deno task bench:ops [--players N] [--matches N] [--engines
 * pglite,postgres]`.
 *
 * @module
 */
import {
  backupLocation,
  type Database,
  openDatabase,
  openPostgres,
  restoreBackup,
  verifyBackup,
  writeBackup,
} from "../mod.ts";

/** Fills an empty ladder with `players` players and `matches` completed matches. */
export async function generate(db: Database, players: number, matches: number): Promise<void> {
  const base = "100000000000000000";
  await db.query(
    `INSERT INTO players (discord_id, discord_username, tos_accepted_at, created_at)
     SELECT (${base}::bigint + g)::text, 'user' || g, now(), now() FROM generate_series(1, $1::int) g`,
    [players],
  );
  await db.query(
    `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
     SELECT (${base}::bigint + g)::text, 'bw_zerg', 1300 + g % 400, 20, 10, 10, 0, now()
       FROM generate_series(1, $1::int) g`,
    [players],
  );
  for (let done = 0; done < matches; done += 250_000) {
    const n = Math.min(250_000, matches - done);
    await db.query(
      `WITH m AS (
         INSERT INTO matches (map, server, channel, state, confirm_deadline, confirmed_at, winner_slot, result_source,
                              ended_at, created_at)
         SELECT 'Keres Passage SEL', 'Seoul', 'scevo01', 'completed', now(), now(), 1 + g % 2, 'reports', now(), now()
           FROM generate_series(1, $1::int) g
         RETURNING id)
       INSERT INTO match_players (match_id, slot, discord_id, race, rating_before, report, reported_at, rating_change,
                                  is_open, confirmed_at)
       SELECT m.id, s, (${base}::bigint + 1 + (m.id * 2 + s) % $2::int)::text, 'bw_zerg', 1500,
              CASE WHEN s = 1 THEN 'win' ELSE 'loss' END, now(), CASE WHEN s = 1 THEN 16 ELSE -16 END, false, now()
         FROM m, generate_series(1, 2) s`,
      [n, players],
    );
  }
}

async function openEngine(engine: "pglite" | "postgres", dir: string, name: string): Promise<Database> {
  if (engine === "pglite") return await openDatabase({ dataDir: `${dir}/${name}` });
  const url = new URL(Deno.env.get("TEST_DATABASE_URL")!);
  const admin = await openPostgres(url.toString(), { max: 1 });
  await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  url.pathname = `/${name}`;
  return await openDatabase({ url: url.toString() });
}

async function dropPostgres(name: string): Promise<void> {
  const admin = await openPostgres(Deno.env.get("TEST_DATABASE_URL")!, { max: 1 });
  await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.close();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/**
 * Runs the benchmark and prints one line per engine.
 *
 * @example
 * ```ts
 * import { runOpsBench } from "./ops_bench.ts";
 * await runOpsBench({ players: 1000, matches: 10_000, engines: ["pglite"] });
 * ```
 */
export async function runOpsBench(
  options: { players: number; matches: number; engines: readonly ("pglite" | "postgres")[] },
): Promise<void> {
  for (const engine of options.engines) {
    const dir = await Deno.makeTempDir({ prefix: "evo-ops-bench-" });
    const tag = `evo_ops_bench_${Date.now()}`;
    try {
      const source = await openEngine(engine, dir, `${tag}_a`);
      const [, genMs] = await timed(() => generate(source, options.players, options.matches));
      const at = backupLocation(`${dir}/backup`, {});
      const [manifest, backupMs] = await timed(() => writeBackup(source, at));
      await source.close();
      const [, verifyMs] = await timed(() => verifyBackup(at));
      let bytes = 0;
      for await (const entry of Deno.readDir(`${dir}/backup/tables`)) {
        bytes += (await Deno.stat(`${dir}/backup/tables/${entry.name}`)).size;
      }
      const target = await openEngine(engine, dir, `${tag}_b`);
      const [, restoreMs] = await timed(() => restoreBackup(target, at));
      await target.close();
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `${engine}: ${options.players} players, ${options.matches} matches (${rows} rows, ${
          (bytes / 1024 / 1024).toFixed(0)
        } MB gzipped): generate ${seconds(genMs)}, backup ${seconds(backupMs)}, verify ${seconds(verifyMs)}, ` +
          `restore ${seconds(restoreMs)}`,
      );
    } finally {
      if (engine === "postgres") {
        await dropPostgres(`${tag}_a`).catch(() => {});
        await dropPostgres(`${tag}_b`).catch(() => {});
      }
      await Deno.remove(dir, { recursive: true });
    }
  }
}

if (import.meta.main) {
  const arg = (name: string, fallback: string) => {
    const i = Deno.args.indexOf(`--${name}`);
    return i >= 0 ? Deno.args[i + 1] ?? fallback : fallback;
  };
  const engines = arg("engines", Deno.env.get("TEST_DATABASE_URL") ? "postgres,pglite" : "pglite").split(",") as (
    | "pglite"
    | "postgres"
  )[];
  await runOpsBench({ players: Number(arg("players", "100000")), matches: Number(arg("matches", "1000000")), engines });
}
