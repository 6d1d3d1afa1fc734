/**
 * Replays: an upload per (match, file hash), its parsed summary (JSONB) and verification result, and the reuse
 * lookups (the same file or the same game already used for another match). The game key is claimed for one match
 * only when a verified replay completes it (`applyMatchAction` with a `replay` action).
 *
 * @module
 */
import { DbError, type Queryable } from "../database.ts";

/** Where a replay is in its life. */
export type ReplayStatus = "pending" | "parsed" | "verified" | "rejected" | "failed";

/** An uploaded replay: where it is stored, its parsed summary and its verification. */
export interface Replay {
  readonly id: number;
  readonly matchId: number;
  readonly uploaderId: string;
  readonly fileSha256: string;
  readonly gameKey: string | null;
  readonly storagePath: string;
  readonly sizeBytes: number;
  readonly uploadedAt: Date;
  readonly status: ReplayStatus;
  /** The parser's summary, as stored (JSON). */
  readonly summary: unknown;
  /** The verification checks with expected and found values, as stored (JSON). */
  readonly verification: unknown;
  readonly error: string | null;
}

/** A `replays` row as the engines return it. */
interface ReplayRow {
  id: number;
  match_id: number;
  uploader_id: string;
  file_sha256: string;
  game_key: string | null;
  storage_path: string;
  size_bytes: number;
  uploaded_at: Date;
  status: ReplayStatus;
  summary: unknown;
  verification: unknown;
  error: string | null;
}

/** The one place a `replays` row becomes a {@link Replay}. */
function toReplay(row: ReplayRow): Replay {
  return {
    id: row.id,
    matchId: row.match_id,
    uploaderId: row.uploader_id,
    fileSha256: row.file_sha256,
    gameKey: row.game_key,
    storagePath: row.storage_path,
    sizeBytes: row.size_bytes,
    uploadedAt: row.uploaded_at,
    status: row.status,
    summary: row.summary,
    verification: row.verification,
    error: row.error,
  };
}

/** A stored upload. */
export interface NewReplay {
  matchId: number;
  uploaderId: string;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  /** Where the file is stored (`<match id>/<hash>.SC2Replay`). */
  storagePath: string;
  sizeBytes: number;
  uploadedAt: Date;
}

/**
 * Records an upload. The same file for the same match is stored once: a second upload returns the first row with
 * `created: false`.
 *
 * @example
 * ```ts
 * import { addReplay } from "./replays.ts";
 * // const { replay, created } = await addReplay(db, { matchId: 12, uploaderId: "123", sha256, storagePath: `12/${sha256}.SC2Replay`, sizeBytes: 81234, uploadedAt: new Date() });
 * ```
 */
export async function addReplay(db: Queryable, input: NewReplay): Promise<{ replay: Replay; created: boolean }> {
  const [inserted] = await db.query<ReplayRow>(
    `INSERT INTO replays (match_id, uploader_id, file_sha256, storage_path, size_bytes, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (match_id, file_sha256) DO NOTHING RETURNING *`,
    [input.matchId, input.uploaderId, input.sha256, input.storagePath, input.sizeBytes, input.uploadedAt],
  );
  if (inserted !== undefined) return { replay: toReplay(inserted), created: true };
  const [existing] = await db.query<ReplayRow>("SELECT * FROM replays WHERE match_id = $1 AND file_sha256 = $2", [
    input.matchId,
    input.sha256,
  ]);
  if (existing === undefined) throw new DbError("CONFLICT", "the replay disappeared while it was being recorded");
  return { replay: toReplay(existing), created: false };
}

/**
 * One replay, or null.
 *
 * @example
 * ```ts
 * import { getReplay } from "./replays.ts";
 * // const replay = await getReplay(db, 5);
 * ```
 */
export async function getReplay(db: Queryable, id: number): Promise<Replay | null> {
  const [row] = await db.query<ReplayRow>("SELECT * FROM replays WHERE id = $1", [id]);
  return row === undefined ? null : toReplay(row);
}

/**
 * The replays uploaded for a match, oldest first.
 *
 * @example
 * ```ts
 * import { replaysOfMatch } from "./replays.ts";
 * // const replays = await replaysOfMatch(db, 12);
 * ```
 */
