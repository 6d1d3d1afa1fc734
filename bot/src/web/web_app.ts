/**
 * The web site: a Hono app built from explicit dependencies ({@link WebDeps}), serving `/`, `/leaderboard`,
 * `/players/<main ID>`, `/matches/<id>`, `/matches/<id>/replay` and `/season` as server-rendered HTML in English or
 * Korean. Mount its `fetch` on any HTTP server (the bot's `HTTP_PORT` server does, beside `/healthz` and `/metrics`).
 *
 * @module
 */
import { liveStatus, matchDetails, playerByMainId, rankingState } from "@evo-ladder/db";
import { type Context, Hono } from "hono";
import { type Translator, translator } from "../i18n/catalog.ts";
import { RANKING_RULES } from "../ladder/ranking_refresh.ts";
import { cachedHtml, matchesEtag } from "./http_cache.ts";
import { homePage, messagePage, seasonPage } from "./info_pages.ts";
import { parseLeaderboardQuery, WEB_MAX_ROWS, WEB_PAGE_SIZE } from "./leaderboard_params.ts";
import { leaderboardPage, loadWebLeaderboard } from "./leaderboard_page.ts";
import { matchPage } from "./match_page.ts";
import type { PageContext } from "./page_layout.ts";
import { loadPlayerPage, playerPage } from "./player_page.ts";
import type { WebDeps } from "./web_deps.ts";
import type { Html } from "./web_format.ts";
import { pickWebLocale } from "./web_locale.ts";

export type { WebDeps };

/** The stored replay path of a match: `<match id>/<sha256>.SC2Replay`. */
const STORED_REPLAY = /^(\d+)\/([0-9a-f]{64})\.SC2Replay$/;

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [k, v] = part.trim().split("=");
    if (k === name) return v ?? null;
  }
  return null;
}

function pageContext(c: Context): PageContext {
  const url = new URL(c.req.url);
  const locale = pickWebLocale({
    query: url.searchParams.get("lang"),
    cookie: cookie(c.req.header("cookie"), "lang"),
    acceptLanguage: c.req.header("accept-language"),
  });
  return { t: translator(locale), locale, url };
}

/** A match id from the path (1–9 digits), or `null`. */
function matchId(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/**
 * Creates the site.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import { createLogger } from "../log.ts";
 * import { DEFAULT_RULES } from "../ladder/ladder_service.ts";
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * import { createRankingRefresher } from "../ladder/ranking_refresh.ts";
 * declare const db: Database;
 * const log = createLogger();
 * const app = createWebApp({ db, ranking: createRankingRefresher(db, log), now: () => new Date(),
 *   season: () => loadSeasonData(), rules: DEFAULT_RULES, readReplay: () => Promise.resolve(null), log });
 * const response = await app.request("/leaderboard");
 * ```
 */
export function createWebApp(deps: WebDeps): Hono {
  const app = new Hono();

  const send = async (c: Context, ctx: PageContext, page: Html, status = 200) => {
    const lang = ctx.url.searchParams.get("lang");
    // The switch's choice is remembered for the next pages.
    const extra: Record<string, string> = lang === ctx.locale
      ? { "set-cookie": `lang=${ctx.locale}; Path=/; Max-Age=31536000; SameSite=Lax` }
      : {};
    return await cachedHtml(c.req.raw, String(await page), status, extra);
  };
  const notFound = (c: Context, ctx: PageContext, message: (t: Translator) => string) =>
    send(c, ctx, messagePage(ctx, ctx.t("web.notFound.title"), message(ctx.t)), 404);

  app.get("/", async (c) => {
    const ctx = pageContext(c);
    const now = deps.now();
    const [live, state] = await Promise.all([liveStatus(deps.db), rankingState(deps.db, now, RANKING_RULES)]);
    return await send(c, ctx, homePage(ctx, live, state.ranked, now, deps.rules.waveIntervalMs));
  });

  app.get("/leaderboard", async (c) => {
    const ctx = pageContext(c);
    let query = parseLeaderboardQuery(ctx.url.searchParams);
    let data = await loadWebLeaderboard(deps, query);
    const last = Math.max(0, Math.ceil(Math.min(data.total, WEB_MAX_ROWS) / WEB_PAGE_SIZE) - 1);
    if (!query.search && query.page > last) {
      // Fewer entries match than the page asked for: show the last page there is.
      query = { ...query, page: last };
      data = await loadWebLeaderboard(deps, query);
    }
    return await send(c, ctx, leaderboardPage(ctx, query, data));
  });

  app.get("/players/:mainId", async (c) => {
    const ctx = pageContext(c);
    const name = c.req.param("mainId");
    const player = name.length <= 64 ? await playerByMainId(deps.db, name) : null;
    if (!player) return await notFound(c, ctx, (t) => t("web.notFound.player", { name: name.slice(0, 64) }));
    return await send(c, ctx, playerPage(ctx, await loadPlayerPage(deps, player)));
  });

  app.get("/matches/:id", async (c) => {
    const ctx = pageContext(c);
    const id = matchId(c.req.param("id"));
    const match = id === null ? null : await matchDetails(deps.db, id);
    if (!match) return await notFound(c, ctx, (t) => t("web.notFound.match", { id: c.req.param("id").slice(0, 12) }));
    const analysis = match.replay && deps.analysis ? await deps.analysis(match.replay) : null;
    return await send(c, ctx, matchPage(ctx, match, deps.season(), analysis));
  });

  app.get("/matches/:id/replay", async (c) => {
    const ctx = pageContext(c);
    const id = matchId(c.req.param("id"));
    const replay = id === null ? null : (await matchDetails(deps.db, id))?.replay ?? null;
    const path = replay ? STORED_REPLAY.exec(replay.storagePath) : null;
    // Only the file this match's verified replay row names, under its own match's directory.
    if (!replay || !path || Number(path[1]) !== id || path[2] !== replay.fileSha256) {
      return await notFound(c, ctx, (t) => t("web.notFound.replay"));
    }
    const etag = `"${replay.fileSha256}"`;
    const headers = {
      "cache-control": "public, max-age=86400, immutable",
      etag,
      "x-content-type-options": "nosniff",
    };
    if (matchesEtag(c.req.header("if-none-match") ?? null, etag)) return new Response(null, { status: 304, headers });
    const bytes = await deps.readReplay(replay.storagePath);
    const digest = bytes ? await sha256Hex(bytes) : null;
    if (!bytes || digest !== replay.fileSha256) {
      deps.log.error("stored replay missing or altered", { matchId: id, path: replay.storagePath });
      return await notFound(c, ctx, (t) => t("web.notFound.replay"));
    }
    return new Response(bytes.slice(), {
      headers: {
        ...headers,
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="evo-ladder-match-${id}.SC2Replay"`,
        "content-length": String(bytes.byteLength),
      },
    });
  });

  app.get("/season", async (c) => {
    const ctx = pageContext(c);
    return await send(c, ctx, seasonPage(ctx, deps.season(), deps.rules));
  });

  app.notFound(async (c) => {
    const ctx = pageContext(c);
    return await notFound(c, ctx, (t) => t("web.notFound.page"));
  });

  app.onError(async (error, c) => {
    deps.log.error("web page failed", { error, path: new URL(c.req.url).pathname });
    const ctx = pageContext(c);
    const page = messagePage(ctx, ctx.t("web.error.title"), ctx.t("web.error.body"));
    return new Response(String(await page), {
      status: 500,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  });

  return app;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
