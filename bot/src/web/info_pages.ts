/**
 * The pages without a database object of their own: `/` (live status and links), `/season` (the map pool with
 * links, the accepted mod versions, the rules) and the error pages.
 *
 * @module
 */
import type { LiveStatus } from "@evo-ladder/db";
import { html } from "hono/html";
import type { BattleNetRegion } from "../data/types.ts";
import type { SeasonData } from "../ladder/season_data.ts";
import { layout, type PageContext } from "./page_layout.ts";
import type { WebDeps } from "./web_deps.ts";
import type { Html } from "./web_format.ts";

const REGION_LABELS: readonly { key: BattleNetRegion; label: string }[] = [
  { key: "am", label: "AM" },
  { key: "eu", label: "EU" },
  { key: "as", label: "AS" },
];

/**
 * When the next matchmaking wave runs: waves run at every multiple of the interval (Unix time).
 *
 * @example
 * ```ts
 * console.log(nextWaveAt(new Date(100_000), 45_000).getTime()); // 135000
 * ```
 */
export function nextWaveAt(now: Date, intervalMs: number): Date {
  return new Date((Math.floor(now.getTime() / intervalMs) + 1) * intervalMs);
}

/**
 * `/`.
 *
 * @example
 * ```ts
 * import type { PageContext } from "./page_layout.ts";
 * declare const ctx: PageContext;
 * const page = homePage(ctx, { queued: 3, inProgress: 1 }, 120, new Date(), 45_000);
 * ```
 */
export function homePage(ctx: PageContext, live: LiveStatus, ranked: number, now: Date, waveMs: number): Html {
  const { t } = ctx;
  const next = nextWaveAt(now, waveMs);
  const card = (label: string, value: string | number, id: string) =>
    html`
      <div class="card" id="${id}">
        <div class="big">${value}</div>
        <div>${label}</div>
      </div>
    `;
  const body = html`
    <section aria-label="${t("web.home.title")}">
      <div class="cards">
    ${card(t("web.home.queued"), live.queued, "queued")}
    ${card(t("web.home.inProgress"), live.inProgress, "in-progress")}
    ${card(t("web.home.ranked"), ranked, "ranked")}
    ${card(
      t("web.home.nextWave"),
      t("web.home.nextWaveIn", {
        time: next.toISOString().slice(11, 19),
        seconds: Math.ceil((next.getTime() - now.getTime()) / 1000),
      }),
      "next-wave",
    )}
      </div>
    </section>
    <h2>${t("web.home.links")}</h2>
    <ul>
      <li><a href="/leaderboard">${t("web.nav.leaderboard")}</a></li>
      <li><a href="/season">${t("web.nav.season")}</a></li>
    </ul>
    <p class="muted">${t("web.home.joinHint")}</p>
  `;
  return layout(ctx, { title: t("web.home.title"), nav: "home", body });
}

/**
 * `/season`.
 *
 * @example
 * ```ts
 * import type { PageContext } from "./page_layout.ts";
 * declare const ctx: PageContext;
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * import { DEFAULT_RULES } from "../ladder/ladder_service.ts";
 * const page = seasonPage(ctx, loadSeasonData(), DEFAULT_RULES);
 * ```
 */
export function seasonPage(ctx: PageContext, season: SeasonData, rules: WebDeps["rules"]): Html {
  const { t } = ctx;
  const links = (l: Readonly<Record<BattleNetRegion, string>>) =>
    REGION_LABELS.map((r, i) => html`${i ? " · " : ""}<a href="${l[r.key]}">${r.label}</a>`);
  const body = html`
    <h2>${t("web.season.maps")}</h2>
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">${t("web.season.col.map")}</th>
            <th scope="col">${t("web.season.col.author")}</th>
            <th scope="col">${t("web.season.col.links")}</th>
          </tr>
        </thead>
        <tbody>${season.maps.map((m) =>
          html`
            <tr>
              <th scope="row">${m.name}</th>
              <td>${m.author}</td>
              <td>${links(m.links)}</td>
            </tr>
          `
        )}</tbody>
      </table>
    </div>
    <h2>${t("web.season.mods")}</h2>
    <ul>${season.acceptedModVersions.map((m) => html`<li>${m.name} (${m.id}) — ${links(m.links)}</li>`)}</ul>
    <h2>${t("web.season.rules")}</h2>
    <ul>
      <li>${t("web.season.rule.waves", { seconds: Math.round(rules.waveIntervalMs / 1000) })}</li>
      <li>${t("web.season.rule.confirm", { seconds: Math.round(rules.confirmWindowMs / 1000) })}</li>
      <li>${t("web.season.rule.aborts", { aborts: rules.abortsPerMonth })}</li>
      <li>${t("web.season.rule.result", { hours: Math.round((rules.resultWindowMs / 3600_000) * 10) / 10 })}</li>
      <li>${t("web.season.rule.elo")}</li>
    </ul>
  `;
  return layout(ctx, { title: `${t("web.season.title")}: ${season.season}`, nav: "season", body });
}

/**
 * A page that says what is missing (sent with 404) or that something failed (500).
 *
 * @example
 * ```ts
 * import type { PageContext } from "./page_layout.ts";
 * declare const ctx: PageContext;
 * const page = messagePage(ctx, ctx.t("web.notFound.title"), ctx.t("web.notFound.page"));
 * ```
 */
export function messagePage(ctx: PageContext, title: string, message: string): Html {
  return layout(ctx, {
    title,
    nav: null,
    body: html`
      <p class="banner">${message}</p>
      <p><a href="/">${ctx.t("web.nav.home")}</a></p>
    `,
  });
}
