/**
 * Plain-data shapes of what the bot shows (embeds, buttons, selects, modals), in Discordeno's camelCase form, and
 * tiny builders for them. Views build these; only `discord_api.ts` sends them.
 *
 * @module
 */

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

/** Button styles: primary, secondary, success, danger. */
export type ButtonStyle = 1 | 2 | 3 | 4;

/** A button. */
export interface ButtonView {
  readonly type: 2;
  readonly style: ButtonStyle;
  readonly label: string;
  readonly customId: string;
  readonly emoji?: { readonly name: string };
  readonly disabled?: boolean;
}

/** A link button (opens a URL; no interaction). */
export interface LinkButtonView {
  readonly type: 2;
  readonly style: 5;
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
  readonly type: 3;
  readonly customId: string;
  readonly placeholder: string;
  readonly options: readonly SelectOptionView[];
  readonly minValues: number;
  readonly maxValues: number;
}

/** A text input of a modal. */
export interface TextInputView {
  readonly type: 4;
  readonly customId: string;
  readonly label: string;
  readonly style: 1 | 2;
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  readonly value?: string;
  readonly placeholder?: string;
}

/** An action row. */
export interface RowView {
  readonly type: 1;
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
 * const b = button("ui:close", "Close", 2, "✖️");
 * ```
 */
export function button(customId: string, label: string, style: ButtonStyle, emoji?: string): ButtonView {
  return emoji ? { type: 2, style, label, customId, emoji: { name: emoji } } : { type: 2, style, label, customId };
}

/**
 * An action row.
 *
 * @example
 * ```ts
 * const r = row(button("ui:close", "Close", 2));
 * ```
 */
export function row(...components: (ButtonView | LinkButtonView | SelectView | TextInputView)[]): RowView {
  return { type: 1, components };
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
