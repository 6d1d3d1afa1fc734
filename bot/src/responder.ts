/**
 * Answers one interaction exactly once, then edits or follows up. If the handler has not answered after
 * `autoDeferMs`, it defers on its own so Discord's 3 s limit is never missed.
 *
 * @module
 */
import { InteractionResponseTypes, MessageFlags } from "@discordeno/bot";
import type { Choice, DiscordApi } from "./discord_api.ts";
import type { Incoming } from "./interaction.ts";
import type { MessageView, ModalView } from "./views/ui.ts";

/** How far the answer has got. */
export type AnswerState = "none" | "deferred_message" | "deferred_update" | "answered";

/** The answering side of one interaction. */
export interface Responder {
  readonly state: AnswerState;
  /** A new message (or the deferred one). */
  reply(view: MessageView): Promise<void>;
  /** Replaces the message the component is on (a command gets a new message). */
  update(view: MessageView): Promise<void>;
  /** Opens a modal; only as the first answer. */
  modal(view: ModalView): Promise<void>;
  /** Autocomplete choices. */
  choices(list: readonly Choice[]): Promise<void>;
  /** Acknowledges now, answers later. */
  defer(): Promise<void>;
  /** Deletes the message the component is on. */
  remove(): Promise<void>;
  /** Stops the auto-defer timer; call when the handler is done. */
  finish(): void;
}

/**
 * Creates the responder of an interaction.
 *
 * @example
 * ```ts
 * import type { DiscordApi } from "./discord_api.ts";
 * import { translator } from "./i18n/catalog.ts";
 * import type { Incoming } from "./interaction.ts";
 * import { helpView } from "./views/help_view.ts";
 * declare const api: DiscordApi;
 * declare const incoming: Incoming;
 * const responder = createResponder(api, incoming, { autoDeferMs: 2000, ephemeral: false });
 * await responder.reply(helpView(translator(incoming.locale)));
 * responder.finish();
 * ```
 */
export function createResponder(
  api: DiscordApi,
  incoming: Incoming,
  options: { autoDeferMs: number; ephemeral: boolean },
): Responder {
  let state: AnswerState = "none";
  let chain: Promise<void> = Promise.resolve();
  const onMessage = incoming.messageId !== null && (incoming.kind === "component" || incoming.kind === "modal");
  const flags = options.ephemeral ? { flags: MessageFlags.Ephemeral } : undefined;
  const shape = (view: MessageView): MessageView => (options.ephemeral ? { ...view, ephemeral: true } : view);

  // Every answer runs after the previous one, so an auto-defer and a reply never race.
  const serial = (step: () => Promise<void>): Promise<void> => {
    const next = chain.then(step);
    chain = next.catch(() => {});
    return next;
  };
  const respond = (body: Parameters<DiscordApi["respond"]>[2]) => api.respond(incoming.id, incoming.token, body);

  const deferNow = async () => {
    if (state !== "none") return;
    if (onMessage) {
      await respond({ type: InteractionResponseTypes.DeferredUpdateMessage });
      state = "deferred_update";
    } else {
      await respond(
        flags
          ? { type: InteractionResponseTypes.DeferredChannelMessageWithSource, data: flags }
          : { type: InteractionResponseTypes.DeferredChannelMessageWithSource },
      );
      state = "deferred_message";
    }
  };

  const timer = incoming.kind === "autocomplete"
    ? undefined
    : setTimeout(() => void serial(deferNow).catch(() => {}), options.autoDeferMs);

  return {
    get state() {
      return state;
    },
    reply: (view) =>
      serial(async () => {
        if (state === "none") {
          await respond({ type: InteractionResponseTypes.ChannelMessageWithSource, data: shape(view) });
        } else if (state === "deferred_message") {
          await api.editOriginal(incoming.token, shape(view));
        } else await api.followUp(incoming.token, shape(view));
        state = "answered";
      }),
    update: (view) =>
      serial(async () => {
        if (state === "none") {
          await respond({
            type: onMessage
              ? InteractionResponseTypes.UpdateMessage
              : InteractionResponseTypes.ChannelMessageWithSource,
            data: shape(view),
          });
        } else await api.editOriginal(incoming.token, shape(view));
        state = "answered";
      }),
    modal: (view) =>
      serial(async () => {
        if (state !== "none") throw new Error("A modal can only be the first answer to an interaction");
        await respond({ type: InteractionResponseTypes.Modal, data: view });
        state = "answered";
      }),
    choices: (list) =>
      serial(async () => {
        if (state !== "none") return;
        await respond({ type: InteractionResponseTypes.ApplicationCommandAutocompleteResult, data: { choices: list } });
        state = "answered";
      }),
    defer: () => serial(deferNow),
    remove: () =>
      serial(async () => {
        if (state === "none") {
          await respond({ type: InteractionResponseTypes.DeferredUpdateMessage });
          state = "deferred_update";
        }
        await api.deleteOriginal(incoming.token);
        state = "answered";
      }),
    finish() {
      clearTimeout(timer);
    },
  };
}
