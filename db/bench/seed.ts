/**
 * Benchmark data and scratch databases: the SQL the benchmarks (`bot/bench/`) need to fill a database quickly, kept in
 * `db/` like every other statement.
 *
 * @module
 */
import { createScratchDatabase, type Database, openDatabase } from "../mod.ts";

/** What {@link seedRankedPlayers} creates. */
export interface RankedSeed {
  /** Players `offset + 1 … offset + players`, each with a `bw_zerg` and a `sc2_terran` rating. */
  readonly players: number;
  /** Added to the player number to make its Discord id (default 0). */
  readonly offset?: number;
  /** Countries, assigned round-robin. */
  readonly countries: readonly string[];
  readonly region: string;
  /** Whether the players accepted the terms of service (at `now`). */
  readonly tosAccepted: boolean;
  /** Setup completion time, and the reference the last-played dates (0–19 days before) count from. */
  readonly now: Date;
}

/**
 * Creates set-up players with two ratings each (ratings spread over 1000–2199, played within 20 days of `now`), and
 * analyzes the tables.
 *
 * @example
 * ```ts
 * import { seedRankedPlayers } from "./seed.ts";
 * // await seedRankedPlayers(db, { players: 50_000, countries: ["KR", "US"], region: "KR", tosAccepted: false, now: new Date() });
 * ```
 */
export async function seedRankedPlayers(db: Database, seed: RankedSeed): Promise<void> {
  const offset = seed.offset ?? 0;
  await db.query(
    `INSERT INTO players (discord_id, discord_username, main_id, battletag, country, region, tos_accepted_at,
                          setup_completed_at)
     SELECT ($2::bigint + g)::text, 'user' || g, 'Pl' || translate(g::text, '0123456789', 'abcdefghij'),
            'P' || g || '#' || (1000 + g), ($3::text[])[1 + g % cardinality($3::text[])], $4,
            CASE WHEN $5 THEN $6::timestamptz END, $6::timestamptz
     FROM generate_series(1, $1::int) g`,
    [seed.players, offset, [...seed.countries], seed.region, seed.tosAccepted, seed.now],
  );
  await db.query(
    `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
     SELECT ($2::bigint + g)::text, r, 1000 + (g * 7919 + length(r) * 13) % 1200, 10, 5, 5, 0,
            $3::timestamptz - ((g % 20) || ' days')::interval
     FROM generate_series(1, $1::int) g, unnest(ARRAY['bw_zerg', 'sc2_terran']) r`,
    [seed.players, offset, seed.now],
  );
  await db.query("ANALYZE");
}

/**
 * Queues players `1 … players` (already created): BW only, SC2 only or both by turns, with 0–6 waves waited.
 *
 * @example
 * ```ts
 * import { seedQueue } from "./seed.ts";
 * // await seedQueue(db, 10_000);
 * ```
 */
export async function seedQueue(db: Database, players: number): Promise<void> {
  await db.query(
    `INSERT INTO queue_entries (discord_id, bw_race, sc2_race, wait_count)
     SELECT g::text, CASE WHEN g % 3 <> 1 THEN 'bw_zerg' END, CASE WHEN g % 3 <> 0 THEN 'sc2_terran' END, g % 7
     FROM generate_series(1, $1::int) g`,
    [players],
  );
  await db.query("ANALYZE");
}

/**
 * Empties the players (and everything that refers to them) and the command log: a benchmark on a reused PostgreSQL
 * database starts from nothing.
 *
 * @example
 * ```ts
 * import { clearPlayers } from "./seed.ts";
 * // await clearPlayers(db);
 * ```
 */
export async function clearPlayers(db: Database): Promise<void> {
  await db.exec("TRUNCATE players, command_calls CASCADE");
}

/** A migrated database of its own on a PostgreSQL server, dropped by `drop()`. */
export interface ScratchDatabase {
  readonly db: Database;
  /** Closes the database and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates a scratch database named `<prefix>_<time>` on the server of `url` and opens it (migrated).
 *
 * @example
 * ```ts
 * import { openScratchDatabase } from "./seed.ts";
 * // const scratch = await openScratchDatabase(Deno.env.get("TEST_DATABASE_URL")!, "evo_bench");
 * // try { … scratch.db … } finally { await scratch.drop(); }
 * ```
 */
export async function openScratchDatabase(url: string, prefix: string): Promise<ScratchDatabase> {
  const scratch = await createScratchDatabase(url, prefix);
  const db = await openDatabase({ url: scratch.url });
  return {
    db,
    async drop() {
      await db.close();
      await scratch.drop();
    },
  };
}

/**
 * `matches` completed matches between two existing players (`first` in slot 1 as `bw_zerg`, `second` as `sc2_terran`),
 * one an hour up to `now`, won by turns, each applying ±20 — a busy player's history for the profile page.
 *
 * @example
 * ```ts
 * import { seedMatchHistory } from "./seed.ts";
 * // await seedMatchHistory(db, { matches: 2_000, first: "100000001", second: "100000002", now: new Date() });
 * ```
 */
export async function seedMatchHistory(
  db: Database,
  seed: { readonly matches: number; readonly first: string; readonly second: string; readonly now: Date },
): Promise<void> {
  await db.query(
    `WITH made AS (
       INSERT INTO matches (map, server, channel, state, created_at, confirm_deadline, confirmed_at, winner_slot,
                            result_source, ended_at)
       SELECT 'Keres Passage', 'USE', 'evo', 'completed', t, t, t, 1 + g % 2, 'reports', t
       FROM generate_series(1, $1::int) g,
            LATERAL (SELECT $2::timestamptz - ($1::int - g) * interval '1 hour' AS t) at
       RETURNING id, winner_slot
     )
     INSERT INTO match_players (match_id, slot, discord_id, race, rating_before, rating_change, is_open)
     SELECT m.id, s.slot, CASE s.slot WHEN 1 THEN $3 ELSE $4 END, CASE s.slot WHEN 1 THEN 'bw_zerg' ELSE 'sc2_terran' END,
            1500 + (m.id % 40), CASE WHEN m.winner_slot = s.slot THEN 20 ELSE -20 END, false
     FROM made m, (VALUES (1), (2)) s(slot)`,
    [seed.matches, seed.now, seed.first, seed.second],
  );
  await db.query("ANALYZE");
}
