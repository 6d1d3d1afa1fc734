/**
 * The parser pool's web worker (Deno, browsers): summarizes the replays it is sent. Decoding is bounded by the limits
 * the pool passes, so a worker's memory stays within the pool's `memoryLimitMb`; a job that runs too long is ended by
 * the pool, which terminates this worker and starts a new one.
 *
 * @module
 */
import { lowerPriority, runJob } from "./job.ts";
import type { JobRequest, JobResponse } from "./protocol.ts";

/** The parts of a worker's global scope used here (typed without the `deno.worker` or `webworker` libs). */
interface WorkerScope {
  onmessage: ((event: { data: JobRequest }) => void) | null;
  postMessage(response: JobResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
await lowerPriority();
scope.onmessage = (event) => scope.postMessage(runJob(event.data));
