/**
 * Messages between the parser pool and its workers (plain data, structured-clone safe).
 *
 * @module
 */
import type { ReplayErrorCode } from "../errors.ts";
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
