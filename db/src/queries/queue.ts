/**
 * The queue: joining with races and vetoes, leaving, wave bookkeeping, and the snapshot matchmaking reads.
 *
 * @module
 */
import { type Database, DbError, type Queryable } from "../database.ts";

/** What a player queues with. */
export interface QueueChoice {
  bwRace: string | null;
  sc2Race: string | null;
  vetoes: string[];
}

/** One queued player as matchmaking sees them. */
export interface QueueSnapshotRow {
  discord_id: string;
  bw_race: string | null;
  sc2_race: string | null;
  vetoes: string[];
  joined_at: Date;
  wait_count: number;
  region: string | null;
  bw_rating: number;
  sc2_rating: number;
}

/**
 * Puts an idle player in the queue (or updates their choice while queueing) and remembers the choice.
 *
 * @example
 * ```ts
 * import { joinQueue } from "./queue.ts";
 * // await joinQueue(db, "123", { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, new Date());
 * ```
 */
export async function joinQueue(db: Database, discordId: string, choice: QueueChoice, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [player] = await tx.query<{ state: string }>("SELECT state FROM players WHERE discord_id = $1 FOR UPDATE", [
      discordId,
    ]);
    if (player === undefined) throw new DbError("NOT_FOUND", `no player ${discordId}`);
    if (player.state === "in_match") throw new DbError("WRONG_STATE", "the player is in a match");
    await tx.query(
      `INSERT INTO queue_entries (discord_id, bw_race, sc2_race, vetoes, joined_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (discord_id) DO UPDATE SET bw_race = $2, sc2_race = $3, vetoes = $4`,
      [discordId, choice.bwRace, choice.sc2Race, choice.vetoes, now],
    );
    await tx.query(
      `UPDATE players SET state = 'queueing', queue_preferences = $2::text::jsonb, updated_at = now() WHERE discord_id = $1`,
      [discordId, JSON.stringify(choice)],
    );
  });
}

/**
 * Takes a player out of the queue; returns whether they were in it.
 *
 * @example
 * ```ts
 * import { leaveQueue } from "./queue.ts";
 * // await leaveQueue(db, "123");
 * ```
 */
export async function leaveQueue(db: Database, discordId: string): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const removed = await tx.query("DELETE FROM queue_entries WHERE discord_id = $1 RETURNING discord_id", [discordId]);
    await tx.query("UPDATE players SET state = 'idle' WHERE discord_id = $1 AND state = 'queueing'", [discordId]);
    return removed.length > 0;
  });
}

/**
 * Counts a wave: every queued player's wait count goes up by one.
 *
 * @example
 * ```ts
 * import { countWave } from "./queue.ts";
 * // await countWave(db);
 * ```
 */
export async function countWave(db: Queryable): Promise<void> {
  await db.query("UPDATE queue_entries SET wait_count = wait_count + 1");
}

/**
 * Everyone queued, longest waiting first, with their region and the ratings of the races they queue with (1500 when
 * unrated). One scan of `queue_entries` (which carries region and ratings, kept current by triggers), returned as one
 * JSON value: parsing 10,000 rows one by one costs more than the query.
 *
 * @example
 * ```ts
 * import { queueSnapshot } from "./queue.ts";
 * // const queued = await queueSnapshot(db);
 * ```
 */
export async function queueSnapshot(db: Queryable): Promise<QueueSnapshotRow[]> {
  const [row] = await db.query<{ rows: string | null }>(
    `SELECT json_agg(json_build_array(discord_id, bw_race, sc2_race, vetoes, date_part('epoch', joined_at) * 1000,
              wait_count, region, COALESCE(bw_rating, 1500), COALESCE(sc2_rating, 1500)))::text AS rows
     FROM (SELECT * FROM queue_entries ORDER BY joined_at, discord_id) q`,
  );
  type Packed = [string, string | null, string | null, string[], number, number, string | null, number, number];
  const packed = JSON.parse(row?.rows ?? "[]") as Packed[];
  return packed.map(([discord_id, bw_race, sc2_race, vetoes, joinedMs, wait_count, region, bw_rating, sc2_rating]) => ({
    discord_id,
    bw_race,
    sc2_race,
    vetoes,
    joined_at: new Date(joinedMs),
    wait_count,
    region,
    bw_rating,
    sc2_rating,
  }));
}
