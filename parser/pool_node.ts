/**
 * The parser pool on Node's `node:worker_threads`, with the API of `./pool`: workers run with V8 `resourceLimits`
 * sized from `memoryLimitMb`, so a job that allocates without end ends its own worker (`LIMIT_EXCEEDED`), never the
 * process. In the npm package, `@evo-ladder/sc2replay/pool` resolves here on Node.
 *
 * @example
 * ```ts
 * import { createParserPool } from "@evo-ladder/sc2replay/pool/node";
 * const pool = createParserPool({ workers: 2, timeoutMs: 2000, memoryLimitMb: 256, maxQueue: 100 });
 * const summary = await pool.parse(await Deno.readFile("game.SC2Replay"));
 * pool.close();
 * ```
 *
 * @module
 */
export { createParserPool } from "./src/pool/node_pool.ts";
export { limitsForMemory } from "./src/pool/pool.ts";
export type { ParseJobOptions, ParserPool, ParserPoolOptions, ParserPoolStats } from "./src/pool/pool.ts";
