/**
 * The read-only admin commands: `/admin snapshot`, `/admin player`, `/admin match`, and `/admin season` without
 * options.
 *
 * @module
 */
import {
  activeSeason,
  type Database,
  getMatch,
  getPlayer,
  listAdmins,
  openMatchOf,
  queueSnapshot,
  ratingsOf,
  replaysOfMatch,
  type ReplayStore,
  StoreError,
} from "@evo-ladder/db";
import type { HandlerContext } from "../context.ts";
import type { FileView } from "../views/ui.ts";
import type { LadderService } from "../ladder/ladder_service.ts";
import { adminErrorView, matchAdminView, playerView, seasonView, snapshotView } from "../views/admin_view.ts";

/**
 * The user id of a `user` option (a snowflake), or `null`.
 *
 * @example
 * ```ts
 * const userId = userOption(ctx, "user");
 * ```
 */
export function userOption(ctx: HandlerContext, name = "user"): string | null {
  const raw = String(ctx.incoming.options[name] ?? "").replace(/^<@!?(\d+)>$/, "$1");
  return /^\d{1,20}$/.test(raw) ? raw : null;
}

/**
 * The trimmed text of a string option, or `null` when absent or empty.
 *
 * @example
 * ```ts
 * const reason = textOption(ctx, "reason");
 * ```
 */
export function textOption(ctx: HandlerContext, name: string): string | null {
  const value = ctx.incoming.options[name];
  const text = typeof value === "string" ? value.trim() : value === undefined ? "" : String(value);
  return text === "" ? null : text.slice(0, 500);
}

/**
 * The display name of a race code in the running season data.
 *
 * @example
 * ```ts
 * raceNameOf(ladder)("bw_zerg"); // "BW Zerg"
 * ```
 */
export function raceNameOf(ladder: LadderService): (code: string) => string {
  return (code) => ladder.season.races.find((r) => r.code === code)?.name ?? code;
}

/** Counts by key from `SELECT k, n …`, every one of `keys` present (0 when absent). */
async function countsBy(db: Database, sql: string, keys: readonly string[]): Promise<Record<string, number>> {
  const rows = await db.query<{ k: string; n: number }>(sql);
  return Object.fromEntries(keys.map((k) => [k, Number(rows.find((r) => r.k === k)?.n ?? 0)]));
}

/** The replay job queue's counts read from pg-boss's tables, or `null` when this database has none. */
async function jobCounts(db: Database): Promise<{ queued: number; active: number; dead: number } | null> {
  try {
    const [exists] = await db.query<{ ok: boolean }>("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok");
    if (!exists?.ok) return null;
    const [row] = await db.query<{ queued: number; active: number; dead: number }>(
      `SELECT count(*) FILTER (WHERE name = 'replay.parse' AND state IN ('created', 'retry'))::int AS queued,
              count(*) FILTER (WHERE name = 'replay.parse' AND state = 'active')::int AS active,
              count(*) FILTER (WHERE name = 'replay.parse.dead' AND state IN ('created', 'retry'))::int AS dead
       FROM pgboss.job`,
    );
    return row ?? null;
  } catch {
    return null;
  }
}

/**
 * `/admin snapshot`: queue per side, matches by state, players, replay and job backlog, season, admins.
 *
 * @example
 * ```ts
 * await showSnapshot(ctx, ladder);
 * ```
 */
