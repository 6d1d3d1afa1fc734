/**
 * The decode workload the benchmarks time, written once for both runtimes: it takes the parser's API as an argument,
 * so `parser_bench.ts` times the sources on Deno and `node_bench.ts` times the compiled npm package on Node with the
 * same code (transpiled for Node; it has no runtime imports).
 *
 * @module
 */
import type { openReplay, summarize } from "../mod.ts";

/** The part of the parser's API the workload uses. */
export interface ParserApi {
  openReplay: typeof openReplay;
  summarize: typeof summarize;
}

/** Medians of a full decode and of a summary, per replay. */
export interface DecodeFigures {
  fullMs: number;
  summaryMs: number;
}

/**
 * Median of `values`.
 *
 * @example
 * ```ts
 * import { median } from "./decode_workload.ts";
 * console.log(median([3, 1, 2])); // 2
 * ```
 */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Times `fn` over every file `rounds` times after a warm-up; returns each file's best time in ms.
 *
 * @example
 * ```ts
 * import { timeEach } from "./decode_workload.ts";
 * console.log(timeEach([new Uint8Array(8)], (bytes) => bytes.reverse(), 3).length); // 1
 * ```
 */
export function timeEach(files: Uint8Array[], fn: (bytes: Uint8Array) => unknown, rounds: number): number[] {
  for (const bytes of files.slice(0, 3)) fn(bytes);
  const best = files.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    files.forEach((bytes, i) => {
      const start = performance.now();
      fn(bytes);
      best[i] = Math.min(best[i]!, performance.now() - start);
    });
  }
  return best;
}

/**
 * Decodes every section and every event of a replay; returns the event count.
 *
 * @example
 * ```ts
 * import { openReplay, summarize } from "../mod.ts";
 * import { fullDecode } from "./decode_workload.ts";
 * console.log(fullDecode({ openReplay, summarize }, await Deno.readFile("game.SC2Replay")));
 * ```
 */
export function fullDecode(api: ParserApi, bytes: Uint8Array): number {
  const replay = api.openReplay(bytes);
  replay.details();
  replay.initData();
  replay.attributes();
  replay.gameMetadata();
  let events = 0;
  for (const kind of ["game", "message", "tracker"] as const) {
    if (replay.hasStream(kind)) { for (const _ of replay.events(kind)) events++; }
  }
  return events;
}

/**
 * Median full-decode and summary times over `files`.
 *
 * @example
 * ```ts
 * import { openReplay, summarize } from "../mod.ts";
 * import { measureDecode } from "./decode_workload.ts";
 * console.log(measureDecode({ openReplay, summarize }, [await Deno.readFile("game.SC2Replay")]));
 * ```
 */
export function measureDecode(api: ParserApi, files: Uint8Array[]): DecodeFigures {
  return {
    fullMs: median(timeEach(files, (bytes) => fullDecode(api, bytes), 3)),
    summaryMs: median(timeEach(files, (bytes) => api.summarize(api.openReplay(bytes)), 5)),
  };
}
