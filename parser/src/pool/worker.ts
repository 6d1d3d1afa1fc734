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

self.onmessage = (event: MessageEvent<JobRequest>) => {
  const { id, bytes, limits, gameEvents, nearestBuild } = event.data;
  let response: JobResponse;
  try {
    response = { id, ok: true, summary: summarizeBytes(bytes, { limits, gameEvents, nearestBuild }) };
  } catch (e) {
    response = { id, ok: false, error: toReplayError(e).toJSON() };
  }
  self.postMessage(response);
};
