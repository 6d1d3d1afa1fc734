/**
 * Interactions that arrived over HTTP are answered in the HTTP response, not with a REST callback. This wraps the
 * bot's {@link DiscordApi} so the router stays the same for both paths: the first `respond` of an interaction that
 * is waiting for its HTTP response resolves that response instead of calling Discord; every later call (edits,
 * follow-ups) and every gateway interaction goes to REST as before. A first answer carrying files (which a JSON
 * response cannot carry) becomes a deferral plus an edit of the original response.
 *
 * @module
 */
import { InteractionResponseTypes, MessageFlags } from "@discordeno/bot";
import type { CallbackBody, DiscordApi } from "../discord_api.ts";

/** The wrapped API and the waiting side. */
export interface HttpAnswers {
  /** Use this API for every interaction. */
  readonly api: DiscordApi;
  /**
   * Marks `interactionId` as waiting for its HTTP response; resolves with the first answer, in Discord's JSON.
   * `cancel` forgets it (the request ended).
   */
  expect(interactionId: string): { readonly answer: Promise<unknown>; cancel(): void };
}

/**
 * Creates the wrapper. `toJson` turns a callback into Discord's JSON (the REST manager's own conversion).
 *
 * @example
 * ```ts
 * import type { RestManager } from "@discordeno/bot";
 * import { type DiscordApi, toCallback } from "../discord_api.ts";
 * import type { Router } from "../router.ts";
 * import type { Incoming } from "../interaction.ts";
 * declare const api: DiscordApi, rest: RestManager, route: Router, incoming: Incoming;
 * const answers = createHttpAnswers(api, (body) => rest.changeToDiscordFormat(toCallback(body)));
 * const { answer } = answers.expect(incoming.id);
 * void route(incoming); // the router answers through answers.api.respond(…)
 * const response = Response.json(await answer);
 * ```
 */
export function createHttpAnswers(api: DiscordApi, toJson: (body: CallbackBody) => unknown): HttpAnswers {
  // In-flight requests only: an entry lives while its HTTP request is open (at most 3 s).
  const waiting = new Map<string, (json: unknown) => void>();
  return {
    api: {
      ...api,
      async respond(interactionId, token, body) {
        const resolve = waiting.get(interactionId);
        if (!resolve) return await api.respond(interactionId, token, body);
        waiting.delete(interactionId);
        const { ChannelMessageWithSource, UpdateMessage } = InteractionResponseTypes;
        if ((body.type === ChannelMessageWithSource || body.type === UpdateMessage) && body.data.files?.length) {
          resolve(toJson(
            body.type === ChannelMessageWithSource
              ? {
                type: InteractionResponseTypes.DeferredChannelMessageWithSource,
                ...(body.data.ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
              }
              : { type: InteractionResponseTypes.DeferredUpdateMessage },
          ));
          await api.editOriginal(token, body.data);
          return;
        }
        resolve(toJson(body));
      },
    },
    expect(interactionId) {
      let cancel = () => {};
      const answer = new Promise<unknown>((resolve) => {
        waiting.set(interactionId, resolve);
        cancel = () => void waiting.delete(interactionId);
      });
      return { answer, cancel };
    },
  };
}
