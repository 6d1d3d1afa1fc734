/**
 * The /leaderboard screen: the filters, a page of 40 rows as a code block of padded columns (aligned on desktop and
 * mobile, Hangul counted as two columns), paging buttons, a page-jump modal, and the race, rank and country selects.
 * The whole filter state rides in every custom id, compactly (bit masks in base 36), so the buttons keep working
 * after a restart.
 *
 * @module
 */
import { ButtonStyles, MessageComponentTypes, TextStyles } from "@discordeno/bot";
import type { LeaderboardPage, LeaderboardRow } from "@evo-ladder/db";
import { customId } from "../custom_id.ts";
import { commonCountries, type Country, flagFor } from "../geo.ts";
import type { MessageKey, Translator } from "../i18n/catalog.ts";
import { RANK_LETTERS, type RankLetter } from "../ladder/ranks.ts";
import { button, type ButtonView, message, type MessageView, type ModalView, row, type SelectView } from "./ui.ts";

/** Rows per page. */
export const LEADERBOARD_PAGE_SIZE = 40;
/** Pages at most (Discord's UI limits: the top 1000). */
export const LEADERBOARD_MAX_PAGES = 25;
/** The custom id namespace. */
export const LEADERBOARD_NAMESPACE = "lb";

/** The six races in canonical order (their bit in the race mask is their index). */
export const LEADERBOARD_RACES = [
  "bw_terran",
  "bw_zerg",
  "bw_protoss",
  "sc2_terran",
  "sc2_zerg",
  "sc2_protoss",
] as const;
const RACE_SHORT: Readonly<Record<string, string>> = {
  bw_terran: "T1",
  bw_zerg: "Z1",
  bw_protoss: "P1",
  sc2_terran: "T2",
  sc2_zerg: "Z2",
  sc2_protoss: "P2",
};

/** The country options: the common countries by name, then "Other" (`ZZ`, every non-common country). */
const COUNTRY_OPTIONS: readonly Country[] = commonCountries();
/** The code of the "Other" option. */
export const OTHER_COUNTRY = "ZZ";

/** What the leaderboard shows: filters (empty = all) and a 0-based page. */
export interface LeaderboardFilters {
  readonly races: readonly string[];
  /** Common country codes, and `ZZ` for "Other". */
  readonly countries: readonly string[];
  readonly letters: readonly RankLetter[];
  readonly bestRaceOnly: boolean;
  readonly page: number;
}

/** No filter, first page. */
export const NO_FILTERS: LeaderboardFilters = { races: [], countries: [], letters: [], bestRaceOnly: false, page: 0 };

function mask(all: readonly string[], picked: readonly string[]): string {
  let bits = 0n;
  all.forEach((value, i) => {
    if (picked.includes(value)) bits |= 1n << BigInt(i);
  });
  return bits.toString(36);
}

function unmask<T extends string>(all: readonly T[], text: string | undefined): T[] | null {
  if (text === undefined || !/^[0-9a-z]{1,12}$/.test(text)) return null;
  let bits = 0n;
  for (const ch of text) bits = bits * 36n + BigInt(parseInt(ch, 36));
  return all.filter((_, i) => (bits >> BigInt(i)) & 1n);
}

/**
 * The filters as a short custom-id part: `races.letters.countries.best.page` (masks in base 36).
 *
 * @example
 * ```ts
 * console.log(encodeFilters({ ...NO_FILTERS, races: ["bw_zerg"], page: 3 })); // "2.0.0.0.3"
 * ```
 */
export function encodeFilters(f: LeaderboardFilters): string {
  const countries = COUNTRY_OPTIONS.map((c) => c.code);
  return [
    mask(LEADERBOARD_RACES, f.races),
    mask(RANK_LETTERS, f.letters),
    mask(countries, f.countries),
    f.bestRaceOnly ? "1" : "0",
    String(f.page),
  ].join(".");
}

/**
 * Reads {@link encodeFilters}' output back; `null` when it is not one.
 *
 * @example
 * ```ts
 * console.log(decodeFilters("2.0.0.0.3")?.races); // ["bw_zerg"]
 * ```
 */
export function decodeFilters(text: string | undefined): LeaderboardFilters | null {
  const [r, l, c, b, p] = (text ?? "").split(".");
  const races = unmask(LEADERBOARD_RACES, r);
  const letters = unmask(RANK_LETTERS, l);
  const countries = unmask(COUNTRY_OPTIONS.map((x) => x.code), c);
  if (!races || !letters || !countries || (b !== "0" && b !== "1") || !/^\d{1,2}$/.test(p ?? "")) return null;
  const page = Math.min(Number(p), LEADERBOARD_MAX_PAGES - 1);
  return { races, letters, countries, bestRaceOnly: b === "1", page };
}

