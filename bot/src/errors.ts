/**
 * The bot's one coded error: every error the bot throws on purpose is a `LadderError` (or a subclass) with a stable
 * `code` for logs and tests, and the catalog message that tells the user what to do. Anything else that reaches the
 * router is a bug, logged as `INTERNAL`.
 *
 * @module
 */
import type { MessageKey, MessageParams } from "./i18n/catalog.ts";

/** Stable codes of the errors the bot throws. */
export type LadderErrorCode =
  /** A button, menu, modal or command the bot no longer knows (an old message, or a changed custom id). */
  | "STALE_COMPONENT"
  /** Season data (a map pool or mod release) that does not validate. */
  | "SEASON_DATA_INVALID";

/** An error the user can be told about. */
export class LadderError extends Error {
  override readonly name: string = "LadderError";

  /**
   * @example
   * ```ts
   * import { LadderError } from "./errors.ts";
   * throw new LadderError("STALE_COMPONENT", "error.staleComponent", "Unknown custom id \"x:y\"");
   * ```
   */
  constructor(
    readonly code: LadderErrorCode,
    readonly userMessage: MessageKey,
    message: string,
    readonly params: MessageParams = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
