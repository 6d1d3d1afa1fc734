/**
 * Builds fixture replays in a worker thread, so the load bench's event loop (the fake Discord and every simulated
 * player) is not blocked for the 20–60 ms each replay takes: a blocked loop holds back the interactions in flight and
 * their measured acknowledgement.
 *
 * @module
 */
import type { FixtureSpec } from "../parser/src/writer/fixtures.ts";

/** A worker that builds fixture replays from one base replay. */
export class ReplayMaker {
  private readonly worker = new Worker(new URL("./replay_maker_worker.ts", import.meta.url), { type: "module" });
  private readonly pending = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
  private next = 0;

  private constructor() {
    this.worker.onmessage = (event: MessageEvent<{ id: number; bytes?: Uint8Array | null; error?: string }>) => {
      const waiting = this.pending.get(event.data.id);
      if (!waiting) return;
      this.pending.delete(event.data.id);
      if (event.data.error !== undefined) waiting.reject(new Error(event.data.error));
      else waiting.resolve(event.data.bytes ?? new Uint8Array());
    };
  }

  private ask(message: { base?: Uint8Array; spec?: FixtureSpec }): Promise<Uint8Array> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  /**
   * Starts the worker on the bytes of a base replay.
   *
   * @example
   * ```ts
   * const maker = await ReplayMaker.start(Deno.readFileSync("base.SC2Replay"));
   * const bytes = await maker.make({ players: [] });
   * maker.close();
   * ```
   */
  static async start(base: Uint8Array): Promise<ReplayMaker> {
    const maker = new ReplayMaker();
    await maker.ask({ base });
    return maker;
  }

  /** The fixture replay of `spec` (see `makeFixtureReplay`). */
  make(spec: FixtureSpec): Promise<Uint8Array> {
    return this.ask({ spec });
  }

  /** Stops the worker. */
  close(): void {
    this.worker.terminate();
  }
}
