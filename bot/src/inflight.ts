/**
 * Tracks in-flight work (interactions, background jobs) so shutdown can wait for it within a deadline.
 *
 * @module
 */

/** The tracker. */
export interface Inflight {
  readonly size: number;
  /** Runs `job` and tracks it until it settles. */
  track<T>(job: Promise<T>): Promise<T>;
  /** Resolves `true` when everything settled, `false` when the deadline passed first. */
  drain(deadlineMs: number): Promise<boolean>;
}

/**
 * Creates a tracker.
 *
 * @example
 * ```ts
 * const inflight = createInflight();
 * void inflight.track(new Promise<void>((resolve) => setTimeout(resolve, 10)));
 * console.log(await inflight.drain(10_000)); // true
 * ```
 */
export function createInflight(): Inflight {
  const jobs = new Set<Promise<unknown>>();
  return {
    get size() {
      return jobs.size;
    },
    track(job) {
      const settled = job.finally(() => jobs.delete(settled));
      jobs.add(settled);
      return job;
    },
    async drain(deadlineMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), deadlineMs));
      try {
        while (jobs.size > 0) {
          const all = Promise.allSettled([...jobs]).then(() => true as const);
          if (!(await Promise.race([all, deadline]))) return false;
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
