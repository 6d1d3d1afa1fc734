/**
 * Figures of issue 11 item 6, next to the parser's others: `analyze` against the full decode in-process, and the
 * whole-process CLI time to print every section as JSON (the s2prot comparison: its CLI took 661 ms a replay on the
 * issue's machine, so the goal is ≤ 330 ms).
 *
 * Run: `deno task bench` (all figures) or `deno run -A parser/bench/parser_bench.ts`.
 *
 * @module
 */
import { analyze, openReplay } from "../mod.ts";
import { median, timeEach } from "./decode_workload.ts";

/** s2prot's CLI, all sections as JSON, per 2025 tournament replay (issue 11's measurement). */
const S2PROT_CLI_MS = 661;

/**
 * Prints analyze's median next to the full decode's, and the CLI's whole-process median on up to 10 replays.
 *
 * @example
 * ```ts
 * import { runOutputBench } from "./output_bench.ts";
 * // await runOutputBench(paths, bytes, fullDecodeMedianMs);
 * ```
 */
export async function runOutputBench(paths: string[], files: Uint8Array[], fullDecodeMs: number): Promise<void> {
  const analyzeMs = median(timeEach(files, (bytes) => analyze(openReplay(bytes)), 3));
  console.log(
    `parser analyze, dh2025: median ${analyzeMs.toFixed(1)} ms/replay = ${(analyzeMs / fullDecodeMs).toFixed(2)} × ` +
      `the full decode (goal ≤ 1.3 ×)`,
  );

  const cli = new URL("../cli.ts", import.meta.url).pathname;
  const walls: number[] = [];
  for (const path of paths.slice(0, 10)) {
    const start = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", cli, "--all", "--json", path],
      stdout: "null",
    }).output();
    walls.push(performance.now() - start);
    if (!out.success) throw new Error(`CLI failed on ${path}`);
  }
  const wall = median(walls);
  console.log(
    `parser CLI --all --json, whole process, dh2025 (${walls.length} replays): median ${wall.toFixed(0)} ms/replay = ` +
      `${(wall / S2PROT_CLI_MS).toFixed(2)} × s2prot's CLI (${S2PROT_CLI_MS} ms, issue 11; goal ≤ 0.5 × = ` +
      `${S2PROT_CLI_MS / 2} ms)`,
  );
}
