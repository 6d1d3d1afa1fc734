/**
 * The bot's own view of an incoming interaction: plain data, converted once from Discordeno's object at the edge.
 *
 * @module
 */
import { ApplicationCommandOptionTypes, avatarUrl, InteractionTypes } from "@discordeno/bot";
import { type Locale, pickLocale } from "./i18n/catalog.ts";
import { asUserId, type DiscordUserId } from "./user_id.ts";

/** What kind of interaction arrived. */
export type InteractionKind = "command" | "component" | "modal" | "autocomplete" | "other";

/** An option value of a slash command. */
export type OptionValue = string | number | boolean;

/** An interaction as the router sees it. */
export interface Incoming {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  readonly userId: DiscordUserId;
  readonly username: string;
  readonly avatarUrl: string | null;
  readonly locale: Locale;
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** Slash command name (commands and autocomplete), else "". */
  readonly commandName: string;
  /** First-level subcommand, if any. */
  readonly subcommand: string | null;
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The option being typed (autocomplete). */
  readonly focused: { readonly name: string; readonly value: string } | null;
  /** Component or modal custom id, else "". */
  readonly customId: string;
  /** Selected values (selects). */
  readonly values: readonly string[];
  /** Modal text inputs by custom id. */
  readonly fields: Readonly<Record<string, string>>;
  /** The message a component is attached to. */
  readonly messageId: string | null;
}

interface RawOption {
  name: string;
  type: ApplicationCommandOptionTypes;
  value?: OptionValue;
  options?: RawOption[];
  focused?: boolean;
}

interface RawComponent {
  type?: number;
  customId?: string;
  value?: string;
  components?: RawComponent[];
  component?: RawComponent;
}

/** The fields of Discordeno's transformed interaction that {@link fromDiscordeno} reads. */
export interface DiscordenoInteractionLike {
  id?: bigint;
  token?: string;
  type?: InteractionTypes;
  locale?: string;
  guildId?: bigint;
  channelId?: bigint;
  user?: { id?: bigint; username?: string; avatar?: bigint };
  message?: { id?: bigint };
  data?: {
    name?: string;
    customId?: string;
    values?: string[];
    options?: RawOption[];
    components?: RawComponent[];
  };
}

const KIND: Partial<Record<InteractionTypes, InteractionKind>> = {
  [InteractionTypes.ApplicationCommand]: "command",
  [InteractionTypes.MessageComponent]: "component",
  [InteractionTypes.ApplicationCommandAutocomplete]: "autocomplete",
  [InteractionTypes.ModalSubmit]: "modal",
};

function collectFields(components: RawComponent[] | undefined, into: Record<string, string>): void {
  for (const c of components ?? []) {
    if (c.customId !== undefined && typeof c.value === "string") into[c.customId] = c.value;
    collectFields(c.components, into);
    if (c.component) collectFields([c.component], into);
  }
}

/**
 * Converts Discordeno's interaction object into an {@link Incoming}.
 *
 * @example
 * ```ts
 * declare const interaction: DiscordenoInteractionLike; // what Discordeno gives `bot.events.interactionCreate`
 * const incoming = fromDiscordeno(interaction);
 * ```
 */
export function fromDiscordeno(raw: DiscordenoInteractionLike): Incoming {
  const data = raw.data ?? {};
  let options = data.options ?? [];
  let subcommand: string | null = null;
  const first = options[0];
  const nested = [ApplicationCommandOptionTypes.SubCommand, ApplicationCommandOptionTypes.SubCommandGroup];
  if (first && nested.includes(first.type)) {
    subcommand = first.name;
    options = first.options ?? [];
  }
  const values: Record<string, OptionValue> = {};
  let focused: Incoming["focused"] = null;
  for (const option of options) {
    if (option.value !== undefined) values[option.name] = option.value;
    if (option.focused) focused = { name: option.name, value: String(option.value ?? "") };
  }
  const fields: Record<string, string> = {};
  collectFields(data.components, fields);
  const userId = String(raw.user?.id ?? "0");
  return {
    id: String(raw.id ?? ""),
    token: raw.token ?? "",
    kind: (raw.type !== undefined ? KIND[raw.type] : undefined) ?? "other",
    userId: asUserId(userId),
    username: raw.user?.username ?? "",
    avatarUrl: raw.user?.avatar !== undefined ? avatarUrl(userId, "0", { avatar: raw.user.avatar }) : null,
    locale: pickLocale(raw.locale),
    guildId: raw.guildId !== undefined ? String(raw.guildId) : null,
    channelId: raw.channelId !== undefined ? String(raw.channelId) : null,
    commandName: data.name ?? "",
    subcommand,
    options: values,
    focused,
    customId: data.customId ?? "",
    values: data.values ?? [],
    fields,
    messageId: raw.message?.id !== undefined ? String(raw.message.id) : null,
  };
}
