/**
 * The message catalogs and the translator: the interaction's Discord locale picks the language, English is the
 * fallback.
 *
 * @module
 */
import { en, type MessageKey } from "./en.ts";
import { ko } from "./ko.ts";

export type { MessageKey };

/** A language the bot speaks. */
export type Locale = "en" | "ko";

/** Every catalog by locale. English is the reference. */
export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, ko };

/** Values for a message's `{placeholders}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A translator bound to one locale. */
export interface Translator {
  readonly locale: Locale;
  (key: MessageKey, params?: MessageParams): string;
}

/**
 * Maps a Discord locale (`ko`, `en-US`, …) to one of ours; unknown → English.
 *
 * @example
 * ```ts
 * console.log(pickLocale("ko"), pickLocale("pt-BR"), pickLocale(undefined)); // "ko" "en" "en"
 * ```
 */
export function pickLocale(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/**
 * Fills `{name}` placeholders.
 *
 * @example
 * ```ts
 * console.log(format("Hi {name}", { name: "Ann" })); // "Hi Ann"
 * ```
 */
export function format(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * A translator for a locale.
 *
 * @example
 * ```ts
 * const t = translator("ko");
 * console.log(t("common.close")); // "닫기"
 * ```
 */
export function translator(locale: Locale): Translator {
  const catalog = CATALOGS[locale];
  const t = (key: MessageKey, params?: MessageParams) => format(catalog[key] ?? en[key], params);
  return Object.assign(t, { locale });
}

/**
 * The placeholders a template uses, sorted (for the parity test).
 *
 * @example
 * ```ts
 * console.log(placeholders("{b} and {a}")); // ["a", "b"]
 * ```
 */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();
}
