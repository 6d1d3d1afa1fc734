/**
 * The state machine refuses an action with a reason in English words (`match_machine.ts`, kept for logs); players
 * read it in their language through this mapping. Unknown reasons read as "it changed meanwhile".
 *
 * @module
 */
import type { MessageKey, Translator } from "../i18n/catalog.ts";

/** The match states the catalogs name (`web.state.<state>`). */
const MATCH_STATES: ReadonlySet<string> = new Set([
  "created",
  "confirmed",
  "completed",
  "conflict",
  "aborted",
  "abandoned",
  "expired",
  "invalidated",
]);

const FIXED: Readonly<Record<string, MessageKey>> = {
  "not a player of this match": "match.refusal.notPlayer",
  "the confirmation time is over": "match.refusal.confirmOver",
  "already confirmed": "match.refusal.alreadyConfirmed",
  "no aborts left this month": "match.refusal.noAborts",
  "already reported": "match.refusal.alreadyReported",
  "the match is not past a deadline": "match.refusal.notDue",
};

/**
 * The message key and parameters of a refusal reason.
 *
 * @example
 * ```ts
 * console.log(refusalMessage("the match is completed")); // { key: "match.refusal.state", state: "completed" }
 * ```
 */
export function refusalMessage(reason: string): { key: MessageKey; state?: string } {
  const fixed = FIXED[reason];
  if (fixed) return { key: fixed };
  const state = /^the match is (\w+)$/.exec(reason)?.[1];
  return state ? { key: "match.refusal.state", state } : { key: "match.refusal.other" };
}

/**
 * A refusal reason in the reader's language (the match state named as on the web pages).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * console.log(refusalText(translator("ko"), "already confirmed")); // "이미 수락했습니다."
 * ```
 */
export function refusalText(t: Translator, reason: string): string {
  const { key, state } = refusalMessage(reason);
  if (state === undefined) return t(key);
  return t(key, { state: MATCH_STATES.has(state) ? t(`web.state.${state}` as MessageKey) : state });
}
