/**
 * A pool of parser workers: replay bytes are transferred to a worker, the summary (or a typed error) comes back.
 * Jobs have a time limit (the worker is terminated and replaced), can be cancelled with an `AbortSignal`, and wait in
 * a bounded queue (a full queue refuses at once). Decoding in the workers is bounded by limits derived from
 * `memoryLimitMb`, so no input can exhaust the process.
 *
 * @module
 */
import { ReplayError } from "../errors.ts";
import type { Limits } from "../limits.ts";
import type { ReplaySummary } from "../summary/types.ts";
import type { JobRequest, JobResponse, PoolWorker, SpawnWorker } from "./protocol.ts";

/** Pool settings. */
export interface ParserPoolOptions {
  /** Worker count (default 2). */
  workers?: number;
  /** Time limit per job once a worker runs it (default 5,000 ms). */
  timeoutMs?: number;
  /** Memory one job may use; sets the decoding limits (default 512 MiB). */
  memoryLimitMb?: number;
  /** Jobs that may wait for a worker (default 1,000). */
  maxQueue?: number;
  /** Worker module URL (default: this package's worker for the runtime). */
  workerUrl?: URL;
}

/** Per-job options. */
export interface ParseJobOptions {
  /** Cancels the job (queued or running). */
  signal?: AbortSignal;
  /** Also read game events to decide undecided results. */
  gameEvents?: boolean;
  /** Also read game events to give each player's APM (`players[].apm`; see `summarize`). */
  activity?: boolean;
  /** Decode builds without a table with a verified neighbouring table. */
  nearestBuild?: boolean;
}

/** Counters for health checks. */
export interface ParserPoolStats {
  /** Workers in the pool. */
  workers: number;
  /** Workers running a job. */
  busy: number;
  /** Jobs waiting. */
  queued: number;
  /** Jobs that returned a summary. */
  completed: number;
  /** Jobs that ended in an error. */
  failed: number;
  /** Jobs ended by the time limit. */
  timedOut: number;
  /** Workers replaced (time-outs, cancellations, crashes). */
  restarts: number;
}

/** The pool. */
export interface ParserPool {
  /** Summarizes `bytes` in a worker. The buffer is transferred: do not use it afterwards. */
  parse(bytes: Uint8Array, options?: ParseJobOptions): Promise<ReplaySummary>;
  /** Current counters. */
  stats(): ParserPoolStats;
  /** Rejects queued jobs, ends running ones and terminates the workers. */
  close(): void;
}

interface Job {
  id: number;
  bytes: Uint8Array<ArrayBuffer>;
  options: ParseJobOptions;
  resolve: (summary: ReplaySummary) => void;
  reject: (error: ReplayError) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: PoolWorker;
  job: Job | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Decoding limits that keep one job within `memoryLimitMb`: the file and one member each take at most a quarter, and
 * decoded values (about 128 bytes each, generously) the rest.
 *
 * @example
 * ```ts
 * import { limitsForMemory } from "./pool.ts";
 * console.log(limitsForMemory(256).maxMemberBytes); // 67108864
 * ```
 */
export function limitsForMemory(memoryLimitMb: number): Partial<Limits> {
  const bytes = memoryLimitMb * 2 ** 20;
  return {
    maxFileBytes: Math.min(64 * 2 ** 20, Math.floor(bytes / 4)),
    maxMemberBytes: Math.floor(bytes / 4),
    maxValuesPerSection: Math.floor(bytes / 2 / 128),
    maxEventsPerStream: Math.floor(bytes / 2 / 256),
  };
}

/**
 * Creates a parser pool on web Workers (Deno, browsers). On Node, `@evo-ladder/sc2replay/pool` resolves to the
 * `node:worker_threads` pool of `pool_node.ts` instead, which has the same API.
 *
 * @example
 * ```ts
 * import { createParserPool } from "./pool.ts";
 * const pool = createParserPool({ workers: 2, timeoutMs: 2000, memoryLimitMb: 256, maxQueue: 100 });
 * const summary = await pool.parse(await Deno.readFile("game.SC2Replay"));
 * console.log(summary.players.map((p) => p.name));
 * pool.close();
 * ```
 */
export function createParserPool(options: ParserPoolOptions = {}): ParserPool {
  const workerUrl = options.workerUrl ?? new URL("./worker.ts", import.meta.url);
  return createPoolWith(options, ({ onMessage, onFailure }) => {
    const worker = new Worker(workerUrl, { type: "module" });
    worker.onmessage = (event: MessageEvent<JobResponse>) => onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      onFailure(new ReplayError("CORRUPTED", `the parser worker failed: ${event.message}`));
    };
    return worker;
  });
}

