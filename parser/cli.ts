/**
 * Command-line entry: `deno run --allow-read parser/cli.ts [options] FILE|DIR|- ...` (or `deno task parse`).
 *
 * @example
 * ```sh
 * deno task parse --details --json game.SC2Replay
 * deno task parse --trackerevents --ndjson game.SC2Replay | sha256sum
 * ```
 *
 * @module
 */
export { EXIT_CODES, runCli } from "./cli/main.ts";
import { runCli } from "./cli/main.ts";

if (import.meta.main) Deno.exit(await runCli(Deno.args));
