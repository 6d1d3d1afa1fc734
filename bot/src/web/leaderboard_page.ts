/**
 * `/leaderboard`: the bot's leaderboard on the web — filters (race, country, rank, best race only) as a plain GET
 * form, search by main ID, 50 rows a page with page numbers. Pages come from the same snapshot and page cache as the
 * Discord command, and never wait for a snapshot rebuild.
 *
 * @module
 */
import { lastPlayed, leaderboard, type LeaderboardPage, searchRanked } from "@evo-ladder/db";
import { html, raw } from "hono/html";
import { RANK_LETTERS } from "../ladder/ranks.ts";
import { RANKING_RULES } from "../ladder/ranking_refresh.ts";
import { LEADERBOARD_RACES, leaderboardQueryOf } from "../views/leaderboard_view.ts";
import {
  leaderboardSearch,
  WEB_COUNTRIES,
  WEB_MAX_PAGES,
  WEB_MAX_ROWS,
  WEB_PAGE_SIZE,
  type WebLeaderboardQuery,
} from "./leaderboard_params.ts";
import { layout, type PageContext } from "./page_layout.ts";
import type { WebDeps } from "./web_deps.ts";
import { countryName, flag, type Html, raceName, utcDate } from "./web_format.ts";

/** A cached page with when each row's race was last played (keyed `"<discord id>/<race>"`). */
type PageWithLastPlayed = LeaderboardPage & { readonly lastPlayed?: ReadonlyMap<string, Date> };

/** One row as the page shows it. */
export interface WebLeaderboardRow {
  readonly globalRank: number;
  readonly letter: string;
  readonly country: string | null;
  readonly mainId: string | null;
  readonly race: string;
  readonly rating: number;
  readonly won: number;
  readonly lost: number;
  readonly lastPlayedAt: Date | null;
}

/** The data of one page. */
export interface WebLeaderboardData {
  readonly rows: readonly WebLeaderboardRow[];
  /** Matching entries, counted up to {@link WEB_MAX_ROWS} + 1. */
  readonly total: number;
}

/**
 * Reads a page (or the search results): the snapshot made ready without waiting for a rebuild, the page from the
 * shared page cache, then when each listed race was last played.
 *
 * @example
 * ```ts
 * import type { WebDeps } from "./web_deps.ts";
 * declare const deps: WebDeps;
 * import { parseLeaderboardQuery } from "./leaderboard_params.ts";
 * const data = await loadWebLeaderboard(deps, parseLeaderboardQuery(new URLSearchParams("race=bw_zerg")));
 * ```
 */
export async function loadWebLeaderboard(deps: WebDeps, q: WebLeaderboardQuery): Promise<WebLeaderboardData> {
  const now = deps.now();
  const refresher = deps.ranking;
  await refresher.ready(now);
  if (q.search) {
    const found = await searchRanked(deps.db, q.search, WEB_PAGE_SIZE);
    return { rows: found.map((r) => ({ ...r, lastPlayedAt: null })), total: found.length };
  }
  // The page and when its rows were last played are cached together (the web's pages share the bot's page cache,
  // which every ranking refresh drops).
  const page = await refresher.cache.get(`web:${leaderboardSearch({ ...q, search: "" })}|${q.page}`, async () => {
    const found = await leaderboard(deps.db, {
      ...leaderboardQueryOf(q),
      page: q.page,
      pageSize: WEB_PAGE_SIZE,
      maxRows: WEB_MAX_ROWS,
      now,
      rules: RANKING_RULES,
      refresh: false,
    });
    const at = await lastPlayed(deps.db, found.rows.map((r) => ({ discordId: r.discordId, race: r.race })));
    return { ...found, lastPlayed: at } satisfies PageWithLastPlayed;
  }) as PageWithLastPlayed;
  const played = page.lastPlayed ?? new Map<string, Date>();
  return {
    rows: page.rows.map((r) => ({
      globalRank: r.globalRank,
      letter: r.letter,
      country: r.country,
      mainId: r.mainId,
      race: r.race,
      rating: r.rating,
      won: r.won,
      lost: r.lost,
      lastPlayedAt: played.get(`${r.discordId}/${r.race}`) ?? null,
    })),
    total: page.total,
  };
}

/**
 * The link to a player's page.
 *
 * @example
 * ```ts
 * console.log(playerHref("Alice")); // "/players/Alice"
 * ```
 */
export function playerHref(mainId: string): string {
  return `/players/${encodeURIComponent(mainId)}`;
}

