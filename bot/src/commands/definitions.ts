/**
 * Helpers to build slash command definitions with every locale's description.
 *
 * @module
 */
import {
  ApplicationCommandOptionTypes,
  ApplicationCommandTypes,
  DiscordApplicationIntegrationType,
  DiscordInteractionContextType,
} from "@discordeno/bot";
import type { CommandChoice, CommandDefinition, CommandOption } from "../discord_api.ts";
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
export function userCommand(name: string, key: MessageKey, options: CommandOption[] = []): CommandDefinition {
  return {
    name,
    type: ApplicationCommandTypes.ChatInput,
    ...describe(key),
    ...(options.length > 0 ? { options } : {}),
    integrationTypes: [DiscordApplicationIntegrationType.GuildInstall],
    contexts: [DiscordInteractionContextType.Guild, DiscordInteractionContextType.BotDm],
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
export function adminCommand(name: string, key: MessageKey, options: CommandOption[]): CommandDefinition {
  return {
    name,
    type: ApplicationCommandTypes.ChatInput,
    ...describe(key),
    options,
    defaultMemberPermissions: ["ADMINISTRATOR"],
    integrationTypes: [DiscordApplicationIntegrationType.GuildInstall],
    contexts: [DiscordInteractionContextType.Guild],
  };
}

/**
 * A command option with every locale's description.
 *
 * @example
 * ```ts
 * import { ApplicationCommandOptionTypes } from "@discordeno/bot";
 * const o = option("user", ApplicationCommandOptionTypes.User, "option.admin.user", true);
 * ```
 */
export function option(
  name: string,
  type: ApplicationCommandOptionTypes,
  key: MessageKey,
  required: boolean,
  extra: Partial<CommandOption> = {},
): CommandOption {
  return { name, type, ...describe(key), required, ...extra };
}

/**
 * A subcommand with every locale's description.
 *
 * @example
 * ```ts
 * const s = subcommand("admin", "command.owner.admin", []);
 * ```
 */
export function subcommand(name: string, key: MessageKey, options: CommandOption[]): CommandOption {
  return { name, type: ApplicationCommandOptionTypes.SubCommand, ...describe(key), options };
}

/**
 * A choice with every locale's name.
 *
 * @example
 * ```ts
 * const c = choice("choice.owner.grant", "grant");
 * ```
 */
export function choice(key: MessageKey, value: string): CommandChoice {
  return { name: CATALOGS.en[key], nameLocalizations: { ko: CATALOGS.ko[key] }, value };
}
