/**
 * The parser pool's worker: summarizes the replays it is sent. Decoding is bounded by the limits the pool passes, so
 * a worker's memory stays within the pool's `memoryLimitMb`; a job that runs too long is ended by the pool, which
 * terminates this worker and starts a new one.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { toReplayError } from "../errors.ts";
import { summarizeBytes } from "../summary/summarize.ts";
import type { JobRequest, JobResponse } from "./protocol.ts";

// Yield the CPU to the host: on Linux a thread's nice value is its own, so the host's event loop stays responsive
// while the workers parse on every core. Where this is unavailable (browsers, other systems) nothing changes.
try {
  const os = await import("node:os");
  os.setPriority(19);
} catch {
  // not supported here
}

self.onmessage = (event: MessageEvent<JobRequest>) => {
  const { id, bytes, limits, gameEvents, activity, nearestBuild } = event.data;
  let response: JobResponse;
  try {
    response = { id, ok: true, summary: summarizeBytes(bytes, { limits, gameEvents, activity, nearestBuild }) };
  } catch (e) {
    response = { id, ok: false, error: toReplayError(e).toJSON() };
  }
  self.postMessage(response);
};
