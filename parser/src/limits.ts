/**
 * Hard limits on untrusted input. Every decoder takes a {@link Limits}; the defaults are generous for real replays
 * (the largest 2025 tournament replay is ~1 MB with ~200k events) and small enough that a crafted file cannot make the
 * process allocate gigabytes or spin for minutes.
 *
 * @module
 */

/** Limits applied while opening and decoding a replay. */
export interface Limits {
  /** Largest replay file accepted, in bytes. */
  maxFileBytes: number;
  /** Largest decompressed size of one archive member, in bytes. */
  maxMemberBytes: number;
  /** Most hash/block table entries accepted in the archive. */
  maxTableEntries: number;
  /** Most values (numbers, strings, containers) decoded from one section; event streams count every event's values. */
  maxValuesPerSection: number;
  /** Deepest nesting of containers in a decoded value. */
  maxDepth: number;
  /** Most events in one event stream. */
  maxEventsPerStream: number;
}

/**
 * Default limits.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS } from "./limits.ts";
 * console.log(DEFAULT_LIMITS.maxFileBytes); // 64 MiB
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 64 * 1024 * 1024,
  maxMemberBytes: 128 * 1024 * 1024,
  maxTableEntries: 1 << 20,
  maxValuesPerSection: 40_000_000,
  maxDepth: 64,
  maxEventsPerStream: 5_000_000,
});

/**
 * Fills missing fields of a partial limits object with the defaults.
 *
 * @example
 * ```ts
 * import { resolveLimits } from "./limits.ts";
 * const limits = resolveLimits({ maxFileBytes: 1024 });
 * console.log(limits.maxDepth); // 64
 * ```
 */
export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...partial };
}
