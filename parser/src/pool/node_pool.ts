/**
 * The parser pool on Node: the same pool as `pool.ts`, over `node:worker_threads`. Each worker runs with V8
 * `resourceLimits` sized from `memoryLimitMb`, so a job that allocates without end ends its own worker
 * (`LIMIT_EXCEEDED`), never the process; time limits, cancellation and the bounded queue work as on web Workers.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { ReplayError } from "../errors.ts";
import { createPoolWith, type ParserPool, type ParserPoolOptions } from "./pool.ts";
import type { JobResponse } from "./protocol.ts";

/**
 * Creates a parser pool on `node:worker_threads` (Node 20+; it runs in Deno too, where `resourceLimits` are ignored).
 *
 * @example
 * ```ts
 * import { createParserPool } from "./node_pool.ts";
 * const pool = createParserPool({ workers: 2, timeoutMs: 2000, memoryLimitMb: 256, maxQueue: 100 });
 * const summary = await pool.parse(await Deno.readFile("game.SC2Replay"));
 * console.log(summary.players.map((p) => p.name));
 * pool.close();
 * ```
 */
export function createParserPool(options: ParserPoolOptions = {}): ParserPool {
  const workerUrl = options.workerUrl ?? new URL("./node_worker.ts", import.meta.url);
  const memoryLimitMb = options.memoryLimitMb ?? 512;
  return createPoolWith(options, ({ onMessage, onFailure }) => {
    const worker = new Worker(workerUrl, {
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    // After terminate() or a first failure the worker reports nothing more (its 'exit' follows every 'error').
    let ended = false;
    const failure = (error: ReplayError) => {
      if (ended) return;
      ended = true;
      onFailure(error);
    };
    worker.on("message", (response: JobResponse) => {
      if (!ended) onMessage(response);
    });
    worker.on("error", (error: Error & { code?: string }) => {
      failure(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new ReplayError("LIMIT_EXCEEDED", `the replay needed more than ${memoryLimitMb} MiB; it was skipped`)
          : new ReplayError("CORRUPTED", `the parser worker failed: ${error.message}`),
      );
    });
    worker.on("exit", (code) => failure(new ReplayError("CORRUPTED", `the parser worker exited (code ${code})`)));
    return {
      postMessage: (request, transfer) => worker.postMessage(request, transfer),
      terminate: () => {
        ended = true;
        void worker.terminate();
      },
    };
  });
}
