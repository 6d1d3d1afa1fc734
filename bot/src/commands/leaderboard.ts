/**
 * `/leaderboard` and its controls (`lb:prev|next|jump|goto|best|race|rank|c1|c2:<filters>`, `lb:clear`). Pages come
 * from the per-database page cache, which the ranking refresher drops whenever ratings change; a page never waits
 * for a snapshot rebuild (see `RankingRefresher.ready`).
 *
 * @module
 */
import { leaderboard, type LeaderboardPage } from "@evo-ladder/db";
import type { CommandModule, ComponentModule, HandlerContext } from "../context.ts";
import { LadderError } from "../errors.ts";
import { RANKING_RULES } from "../ladder/ranking_refresh.ts";
import { RANK_LETTERS, type RankLetter } from "../ladder/ranks.ts";
import {
  COUNTRY_PARTS,
  decodeFilters,
  encodeFilters,
  LEADERBOARD_MAX_PAGES,
  LEADERBOARD_NAMESPACE,
  LEADERBOARD_PAGE_SIZE,
  LEADERBOARD_RACES,
  type LeaderboardFilters,
  leaderboardJumpModal,
  leaderboardQueryOf,
  leaderboardView,
  NO_FILTERS,
  pageCount,
} from "../views/leaderboard_view.ts";
import { userCommand } from "./definitions.ts";
import { withTitleLink } from "../views/web_links.ts";
import { leaderboardSearch } from "../web/leaderboard_params.ts";

/**
 * A page of the leaderboard for these filters, from the cache or the database. A page past the end (the filters
 * match fewer entries now) is replaced by the last page.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * import { NO_FILTERS } from "../views/leaderboard_view.ts";
 * declare const ctx: HandlerContext;
 * const { filters, page } = await loadLeaderboardPage(ctx, NO_FILTERS);
 * ```
 */
export async function loadLeaderboardPage(
  ctx: HandlerContext,
  filters: LeaderboardFilters,
): Promise<{ filters: LeaderboardFilters; page: LeaderboardPage }> {
  const refresher = ctx.ranking;
  await refresher.ready(ctx.now());
  const load = (f: LeaderboardFilters) =>
    refresher.cache.get(
      encodeFilters(f),
      () =>
        leaderboard(ctx.db, {
          ...leaderboardQueryOf(f),
          page: f.page,
          pageSize: LEADERBOARD_PAGE_SIZE,
          maxRows: LEADERBOARD_MAX_PAGES * LEADERBOARD_PAGE_SIZE,
          now: ctx.now(),
          rules: RANKING_RULES,
          refresh: false,
        }),
    );
  const page = await load(filters);
  const last = pageCount(page.total) - 1;
  if (filters.page > last) {
    const clamped = { ...filters, page: last };
    return { filters: clamped, page: await load(clamped) };
  }
  return { filters, page };
}

async function show(ctx: HandlerContext, filters: LeaderboardFilters, how: "reply" | "update"): Promise<void> {
  const loaded = await loadLeaderboardPage(ctx, filters);
  const web = leaderboardSearch({ ...loaded.filters, search: "", page: 0 });
  const view = withTitleLink(
    leaderboardView(ctx.t, loaded.filters, loaded.page),
    ctx.settings.publicUrl,
    `/leaderboard${web ? `?${web}` : ""}`,
  );
  await (how === "reply" ? ctx.respond.reply(view) : ctx.respond.update(view));
}

/** `/leaderboard`: the first page, no filters. */
export const leaderboardCommand: CommandModule = {
  name: "leaderboard",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("leaderboard", "command.leaderboard"),
  async run(ctx) {
    await show(ctx, NO_FILTERS, "reply");
  },
};

function stale(ctx: HandlerContext): never {
  throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Bad leaderboard id "${ctx.incoming.customId}"`);
}

/** The leaderboard's buttons, selects and page-jump modal; every filter change goes back to the first page. */
export const leaderboardComponents: ComponentModule = {
  namespace: LEADERBOARD_NAMESPACE,
  requires: { tos: true, setup: false },
  async handle(ctx, id) {
    if (id.action === "clear") return await show(ctx, NO_FILTERS, "update");
    const f = decodeFilters(id.args[0]);
    if (!f) return stale(ctx);
    const picked = ctx.incoming.values;
    switch (id.action) {
      case "prev":
        return await show(ctx, { ...f, page: Math.max(0, f.page - 1) }, "update");
      case "next":
        return await show(ctx, { ...f, page: Math.min(LEADERBOARD_MAX_PAGES - 1, f.page + 1) }, "update");
      case "jump": {
        const { filters, page } = await loadLeaderboardPage(ctx, f);
        return await ctx.respond.modal(leaderboardJumpModal(ctx.t, filters, pageCount(page.total)));
      }
      case "goto": {
        const wanted = Number.parseInt((ctx.incoming.fields["page"] ?? "").trim(), 10);
        const page = Number.isFinite(wanted) ? Math.max(0, Math.min(LEADERBOARD_MAX_PAGES - 1, wanted - 1)) : f.page;
        return await show(ctx, { ...f, page }, "update");
      }
      case "best":
        return await show(ctx, { ...f, bestRaceOnly: !f.bestRaceOnly, page: 0 }, "update");
      case "race": {
        const races = LEADERBOARD_RACES.filter((r) => picked.includes(r));
        return await show(ctx, { ...f, races, page: 0 }, "update");
      }
      case "rank": {
        const letters: RankLetter[] = RANK_LETTERS.filter((l) => picked.includes(l));
        return await show(ctx, { ...f, letters, page: 0 }, "update");
      }
      case "c1":
      case "c2": {
        // Each select owns its half of the options: its values replace that half, the other half stays.
        const own = COUNTRY_PARTS[id.action === "c1" ? 0 : 1]!;
        const countries = [...f.countries.filter((c) => !own.includes(c)), ...own.filter((c) => picked.includes(c))];
        return await show(ctx, { ...f, countries, page: 0 }, "update");
      }
      default:
        return stale(ctx);
    }
  },
};
