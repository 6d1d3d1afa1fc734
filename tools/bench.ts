/**
 * `deno task bench`: prints every figure the issues ask for — parser, data layer (PGlite, and PostgreSQL when
 * `DATABASE_URL` or `TEST_DATABASE_URL` is set), bot interaction latency, the web pages' server time.
 *
 * @module
 */
import { runParserBench } from "../parser/bench/parser_bench.ts";
import { runNodeBench } from "../parser/bench/node_bench.ts";
import { runDbBench } from "../bot/bench/db_bench.ts";
import { runInteractionBench } from "../bot/bench/interaction_bench.ts";
import { runMatchmakingBench } from "../bot/bench/matchmaking_bench.ts";
import { runLeaderboardBench } from "../bot/bench/leaderboard_bench.ts";
import { runWebBench } from "../bot/bench/web_bench.ts";
import { runOutboxBench } from "../bot/bench/outbox_bench.ts";

console.log("== parser");
await runParserBench();
await runNodeBench();
console.log("== data layer");
await runDbBench();
console.log("== bot");
await runInteractionBench();
await runMatchmakingBench();
await runLeaderboardBench();
console.log("== web");
await runWebBench();
await runOutboxBench();
