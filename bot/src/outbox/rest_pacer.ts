/**
 * Paces REST requests within a budget: at most `perSecond` requests in any one-second window (Discord counts its
 * global limit of 50 a second that way), and a pause for everyone after a global 429.
 *
 * @module
 */

/** A pacer. */
export interface RestPacer {
  /** Resolves when one more request fits the budget (and records it). */
  take(): Promise<void>;
  /** Nobody sends for `ms` (a global 429's Retry-After). */
  pause(ms: number): void;
}

/**
 * Creates a pacer of `perSecond` requests in any 1000 ms window.
 *
 * @example
 * ```ts
 * const pacer = createRestPacer(45);
 * await pacer.take(); // then send one request
 * ```
 */
export function createRestPacer(perSecond: number, clock: () => number = () => performance.now()): RestPacer {
  const sent: number[] = []; // start times of the requests of the last second, oldest first
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const admit = async () => {
    for (;;) {
      const now = clock();
      while (sent.length > 0 && sent[0]! <= now - 1000) sent.shift();
      const wait = Math.max(pausedUntil - now, sent.length >= perSecond ? sent[0]! + 1000 - now : 0);
      if (wait <= 0) return void sent.push(now);
      await sleep(Math.ceil(wait));
    }
  };
  return {
    take() {
      // One at a time, in order of asking: the window is checked and updated without interleaving.
      const turn = chain.then(admit);
      chain = turn.catch(() => {});
      return turn;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, clock() + ms);
    },
  };
}
