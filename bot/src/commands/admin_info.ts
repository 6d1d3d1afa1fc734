/**
 * The read-only admin commands: `/admin snapshot`, `/admin player`, `/admin match`, and `/admin season` without
 * options.
 *
 * @module
 */
import {
  activeSeason,
  getMatch,
  getPlayer,
  listAdmins,
  matchCountsByState,
  openMatchOf,
  playerCounts,
  queueSnapshot,
  ratingsOf,
  replayCountsByStatus,
  replayJobCounts,
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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
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
 * import type { LadderService } from "../ladder/ladder_service.ts";
 * declare const ladder: LadderService;
 * raceNameOf(ladder)("bw_zerg"); // "BW Zerg"
 * ```
 */
export function raceNameOf(ladder: LadderService): (code: string) => string {
  return (code) => ladder.season.races.find((r) => r.code === code)?.name ?? code;
}

/** The count of each of `keys` (0 when absent) from `[key, count]` pairs. */
function countsOf<K extends string>(pairs: readonly (readonly [string, number])[], keys: readonly K[]) {
  const counts = new Map(pairs);
  return Object.fromEntries(keys.map((k) => [k, counts.get(k) ?? 0])) as Record<K, number>;
}

/**
 * `/admin snapshot`: queue per side, matches by state, players, replay and job backlog, season, admins.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await showSnapshot(ctx);
 * ```
 */
export async function showSnapshot(ctx: HandlerContext): Promise<void> {
  const db = ctx.db;
  await ctx.respond.reply(snapshotView(ctx.t, {
    queue: { ...await ctx.ladder.counts() },
    matches: countsOf((await matchCountsByState(db)).map((r) => [r.state, r.count]), [
      "created",
      "confirmed",
      "conflict",
    ]),
    players: await playerCounts(db),
    replays: countsOf((await replayCountsByStatus(db)).map((r) => [r.status, r.count]), [
      "pending",
      "parsed",
      "failed",
    ]),
    jobs: await replayJobCounts(db),
    season: (await activeSeason(db))?.name ?? null,
    runningPool: ctx.ladder.season.season,
    admins: (await listAdmins(db)).length,
  }));
}

/**
 * `/admin player <user>`: profile, ratings per race, aborts left, state, queue entry and open match.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await showPlayer(ctx);
 * ```
 */
export async function showPlayer(ctx: HandlerContext): Promise<void> {
  const userId = userOption(ctx);
  const player = userId === null ? null : await getPlayer(ctx.db, userId);
  if (userId === null || player === null) {
    return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.noPlayer", { id: userId ?? "?" }));
  }
  const queue = (await queueSnapshot(ctx.db)).find((r) => r.discordId === userId) ?? null;
  await ctx.respond.reply(playerView(ctx.t, {
    player,
    ratings: await ratingsOf(ctx.db, userId),
    abortsLeft: await ctx.ladder.abortsLeft(userId, ctx.now()),
    queue,
    openMatch: await openMatchOf(ctx.db, userId),
    raceName: raceNameOf(ctx.ladder),
  }));
}

/**
 * `/admin match <id>`: the full state, both players, reports, and the replays with their verification rows.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await showMatch(ctx);
 * ```
 */
export async function showMatch(ctx: HandlerContext): Promise<void> {
  const matchId = Number(ctx.incoming.options["match_id"]);
  const view = Number.isSafeInteger(matchId) && matchId > 0 ? await getMatch(ctx.db, matchId) : null;
  if (view === null) return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.noMatch", { id: matchId }));
  const name = async (id: string) => {
    const row = await getPlayer(ctx.db, id);
    return row?.mainId ?? row?.discordUsername ?? id;
  };
  const replays = await replaysOfMatch(ctx.db, matchId);
  const shown = matchAdminView(ctx.t, {
    view,
    names: [await name(view.players[0].discordId), await name(view.players[1].discordId)],
    replays,
    raceName: raceNameOf(ctx.ladder),
  });
  await ctx.respond.reply({ ...shown, files: await replayFiles(ctx.settings.replayStore, replays) });
}

/** Discord's attachment limit for a bot message, with room to spare. */
const ATTACHMENT_BUDGET_BYTES = 24 * 1024 * 1024;

/**
 * The stored replay files of a match, newest first, as attachments within Discord's size limit (files missing from
 * the store, or unreachable, are skipped).
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import { localReplayStore, replaysOfMatch } from "@evo-ladder/db";
 * declare const db: Database;
 * const files = await replayFiles(localReplayStore("./data/replays"), await replaysOfMatch(db, 12));
 * ```
 */
export async function replayFiles(
  store: ReplayStore | undefined,
  replays: readonly { id: number; storagePath: string; sizeBytes: number }[],
): Promise<FileView[]> {
  if (store === undefined) return [];
  const files: FileView[] = [];
  let budget = ATTACHMENT_BUDGET_BYTES;
  for (const replay of [...replays].sort((a, b) => b.id - a.id).slice(0, 10)) {
    if (replay.sizeBytes > budget) continue;
    try {
      const data = await store.get(replay.storagePath);
      files.push({ name: `match-${replay.storagePath.replace("/", "-")}`, data });
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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await showSeason(ctx);
 * ```
 */
export async function showSeason(ctx: HandlerContext): Promise<void> {
  const row = await activeSeason(ctx.db);
  const data = (row?.data ?? {}) as { mapPool?: unknown; acceptedMods?: unknown };
  const active = row && {
    name: row.name,
    since: row.startedAt,
    pool: String(data.mapPool ?? "?"),
    mods: Array.isArray(data.acceptedMods) ? data.acceptedMods.join(", ") : "?",
  };
  const s = ctx.ladder.season;
  await ctx.respond.reply(seasonView(ctx.t, {
    active,
    running: { pool: s.season, maps: s.maps.length, mods: s.acceptedModVersions.map((m) => m.id).join(", ") },
  }));
}
