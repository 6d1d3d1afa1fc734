/**
 * The language of a web page: an explicit `?lang=` (the switch's links) wins, then the `lang` cookie the switch
 * leaves, then the browser's `Accept-Language` (highest quality first), then English.
 *
 * @module
 */
import type { Locale } from "../i18n/catalog.ts";

const LOCALES: readonly Locale[] = ["en", "ko"];

const asLocale = (value: string | null | undefined): Locale | null => {
  const base = value?.trim().toLowerCase().split("-")[0];
  return LOCALES.find((l) => l === base) ?? null;
};

/**
 * The first of our locales in an `Accept-Language` header by quality (`null` when none is listed).
 *
 * @example
 * ```ts
 * console.log(fromAcceptLanguage("fr;q=1, ko-KR;q=0.8, en;q=0.5")); // "ko"
 * ```
 */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header.slice(0, 500).split(",").map((part, i) => {
    const [tag, ...params] = part.split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const quality = q ? Number(q.slice(2)) : 1;
    return { locale: asLocale(tag), quality: Number.isFinite(quality) ? quality : 0, i };
  }).filter((x) => x.locale !== null && x.quality > 0);
  ranked.sort((a, b) => b.quality - a.quality || a.i - b.i);
  return ranked[0]?.locale ?? null;
}

/**
 * The page's locale from the query's `lang`, the `lang` cookie and `Accept-Language`.
 *
 * @example
 * ```ts
 * console.log(pickWebLocale({ query: null, cookie: null, acceptLanguage: "ko-KR,ko;q=0.9" })); // "ko"
 * console.log(pickWebLocale({ query: "en", cookie: "ko", acceptLanguage: "ko" })); // "en"
 * ```
 */
export function pickWebLocale(
  from: {
    query: string | null | undefined;
    cookie: string | null | undefined;
    acceptLanguage: string | null | undefined;
  },
): Locale {
  return asLocale(from.query) ?? asLocale(from.cookie) ?? fromAcceptLanguage(from.acceptLanguage) ?? "en";
}
