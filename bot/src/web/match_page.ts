/**
 * `/matches/<id>`: both players with races and ratings before and after, the map (with its Battle.net links), the
 * server, the times, and the result with where it came from. For a replay-verified match: the replay's length, lobby
 * settings and chat, the analysis (APM and build orders side by side) and the download link.
 *
 * @module
 */
import type { MatchDetails, MatchSide } from "@evo-ladder/db";
import { html } from "hono/html";
import { z } from "zod";
import type { BattleNetRegion } from "../data/types.ts";
import type { SeasonData } from "../ladder/season_data.ts";
import { playerHref } from "./leaderboard_page.ts";
import { layout, type PageContext } from "./page_layout.ts";
import type { ReplayAnalysis } from "./replay_analysis.ts";
import { flag, type Html, raceName, signed, utcDateTime } from "./web_format.ts";

/** The parts of a stored replay summary the page shows (validated: a stored summary is read leniently). */
const summarySchema = z.object({
  version: z.string().catch(""),
  lengthSeconds: z.number().catch(0),
  lobby: z.object({
    speed: z.string().nullable().catch(null),
    privacy: z.string().nullable().catch(null),
    observers: z.string().nullable().catch(null),
    gameMode: z.string().nullable().catch(null),
  }).catch({ speed: null, privacy: null, observers: null, gameMode: null }),
  chat: z.array(z.object({ seconds: z.number(), sender: z.string().nullable(), text: z.string() })).catch([]),
});

/** What the page shows of a replay summary. */
export type ShownSummary = z.infer<typeof summarySchema>;

/**
 * The shown parts of a stored summary (`null` when it is not an object).
 *
 * @example
 * ```ts
 * console.log(readSummary({ version: "5.0.14", lengthSeconds: 600, lobby: {}, chat: [] })?.lengthSeconds); // 600
 * ```
 */
