/**
 * The admin mutations' first step: read the options, check what can be checked now, and ask the invoking admin to
 * confirm (the action runs in `admin_execute.ts` when they do).
 *
 * @module
 */
import { getMatch, getPlayer, type MatchView, queueSnapshot, ratingsOf } from "@evo-ladder/db";
import type { HandlerContext } from "../context.ts";
import type { Translator } from "../i18n/catalog.ts";
import type { LadderService } from "../ladder/ladder_service.ts";
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
 * const [a, b] = await sideNames(ladder, view);
 * ```
 */
export async function sideNames(ladder: LadderService, view: MatchView): Promise<[string, string]> {
  const name = async (id: string) => {
    const row = await getPlayer(ladder.db, id);
    return row?.main_id ?? row?.discord_username ?? id;
  };
  return [await name(view.players[0].discord_id), await name(view.players[1].discord_id)];
}

/** The detail line about a target player in a confirmation. */
async function targetLine(ctx: HandlerContext, ladder: LadderService, userId: string): Promise<string | null> {
  const row = await getPlayer(ladder.db, userId);
  if (row === null) return null;
  return ctx.t("admin.detail.target", { id: userId, name: row.main_id ?? row.discord_username, state: row.state });
}

async function refuse(ctx: HandlerContext, key: Parameters<typeof adminErrorView>[1], params = {}): Promise<void> {
  await ctx.respond.reply(adminErrorView(ctx.t, key, params));
}

async function prepareResolve(ctx: HandlerContext, ladder: LadderService): Promise<void> {
  const matchId = Number(ctx.incoming.options["match_id"]);
  const view = Number.isSafeInteger(matchId) && matchId > 0 ? await getMatch(ladder.db, matchId) : null;
  if (view === null) return await refuse(ctx, "admin.error.noMatch", { id: matchId });
  const outcome = String(ctx.incoming.options["winner"] ?? "") as Outcome;
  if (!OUTCOMES.includes(outcome)) {
    throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown outcome "${outcome}"`);
  }
  const reason = textOption(ctx, "reason") ?? ctx.t("admin.noReason");
  const names = await sideNames(ladder, view);
  const details = ctx.t("admin.detail.resolve", {
    id: matchId,
    state: view.match.state,
    a: view.players[0].discord_id,
    b: view.players[1].discord_id,
    outcome: outcomeText(ctx.t, outcome, names),
  });
  await askConfirmation(ctx, { kind: "resolve", matchId, outcome, reason }, details);
}

async function prepareAdjust(ctx: HandlerContext, ladder: LadderService, userId: string): Promise<void> {
  const race = String(ctx.incoming.options["race"] ?? "");
  if (!ladder.season.races.some((r) => r.code === race)) return await refuse(ctx, "admin.error.badRace", { race });
  const delta = Number(ctx.incoming.options["delta"]);
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_DELTA) {
    return await refuse(ctx, "admin.error.badDelta");
  }
  const before = (await ratingsOf(ladder.db, userId)).find((r) => r.race === race)?.rating ?? 1500;
  if (before + delta < 0) return await refuse(ctx, "admin.error.negativeRating", { rating: before + delta });
  const reason = textOption(ctx, "reason") ?? ctx.t("admin.noReason");
  const details = ctx.t("admin.detail.rating", {
    id: userId,
    race: raceNameOf(ladder)(race),
    before,
    after: before + delta,
    delta: delta > 0 ? `+${delta}` : `${delta}`,
  });
  await askConfirmation(ctx, { kind: "adjust_mmr", userId, race, delta, reason }, details);
}

async function prepareSeason(ctx: HandlerContext, ladder: LadderService): Promise<void> {
  const name = textOption(ctx, "name");
  if (name === null) return await showSeason(ctx, ladder);
  const mapPool = textOption(ctx, "map_pool") ?? ladder.season.season;
  const modsText = textOption(ctx, "mods");
  const mods = modsText === null
    ? ladder.season.acceptedModVersions.map((m) => m.id)
    : modsText.split(",").map((m) => m.trim()).filter((m) => m !== "");
  try {
    loadSeasonData({ season: mapPool, acceptedMods: mods });
  } catch (error) {
    if (!(error instanceof SeasonDataError)) throw error;
    const issues = error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return await refuse(ctx, "admin.error.seasonData", { issues });
  }
  if ((await ladder.db.query("SELECT 1 FROM seasons WHERE name = $1", [name])).length > 0) {
    return await refuse(ctx, "admin.error.seasonExists", { name });
  }
  const [active] = await ladder.db.query<{ name: string }>("SELECT name FROM seasons WHERE ended_at IS NULL");
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
 * await prepareAdminAction(ctx, ladder, "ban");
 * ```
 */
export async function prepareAdminAction(ctx: HandlerContext, ladder: LadderService, sub: string): Promise<void> {
  if (sub === "resolve") return await prepareResolve(ctx, ladder);
  if (sub === "season") return await prepareSeason(ctx, ladder);
  if (sub === "clear_queue") {
    const queued = (await queueSnapshot(ladder.db)).length;
    const details = ctx.t("admin.detail.clearQueue", { count: queued });
    return await askConfirmation(ctx, { kind: "clear_queue", reason: textOption(ctx, "reason") }, details);
  }
  const userId = userOption(ctx);
  const line = userId === null ? null : await targetLine(ctx, ladder, userId);
  if (userId === null || line === null) return await refuse(ctx, "admin.error.noPlayer", { id: userId ?? "?" });
  let action: PendingAction;
  switch (sub) {
    case "adjust_mmr":
      return await prepareAdjust(ctx, ladder, userId);
    case "remove_queue": {
      const queued = (await queueSnapshot(ladder.db)).some((r) => r.discord_id === userId);
      if (!queued) return await refuse(ctx, "admin.error.notQueued", { id: userId });
      action = { kind: "remove_queue", userId, reason: textOption(ctx, "reason") };
      break;
    }
    case "ban": {
      const banned = (await getPlayer(ladder.db, userId))?.banned_at != null;
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
