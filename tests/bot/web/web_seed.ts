/**
 * A small ladder written straight into a test database for the web's HTTP tests: three players (one banned), two
 * completed matches (one decided by a verified replay stored on disk, one by reports), an aborted one, a rejected
 * replay, and the ranking snapshot.
 *
 * @module
 */
import { type Database, refreshRanking } from "@evo-ladder/db";
import { join } from "node:path";
import { RANKING_RULES } from "../../../bot/src/ladder/ranking_refresh.ts";

/** What the seed made, for the assertions. */
export interface WebSeed {
  readonly replayDir: string;
  readonly replayBytes: Uint8Array;
  readonly replaySha256: string;
  /** Strings that must never appear on a page (Discord ids, usernames, BattleTags). */
  readonly secrets: readonly string[];
  readonly now: Date;
}

const hex = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()))].map((b) => b.toString(16).padStart(2, "0"))
    .join("");

/**
 * Seeds `db` and writes the verified replay under a new temporary directory.
 *
 * @example
 * ```ts
 * const seed = await seedWebLadder(db);
 * ```
 */
export async function seedWebLadder(db: Database): Promise<WebSeed> {
  const now = new Date();
  const day = 86_400_000;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
  await db.query(
    `INSERT INTO players (discord_id, discord_username, main_id, battletag, alt_ids, country, region, tos_accepted_at,
                          setup_completed_at, banned_at, ban_reason)
     VALUES ('111111111111111111', 'alice_discord', 'Alice', 'AliceTag#1111', '{AliceAlt}', 'KR', 'KR', $1, $1, NULL, NULL),
            ('222222222222222222', 'bob_discord', 'Bob', 'BobTag#2222', '{}', 'US', 'USE', $1, $1, NULL, NULL),
            ('333333333333333333', 'carol_discord', 'Carol', 'CarolTag#3333', '{}', 'DE', 'EUW', $1, $1, $1, 'cheating')`,
    [at(10)],
  );
  await db.query(
    `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
     VALUES ('111111111111111111', 'bw_zerg', 1540, 2, 2, 0, 0, $1),
            ('222222222222222222', 'sc2_terran', 1460, 2, 0, 2, 0, $1),
            ('333333333333333333', 'bw_protoss', 1600, 3, 3, 0, 0, $1)`,
    [at(1)],
  );
  const match = async (
    state: string,
    daysAgo: number,
    winner: number | null,
    source: string | null,
    changes: [number | null, number | null],
    before: [number, number],
  ) => {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO matches (map, server, channel, state, created_at, confirm_deadline, confirmed_at, winner_slot,
                            result_source, ended_at)
       VALUES ('Keres Passage', 'USE', 'evo', $1, $2, $2, $2, $3, $4, CASE WHEN $1 IN ('completed', 'aborted') THEN $2::timestamptz END)
       RETURNING id`,
      [state, at(daysAgo), winner, source],
    );
    await db.query(
      `INSERT INTO match_players (match_id, slot, discord_id, race, rating_before, rating_change, is_open)
       VALUES ($1, 1, '111111111111111111', 'bw_zerg', $2, $4, false),
              ($1, 2, '222222222222222222', 'sc2_terran', $3, $5, false)`,
      [row!.id, before[0], before[1], changes[0], changes[1]],
    );
    return row!.id;
  };
  const first = await match("completed", 3, 1, "replay", [20, -20], [1500, 1500]);
  const second = await match("completed", 2, 1, "reports", [20, -20], [1520, 1480]);
  const third = await match("aborted", 1, null, null, [null, null], [1540, 1460]);
  if (first !== 1 || second !== 2 || third !== 3) throw new Error(`unexpected match ids ${first} ${second} ${third}`);

  const replayDir = await Deno.makeTempDir({ prefix: "evo-web-test-" });
  const replayBytes = new TextEncoder().encode("MPQ\x1a this stands for the stored replay file of match 1");
  const replaySha256 = await hex(replayBytes);
  await Deno.mkdir(join(replayDir, "1"), { recursive: true });
  await Deno.writeFile(join(replayDir, "1", `${replaySha256}.SC2Replay`), replayBytes);
  const summary = {
    version: "5.0.14.93333",
    lengthSeconds: 754,
    lobby: { speed: "Faster", privacy: "Normal", observers: "None", gameMode: "Private" },
    chat: [{ seconds: 5, sender: "Alice", text: "glhf <b>not bold</b>" }],
  };
  await db.query(
    `INSERT INTO replays (match_id, uploader_id, file_sha256, storage_path, size_bytes, status, summary)
     VALUES (1, '111111111111111111', $1, $2, $3, 'verified', $4::text::jsonb)`,
    [replaySha256, `1/${replaySha256}.SC2Replay`, replayBytes.length, JSON.stringify(summary)],
  );
  // A rejected upload for match 2: stored, but never downloadable.
  const rejected = "0".repeat(64);
  await Deno.mkdir(join(replayDir, "2"), { recursive: true });
  await Deno.writeFile(join(replayDir, "2", `${rejected}.SC2Replay`), replayBytes);
  await db.query(
    `INSERT INTO replays (match_id, uploader_id, file_sha256, storage_path, size_bytes, status)
     VALUES (2, '222222222222222222', $1, $2, $3, 'rejected')`,
    [rejected, `2/${rejected}.SC2Replay`, replayBytes.length],
  );
  await refreshRanking(db, now, RANKING_RULES, true);
  return {
    replayDir,
    replayBytes,
    replaySha256,
    now,
    secrets: [
      "111111111111111111",
      "222222222222222222",
      "333333333333333333",
      "alice_discord",
      "bob_discord",
      "carol_discord",
      "AliceTag",
      "BobTag",
      "CarolTag",
    ],
  };
}
