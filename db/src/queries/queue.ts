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
export interface QueuedEntry {
  readonly discordId: string;
  readonly bwRace: string | null;
  readonly sc2Race: string | null;
  readonly vetoes: readonly string[];
  readonly joinedAt: Date;
  readonly waitCount: number;
  readonly region: string | null;
  readonly bwRating: number;
  readonly sc2Rating: number;
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
export async function joinQueue(db: Queryable, discordId: string, choice: QueueChoice, now: Date): Promise<void> {
  // One statement, one round trip: the UPDATE locks the player's row and re-checks its state (a wave that matched
  // them meanwhile wins), and the entry is written only when it did.
  const [row] = await db.query<{ joined: boolean; state: string | null }>(
    `WITH joined AS (
       UPDATE players SET state = 'queueing', queue_preferences = $5::text::jsonb, updated_at = $6
       WHERE discord_id = $1 AND state <> 'in_match' RETURNING discord_id),
     entry AS (
       INSERT INTO queue_entries (discord_id, bw_race, sc2_race, vetoes, joined_at)
       SELECT discord_id, $2, $3, $4, $6 FROM joined
       ON CONFLICT (discord_id) DO UPDATE SET bw_race = $2, sc2_race = $3, vetoes = $4)
     SELECT EXISTS (SELECT 1 FROM joined) AS joined, (SELECT state FROM players WHERE discord_id = $1) AS state`,
    [discordId, choice.bwRace, choice.sc2Race, choice.vetoes, JSON.stringify(choice), now],
  );
  if (row?.joined) return;
  if (row?.state === null || row?.state === undefined) throw new DbError("NOT_FOUND", `no player ${discordId}`);
  throw new DbError("WRONG_STATE", "the player is in a match");
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
 * tab-separated text value: building and parsing 10,000 rows one by one (or as JSON) costs more than the query.
 *
 * @example
 * ```ts
 * import { queueSnapshot } from "./queue.ts";
 * // const queued = await queueSnapshot(db);
 * ```
 */
export async function queueSnapshot(db: Queryable): Promise<QueuedEntry[]> {
  const [row] = await db.query<{ lines: string | null }>(
    `SELECT string_agg(concat_ws(E'\\t', discord_id, COALESCE(bw_race, ''), COALESCE(sc2_race, ''), wait_count,
              COALESCE(region, ''), COALESCE(bw_rating, 1500), COALESCE(sc2_rating, 1500),
              floor(date_part('epoch', joined_at) * 1000)::bigint, array_to_string(vetoes, E'\\x1f')), E'\\n') AS lines
     FROM (SELECT * FROM queue_entries ORDER BY joined_at, discord_id) q`,
  );
  if (!row?.lines) return [];
  return row.lines.split("\n").map((line) => {
    const [discordId, bw, sc2, waits, region, bwRating, sc2Rating, joinedMs, vetoes] = line.split("\t");
    return {
      discordId: discordId!,
      bwRace: bw || null,
      sc2Race: sc2 || null,
      vetoes: vetoes ? vetoes.split("\x1f") : [],
      joinedAt: new Date(Number(joinedMs)),
      waitCount: Number(waits),
      region: region || null,
      bwRating: Number(bwRating),
      sc2Rating: Number(sc2Rating),
    };
  });
}

/** A queued player's "searching" message (where the bot shows live counts). */
export interface SearchMessage {
  readonly discordId: string;
  readonly channelId: string;
  readonly messageId: string;
}

/**
 * Remembers the message that shows a queued player's search (edited after every wave).
 *
 * @example
 * ```ts
 * import { setSearchMessage } from "./queue.ts";
 * // await setSearchMessage(db, "123", "456", "789");
 * ```
 */
export async function setSearchMessage(
  db: Queryable,
  discordId: string,
  channelId: string,
  messageId: string,
): Promise<void> {
  await db.query("UPDATE queue_entries SET message_channel_id = $2, message_id = $3 WHERE discord_id = $1", [
    discordId,
    channelId,
    messageId,
  ]);
}

/**
 * The search messages of everyone queued (read before a wave: a match removes its players' entries).
 *
 * @example
 * ```ts
 * import { searchMessages } from "./queue.ts";
 * // const messages = await searchMessages(db);
 * ```
 */
export async function searchMessages(db: Queryable): Promise<SearchMessage[]> {
  return await db.query<SearchMessage>(
    `SELECT discord_id AS "discordId", message_channel_id AS "channelId", message_id AS "messageId" FROM queue_entries
     WHERE message_id IS NOT NULL AND message_channel_id IS NOT NULL`,
  );
}

/** Queued players by the sides they queue for. */
export interface QueueCounts {
  readonly bw: number;
  readonly sc2: number;
  readonly both: number;
}

/**
 * How many players queue for BW only, SC2 only, and both (the searching screen, `/admin snapshot`).
 *
 * @example
 * ```ts
 * import { queueCounts } from "./queue.ts";
 * // const { bw, sc2, both } = await queueCounts(db);
 * ```
 */
export async function queueCounts(db: Queryable): Promise<QueueCounts> {
  const [row] = await db.query<QueueCounts>(
    `SELECT count(*) FILTER (WHERE bw_race IS NOT NULL AND sc2_race IS NULL)::int AS bw,
            count(*) FILTER (WHERE bw_race IS NULL AND sc2_race IS NOT NULL)::int AS sc2,
            count(*) FILTER (WHERE bw_race IS NOT NULL AND sc2_race IS NOT NULL)::int AS both
     FROM queue_entries`,
  );
  return row ?? { bw: 0, sc2: 0, both: 0 };
}

/**
 * How many players are in the queue (`/metrics`).
 *
 * @example
 * ```ts
 * import { queueSize } from "./queue.ts";
 * // const n = await queueSize(db);
 * ```
 */
export async function queueSize(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM queue_entries");
  return row?.n ?? 0;
}

/**
 * Remembers a player's queue choice without joining (the next `/queue` starts from it).
 *
 * @example
 * ```ts
 * import { saveQueuePreferences } from "./queue.ts";
 * // await saveQueuePreferences(db, "123", { bwRace: "bw_zerg", sc2Race: null, vetoes: [] });
 * ```
 */
export async function saveQueuePreferences(db: Queryable, discordId: string, choice: QueueChoice): Promise<void> {
  await db.query("UPDATE players SET queue_preferences = $2::text::jsonb WHERE discord_id = $1", [
    discordId,
    JSON.stringify(choice),
  ]);
}
