/**
 * Messages between the parser pool and its workers (plain data, structured-clone safe), and the small interface the
 * pool drives a worker through, so that web Workers (Deno, browsers) and `node:worker_threads` (Node) both fit.
 *
 * @module
 */
import type { ReplayError, ReplayErrorCode } from "../errors.ts";
import type { Limits } from "../limits.ts";
import type { ReplaySummary } from "../summary/types.ts";

/** A job sent to a worker; `bytes` is transferred. */
export interface JobRequest {
  id: number;
  bytes: Uint8Array;
  limits: Partial<Limits>;
  gameEvents: boolean;
  activity: boolean;
  nearestBuild: boolean;
}

/** A worker's answer. */
export type JobResponse =
  | { id: number; ok: true; summary: ReplaySummary }
  | { id: number; ok: false; error: { code: ReplayErrorCode; message: string; section?: string; bitOffset?: number } };

/** A running worker as the pool sees it. */
export interface PoolWorker {
  /** Sends a job, transferring the listed buffers. */
  postMessage(request: JobRequest, transfer: ArrayBuffer[]): void;
  /** Ends the worker at once, even in the middle of a job; it reports nothing afterwards. */
  terminate(): void;
}

/** What a worker reports: an answer, or a failure of the worker itself (crash, out of memory, exit). */
export interface PoolWorkerEvents {
  onMessage(response: JobResponse): void;
  onFailure(error: ReplayError): void;
}

/** Starts one worker. */
export type SpawnWorker = (events: PoolWorkerEvents) => PoolWorker;