export async function replaysOfMatch(db: Queryable, matchId: number): Promise<Replay[]> {
  const rows = await db.query<ReplayRow>("SELECT * FROM replays WHERE match_id = $1 ORDER BY uploaded_at, id", [
    matchId,
  ]);
  return rows.map(toReplay);
}

/**
 * Stores the parse outcome: the summary and game key (`parsed`), or the error (`failed`, e.g. an unparseable file).
 * Returns false when the replay was already past parsing (a retried job finishing twice changes nothing).
 *
 * @example
 * ```ts
 * import { recordReplayParse } from "./replays.ts";
 * // await recordReplayParse(db, 5, { summary, gameKey: "2-S2-1-1|2-S2-1-2|1700000000|Keres Passage" });
 * // await recordReplayParse(db, 6, { error: "not an MPQ archive" });
 * ```
 */
export async function recordReplayParse(
  db: Queryable,
  id: number,
  outcome: { summary: unknown; gameKey: string } | { error: string },
): Promise<boolean> {
  const rows = "error" in outcome
    ? await db.query(
      "UPDATE replays SET status = 'failed', error = $2 WHERE id = $1 AND status = 'pending' RETURNING id",
      [id, outcome.error],
    )
    : await db.query(
      `UPDATE replays SET status = 'parsed', summary = $2::text::jsonb, game_key = $3, error = NULL
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, JSON.stringify(outcome.summary), outcome.gameKey],
    );
  return rows.length > 0;
}

/**
 * Stores the verification checks of a parsed replay: `verified` when every critical check passed, else `rejected`.
 * Returns false when the replay is not in `parsed`.
 *
 * @example
 * ```ts
 * import { recordReplayVerification } from "./replays.ts";
 * // await recordReplayVerification(db, 5, { passed: true, checks: [{ check: "map", expected: "Keres", found: "Keres" }] });
 * ```
 */
export async function recordReplayVerification(
  db: Queryable,
  id: number,
  verification: { passed: boolean; checks: unknown },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE replays SET status = CASE WHEN $2 THEN 'verified' ELSE 'rejected' END, verification = $3::text::jsonb
     WHERE id = $1 AND status = 'parsed' RETURNING id`,
    [id, verification.passed, JSON.stringify(verification)],
  );
  return rows.length > 0;
}

/** Other matches a replay was already used for. */
export interface ReplayReuse {
  /** Matches (other than this one) that have an upload of the same file. */
  sameFile: number[];
  /** The match (other than this one) this game already completed, if any. */
  sameGame: number | null;
}

/**
 * The reuse check's facts: was this file uploaded for, or this game used to complete, another match?
 *
 * @example
 * ```ts
 * import { replayReuse } from "./replays.ts";
 * // const { sameFile, sameGame } = await replayReuse(db, 12, sha256, gameKey);
 * ```
 */
export async function replayReuse(
  db: Queryable,
  matchId: number,
  sha256: string,
  gameKey: string | null,
): Promise<ReplayReuse> {
  const files = await db.query<{ match_id: number }>(
    "SELECT DISTINCT match_id FROM replays WHERE file_sha256 = $1 AND match_id <> $2 ORDER BY match_id",
    [sha256, matchId],
  );
  const [game] = gameKey === null ? [] : await db.query<{ match_id: number }>(
    "SELECT match_id FROM replay_games WHERE game_key = $1 AND match_id <> $2",
    [gameKey, matchId],
  );
  return { sameFile: files.map((r) => r.match_id), sameGame: game?.match_id ?? null };
}

/**
 * How many replays are in each status (statuses without a replay are absent): `/admin snapshot`.
 *
 * @example
 * ```ts
 * import { replayCountsByStatus } from "./replays.ts";
 * // const pending = (await replayCountsByStatus(db)).find((r) => r.status === "pending")?.count ?? 0;
 * ```
 */
export async function replayCountsByStatus(db: Queryable): Promise<{ status: ReplayStatus; count: number }[]> {
  return await db.query<{ status: ReplayStatus; count: number }>(
    "SELECT status, count(*)::int AS count FROM replays GROUP BY status ORDER BY status",
  );
}