/**
 * How many pages `total` matching entries fill (at least 1, at most 25).
 *
 * @example
 * ```ts
 * console.log(pageCount(0), pageCount(41), pageCount(5000)); // 1 2 25
 * ```
 */
export function pageCount(total: number): number {
  return Math.max(1, Math.min(LEADERBOARD_MAX_PAGES, Math.ceil(total / LEADERBOARD_PAGE_SIZE)));
}

/**
 * The data layer's query for these filters (the "Other" option becomes "any country not in the common list").
 *
 * @example
 * ```ts
 * const q = leaderboardQueryOf({ ...NO_FILTERS, countries: ["KR", "ZZ"] });
 * console.log(q.countries, q.otherThan.length); // ["KR"] 49
 * ```
 */
export function leaderboardQueryOf(f: LeaderboardFilters): {
  races: string[];
  countries: string[];
  otherThan: string[];
  letters: RankLetter[];
  bestRaceOnly: boolean;
} {
  const other = f.countries.includes(OTHER_COUNTRY);
  return {
    races: [...f.races],
    countries: f.countries.filter((c) => c !== OTHER_COUNTRY),
    otherThan: other ? COUNTRY_OPTIONS.map((c) => c.code).filter((c) => c !== OTHER_COUNTRY) : [],
    letters: [...f.letters],
    bestRaceOnly: f.bestRaceOnly,
  };
}