export async function showSnapshot(ctx: HandlerContext, ladder: LadderService): Promise<void> {
  const db = ladder.db;
  const [players] = await db.query<{ total: number; queueing: number; inMatch: number; banned: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'queueing')::int AS queueing,
            count(*) FILTER (WHERE state = 'in_match')::int AS "inMatch",
            count(*) FILTER (WHERE banned_at IS NOT NULL)::int AS banned
     FROM players`,
  );
  await ctx.respond.reply(snapshotView(ctx.t, {
    queue: { ...await ladder.counts() },
    matches: await countsBy(
      db,
      "SELECT state AS k, count(*)::int AS n FROM matches WHERE state IN ('created', 'confirmed', 'conflict') GROUP BY state",
      ["created", "confirmed", "conflict"],
    ),
    players: players ?? { total: 0, queueing: 0, inMatch: 0, banned: 0 },
    replays: await countsBy(
      db,
      "SELECT status AS k, count(*)::int AS n FROM replays WHERE status IN ('pending', 'parsed', 'failed') GROUP BY status",
      ["pending", "parsed", "failed"],
    ),
    jobs: await jobCounts(db),
    season: (await activeSeason(db))?.name ?? null,
    runningPool: ladder.season.season,
    admins: (await listAdmins(db)).length,
  }));
}

/**
 * `/admin player <user>`: profile, ratings per race, aborts left, state, queue entry and open match.
 *
 * @example
 * ```ts
 * await showPlayer(ctx, ladder);
 * ```
 */
export async function showPlayer(ctx: HandlerContext, ladder: LadderService): Promise<void> {
  const userId = userOption(ctx);
  const player = userId === null ? null : await getPlayer(ladder.db, userId);
  if (userId === null || player === null) {
    return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.noPlayer", { id: userId ?? "?" }));
  }
  const queue = (await queueSnapshot(ladder.db)).find((r) => r.discord_id === userId) ?? null;
  await ctx.respond.reply(playerView(ctx.t, {
    player,
    ratings: await ratingsOf(ladder.db, userId),
    abortsLeft: await ladder.abortsLeft(userId, ctx.now()),
    queue,
    openMatch: await openMatchOf(ladder.db, userId),
    raceName: raceNameOf(ladder),
  }));
}

/**
 * `/admin match <id>`: the full state, both players, reports, and the replays with their verification rows.
 *
 * @example
 * ```ts
 * await showMatch(ctx, ladder);
 * ```
 */
export async function showMatch(ctx: HandlerContext, ladder: LadderService): Promise<void> {
  const matchId = Number(ctx.incoming.options["match_id"]);
  const view = Number.isSafeInteger(matchId) && matchId > 0 ? await getMatch(ladder.db, matchId) : null;
  if (view === null) return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.noMatch", { id: matchId }));
  const name = async (id: string) => {
    const row = await getPlayer(ladder.db, id);
    return row?.main_id ?? row?.discord_username ?? id;
  };
  const replays = await replaysOfMatch(ladder.db, matchId);
  const shown = matchAdminView(ctx.t, {
    view,
    names: [await name(view.players[0].discord_id), await name(view.players[1].discord_id)],
    replays,
    raceName: raceNameOf(ladder),
  });
  await ctx.respond.reply({ ...shown, files: await replayFiles(ctx.settings.replayStore, replays) });
}

/** Discord's attachment limit for a bot message, with room to spare. */
const ATTACHMENT_BUDGET_BYTES = 24 * 1024 * 1024;

/**
 * The stored replay files of a match, newest first, as attachments within Discord's size limit (files missing on
 * the store, or unreachable, are skipped).
 *
 * @example
 * ```ts
 * const files = await replayFiles(ctx.settings.replayStore, await replaysOfMatch(db, 12));
 * ```
 */
export async function replayFiles(
  store: ReplayStore | undefined,
  replays: readonly { id: number; storage_path: string; size_bytes: number }[],
): Promise<FileView[]> {
  if (store === undefined) return [];
  const files: FileView[] = [];
  let budget = ATTACHMENT_BUDGET_BYTES;
  for (const replay of [...replays].sort((a, b) => b.id - a.id).slice(0, 10)) {
    if (replay.size_bytes > budget) continue;
    try {
      const data = await store.get(replay.storage_path);
      files.push({ name: `match-${replay.storage_path.replace("/", "-")}`, data });
      budget -= data.length;
    } catch (error) {
      // Missing or unreachable (object store down): the admin still gets the match, without that file.
      if (!(error instanceof StoreError)) throw error;
    }
  }
  return files;
}

/**
 * `/admin season` without a name: the stored active season and the data matchmaking runs on.
 *
 * @example
 * ```ts
 * await showSeason(ctx, ladder);
 * ```
 */
export async function showSeason(ctx: HandlerContext, ladder: LadderService): Promise<void> {
  const row = await activeSeason(ladder.db);
  const data = (row?.data ?? {}) as { mapPool?: unknown; acceptedMods?: unknown };
  const active = row && {
    name: row.name,
    since: row.started_at,
    pool: String(data.mapPool ?? "?"),
    mods: Array.isArray(data.acceptedMods) ? data.acceptedMods.join(", ") : "?",
  };
  const s = ladder.season;
  await ctx.respond.reply(seasonView(ctx.t, {
    active,
    running: { pool: s.season, maps: s.maps.length, mods: s.acceptedModVersions.map((m) => m.id).join(", ") },
  }));
}
