/**
 * Plain-data shapes of what the bot shows (embeds, buttons, selects, modals), in Discordeno's camelCase form, and
 * tiny builders for them. Views build these; only `discord_api.ts` sends them.
 *
 * @module
 */
import { type ButtonStyles, MessageComponentTypes, type TextStyles } from "@discordeno/bot";

/** Embed colours. */
export const COLOR = { blue: 0x3498db, green: 0x2ecc71, red: 0xe74c3c, orange: 0xe67e22 } as const;

/** An embed field. */
export interface FieldView {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

/** An embed. */
export interface EmbedView {
  readonly title: string;
  readonly description?: string;
  readonly color: number;
  readonly fields?: readonly FieldView[];
  readonly footer?: { readonly text: string };
  readonly thumbnail?: { readonly url: string };
  /** Makes the title a link. */
  readonly url?: string;
}

/** The button styles of interactive buttons (links are {@link LinkButtonView}; no premium buttons). */
export type ButtonStyle = ButtonStyles.Primary | ButtonStyles.Secondary | ButtonStyles.Success | ButtonStyles.Danger;

/** A button. */
export interface ButtonView {
  readonly type: MessageComponentTypes.Button;
  readonly style: ButtonStyle;
  readonly label: string;
  readonly customId: string;
  readonly emoji?: { readonly name: string };
  readonly disabled?: boolean;
}

/** A link button (opens a URL; no interaction). */
export interface LinkButtonView {
  readonly type: MessageComponentTypes.Button;
  readonly style: ButtonStyles.Link;
  readonly label: string;
  readonly url: string;
  readonly emoji?: { readonly name: string };
}

/** An option of a string select. */
export interface SelectOptionView {
  readonly label: string;
  readonly value: string;
  readonly description?: string;
  readonly emoji?: { readonly name: string };
  readonly default?: boolean;
}

/** A string select. */
export interface SelectView {
  readonly type: MessageComponentTypes.SelectMenu;
  readonly customId: string;
  readonly placeholder: string;
  readonly options: readonly SelectOptionView[];
  readonly minValues: number;
  readonly maxValues: number;
}

/** A text input of a modal. */
export interface TextInputView {
  readonly type: MessageComponentTypes.InputText;
  readonly customId: string;
  readonly label: string;
  readonly style: TextStyles;
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  readonly value?: string;
  readonly placeholder?: string;
}

/** An action row. */
export interface RowView {
  readonly type: MessageComponentTypes.ActionRow;
  readonly components: readonly (ButtonView | LinkButtonView | SelectView | TextInputView)[];
}

/** A file attached to a message. */
export interface FileView {
  readonly name: string;
  readonly data: Uint8Array;
}

/** A message the bot sends or edits. */
export interface MessageView {
  readonly embeds: readonly EmbedView[];
  readonly components: readonly RowView[];
  /** Attached files (sent as multipart form data). */
  readonly files?: readonly FileView[];
  /** Only shown to the user (used in guilds). */
  readonly ephemeral?: boolean;
}

/** A modal. */
export interface ModalView {
  readonly customId: string;
  readonly title: string;
  readonly components: readonly RowView[];
}

/**
 * A button.
 *
 * @example
 * ```ts
 * import { ButtonStyles } from "@discordeno/bot";
 * const b = button("ui:close", "Close", ButtonStyles.Secondary, "✖️");
 * ```
 */
export function button(customId: string, label: string, style: ButtonStyle, emoji?: string): ButtonView {
  const type = MessageComponentTypes.Button;
  return emoji ? { type, style, label, customId, emoji: { name: emoji } } : { type, style, label, customId };
}

/**
 * An action row.
 *
 * @example
 * ```ts
 * import { ButtonStyles } from "@discordeno/bot";
 * const r = row(button("ui:close", "Close", ButtonStyles.Secondary));
 * ```
 */
export function row(...components: (ButtonView | LinkButtonView | SelectView | TextInputView)[]): RowView {
  return { type: MessageComponentTypes.ActionRow, components };
}

/**
 * A message of one embed.
 *
 * @example
 * ```ts
 * const m = message({ title: "Hi", color: COLOR.blue });
 * ```
 */
export function message(embed: EmbedView, ...rows: RowView[]): MessageView {
  return { embeds: [embed], components: rows };
}
