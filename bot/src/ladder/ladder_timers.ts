/**
 * The ladder's clock: a matchmaking wave at every multiple of the wave interval (Unix time), and a frequent check of
 * match deadlines and reminders. Both read everything from the database, so after a restart the same timers simply
 * pick up the stored queue, matches and deadlines.
 *
 * @module
 */
import type { Inflight } from "../inflight.ts";
import type { Logger } from "../log.ts";
import { nextWaveAt } from "./matchmaking.ts";

/** What the timers run. */
export interface LadderClockWork {
  wave(now?: Date): Promise<unknown>;
  tick(now?: Date): Promise<void>;
}

/** Started and stopped with the bot. */
export interface LadderTimers {
  start(): void;
  stop(): void;
}

/**
 * Creates the timers. A run still going when the next is due is not doubled. Waves are aligned on the bot's clock.
 *
 * @example
 * ```ts
 * import { createInflight } from "../inflight.ts";
 * import { createLogger } from "../log.ts";
 * declare const control: LadderClockWork; // the bot's waves and deadline ticks
 * const log = createLogger();
 * const inflight = createInflight();
 * const timers = createLadderTimers(control, 45_000, { deadlineCheckMs: 1000 }, log, inflight);
 * timers.start();
 * timers.stop();
 * ```
 */
export function createLadderTimers(
  work: LadderClockWork,
  waveIntervalMs: number,
  options: { readonly deadlineCheckMs?: number; readonly now?: () => Date },
  log: Logger,
  inflight: Inflight,
): LadderTimers {
  let waveTimer: ReturnType<typeof setTimeout> | undefined;
  let tickTimer: ReturnType<typeof setInterval> | undefined;
  let running = false;
  let ticking = false;

  const scheduleWave = () => {
    if (!running) return;
    const now = (options.now?.() ?? new Date()).getTime();
    const delay = Math.max(0, nextWaveAt(now, waveIntervalMs) - now);
    waveTimer = setTimeout(() => {
      void inflight.track(
        work.wave().catch((error) => log.error("matchmaking wave failed", { error })).finally(scheduleWave),
      );
    }, delay);
  };

  return {
    start() {
      if (running) return;
      running = true;
      scheduleWave();
      tickTimer = setInterval(() => {
        if (ticking) return;
        ticking = true;
        void inflight.track(
          work.tick().catch((error) => log.error("match deadline check failed", { error })).finally(() =>
            ticking = false
          ),
        );
      }, options.deadlineCheckMs ?? 1000);
    },
    stop() {
      running = false;
      clearTimeout(waveTimer);
      clearInterval(tickTimer);
    },
  };
}
