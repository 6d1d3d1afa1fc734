/**
 * `/players/<main ID>`: a player's country and alternative IDs, ratings and ranks per race with W/L/D and the last
 * 14/30/90 days, a rating-history chart per race (one point per rated match), and the last 50 matches. A banned
 * player's page says so and nothing more.
 *
 * @module
 */
import {
  type PlayerMatch,
  playerMatches,
  type PlayerRaceStats,
  playerStats,
  type PublicPlayer,
  ratingHistory,
  type RatingPoint,
} from "@evo-ladder/db";
import { html } from "hono/html";
import { recordText } from "../views/profile_view.ts";
import { playerHref } from "./leaderboard_page.ts";
import { layout, type PageContext } from "./page_layout.ts";
import { ratingChart } from "./rating_chart.ts";
import type { WebDeps } from "./web_deps.ts";
import { compiledMessage, countryName, flag, type Html, raceName, signed, utcDate, utcDateTime } from "./web_format.ts";

/** What the page shows of a player. */
export interface PlayerPageData {
  readonly player: PublicPlayer;
  readonly races: readonly PlayerRaceStats[];
  readonly history: readonly RatingPoint[];
  readonly matches: readonly PlayerMatch[];
}

/** Matches listed on the page. */
export const PLAYER_MATCHES = 50;

/**
 * Reads the page's data (nothing beyond the record for a banned player).
 *
 * @example
 * ```ts
 * import type { WebDeps } from "./web_deps.ts";
 * declare const deps: WebDeps;
 * import type { PublicPlayer } from "@evo-ladder/db";
 * declare const player: PublicPlayer;
 * const data = await loadPlayerPage(deps, player);
 * ```
 */
export async function loadPlayerPage(deps: WebDeps, player: PublicPlayer): Promise<PlayerPageData> {
  if (player.banned) return { player, races: [], history: [], matches: [] };
  const now = deps.now();
  // The ranks come from the snapshot as it is: making it ready (a rebuild starts in the background when it is out
  // of date) runs beside the reads instead of before them.
  const [, races, history, matches] = await Promise.all([
    deps.ranking.ready(now, 0),
    playerStats(deps.db, player.discordId, now),
    ratingHistory(deps.db, player.discordId),
    playerMatches(deps.db, player.discordId, PLAYER_MATCHES),
  ]);
  return { player, races, history, matches };
}

function racesTable(ctx: PageContext, races: readonly PlayerRaceStats[]): Html {
  const { t } = ctx;
  if (races.length === 0) return html`<p>${t("web.player.noRaces")}</p>`;
  return html`
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">${t("web.player.col.race")}</th>
            <th scope="col" class="num">${t("web.player.col.rating")}</th>
            <th scope="col">${t("web.player.col.rank")}</th>
            <th scope="col">${t("web.player.col.record")}</th>
            <th scope="col">${t("web.player.col.d14")}</th>
            <th scope="col">${t("web.player.col.d30")}</th>
            <th scope="col">${t("web.player.col.d90")}</th>
          </tr>
        </thead>
        <tbody>
    ${races.map((r) =>
      html`
        <tr>
          <th scope="row">${raceName(t, r.race)}</th>
          <td class="num">${r.rating}</td>
          <td>${r.letter && r.globalRank ? `${r.letter} #${r.globalRank}` : t("web.player.unranked")}</td>
          <td>${recordText(r)}</td>
          <td>${recordText(r.last14)}</td>
          <td>${recordText(r.last30)}</td>
          <td>${recordText(r.last90)}</td>
        </tr>
      `
    )}
        </tbody>
      </table>
    </div>
  `;
}

