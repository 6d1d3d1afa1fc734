/**
 * Replay storage behind one interface: a local directory (the default, `DATA_DIR/replays`) or an S3-compatible
 * bucket. Keys are the stored paths (`<match id>/<sha256>.SC2Replay`), the same on every backend, so rows in
 * `replays.storage_path` never change when the files move.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** Stable codes of replay-store errors. */
export type StoreErrorCode =
  | "NOT_FOUND"
  | "UNAVAILABLE"
  | "DENIED"
  | "BAD_KEY"
  | "BAD_CONFIG"
  | "FAILED";

/**
 * A replay-store error with a stable code and a message that says what to do.
 *
 * @example
 * ```ts
 * import { StoreError } from "./replay_store.ts";
 * throw new StoreError("UNAVAILABLE", "the object store at http://127.0.0.1:9000 does not answer: check S3_ENDPOINT");
 * ```
 */
export class StoreError extends Error {
  /** Stable machine-readable code. */
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
  }
}

/** One stored object. */
export interface StoredObject {
  /** `<match id>/<sha256>.SC2Replay`. */
  readonly key: string;
  readonly size: number;
}

/** Where replay files live. */
export interface ReplayStore {
  /** `local` or `s3`. */
  readonly kind: "local" | "s3";
  /** For people: the directory or `s3://bucket/prefix`. */
  readonly location: string;
  /** Stores `bytes` under `key` completely or not at all (no half-written object is ever visible). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`; `NOT_FOUND` when absent. */
  get(key: string): Promise<Uint8Array>;
  /** True when `key` exists. */
  has(key: string): Promise<boolean>;
  /** Removes `key` (absent is fine). */
  delete(key: string): Promise<void>;
  /** Every stored object, in key order. */
  list(): AsyncIterable<StoredObject>;
  /** Throws `UNAVAILABLE`/`DENIED` when the store cannot be used (health checks, start-up). */
  check(): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * Refuses keys that could escape the store (`..`, absolute paths, odd characters); returns the key.
 *
 * @example
 * ```ts
 * import { checkKey } from "./replay_store.ts";
 * checkKey("12/ab.SC2Replay"); // "12/ab.SC2Replay"
 * ```
 */
export function checkKey(key: string): string {
  if (key.length > 512 || !KEY.test(key)) throw new StoreError("BAD_KEY", `not a valid replay key: ${key}`);
  return key;
}

/**
 * The key of a replay file: `<match id>/<sha256>.SC2Replay` (today's layout of the local directory).
 *
 * @example
 * ```ts
 * import { replayKey } from "./replay_store.ts";
 * console.log(replayKey(12, "ab".repeat(32))); // "12/abab….SC2Replay"
 * ```
 */
export function replayKey(matchId: number, sha256: string): string {
  return checkKey(`${matchId}/${sha256}.SC2Replay`);
}

/**
 * The SHA-256 a key names (`…/<sha256>.SC2Replay`), or `null` for a key without one.
 *
 * @example
 * ```ts
 * import { namedHash } from "./replay_store.ts";
 * console.log(namedHash(`12/${"ab".repeat(32)}.SC2Replay`)); // "abab…"
 * ```
 */
export function namedHash(key: string): string | null {
  return /([0-9a-f]{64})\.SC2Replay$/.exec(key)?.[1] ?? null;
}

/**
 * The SHA-256 of `bytes`, in hex.
 *
 * @example
 * ```ts
 * import { sha256OfBytes } from "./replay_store.ts";
 * console.log(sha256OfBytes(new Uint8Array())); // "e3b0c442…"
 * ```
 */
export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Whether an object is a whole replay: its bytes have the hash its key names (keys without one always pass). A store
 * that keeps what arrived of an interrupted upload (s3rver does; S3 and MinIO keep nothing) may hold, under the whole
 * file's name, only its beginning. No row points at such an object — a replay's row is written only after its file
 * was stored completely — so backups and moves leave it out instead of failing on it.
 *
 * @example
 * ```ts
 * import { isWholeReplay } from "./replay_store.ts";
 * console.log(isWholeReplay("12/notes.txt", new Uint8Array([1]))); // true
 * ```
 */
export function isWholeReplay(key: string, bytes: Uint8Array): boolean {
  const named = namedHash(key);
  return named === null || sha256OfBytes(bytes) === named;
}
