/**
 * Parsing off the main thread: a pool of workers that summarize replays, with a time limit per job (the worker is
 * replaced), cancellation, a bounded queue, and decoding limits derived from a memory budget.
 *
 * @example
 * ```ts
 * import { createParserPool } from "@evo-ladder/sc2replay/pool";
 * const pool = createParserPool({ workers: 2, timeoutMs: 2000, memoryLimitMb: 256, maxQueue: 100 });
 * const summary = await pool.parse(await Deno.readFile("game.SC2Replay"));
 * pool.close();
 * ```
 *
 * @module
 */
export { createParserPool, limitsForMemory } from "./src/pool/pool.ts";
export type { ParseJobOptions, ParserPool, ParserPoolOptions, ParserPoolStats } from "./src/pool/pool.ts";
