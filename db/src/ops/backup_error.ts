/**
 * Errors of the operator commands (backup, restore, verify, move): a stable code and a message that names the
 * problem and what to do.
 *
 * @module
 */

/** Stable codes of operator-command errors. */
export type BackupErrorCode =
  /** A file is missing, truncated, or its rows or checksum differ from the manifest. */
  | "DAMAGED"
  /** The backup was written by a newer schema than this code knows. */
  | "NEWER_SCHEMA"
  /** The backup was written by an older schema than the target's. */
  | "OLDER_SCHEMA"
  /** The target database has rows and `--force` was not given. */
  | "NOT_EMPTY"
  /** The target (database or store) cannot be reached. */
  | "UNREACHABLE"
  /** Not a backup, or arguments that make no sense. */
  | "BAD_INPUT"
  /** The copy on the target does not match the source. */
  | "MISMATCH";

/**
 * An operator-command error.
 *
 * @example
 * ```ts
 * import { BackupError } from "./backup_error.ts";
 * throw new BackupError("NOT_EMPTY", "the target database has 12 players: pass --force to replace them");
 * ```
 */
export class BackupError extends Error {
  /** Stable machine-readable code. */
  readonly code: BackupErrorCode;
  constructor(code: BackupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BackupError";
    this.code = code;
  }
}
