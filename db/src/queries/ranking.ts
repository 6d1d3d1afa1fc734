import type { Rating } from "./ratings.ts";
/**
 * Ranks and the leaderboard. Global ranks and letter ranks depend on every ranked (player, race) entry, so they are
 * built in one pass into `ranking_entries` (a snapshot) and read from there with indexes: a leaderboard page costs
 * milliseconds instead of a window over every rating. Triggers count every change to what the snapshot depends on
 * (ratings; players' country, ban and main ID); the next read after a change rebuilds it — "cached and invalidated
 * on every rating change" — and so does a read when the snapshot is older than `maxAgeMs` (entries age out of the
 * activity window). The letter allocation is the bot's rule, passed in.
 *
 * @module
 */
import type { Database, Queryable } from "../database.ts";

/** Letter ranks, best first. */
export type RankLetter = "S" | "A" | "B" | "C" | "D" | "E" | "F";

/** How entries are ranked: the bot's rules. */
export interface RankingRules {
  /** An entry is ranked when played at least once within this many days of `now` (14). */
  activeDays: number;
  /** How many of `n` ranked entries get each letter, assigned top-down S → F (the allocation of `prior-system.md` §9.2). */
  allocate(n: number): Readonly<Record<RankLetter, number>>;
  /** Rebuild at least this often without changes, in ms (default 10 minutes). */
  maxAgeMs?: number;
}

const RANKING_LOCK = 727_002; // pg_advisory_xact_lock key for rebuilds
const LETTERS: readonly RankLetter[] = ["S", "A", "B", "C", "D", "E", "F"];

/** Whether the ranking snapshot exists (`built`) and is current (`fresh`), and how many entries it ranks. */
export interface RankingState {
  fresh: boolean;
  built: boolean;
  ranked: number;
}

/**
 * The snapshot's state (one small query): readers that must not wait for a rebuild read the snapshot as it is when
 * it is `built`, and start a rebuild elsewhere when it is not `fresh`.
 *
 * @example
 * ```ts
 * import { rankingState } from "./ranking.ts";
 * // const { fresh, built } = await rankingState(db, new Date(), rules);
 * ```
 */
export async function rankingState(db: Queryable, now: Date, rules: RankingRules): Promise<RankingState> {
  const [state] = await db.query<RankingState>(
    `SELECT (n.version = s.version AND abs(extract(epoch FROM $1::timestamptz - n.computed_for)) * 1000 < $2)
              IS TRUE AS fresh, n.version IS NOT NULL AS built, n.ranked_count AS ranked
     FROM ranking_snapshot n, ranking_sources s`,
    [now, rules.maxAgeMs ?? 600_000],
  );
  return state ?? { fresh: false, built: false, ranked: 0 };
}

/**
 * Rebuilds the ranking snapshot when it is out of date (or always, with `force`). One process rebuilds at a time
 * (advisory lock); others asking meanwhile get the existing snapshot, or wait when there is none yet. A rebuild is
 * O(ranked entries): ~0.1 s for a thousand, seconds for 100,000 on a small machine — and on PGlite, whose one
 * connection it holds meanwhile, the rest of the bot waits that long. Returns whether it was rebuilt and how many
 * entries are ranked.
 *
 * @example
 * ```ts
 * import { refreshRanking } from "./ranking.ts";
 * // await refreshRanking(db, new Date(), { activeDays: 14, allocate: allocateRanks });
 * ```
 */