/** Display width in a monospace font: wide East Asian characters take two columns. */
function widthOf(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

function clip(text: string, width: number): string {
  let out = "";
  for (const ch of text) {
    if (widthOf(out + ch) > width) break;
    out += ch;
  }
  return out;
}

const padEnd = (text: string, width: number) => text + " ".repeat(Math.max(0, width - widthOf(text)));
const padStart = (text: string, width: number) => " ".repeat(Math.max(0, width - widthOf(text))) + text;

/**
 * The rows as an aligned text table (header first), for a code block.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * import type { LeaderboardPage } from "@evo-ladder/db";
 * declare const page: LeaderboardPage;
 * console.log(leaderboardTable(translator("en"), page.rows));
 * ```
 */
export function leaderboardTable(t: Translator, rows: readonly LeaderboardRow[]): string {
  const header = [
    t("lb.col.rank"),
    t("lb.col.pos"),
    t("lb.col.letter"),
    t("lb.col.race"),
    t("lb.col.country"),
    t("lb.col.name"),
    t("lb.col.rating"),
  ];
  const cells = rows.map((r) => [
    String(r.globalRank),
    String(r.position),
    r.letter,
    RACE_SHORT[r.race] ?? r.race,
    r.country ?? "--",
    clip(r.mainId ?? "?", 12),
    String(r.rating),
  ]);
  const widths = header.map((h, i) => Math.max(widthOf(h), ...cells.map((c) => widthOf(c[i]!))));
  // Numbers right-aligned, text left-aligned; the name column is last but one so ratings line up.
  const right = [true, true, false, false, false, false, true];
  const line = (c: readonly string[]) =>
    c.map((v, i) => (right[i] ? padStart(v, widths[i]!) : padEnd(v, widths[i]!))).join(" ").trimEnd();
  return [line(header), ...cells.map(line)].join("\n");
}

function raceName(t: Translator, code: string): string {
  return t(`lb.race.${code}` as MessageKey);
}

function countryLabel(t: Translator, c: Country): string {
  return c.code === OTHER_COUNTRY ? t("lb.country.other") : c.name;
}

/** The custom id of an action with the filter state. */
function lbId(action: string, f: LeaderboardFilters): string {
  return customId(LEADERBOARD_NAMESPACE, action, encodeFilters(f));
}

function select(
  id: string,
  placeholder: string,
  options: { label: string; value: string; emoji?: string; on: boolean }[],
): SelectView {
  return {
    type: MessageComponentTypes.SelectMenu,
    customId: id,
    placeholder,
    minValues: 0,
    maxValues: options.length,
    options: options.map((o) => ({
      label: o.label.slice(0, 100),
      value: o.value,
      ...(o.emoji ? { emoji: { name: o.emoji } } : {}),
      ...(o.on ? { default: true } : {}),
    })),
  };
}

/** The two halves of the country options (a select holds at most 25). */
export const COUNTRY_PARTS: readonly (readonly string[])[] = [
  COUNTRY_OPTIONS.slice(0, 25).map((c) => c.code),
  COUNTRY_OPTIONS.slice(25).map((c) => c.code),
];

/**
 * The leaderboard message: filters, the table, the footer, and the controls.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * import type { LeaderboardPage } from "@evo-ladder/db";
 * declare const page: LeaderboardPage; // from `leaderboard(db, query)`
 * const view = leaderboardView(translator("en"), NO_FILTERS, page);
 * ```
 */
export function leaderboardView(t: Translator, f: LeaderboardFilters, page: LeaderboardPage): MessageView {
  const pages = pageCount(page.total);
  const list = (values: readonly string[], name: (v: string) => string) =>
    values.length === 0 ? t("lb.all") : values.map(name).join(", ");
  const countryNames = (code: string) => {
    const c = COUNTRY_OPTIONS.find((x) => x.code === code);
    return c ? (c.code === OTHER_COUNTRY ? t("lb.country.other") : c.code) : code;
  };
  const filters = t("lb.filters", {
    races: list(f.races, (r) => raceName(t, r)),
    countries: list(COUNTRY_OPTIONS.map((c) => c.code).filter((c) => f.countries.includes(c)), countryNames),
    ranks: list(f.letters, (l) => l),
    best: f.bestRaceOnly ? t("lb.yes") : t("lb.no"),
  });
  const body = page.rows.length > 0 ? "```\n" + leaderboardTable(t, page.rows) + "\n```" : `**${t("lb.empty")}**`;
  const count = page.total > LEADERBOARD_MAX_PAGES * LEADERBOARD_PAGE_SIZE ? "1000+" : String(page.total);
  const footer = [
    t("lb.footer", { page: f.page + 1, pages, count }),
    t("lb.legend"),
    t("lb.footer.inactive"),
    ...(page.total > LEADERBOARD_MAX_PAGES * LEADERBOARD_PAGE_SIZE ? [t("lb.footer.over")] : []),
  ].join("\n");

  const first = { ...f, page: 0 };
  const nav: ButtonView[] = [
    { ...button(lbId("prev", f), t("lb.prev"), ButtonStyles.Secondary, "⬅️"), disabled: f.page <= 0 },
    { ...button(lbId("next", f), t("lb.next"), ButtonStyles.Secondary, "➡️"), disabled: f.page >= pages - 1 },
    { ...button(lbId("jump", f), t("lb.jump"), ButtonStyles.Secondary, "🔢"), disabled: pages <= 1 },
    button(lbId("best", first), t("lb.best"), f.bestRaceOnly ? 1 : 2, f.bestRaceOnly ? "✅" : "🟩"),
    button(customId(LEADERBOARD_NAMESPACE, "clear"), t("lb.clear"), ButtonStyles.Danger, "🗑️"),
  ];
  const races = select(
    lbId("race", first),
    t("lb.racePlaceholder"),
    LEADERBOARD_RACES.map((code) => ({
      label: raceName(t, code),
      value: code,
      on: f.races.includes(code),
    })),
  );
  const ranks = select(
    lbId("rank", first),
    t("lb.rankPlaceholder"),
    RANK_LETTERS.map((letter) => ({
      label: t("lb.rankOption", { letter }),
      value: letter,
      on: f.letters.includes(letter),
    })),
  );
  const countrySelects = COUNTRY_PARTS.map((codes, i) =>
    select(
      lbId(`c${i + 1}`, first),
      t("lb.countryPlaceholder", { part: i + 1 }),
      codes.map((code) => {
        const c = COUNTRY_OPTIONS.find((x) => x.code === code)!;
        const emoji = code === OTHER_COUNTRY ? {} : { emoji: flagFor(code) };
        return { label: countryLabel(t, c), value: code, ...emoji, on: f.countries.includes(code) };
      }),
    )
  );
  return message(
    {
      title: t("lb.title"),
      description: `${filters}\n${body}`,
      color: 0xf1c40f,
      footer: { text: footer },
    },
    row(...nav),
    row(races),
    row(ranks),
    ...countrySelects.map((s) => row(s)),
  );
}

/**
 * The page-jump modal (its custom id carries the filters; the text input is `page`).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const modal = leaderboardJumpModal(translator("en"), NO_FILTERS, 7);
 * ```
 */
export function leaderboardJumpModal(t: Translator, f: LeaderboardFilters, pages: number): ModalView {
  return {
    customId: lbId("goto", f),
    title: t("lb.jump.title"),
    components: [
      row({
        type: MessageComponentTypes.InputText,
        customId: "page",
        label: t("lb.jump.label", { pages }),
        style: TextStyles.Short,
        required: true,
        minLength: 1,
        maxLength: 2,
        value: String(f.page + 1),
      }),
    ],
  };
}