export function readSummary(stored: unknown): ShownSummary | null {
  const parsed = summarySchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * `m:ss` (or `h:mm:ss`).
 *
 * @example
 * ```ts
 * console.log(clock(754), clock(3725)); // "12:34" "1:02:05"
 * ```
 */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(s >= 3600 ? 2 : 1, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

const REGIONS: readonly { key: BattleNetRegion; label: string }[] = [
  { key: "am", label: "Americas" },
  { key: "eu", label: "Europe" },
  { key: "as", label: "Asia" },
];

function sidesTable(ctx: PageContext, m: MatchDetails): Html {
  const { t } = ctx;
  const name = (s: MatchSide) => s.mainId ? html`<a href="${playerHref(s.mainId)}">${s.mainId}</a>` : html`—`;
  return html`
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">${t("web.match.col.player")}</th>
            <th scope="col">${t("web.match.col.race")}</th>
            <th scope="col" class="num">${t("web.match.col.before")}</th>
            <th scope="col" class="num">${t("web.match.col.after")}</th>
            <th scope="col">${t("web.match.col.report")}</th>
          </tr>
        </thead>
        <tbody>
    ${m.sides.map((s) =>
      html`
        <tr>
          <th scope="row">${flag(s.country, ctx.locale)} ${name(s)}</th>
          <td>${raceName(t, s.race)}</td>
          <td class="num">${s.ratingBefore}</td>
          <td class="num">${s.ratingChange === null
            ? "—"
            : `${s.ratingBefore + s.ratingChange} (${signed(s.ratingChange)})`}</td>
          <td>${s.report ? t(`web.report.${s.report}`) : "—"}</td>
        </tr>
      `
    )}
        </tbody>
      </table>
    </div>
  `;
}

function resultText(ctx: PageContext, m: MatchDetails): string {
  const { t } = ctx;
  if (m.winnerSlot === null) return t("web.match.noResult");
  if (m.winnerSlot === 0) return t("web.match.draw");
  return t("web.match.winner", { name: m.sides[m.winnerSlot - 1]?.mainId ?? "—" });
}

function facts(ctx: PageContext, m: MatchDetails, season: SeasonData): Html {
  const { t } = ctx;
  const map = season.mapByName(m.map);
  const server = season.servers.find((s) => s.code === m.server);
  const row = (label: string, value: Html | string) =>
    html`
      <dt>${label}</dt>
      <dd>${value}</dd>
    `;
  return html`<dl class="facts">
${row(t("web.match.state"), t(`web.state.${m.state}` as "web.state.created"))}
${row(t("web.match.result"), resultText(ctx, m))}
${m.resultSource ? row(t("web.match.source"), t(`web.match.source.${m.resultSource}`)) : ""}
${
    row(
      t("web.match.map"),
      html`${m.map}${
        map
          ? html`
            · ${REGIONS.map((r, i) =>
              html`${i ? " · " : ""}<a href="${map.links[r.key]}">${t("web.match.mapLink", { region: r.label })}</a>`
            )}
          `
          : ""
      }`,
    )
  }
${row(t("web.match.server"), server ? server.name : m.server)}
${row(t("web.match.created"), `${utcDateTime(m.createdAt)} UTC`)}
${m.confirmedAt ? row(t("web.match.confirmed"), `${utcDateTime(m.confirmedAt)} UTC`) : ""}
${m.endedAt ? row(t("web.match.ended"), `${utcDateTime(m.endedAt)} UTC`) : ""}
</dl>`;
}

function replaySection(ctx: PageContext, m: MatchDetails, analysis: ReplayAnalysis | null): Html {
  const { t } = ctx;
  const replay = m.replay;
  if (!replay) return html``;
  const summary = readSummary(replay.summary);
  const lobby = summary?.lobby;
  const row = (label: string, value: string | null | undefined) =>
    value
      ? html`
        <dt>${label}</dt>
        <dd>${value}</dd>
      `
      : "";
  return html`<h2>${t("web.match.replay")}</h2>
<p><a href="/matches/${m.id}/replay" download>${
    t("web.match.download", { size: Math.max(1, Math.round(replay.sizeBytes / 1024)) })
  }</a></p>
${
    summary
      ? html`<dl class="facts">
${row(t("web.match.length"), clock(summary.lengthSeconds))}
${row(t("web.match.version"), summary.version)}
${row(t("web.match.speed"), lobby?.speed)}
${row(t("web.match.privacy"), lobby?.privacy)}
${row(t("web.match.observers"), lobby?.observers)}
${row(t("web.match.gameMode"), lobby?.gameMode)}
</dl>
<h2>${t("web.match.chat")}</h2>
${
        summary.chat.length
          ? html`
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t("web.match.col.time")}</th>
                    <th scope="col">${t("web.match.col.player")}</th>
                    <th scope="col">${t("web.match.chat")}</th>
                  </tr>
                </thead>
                <tbody>${summary.chat.map((c) =>
                  html`
                    <tr>
                      <td>${clock(c.seconds)}</td>
                      <td>${c.sender ?? "—"}</td>
                      <td style="white-space:normal">${c.text}</td>
                    </tr>
                  `
                )}</tbody>
              </table>
            </div>
          `
          : html`<p>${t("web.match.noChat")}</p>`
      }`
      : ""
  }
<h2>${t("web.match.analysis")}</h2>
${analysis ? analysisBlock(ctx, analysis) : html`<p>${t("web.match.analysisNone")}</p>`}`;
}

function analysisBlock(ctx: PageContext, analysis: ReplayAnalysis): Html {
  const { t } = ctx;
  return html`<div class="side-by-side">${
    analysis.players.map((p) =>
      html`
        <section class="card" aria-label="${p.name}">
          <h3>${p.name}</h3>
          <p>${t("web.match.apm")}: <strong>${Math.round(p.apm)}</strong></p>
          <div class="scroll">
            <table>
              <caption>${t("web.match.buildOrder", { name: p.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">${t("web.match.col.time")}</th>
                  <th scope="col" class="num">${t("web.match.col.supply")}</th>
                  <th scope="col">${t("web.match.col.what")}</th>
                </tr>
              </thead>
              <tbody>${p.buildOrder.map((s) =>
                html`
                  <tr>
                    <td>${clock(s.seconds)}</td>
                    <td class="num">${s.supply ?? "—"}</td>
                    <td>${s.name}</td>
                  </tr>
                `
              )}</tbody>
            </table>
          </div>
        </section>
      `
    )
  }</div>`;
}

/**
 * The page.
 *
 * @example
 * ```ts
 * import type { PageContext } from "./page_layout.ts";
 * declare const ctx: PageContext;
 * import { type Database, matchDetails } from "@evo-ladder/db";
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * declare const db: Database;
 * const season = loadSeasonData();
 * const match = await matchDetails(db, 12);
 * if (match) console.log(String(await matchPage(ctx, match, season, null)));
 * ```
 */
export function matchPage(
  ctx: PageContext,
  m: MatchDetails,
  season: SeasonData,
  analysis: ReplayAnalysis | null,
): Html {
  const { t } = ctx;
  const body = html`<h2>${t("web.match.players")}</h2>
${sidesTable(ctx, m)}
${facts(ctx, m, season)}
${replaySection(ctx, m, analysis)}`;
  return layout(ctx, { title: t("web.match.title", { id: m.id }), nav: null, body });
}