export async function refreshRanking(
  db: Database,
  now: Date,
  rules: RankingRules,
  force = false,
): Promise<{ rebuilt: boolean; ranked: number }> {
  if (!force) {
    const state = await rankingState(db, now, rules);
    if (state.fresh) return { rebuilt: false, ranked: state.ranked };
  }
  return await db.transaction(async (tx) => {
    // Another process rebuilding: serve the snapshot there is (a moment out of date) rather than wait for it.
    const [{ locked }] = await tx.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1) AS locked",
      [RANKING_LOCK],
    ) as [{ locked: boolean }];
    let state = await rankingState(tx, now, rules);
    if (!locked) {
      if (state.built) return { rebuilt: false, ranked: state.ranked };
      await tx.query("SELECT pg_advisory_xact_lock($1)", [RANKING_LOCK]);
      state = await rankingState(tx, now, rules);
    }
    if (!force && state.fresh) return { rebuilt: false, ranked: state.ranked };
    await tx.query("SET LOCAL work_mem = '64MB'"); // the two window sorts stay in memory
    // The version first: a change committed while this runs leaves the snapshot marked older, so it is rebuilt again.
    const [source] = await tx.query<{ version: string }>("SELECT version::text AS version FROM ranking_sources");
    const eligible = `FROM ratings r JOIN players p ON p.discord_id = r.discord_id
      WHERE r.played > 0 AND r.last_played_at >= $1::timestamptz - make_interval(days => $2) AND p.banned_at IS NULL`;
    const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n ${eligible}`, [now, rules.activeDays]) as [
      { n: number },
    ];
    const counts = rules.allocate(n);
    const bounds: number[] = [];
    let sum = 0;
    for (const letter of LETTERS.slice(0, -1)) bounds.push(sum += counts[letter]);
    await tx.query("DELETE FROM ranking_entries");
    await tx.query(
      `INSERT INTO ranking_entries (global_rank, discord_id, race, letter, best_race, country, rating, played, won,
                                    lost, drawn)
       SELECT rn, discord_id, race,
              CASE WHEN rn <= $3 THEN 'S' WHEN rn <= $4 THEN 'A' WHEN rn <= $5 THEN 'B' WHEN rn <= $6 THEN 'C'
                   WHEN rn <= $7 THEN 'D' WHEN rn <= $8 THEN 'E' ELSE 'F' END,
              nth = 1, country, rating, played, won, lost, drawn
       FROM (
         SELECT r.discord_id, r.race, r.rating, r.played, r.won, r.lost, r.drawn, p.country,
                row_number() OVER (ORDER BY r.rating DESC, r.last_played_at DESC, r.discord_id DESC, r.race DESC) AS rn,
                row_number() OVER (PARTITION BY r.discord_id ORDER BY r.rating DESC, r.last_played_at DESC, r.race) AS nth
         ${eligible}
       ) ranked`,
      [now, rules.activeDays, ...bounds],
    );
    await tx.query("UPDATE ranking_snapshot SET version = $1::bigint, computed_for = $2, ranked_count = $3", [
      source!.version,
      now,
      n,
    ]);
    await tx.query("ANALYZE ranking_entries"); // fresh statistics for the page plans (PGlite has no autovacuum)
    return { rebuilt: true, ranked: n };
  });
}

/** Leaderboard filters (all combine with AND; an absent or empty list filters nothing). */
export interface LeaderboardQuery {
  races?: string[];
  /** Players of these countries… */
  countries?: string[];
  /** …or (the leaderboard's "Other") of any country not in this list. */
  otherThan?: string[];
  letters?: RankLetter[];
  /** Only each player's best entry (decided before the other filters, as the prior bot did). */
  bestRaceOnly?: boolean;
  /** 0-based page. */
  page: number;
  pageSize: number;
  /** Rows beyond this are not listed (25 pages × 40); `total` is counted up to one more, to say "over 1000". */
  maxRows?: number;
  now: Date;
  rules: RankingRules;
  /**
   * Rebuild the snapshot first when it is out of date (default). `false` reads the snapshot as it is: the bot's
   * readers do, so that no page waits for a rebuild (seconds at 100,000 ratings); the bot rebuilds in the background.
   */
  refresh?: boolean;
}

/** One leaderboard row: the rating row's figures, the player's name and country, and both rank numbers. */
export interface LeaderboardRow extends Omit<Rating, "lastPlayedAt"> {
  /** 1-based position in this filtered list. */
  readonly position: number;
  /** Rank among all ranked entries (what the leaderboard shows: filtered views have gaps). */
  readonly globalRank: number;
  readonly letter: RankLetter;
  readonly mainId: string | null;
  readonly country: string | null;
}

/** A leaderboard page. */
export interface LeaderboardPage {
  rows: LeaderboardRow[];
  /** Matching entries, counted up to `maxRows + 1`. */
  total: number;
  /** All ranked entries. */
  ranked: number;
}

/**
 * A page of the leaderboard (rebuilding the ranking snapshot first when it is out of date).
 *
 * @example
 * ```ts
 * import { leaderboard } from "./ranking.ts";
 * // const { rows, total } = await leaderboard(db, { races: ["bw_zerg"], page: 0, pageSize: 40, now: new Date(), rules });
 * ```
 */
export async function leaderboard(db: Database, q: LeaderboardQuery): Promise<LeaderboardPage> {
  const { ranked } = q.refresh === false
    ? await rankingState(db, q.now, q.rules)
    : await refreshRanking(db, q.now, q.rules);
  const maxRows = q.maxRows ?? 1000;
  const offset = q.page * q.pageSize;
  const filter = `(cardinality($1::text[]) = 0 OR e.race = ANY($1))
    AND ((cardinality($2::text[]) = 0 AND cardinality($3::text[]) = 0) OR e.country = ANY($2)
      OR (cardinality($3::text[]) > 0 AND NOT (COALESCE(e.country, '') = ANY($3))))
    AND (cardinality($4::text[]) = 0 OR e.letter = ANY($4))
    AND (NOT $5 OR e.best_race)`;
  const params = [q.races ?? [], q.countries ?? [], q.otherThan ?? [], q.letters ?? [], q.bestRaceOnly ?? false];
  const limit = Math.max(0, Math.min(q.pageSize, maxRows - offset));
  // One scan in global-rank order serves both the count (up to maxRows + 1) and the page; a page past the end still
  // returns one row, with the count.
  const found = await db.query<{ total: number } & Partial<Omit<LeaderboardRow, "position">>>(
    `WITH matching AS MATERIALIZED (
       SELECT e.global_rank FROM ranking_entries e WHERE ${filter} ORDER BY e.global_rank LIMIT $6
     ), page AS (
       SELECT global_rank FROM matching ORDER BY global_rank LIMIT $7 OFFSET $8
     )
     SELECT (SELECT count(*)::int FROM matching) AS total, e.global_rank AS "globalRank", e.letter,
            e.discord_id AS "discordId", p.main_id AS "mainId", e.country, e.race, e.rating, e.played, e.won, e.lost,
            e.drawn
     FROM (SELECT 1) AS one
     LEFT JOIN page ON true
     LEFT JOIN ranking_entries e ON e.global_rank = page.global_rank
     LEFT JOIN players p ON p.discord_id = e.discord_id
     ORDER BY e.global_rank`,
    [...params, maxRows + 1, limit, offset],
  );
  const total = found[0]?.total ?? 0;
  const rows = found.filter((r) => r.globalRank != null).map(({ total: _, ...row }, i) => ({
    position: offset + i + 1,
    ...row as Omit<LeaderboardRow, "position">,
  }));
  return { rows, total, ranked };
}

/**
 * A player's ranked entries (race, global rank, letter, rating), best first; unranked races are absent. `refresh`
 * as in {@link LeaderboardQuery}.
 *
 * @example
 * ```ts
 * import { playerRanks } from "./ranking.ts";
 * // const ranks = await playerRanks(db, "123", new Date(), rules);
 * ```
 */
export async function playerRanks(
  db: Database,
  discordId: string,
  now: Date,
  rules: RankingRules,
  refresh = true,
): Promise<{ race: string; globalRank: number; letter: RankLetter; rating: number }[]> {
  if (refresh) await refreshRanking(db, now, rules);
  return await db.query(
    `SELECT race, global_rank AS "globalRank", letter, rating FROM ranking_entries WHERE discord_id = $1
     ORDER BY global_rank`,
    [discordId],
  );
}
