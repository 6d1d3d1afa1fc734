/**
 * The admin mutations' first step: read the options, check what can be checked now, and ask the invoking admin to
 * confirm (the action runs in `admin_execute.ts` when they do).
 *
 * @module
 */
import {
  activeSeason,
  getMatch,
  getPlayer,
  type MatchWithPlayers,
  type Queryable,
  queueSnapshot,
  ratingsOf,
  seasonExists,
} from "@evo-ladder/db";
import type { HandlerContext } from "../context.ts";
import type { Translator } from "../i18n/catalog.ts";
import { loadSeasonData, SeasonDataError } from "../ladder/season_data.ts";
import { adminErrorView } from "../views/admin_view.ts";
import { askConfirmation, type PendingAction } from "./admin_access.ts";
import { raceNameOf, showSeason, textOption, userOption } from "./admin_info.ts";
import { LadderError } from "../errors.ts";

/** The outcomes `/admin resolve` takes. */
export const OUTCOMES = ["player1", "player2", "draw", "invalidate"] as const;

/** One outcome of `/admin resolve`. */
export type Outcome = typeof OUTCOMES[number];

/** Largest rating change `/admin adjust_mmr` takes at once. */
export const MAX_DELTA = 1000;

/**
 * The text of a resolution outcome, with the winner's name.
 *
 * @example
 * ```ts
 * import type { Translator } from "../i18n/catalog.ts";
 * declare const t: Translator;
 * outcomeText(t, "player1", ["Alice", "Bob"]); // "Alice (player 1) wins"
 * ```
 */
export function outcomeText(t: Translator, outcome: Outcome, names: readonly [string, string]): string {
  if (outcome === "player1") return t("admin.outcome.player1", { name: names[0] });
  if (outcome === "player2") return t("admin.outcome.player2", { name: names[1] });
  return t(outcome === "draw" ? "admin.outcome.draw" : "admin.outcome.invalidate");
}

/**
 * The names of both players of a match (main ID, else Discord username).
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * import type { MatchWithPlayers } from "@evo-ladder/db";
 * declare const ctx: HandlerContext;
 * declare const view: MatchWithPlayers;
 * const [a, b] = await sideNames(ctx.db, view);
 * ```
 */
export async function sideNames(db: Queryable, view: MatchWithPlayers): Promise<[string, string]> {
  const name = async (id: string) => {
    const row = await getPlayer(db, id);
    return row?.mainId ?? row?.discordUsername ?? id;
  };
  return [await name(view.players[0].discordId), await name(view.players[1].discordId)];
}

/** The detail line about a target player in a confirmation. */
async function targetLine(ctx: HandlerContext, userId: string): Promise<string | null> {
  const row = await getPlayer(ctx.db, userId);
  if (row === null) return null;
  return ctx.t("admin.detail.target", { id: userId, name: row.mainId ?? row.discordUsername, state: row.state });
}

async function refuse(ctx: HandlerContext, key: Parameters<typeof adminErrorView>[1], params = {}): Promise<void> {
  await ctx.respond.reply(adminErrorView(ctx.t, key, params));
}

