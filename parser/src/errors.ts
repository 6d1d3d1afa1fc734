/**
 * The one error type the parser throws. Anything that goes wrong while reading untrusted replay bytes surfaces as a
 * {@link ReplayError} with a stable {@link ReplayErrorCode}, the section it happened in and, where known, the bit
 * offset inside that section.
 *
 * @module
 */

/** Stable error codes. Scripts and the CLI's exit codes rely on them; never rename one. */
export type ReplayErrorCode =
  /** The bytes are not an MPQ archive / StarCraft II replay at all. */
  | "NOT_A_REPLAY"
  /** The data ends before the structure it describes. */
  | "TRUNCATED"
  /** The data is inconsistent (bad table, unknown event id, bad compressed stream, …). */
  | "CORRUPTED"
  /** No protocol table decodes this base build. */
  | "UNSUPPORTED_BUILD"
  /** A member uses a compression method replays never use (implode, LZMA, …). */
  | "UNSUPPORTED_COMPRESSION"
  /** A hard limit on untrusted input was hit (file size, decompressed size, value count, depth). */
  | "LIMIT_EXCEEDED"
  /** The archive does not contain the requested member. */
  | "MISSING_SECTION"
  /** A job ran past its time limit (worker pool). */
  | "TIMEOUT"
  /** A job was cancelled by its caller. */
  | "ABORTED"
  /** A queue refused a job because it was full. */
  | "QUEUE_FULL";

/** Every code, for iteration (e.g. exit code tables). */
export const REPLAY_ERROR_CODES: readonly ReplayErrorCode[] = [
  "NOT_A_REPLAY",
  "TRUNCATED",
  "CORRUPTED",
  "UNSUPPORTED_BUILD",
  "UNSUPPORTED_COMPRESSION",
  "LIMIT_EXCEEDED",
  "MISSING_SECTION",
  "TIMEOUT",
  "ABORTED",
  "QUEUE_FULL",
];

/** Where an error happened, and any facts worth carrying (e.g. the nearest known builds). */
export interface ReplayErrorOptions {
  /** Archive member or logical section, e.g. `replay.game.events`, `header`, `mpq`. */
  section?: string;
  /** Bit offset inside the section's decompressed bytes. */
  bitOffset?: number;
  /** Structured facts for programs (e.g. `{ baseBuild, nearest: [older, newer] }`). */
  details?: Record<string, unknown>;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The parser's error. `code` is stable, `message` is written for a person and says what to do.
 *
 * @example
 * ```ts
 * import { ReplayError } from "./errors.ts";
 * try {
 *   throw new ReplayError("TRUNCATED", "replay.details ends early", { section: "replay.details", bitOffset: 96 });
 * } catch (e) {
 *   if (e instanceof ReplayError) console.log(e.code, e.section, e.bitOffset);
 * }
 * ```
 */
export class ReplayError extends Error {
  /** Stable machine-readable code. */
  readonly code: ReplayErrorCode;
  /** Section the error happened in, if known. */
  readonly section: string | undefined;
  /** Bit offset within the section, if known. */
  readonly bitOffset: number | undefined;
  /** Structured facts for programs. */
  readonly details: Record<string, unknown> | undefined;

  /** Creates an error; the section (and bit offset), when given, are appended to the message. */
  constructor(code: ReplayErrorCode, message: string, options: ReplayErrorOptions = {}) {
    const where = options.section === undefined
      ? ""
      : ` [${options.section}${options.bitOffset === undefined ? "" : ` at bit ${options.bitOffset}`}]`;
    super(message + where, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ReplayError";
    this.code = code;
    this.section = options.section;
    this.bitOffset = options.bitOffset;
    this.details = options.details;
  }

  /** Plain-data form, safe to post between workers or print as JSON. */
  toJSON(): { code: ReplayErrorCode; message: string; section?: string; bitOffset?: number; details?: unknown } {
    const out: { code: ReplayErrorCode; message: string; section?: string; bitOffset?: number; details?: unknown } = {
      code: this.code,
      message: this.message,
    };
    if (this.section !== undefined) out.section = this.section;
    if (this.bitOffset !== undefined) out.bitOffset = this.bitOffset;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

/**
 * Turns anything thrown while decoding into a {@link ReplayError}, so nothing else escapes.
 * A `RangeError` (array too large, stack overflow) becomes `LIMIT_EXCEEDED`; anything else `CORRUPTED`.
 *
 * @example
 * ```ts
 * import { toReplayError } from "./errors.ts";
 * const err = toReplayError(new RangeError("Invalid array length"), "replay.details");
 * console.log(err.code); // "LIMIT_EXCEEDED"
 * ```
 */
export function toReplayError(error: unknown, section?: string): ReplayError {
  if (error instanceof ReplayError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const options: ReplayErrorOptions = { cause: error };
  if (section !== undefined) options.section = section;
  if (error instanceof RangeError) {
    return new ReplayError(
      "LIMIT_EXCEEDED",
      `the replay needs more memory or depth than allowed (${message})`,
      options,
    );
  }
  return new ReplayError("CORRUPTED", `the replay data is inconsistent (${message})`, options);
}
