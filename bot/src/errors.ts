/**
 * The bot's typed error: a stable `code` for logs and tests, and the catalog message that tells the user what to do.
 *
 * @module
 */
import type { MessageKey, MessageParams } from "./i18n/catalog.ts";

/** Stable error codes. */
export type LadderErrorCode =
  | "CONFIG_INVALID"
  | "STALE_COMPONENT"
  | "SAVE_FAILED"
  | "DISCORD_UNAVAILABLE"
  | "SHUTTING_DOWN"
  | "LADDER_UNAVAILABLE"
  | "INTERNAL";

/** An error the user can be told about. */
export class LadderError extends Error {
  override readonly name = "LadderError";

  /**
   * @example
   * ```ts
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
