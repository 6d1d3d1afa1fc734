/**
 * Everything the web's match page shows of one match: its row, both players by main ID with their ratings before and
 * after, and the verified replay that decided it (when one did). Discord ids stay inside.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** One side of a match, as the public sees it. */
export interface MatchSide {
  slot: 1 | 2;
  mainId: string | null;
  country: string | null;
  race: string;
  ratingBefore: number;
  /** `null` until the match applied a change. */
  ratingChange: number | null;
  report: "win" | "loss" | "draw" | null;
}

/** The verified replay of a match. */
export interface VerifiedReplay {
  id: number;
  fileSha256: string;
  sizeBytes: number;
  /** Where the file is stored, relative to the replay directory (`<match id>/<sha256>.SC2Replay`). */
  storagePath: string;
  uploadedAt: Date;
  /** The parser's summary, as stored (JSON). */
  summary: unknown;
}

/** A match for the web page. */
export interface MatchDetails {
  id: number;
  state: string;
  map: string;
  server: string;
  createdAt: Date;
  confirmedAt: Date | null;
  endedAt: Date | null;
  /** 0 a draw, 1 or 2 the winning slot, `null` without a result. */
  winnerSlot: 0 | 1 | 2 | null;
  resultSource: "replay" | "reports" | "admin" | null;
  sides: [MatchSide, MatchSide];
  replay: VerifiedReplay | null;
}

/**
 * The match with both sides and its verified replay, or `null` when there is no such match.
 *
 * @example
 * ```ts
 * import { matchDetails } from "./match_details.ts";
 * // const match = await matchDetails(db, 12); // { id: 12, map: "Keres Passage", sides: [...], replay: {...} | null, … }
 * ```
 */
export async function matchDetails(db: Queryable, id: number): Promise<MatchDetails | null> {
  const rows = await db.query<{
    id: number;
    state: string;
    map: string;
    server: string;
    created_at: Date;
    confirmed_at: Date | null;
    ended_at: Date | null;
    winner_slot: 0 | 1 | 2 | null;
    result_source: MatchDetails["resultSource"];
    slot: 1 | 2;
    main_id: string | null;
    country: string | null;
    race: string;
    rating_before: number;
    rating_change: number | null;
    report: MatchSide["report"];
    replay_id: number | null;
    file_sha256: string | null;
    size_bytes: number | null;
    storage_path: string | null;
    uploaded_at: Date | null;
    summary: unknown;
  }>(
    `SELECT m.id, m.state, m.map, m.server, m.created_at, m.confirmed_at, m.ended_at, m.winner_slot, m.result_source,
            mp.slot, p.main_id, p.country, mp.race, mp.rating_before, mp.rating_change, mp.report,
            r.id AS replay_id, r.file_sha256, r.size_bytes, r.storage_path, r.uploaded_at, r.summary
     FROM matches m
     JOIN match_players mp ON mp.match_id = m.id
     JOIN players p ON p.discord_id = mp.discord_id
     LEFT JOIN LATERAL (
       SELECT id, file_sha256, size_bytes, storage_path, uploaded_at, summary FROM replays
       WHERE match_id = m.id AND status = 'verified' ORDER BY id LIMIT 1
     ) r ON true
     WHERE m.id = $1
     ORDER BY mp.slot`,
    [id],
  );
  const [a, b] = rows;
  if (!a || !b) return null;
  const side = (r: typeof a): MatchSide => ({
    slot: r.slot,
    mainId: r.main_id,
    country: r.country,
    race: r.race,
    ratingBefore: r.rating_before,
    ratingChange: r.rating_change,
    report: r.report,
  });
  return {
    id: a.id,
    state: a.state,
    map: a.map,
    server: a.server,
    createdAt: a.created_at,
    confirmedAt: a.confirmed_at,
    endedAt: a.ended_at,
    winnerSlot: a.winner_slot,
    resultSource: a.result_source,
    sides: [side(a), side(b)],
    replay: a.replay_id === null ? null : {
      id: a.replay_id,
      fileSha256: a.file_sha256!,
      sizeBytes: a.size_bytes!,
      storagePath: a.storage_path!,
      uploadedAt: a.uploaded_at!,
      summary: a.summary,
    },
  };
}
