/**
 * Small formatting pieces shared by the pages: dates in UTC, signed changes, race and country names, flags.
 *
 * @module
 */
import { html } from "hono/html";
import { countryByCode } from "../geo.ts";
import type { Locale, MessageKey, Translator } from "../i18n/catalog.ts";

/** HTML produced by Hono's `html` template (escaped except where `raw` is used). */
export type Html = ReturnType<typeof html>;

/**
 * `2026-12-03 14:05` (UTC).
 *
 * @example
 * ```ts
 * console.log(utcDateTime(new Date("2026-12-03T14:05:09Z"))); // "2026-12-03 14:05"
 * ```
 */
export function utcDateTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

/**
 * `2026-12-03` (UTC).
 *
 * @example
 * ```ts
 * console.log(utcDate(new Date("2026-12-03T14:05:09Z"))); // "2026-12-03"
 * ```
 */
export function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A rating change with its sign (`+12`, `−8`, `±0`).
 *
 * @example
 * ```ts
 * console.log(signed(12), signed(-8), signed(0)); // "+12" "−8" "±0"
 * ```
 */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0";
}

/**
 * A race code's name in the page's language.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * console.log(raceName(translator("ko"), "bw_zerg")); // "스1 저그"
 * ```
 */
export function raceName(t: Translator, code: string): string {
  const key = `lb.race.${code}` as MessageKey;
  const name = t(key);
  return name === key ? code : name;
}

const DISPLAY_NAMES = new Map<Locale, Intl.DisplayNames>();

/**
 * A country's name in the page's language (the data's English name when the runtime has none).
 *
 * @example
 * ```ts
 * console.log(countryName("KR", "ko")); // "대한민국"
 * ```
 */
export function countryName(code: string | null, locale: Locale): string {
  if (!code) return "—";
  const data = countryByCode(code);
  if (code === "XX" || code === "ZZ" || !/^[A-Z]{2}$/.test(code)) return data?.name ?? code;
  let names = DISPLAY_NAMES.get(locale);
  if (!names) DISPLAY_NAMES.set(locale, names = new Intl.DisplayNames([locale], { type: "region" }));
  try {
    return names.of(code) ?? data?.name ?? code;
  } catch {
    return data?.name ?? code;
  }
}

/**
 * A country's flag as an image with its name (regional indicators; a white flag for none or "other").
 *
 * @example
 * ```ts
 * console.log(String(flag("KR", "en"))); // <span class="flag" role="img" aria-label="South Korea" title="South Korea">🇰🇷</span>
 * ```
 */
export function flag(code: string | null, locale: Locale): Html {
  const name = countryName(code, locale);
  const emoji = code && /^[A-Z]{2}$/.test(code) && code !== "XX" && code !== "ZZ"
    ? String.fromCodePoint(...[...code].map((c) => 127397 + c.charCodeAt(0)))
    : "🏳️";
  return html`<span class="flag" role="img" aria-label="${name}" title="${name}">${emoji}</span>`;
}

/**
 * A message compiled once for many values (a chart's thousands of hover titles): the catalog text with its
 * placeholders left in, split once.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const title = compiledMessage(translator("en"), "web.player.chartPoint", ["date", "rating", "change", "id"]);
 * console.log(title({ date: "2026-12-03", rating: 1520, change: "+20", id: 4 })); // "2026-12-03: 1520 (+20), match #4"
 * ```
 */
export function compiledMessage(
  t: Translator,
  key: MessageKey,
  names: readonly string[],
): (params: Readonly<Record<string, string | number>>) => string {
  const template = t(key, Object.fromEntries(names.map((n) => [n, `{${n}}`])));
  const parts = template.split(/\{(\w+)\}/);
  return (params) => {
    let out = "";
    for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? parts[i] : String(params[parts[i]!] ?? "");
    return out;
  };
}
