/**
 * Helpers to build slash command definitions with every locale's description.
 *
 * @module
 */
import type { CommandDefinition } from "../discord_api.ts";
import { CATALOGS, type MessageKey } from "../i18n/catalog.ts";

/** Discord's locale names for our catalogs (English is the default description). */
const DISCORD_LOCALES: Readonly<Record<string, string>> = { ko: "ko" };

/**
 * `description` plus `descriptionLocalizations` from the catalogs.
 *
 * @example
 * ```ts
 * const d = describe("command.help"); // { description: "How the ladder…", descriptionLocalizations: { ko: "…" } }
 * ```
 */
export function describe(key: MessageKey): { description: string; descriptionLocalizations: Record<string, string> } {
  const descriptionLocalizations: Record<string, string> = {};
  for (const [locale, discordLocale] of Object.entries(DISCORD_LOCALES)) {
    const text = CATALOGS[locale as keyof typeof CATALOGS]?.[key];
    if (text) descriptionLocalizations[discordLocale] = text;
  }
  return { description: CATALOGS.en[key], descriptionLocalizations };
}

/**
 * A user command: global, usable in DMs (and visible in guilds, where the DM guard explains what to do).
 *
 * @example
 * ```ts
 * const def = userCommand("help", "command.help");
 * ```
 */
export function userCommand(name: string, key: MessageKey, options: unknown[] = []): CommandDefinition {
  return {
    name,
    type: 1,
    ...describe(key),
    ...(options.length > 0 ? { options } : {}),
    integrationTypes: [0],
    contexts: [0, 1],
  };
}

/**
 * An admin command: guild only, hidden from members without Administrator by default.
 *
 * @example
 * ```ts
 * const def = adminCommand("admin", "command.admin", []);
 * ```
 */
export function adminCommand(name: string, key: MessageKey, options: unknown[]): CommandDefinition {
  return {
    name,
    type: 1,
    ...describe(key),
    options,
    defaultMemberPermissions: "8",
    integrationTypes: [0],
    contexts: [0],
  };
}