function charts(ctx: PageContext, history: readonly RatingPoint[]): Html {
  const { t } = ctx;
  const byRace = new Map<string, RatingPoint[]>();
  for (const p of history) {
    const points = byRace.get(p.race);
    if (points) points.push(p);
    else byRace.set(p.race, [p]);
  }
  const pointTitle = compiledMessage(t, "web.player.chartPoint", ["date", "rating", "change", "id"]);
  return html`${
    [...byRace].map(([race, points]) => {
      const label = t("web.player.chart", { race: raceName(t, race) });
      const chartPoints = points.map((p) => ({
        at: p.endedAt,
        rating: p.ratingAfter,
        title: pointTitle({
          date: utcDateTime(p.endedAt),
          rating: p.ratingAfter,
          change: signed(p.ratingAfter - p.ratingBefore),
          id: p.matchId,
        }),
      }));
      return html`<figure class="chart" data-race="${race}">${
        ratingChart(label, chartPoints)
      }<figcaption>${label}</figcaption></figure>`;
    })
  }`;
}

function matchesTable(ctx: PageContext, matches: readonly PlayerMatch[]): Html {
  const { t } = ctx;
  if (matches.length === 0) return html`<p>${t("web.player.noMatches")}</p>`;
  return html`
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">${t("web.player.col.match")}</th>
            <th scope="col">${t("web.player.col.date")}</th>
            <th scope="col">${t("web.player.col.race")}</th>
            <th scope="col">${t("web.player.col.opponent")}</th>
            <th scope="col">${t("web.player.col.result")}</th>
            <th scope="col" class="num">${t("web.player.col.change")}</th>
          </tr>
        </thead>
        <tbody>
    ${matches.map((m) =>
      html`
        <tr>
          <td><a href="/matches/${m.id}">#${m.id}</a></td>
          <td>${utcDate(m.endedAt ?? m.createdAt)}</td>
          <td>${raceName(t, m.race)}</td>
          <td>${m.opponentMainId
            ? html`<a href="${playerHref(m.opponentMainId)}">${m.opponentMainId}</a>`
            : "—"} (${raceName(t, m.opponentRace)})</td>
          <td${m.outcome === "won"
            ? html`
              class="won"
            `
            : m.outcome === "lost"
            ? html`
              class="lost"
            `
            : ""}>${m.outcome ? t(`web.result.${m.outcome}`) : t(`web.state.${m.state}` as "web.state.created")}</td>
        <td class="num">${m.ratingChange === null ? "—" : signed(m.ratingChange)}</td></tr>
      `
    )}
        </tbody>
      </table>
    </div>
  `;
}

/**
 * The page.
 *
 * @example
 * ```ts
 * import type { WebDeps } from "./web_deps.ts";
 * declare const deps: WebDeps;
 * import type { PublicPlayer } from "@evo-ladder/db";
 * declare const player: PublicPlayer;
 * import type { PageContext } from "./page_layout.ts";
 * declare const ctx: PageContext;
 * const page = playerPage(ctx, await loadPlayerPage(deps, player));
 * ```
 */
export function playerPage(ctx: PageContext, data: PlayerPageData): Html {
  const { t } = ctx;
  const p = data.player;
  if (p.banned) {
    return layout(ctx, {
      title: p.mainId,
      nav: null,
      body: html`<p class="banner" role="status">${t("web.player.banned")}</p>`,
    });
  }
  const body = html`
    <dl class="facts">
      <dt>${t("web.player.country")}</dt>
      <dd>${flag(p.country, ctx.locale)} ${countryName(p.country, ctx.locale)}</dd>
      <dt>${t("web.player.altIds")}</dt>
      <dd>${p.altIds.length ? p.altIds.join(", ") : t("common.none")}</dd>
    </dl>
    <h2>${t("web.player.races")}</h2>
    ${racesTable(ctx, data.races)}
    <h2>${t("web.player.history")}</h2>
    ${data.history.length ? charts(ctx, data.history) : html`<p>${t("web.player.noRaces")}</p>`}
    <h2>${t("web.player.matches")}</h2>
    ${matchesTable(ctx, data.matches)}
  `;
  return layout(ctx, { title: t("web.player.title", { name: p.mainId }), nav: null, body });
}
