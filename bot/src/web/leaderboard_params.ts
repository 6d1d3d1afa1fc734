/**
 * The web leaderboard's query string, validated with zod at the boundary: unknown races, countries and letters are
 * dropped, the page is clamped to the pages there can be, the search is trimmed and bounded. Nothing a visitor types
 * makes a page fail.
 *
 * @module
 */
import { z } from "zod";
import { commonCountries } from "../geo.ts";
import { RANK_LETTERS, type RankLetter } from "../ladder/ranks.ts";
import { LEADERBOARD_RACES, type LeaderboardFilters } from "../views/leaderboard_view.ts";

/** Rows per web page. */
export const WEB_PAGE_SIZE = 50;
/** At most this many rows are listed (20 pages); the count says "more than" beyond. */
export const WEB_MAX_ROWS = 1000;
/** Pages there can be. */
export const WEB_MAX_PAGES = WEB_MAX_ROWS / WEB_PAGE_SIZE;
/** The longest search accepted (main IDs are at most 12 letters). */
export const MAX_SEARCH = 32;

/** The country codes the filter accepts: the common countries and "Other" (`ZZ`). */
export const WEB_COUNTRIES: readonly string[] = commonCountries().map((c) => c.code);

/** The validated query: the bot's filters (0-based page) and the search text. */
export interface WebLeaderboardQuery extends LeaderboardFilters {
  /** Main ID prefix to search for; empty for none. */
  readonly search: string;
}

const list = <T extends string>(allowed: readonly T[]) =>
  z.array(z.string().max(40)).max(50).transform((values) => allowed.filter((a) => values.includes(a)));

const schema = z.object({
  race: list(LEADERBOARD_RACES),
  country: list(WEB_COUNTRIES),
  rank: list<RankLetter>(RANK_LETTERS),
  best: z.enum(["1", "on", "true"]).optional().catch(undefined).transform((v) => v !== undefined),
  q: z.string().optional().catch(undefined).transform((v) => (v ?? "").trim().slice(0, MAX_SEARCH)),
  page: z.coerce.number().int().catch(1).transform((p) => Math.min(WEB_MAX_PAGES, Math.max(1, p)) - 1),
});

/**
 * The query of a `/leaderboard` URL (never throws).
 *
 * @example
 * ```ts
 * const q = parseLeaderboardQuery(new URLSearchParams("race=bw_zerg&race=nope&page=99999999999&rank=S"));
 * console.log(q.races, q.letters, q.page); // ["bw_zerg"] ["S"] 19
 * ```
 */
export function parseLeaderboardQuery(params: URLSearchParams): WebLeaderboardQuery {
  const parsed = schema.safeParse({
    race: params.getAll("race").slice(0, 50),
    country: params.getAll("country").slice(0, 50),
    rank: params.getAll("rank").slice(0, 50),
    best: params.get("best") ?? undefined,
    q: params.get("q") ?? undefined,
    page: params.get("page") ?? "1",
  });
  const v = parsed.success ? parsed.data : { race: [], country: [], rank: [], best: false, q: "", page: 0 } as const;
  return {
    races: [...v.race],
    countries: [...v.country],
    letters: [...v.rank],
    bestRaceOnly: v.best,
    search: v.q,
    page: v.page,
  };
}

/**
 * The query string of a leaderboard URL (`page` 1-based; empty filters left out).
 *
 * @example
 * ```ts
 * console.log(leaderboardSearch({ races: ["bw_zerg"], countries: [], letters: [], bestRaceOnly: true, search: "", page: 1 }));
 * // "race=bw_zerg&best=1&page=2"
 * ```
 */
export function leaderboardSearch(q: WebLeaderboardQuery): string {
  const params = new URLSearchParams();
  for (const r of q.races) params.append("race", r);
  for (const c of q.countries) params.append("country", c);
  for (const l of q.letters) params.append("rank", l);
  if (q.bestRaceOnly) params.set("best", "1");
  if (q.search) params.set("q", q.search);
  if (q.page > 0) params.set("page", String(q.page + 1));
  return params.toString();
}
