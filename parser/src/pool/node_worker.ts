/**
 * The parser pool's `node:worker_threads` worker: summarizes the replays it is sent (see `node_pool.ts`).
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { lowerPriority, runJob } from "./job.ts";
import type { JobRequest } from "./protocol.ts";

await lowerPriority();
parentPort?.on("message", (request: JobRequest) => parentPort?.postMessage(runJob(request)));
