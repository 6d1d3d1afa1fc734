/**
 * Countries, regions, flags and globes: pure lookups over the season data in `./data/`.
 *
 * @module
 */
import { COUNTRIES } from "./data/countries.ts";
import { EMOTES } from "./data/emotes.ts";
import { REGIONS } from "./data/regions.ts";
import type { Country, Region } from "./data/types.ts";

export type { Country, Region };

const BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));
const REGION_BY_CODE = new Map(REGIONS.map((r) => [r.code, r]));
const SORTED = [...COUNTRIES].sort((a, b) => a.name.localeCompare(b.name, "en"));

/**
 * The first /setup screen's 50 options: the 49 common countries by name, then "Other" (`ZZ`).
 *
 * @example
 * ```ts
 * const list = commonCountries();
 * console.log(list.length, list.at(-1)?.code); // 50 "ZZ"
 * ```
 */
export function commonCountries(): Country[] {
  const other = BY_CODE.get("ZZ");
  const list = SORTED.filter((c) => c.common && c.code !== "ZZ" && c.code !== "XX");
  return other ? [...list, other] : list;
}

/**
 * The country with this code, or `undefined`.
 *
 * @example
 * ```ts
 * console.log(countryByCode("KR")?.name); // "South Korea"
 * ```
 */
export function countryByCode(code: string): Country | undefined {
  return BY_CODE.get(code);
}

/**
 * Autocomplete over all countries: empty query → the first 25 by name; else case-insensitive substring of the name
 * (or the exact code), at most `limit`.
 *
 * @example
 * ```ts
 * console.log(searchCountries("germ").map((c) => c.code)); // ["DE"]
 * ```
 */
export function searchCountries(query: string, limit = 25): Country[] {
  const q = query.trim().toLowerCase();
  if (q === "") return SORTED.slice(0, limit);
  const exact = SORTED.filter((c) => c.code.toLowerCase() === q);
  const byName = SORTED.filter((c) => c.name.toLowerCase().includes(q) && !exact.includes(c));
  return [...exact, ...byName].slice(0, limit);
}

/**
 * Resolves what /setcountry received: a known code, else the first country whose name contains the text.
 *
 * @example
 * ```ts
 * console.log(resolveCountry("DE")?.code, resolveCountry("germany")?.code, resolveCountry("Atlantis")); // DE DE undefined
 * ```
 */
export function resolveCountry(value: string): Country | undefined {
  const v = value.trim();
  if (v === "") return undefined;
  return BY_CODE.get(v.toUpperCase()) ?? SORTED.find((c) => c.name.toLowerCase().includes(v.toLowerCase()));
}

/**
 * The region with this code, or `undefined`.
 *
 * @example
 * ```ts
 * console.log(regionByCode("KRJ")?.name); // "Korea and Japan"
 * ```
 */
export function regionByCode(code: string): Region | undefined {
  return REGION_BY_CODE.get(code);
}

/**
 * All 16 residential regions in file order.
 *
 * @example
 * ```ts
 * console.log(allRegions().length); // 16
 * ```
 */
export function allRegions(): readonly Region[] {
  return REGIONS;
}

/**
 * The flag of a country code: a regional-indicator pair, the custom emote for `XX`/`ZZ`, or 🏳️ when unknown.
 *
 * @example
 * ```ts
 * console.log(flagFor("KR")); // "🇰🇷"
 * ```
 */
export function flagFor(code: string | null | undefined): string {
  if (!code) return "🏳️";
  if (code === "XX") return EMOTES["flag_xx"] ?? "🏳️";
  if (code === "ZZ") return EMOTES["flag_zz"] ?? "🏳️";
  if (!/^[A-Z]{2}$/.test(code)) return "🏳️";
  return String.fromCodePoint(...[...code].map((c) => 127397 + c.charCodeAt(0)));
}

/**
 * The globe emoji of a region (🌎 Americas, 🌍 Europe/Africa, 🌏 Asia, 🌐 unknown).
 *
 * @example
 * ```ts
 * console.log(globeFor("EUW")); // "🌍"
 * ```
 */
export function globeFor(regionCode: string | null | undefined): string {
  const region = regionCode ? REGION_BY_CODE.get(regionCode) : undefined;
  if (!region) return "🌐";
  return region.globe === "AM" ? "🌎" : region.globe === "AF" ? "🌍" : "🌏";
}
