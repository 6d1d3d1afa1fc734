/**
 * What a parser worker does with one job, whichever kind of worker it runs in: summarize the bytes within the limits
 * the pool sent, and answer with the summary or the typed error.
 *
 * @module
 */
import { toReplayError } from "../errors.ts";
import { summarizeBytes } from "../summary/summarize.ts";
import type { JobRequest, JobResponse } from "./protocol.ts";

/**
 * Runs one job; never throws.
 *
 * @example
 * ```ts
 * import { runJob } from "./job.ts";
 * const request = { id: 1, bytes: new Uint8Array(4), limits: {}, gameEvents: false, activity: false, nearestBuild: false };
 * const response = runJob(request);
 * console.log(response.ok ? "summary" : response.error.code); // "NOT_A_REPLAY"
 * ```
 */
export function runJob(request: JobRequest): JobResponse {
  const { id, bytes, limits, gameEvents, activity, nearestBuild } = request;
  try {
    return { id, ok: true, summary: summarizeBytes(bytes, { limits, gameEvents, activity, nearestBuild }) };
  } catch (e) {
    return { id, ok: false, error: toReplayError(e).toJSON() };
  }
}

/**
 * Yields the CPU to the host: on Linux a thread's nice value is its own, so the host's event loop stays responsive
 * while the workers parse on every core. Where this is unavailable (browsers, other systems) nothing changes.
 *
 * @example
 * ```ts
 * import { lowerPriority } from "./job.ts";
 * await lowerPriority();
 * ```
 */
export async function lowerPriority(): Promise<void> {
  try {
    const os = await import("node:os");
    os.setPriority(19);
  } catch {
    // not supported here
  }
}
