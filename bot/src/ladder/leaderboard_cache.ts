/**
 * A small in-memory cache of leaderboard pages, keyed by the filters and the page. Every ranking refresh (a rating
 * changed) invalidates all of it; entries also expire after a short time, so changes made outside the refresher
 * (an admin edit, a renamed player) still show within `ttlMs`. A page computed while an invalidation happened is
 * returned but not stored, so a page built from an outdated snapshot is never cached.
 *
 * @module
 */

/** A cache of values by string key, invalidated all at once. */
export interface LeaderboardCache<T> {
  /** The cached value for `key`, or the result of `compute()` (stored unless invalidated meanwhile). */
  get(key: string, compute: () => Promise<T>): Promise<T>;
  /** Drops every entry. */
  invalidate(): void;
  /** How many entries are stored. */
  readonly size: number;
  /** Bumped by every invalidation. */
  readonly generation: number;
}

/** Options of {@link createLeaderboardCache}. */
export interface LeaderboardCacheOptions {
  /** Entries older than this are recomputed. Default 30 000 ms. */
  readonly ttlMs?: number;
  /** At most this many entries; the oldest go first. Default 500. */
  readonly maxEntries?: number;
  /** The clock, in ms. Default `performance.now`. */
  readonly clock?: () => number;
}

/**
 * Creates a cache.
 *
 * @example
 * ```ts
 * const cache = createLeaderboardCache<number>();
 * console.log(await cache.get("a", () => Promise.resolve(1))); // 1 (computed)
 * console.log(await cache.get("a", () => Promise.resolve(2))); // 1 (cached)
 * cache.invalidate();
 * console.log(await cache.get("a", () => Promise.resolve(3))); // 3
 * ```
 */
export function createLeaderboardCache<T>(options: LeaderboardCacheOptions = {}): LeaderboardCache<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 500;
  const clock = options.clock ?? (() => performance.now());
  const entries = new Map<string, { value: T; at: number }>();
  let generation = 0;
  return {
    async get(key, compute) {
      const hit = entries.get(key);
      if (hit && clock() - hit.at < ttlMs) return hit.value;
      if (hit) entries.delete(key);
      const started = generation;
      const value = await compute();
      if (started === generation) {
        entries.delete(key);
        entries.set(key, { value, at: clock() });
        while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      }
      return value;
    },
    invalidate() {
      generation++;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
    get generation() {
      return generation;
    },
  };
}