async function prepareResolve(ctx: HandlerContext): Promise<void> {
  const matchId = Number(ctx.incoming.options["match_id"]);
  const view = Number.isSafeInteger(matchId) && matchId > 0 ? await getMatch(ctx.db, matchId) : null;
  if (view === null) return await refuse(ctx, "admin.error.noMatch", { id: matchId });
  const outcome = String(ctx.incoming.options["winner"] ?? "") as Outcome;
  if (!OUTCOMES.includes(outcome)) {
    throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown outcome "${outcome}"`);
  }
  const reason = textOption(ctx, "reason") ?? ctx.t("admin.noReason");
  const names = await sideNames(ctx.db, view);
  const details = ctx.t("admin.detail.resolve", {
    id: matchId,
    state: view.match.state,
    a: view.players[0].discordId,
    b: view.players[1].discordId,
    outcome: outcomeText(ctx.t, outcome, names),
  });
  await askConfirmation(ctx, { kind: "resolve", matchId, outcome, reason }, details);
}

async function prepareAdjust(ctx: HandlerContext, userId: string): Promise<void> {
  const race = String(ctx.incoming.options["race"] ?? "");
  if (!ctx.ladder.season.races.some((r) => r.code === race)) return await refuse(ctx, "admin.error.badRace", { race });
  const delta = Number(ctx.incoming.options["delta"]);
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_DELTA) {
    return await refuse(ctx, "admin.error.badDelta");
  }
  const before = (await ratingsOf(ctx.db, userId)).find((r) => r.race === race)?.rating ?? 1500;
  if (before + delta < 0) return await refuse(ctx, "admin.error.negativeRating", { rating: before + delta });
  const reason = textOption(ctx, "reason") ?? ctx.t("admin.noReason");
  const details = ctx.t("admin.detail.rating", {
    id: userId,
    race: raceNameOf(ctx.ladder)(race),
    before,
    after: before + delta,
    delta: delta > 0 ? `+${delta}` : `${delta}`,
  });
  await askConfirmation(ctx, { kind: "adjust_mmr", userId, race, delta, reason }, details);
}

async function prepareSeason(ctx: HandlerContext): Promise<void> {
  const name = textOption(ctx, "name");
  if (name === null) return await showSeason(ctx);
  const mapPool = textOption(ctx, "map_pool") ?? ctx.ladder.season.season;
  const modsText = textOption(ctx, "mods");
  const mods = modsText === null
    ? ctx.ladder.season.acceptedModVersions.map((m) => m.id)
    : modsText.split(",").map((m) => m.trim()).filter((m) => m !== "");
  try {
    loadSeasonData({ season: mapPool, acceptedMods: mods });
  } catch (error) {
    if (!(error instanceof SeasonDataError)) throw error;
    const issues = error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return await refuse(ctx, "admin.error.seasonData", { issues });
  }
  if (await seasonExists(ctx.db, name)) return await refuse(ctx, "admin.error.seasonExists", { name });
  const active = await activeSeason(ctx.db);
  const details = ctx.t("admin.detail.season", {
    name,
    pool: mapPool,
    mods: mods.join(", "),
    active: active?.name ?? ctx.t("common.none"),
  });
  await askConfirmation(ctx, { kind: "season", name, mapPool, mods }, details);
}

/**
 * Runs the first step of an admin mutation (`resolve`, `adjust_mmr`, `remove_queue`, `ban`, `reset_aborts`,
 * `clear_queue`, `season`): a refusal, or the confirmation. `season` without a name shows the season instead.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await prepareAdminAction(ctx, "ban");
 * ```
 */
export async function prepareAdminAction(ctx: HandlerContext, sub: string): Promise<void> {
  if (sub === "resolve") return await prepareResolve(ctx);
  if (sub === "season") return await prepareSeason(ctx);
  if (sub === "clear_queue") {
    const queued = (await queueSnapshot(ctx.db)).length;
    const details = ctx.t("admin.detail.clearQueue", { count: queued });
    return await askConfirmation(ctx, { kind: "clear_queue", reason: textOption(ctx, "reason") }, details);
  }
  const userId = userOption(ctx);
  const line = userId === null ? null : await targetLine(ctx, userId);
  if (userId === null || line === null) return await refuse(ctx, "admin.error.noPlayer", { id: userId ?? "?" });
  let action: PendingAction;
  switch (sub) {
    case "adjust_mmr":
      return await prepareAdjust(ctx, userId);
    case "remove_queue": {
      const queued = (await queueSnapshot(ctx.db)).some((r) => r.discordId === userId);
      if (!queued) return await refuse(ctx, "admin.error.notQueued", { id: userId });
      action = { kind: "remove_queue", userId, reason: textOption(ctx, "reason") };
      break;
    }
    case "ban": {
      const banned = (await getPlayer(ctx.db, userId))?.bannedAt != null;
      const reason = textOption(ctx, "reason") ?? ctx.t("admin.noReason");
      action = { kind: banned ? "unban" : "ban", userId, reason };
      break;
    }
    case "reset_aborts":
      action = { kind: "reset_aborts", userId, reason: textOption(ctx, "reason") };
      break;
    default:
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown admin subcommand "${sub}"`);
  }
  await askConfirmation(ctx, action, line);
}
