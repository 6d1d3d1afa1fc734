/**
 * `deno task bench`: prints every figure the issues ask for (parser; data layer and bot when present).
 *
 * @module
 */
import { runParserBench } from "../parser/bench/parser_bench.ts";

console.log("== parser");
await runParserBench();