function filtersForm(ctx: PageContext, q: WebLeaderboardQuery): Html {
  const { t } = ctx;
  const checked = (on: boolean) => raw(on ? " checked" : "");
  return html`
    <form class="filters" method="get" action="/leaderboard" aria-label="${t("web.lb.filters")}">
      <label>${t("web.lb.search")}<input type="search" name="q" value="${q
        .search}" maxlength="32" autocomplete="off"></label>
      <fieldset class="check-group"><legend>${t("web.lb.race")}</legend>
    ${LEADERBOARD_RACES.map((r) =>
      html`<label class="check"><input type="checkbox" name="race" value="${r}"${checked(q.races.includes(r))}>${
        raceName(t, r)
      }</label>`
    )}
      </fieldset>
      <fieldset class="check-group"><legend>${t("web.lb.rank")}</legend>
    ${RANK_LETTERS.map((l) =>
      html`<label class="check"><input type="checkbox" name="rank" value="${l}"${
        checked(q.letters.includes(l))
      }>${l}</label>`
    )}
      </fieldset>
      <label>${t("web.lb.country")}<select name="country">
    <option value="">${t("web.lb.anyCountry")}</option>
    ${WEB_COUNTRIES.map((c) =>
      html`
        <option value="${c}" ${raw(q.countries.includes(c) ? " selected" : "")}>${c === "ZZ"
          ? t("lb.country.other")
          : countryName(c, ctx.locale)}</option>
      `
    )}
    </select></label>
      <label class="check"><input type="checkbox" name="best" value="1"${checked(q.bestRaceOnly)}>${t(
        "web.lb.best",
      )}</label>
      <button type="submit">${t("web.lb.apply")}</button>
      <a href="/leaderboard">${t("web.lb.clear")}</a>
    </form>
  `;
}

function table(ctx: PageContext, rows: readonly WebLeaderboardRow[]): Html {
  const { t } = ctx;
  return html`
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">${t("web.lb.col.rank")}</th>
            <th scope="col">${t("web.lb.col.letter")}</th>
            <th scope="col">${t("web.lb.col.country")}</th>
            <th scope="col">${t("web.lb.col.mainId")}</th>
            <th scope="col">${t("web.lb.col.race")}</th>
            <th scope="col" class="num">${t("web.lb.col.rating")}</th>
            <th scope="col" class="num">${t("web.lb.col.record")}</th>
            <th scope="col">${t("web.lb.col.lastPlayed")}</th>
          </tr>
        </thead>
        <tbody>
    ${rows.map((r) =>
      html`
        <tr>
          <td class="num">${r.globalRank}</td>
          <td>${r.letter}</td>
          <td>${flag(r.country, ctx.locale)}</td>
          <td>${r.mainId ? html`<a href="${playerHref(r.mainId)}">${r.mainId}</a>` : "—"}</td>
          <td>${raceName(t, r.race)}</td>
          <td class="num">${r.rating}</td>
          <td class="num">${r.won}/${r.lost}</td>
          <td>${r.lastPlayedAt ? utcDate(r.lastPlayedAt) : "—"}</td>
        </tr>
      `
    )}
        </tbody>
      </table>
    </div>
  `;
}

function pager(ctx: PageContext, q: WebLeaderboardQuery, pages: number): Html {
  if (pages <= 1) return html``;
  const href = (page: number) => `/leaderboard?${leaderboardSearch({ ...q, page })}`;
  return html`
    <nav class="pages" aria-label="${ctx.t("web.lb.pages")}">
      <ul>
    ${q.page > 0 ? html`<li><a href="${href(q.page - 1)}" rel="prev">${ctx.t("web.lb.prev")}</a></li>` : ""}
    ${Array.from(
      { length: pages },
      (_, i) =>
        i === q.page
          ? html`<li><span aria-current="page">${i + 1}</span></li>`
          : html`<li><a href="${href(i)}">${i + 1}</a></li>`,
    )}
    ${q.page < pages - 1 ? html`<li><a href="${href(q.page + 1)}" rel="next">${ctx.t("web.lb.next")}</a></li>` : ""}
      </ul>
    </nav>
  `;
}

/**
 * The page.
 *
 * @example
 * ```ts
 * import type { WebDeps } from "./web_deps.ts";
 * declare const deps: WebDeps;
 * import type { PageContext } from "./page_layout.ts";
 * declare const ctx: PageContext;
 * import { parseLeaderboardQuery } from "./leaderboard_params.ts";
 * const query = parseLeaderboardQuery(ctx.url.searchParams);
 * const page = leaderboardPage(ctx, query, await loadWebLeaderboard(deps, query));
 * ```
 */
export function leaderboardPage(ctx: PageContext, q: WebLeaderboardQuery, data: WebLeaderboardData): Html {
  const { t } = ctx;
  const pages = Math.max(1, Math.min(WEB_MAX_PAGES, Math.ceil(Math.min(data.total, WEB_MAX_ROWS) / WEB_PAGE_SIZE)));
  const summary = q.search
    ? html`<p>${t("web.lb.searchResults", { query: q.search })}</p>`
    : html`<p>${t("web.lb.summary", { count: Math.min(data.total, WEB_MAX_ROWS), page: q.page + 1, pages })}</p>
${data.total > WEB_MAX_ROWS ? html`<p class="muted">${t("web.lb.over", { max: WEB_MAX_ROWS })}</p>` : ""}`;
  const body = html`${filtersForm(ctx, q)}
${summary}
${data.rows.length === 0 ? html`<p class="banner">${t("web.lb.empty")}</p>` : table(ctx, data.rows)}
${q.search ? "" : pager(ctx, q, pages)}
<p class="muted">${t("web.lb.inactive")}</p>`;
  return layout(ctx, { title: t("web.lb.title"), nav: "leaderboard", body });
}