/**
 * The pool itself, over any kind of worker `spawn` starts (see {@link createParserPool}; `pool_node.ts` passes
 * `node:worker_threads` workers).
 *
 * @example
 * ```ts
 * import { createPoolWith } from "./pool.ts";
 * import { runJob } from "./job.ts";
 * // An in-thread "worker", for illustration: answers on the next tick.
 * const pool = createPoolWith({ workers: 1 }, ({ onMessage }) => ({
 *   postMessage: (request) => setTimeout(() => onMessage(runJob(request)), 0),
 *   terminate: () => {},
 * }));
 * await pool.parse(new Uint8Array(4)).catch((e) => console.log(e.code)); // "NOT_A_REPLAY"
 * pool.close();
 * ```
 */
export function createPoolWith(options: ParserPoolOptions, spawn: SpawnWorker): ParserPool {
  const workerCount = Math.max(1, options.workers ?? 2);
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxQueue = options.maxQueue ?? 1000;
  const limits = limitsForMemory(options.memoryLimitMb ?? 512);
  const queue: Job[] = [];
  const stats = { completed: 0, failed: 0, timedOut: 0, restarts: 0 };
  let nextId = 1;
  let closed = false;

  const start = (slot: Slot) => {
    slot.worker = spawn({
      onMessage: (response) => finish(slot, response),
      onFailure: (error) => fail(slot, error),
    });
  };
  const slots: Slot[] = Array.from({ length: workerCount }, () => {
    const slot = { job: undefined, timer: undefined } as unknown as Slot;
    start(slot);
    return slot;
  });

  const replace = (slot: Slot) => {
    slot.worker.terminate();
    start(slot);
    stats.restarts++;
  };

  const release = (slot: Slot): Job | undefined => {
    const job = slot.job;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    if (job?.onAbort) job.options.signal?.removeEventListener("abort", job.onAbort);
    return job;
  };

  const finish = (slot: Slot, response: JobResponse) => {
    const job = slot.job;
    if (job === undefined || job.id !== response.id) return;
    release(slot);
    if (response.ok) {
      stats.completed++;
      job.resolve(response.summary);
    } else {
      stats.failed++;
      const { code, message, ...where } = response.error;
      job.reject(new ReplayError(code, message, where));
    }
    pump();
  };

  const fail = (slot: Slot, error: ReplayError) => {
    const job = release(slot);
    replace(slot);
    if (job) {
      stats.failed++;
      job.reject(error);
    }
    pump();
  };

  const pump = () => {
    for (const slot of slots) {
      if (closed || queue.length === 0) return;
      if (slot.job !== undefined) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        stats.timedOut++;
        fail(slot, new ReplayError("TIMEOUT", `parsing took longer than ${timeoutMs} ms; the replay was skipped`));
      }, timeoutMs);
      const request: JobRequest = {
        id: job.id,
        bytes: job.bytes,
        limits,
        gameEvents: job.options.gameEvents ?? false,
        activity: job.options.activity ?? false,
        nearestBuild: job.options.nearestBuild ?? false,
      };
      slot.worker.postMessage(request, [job.bytes.buffer]);
    }
  };

  return {
    parse(bytes, jobOptions = {}) {
      return new Promise<ReplaySummary>((resolve, reject) => {
        if (closed) return reject(new ReplayError("ABORTED", "the parser pool is closed"));
        if (jobOptions.signal?.aborted) return reject(new ReplayError("ABORTED", "the job was cancelled"));
        if (queue.length >= maxQueue && slots.every((s) => s.job !== undefined)) {
          return reject(
            new ReplayError("QUEUE_FULL", `the parser queue is full (${maxQueue} jobs waiting); try again shortly`),
          );
        }
        // Own the bytes: transfer needs a whole buffer, so copy only when given a view of a larger one.
        const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 &&
          bytes.byteLength === bytes.buffer.byteLength;
        const own = whole ? bytes as Uint8Array<ArrayBuffer> : bytes.slice();
        const job: Job = { id: nextId++, bytes: own, options: jobOptions, resolve, reject };
        if (jobOptions.signal) {
          job.onAbort = () => {
            const queued = queue.indexOf(job);
            if (queued >= 0) {
              queue.splice(queued, 1);
              job.reject(new ReplayError("ABORTED", "the job was cancelled"));
              return;
            }
            const slot = slots.find((s) => s.job === job);
            if (slot) fail(slot, new ReplayError("ABORTED", "the job was cancelled"));
          };
          jobOptions.signal.addEventListener("abort", job.onAbort, { once: true });
        }
        queue.push(job);
        pump();
      });
    },
    stats() {
      return { workers: slots.length, busy: slots.filter((s) => s.job).length, queued: queue.length, ...stats };
    },
    close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new ReplayError("ABORTED", "the parser pool was closed"));
      for (const slot of slots) {
        const job = release(slot);
        job?.reject(new ReplayError("ABORTED", "the parser pool was closed"));
        slot.worker.terminate();
      }
    },
  };
}
