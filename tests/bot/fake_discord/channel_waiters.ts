/**
 * Waiting on a channel of the fake Discord without polling: a waiter re-checks its condition each time the channel's
 * messages change (a message added, edited or deleted), so thousands of simulated players cost nothing while idle.
 *
 * @module
 */
import type { FakeMessage } from "./state.ts";

/** The waiters of every channel. */
export class ChannelWaiters {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Wakes the waiters of a channel whose messages changed. */
  changed(channelId: string): void {
    const waiters = this.waiters.get(channelId);
    if (waiters) { for (const wake of [...waiters]) wake(); }
  }

  /**
   * Resolves once `predicate` holds for `read()` (the channel's visible messages), checking it now and after each
   * change; throws `timed out waiting for: <what>` after `timeoutMs`, or what the predicate throws.
   *
   * @example
   * ```ts
   * import type { FakeMessage } from "./state.ts";
   * const waiters = new ChannelWaiters();
   * const messages: FakeMessage[] = [];
   * const arrived = waiters.wait("1", () => messages, (m) => m.length > 0, 5000, "a message");
   * waiters.changed("1");
   * ```
   */
  wait(
    channelId: string,
    read: () => FakeMessage[],
    predicate: (messages: FakeMessage[]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    if (predicate(read())) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiters = this.waiters.get(channelId) ?? new Set();
      this.waiters.set(channelId, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        if (waiters.size === 0) this.waiters.delete(channelId);
      };
      const check = () => {
        let holds: boolean;
        try {
          holds = predicate(read());
        } catch (error) {
          done();
          return reject(error);
        }
        if (holds) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for: ${what}`));
      }, timeoutMs);
      waiters.add(check);
    });
  }
}
