/**
 * Paces REST requests within a budget: at most `perSecond` requests in any one-second window as Discord counts its
 * global limit of 50 a second (by arrival), and a pause for everyone after a global 429.
 *
 * A request can reach Discord any time between its turn here and its answer (the REST client may hold it in a route
 * bucket's queue first), so it holds its place in the budget from its turn until one second after its answer: any
 * second of arrivals then contains at most `perSecond` requests. Behind the REST proxy, which paces the arrivals at
 * Discord itself, `countFrom: "start"` counts each request from its turn only (its answer may wait in the proxy).
 *
 * @module
 */

/** A pacer. */
export interface RestPacer {
  /**
   * Resolves when one more request fits the budget (and records it), with the function to call once its answer (or
   * failure) has come back.
   */
  take(): Promise<() => void>;
  /** Nobody sends for `ms` (a global 429's Retry-After). */
  pause(ms: number): void;
}

/**
 * Creates a pacer of `perSecond` requests in any 1000 ms window (by default counted until a second after each answer).
 *
 * @example
 * ```ts
 * const pacer = createRestPacer(45);
 * const done = await pacer.take();
 * try {
 *   // send one request
 * } finally {
 *   done();
 * }
 * ```
 */
export function createRestPacer(
  perSecond: number,
  clock: () => number = () => performance.now(),
  countFrom: "answer" | "start" = "answer",
): RestPacer {
  /** When each request in the budget leaves it: one second after its answer (Infinity while it is in flight). */
  const held: { until: number }[] = [];
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();
  let freed: () => void = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      freed = done; // an answer may free a place sooner than the timer
    });
  const admit = async (): Promise<() => void> => {
    for (;;) {
      const now = clock();
      for (let i = held.length - 1; i >= 0; i--) if (held[i]!.until <= now) held.splice(i, 1);
      const soonest = held.reduce((min, h) => Math.min(min, h.until), Number.POSITIVE_INFINITY);
      const wait = Math.max(pausedUntil - now, held.length >= perSecond ? soonest - now : 0);
      if (wait <= 0) {
        const place = { until: countFrom === "start" ? now + 1000 : Number.POSITIVE_INFINITY };
        held.push(place);
        return () => {
          if (countFrom === "start") return;
          place.until = clock() + 1000;
          freed();
        };
      }
      await sleep(Number.isFinite(wait) ? Math.ceil(wait) : 1000);
    }
  };
  return {
    take() {
      // One at a time, in order of asking: the budget is checked and updated without interleaving.
      const turn = chain.then(admit);
      chain = turn.then(() => {}, () => {});
      return turn;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, clock() + ms);
    },
  };
}
