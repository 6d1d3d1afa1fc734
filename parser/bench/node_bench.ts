/**
 * The npm package on Node next to the sources on Deno: full decode and summary medians on the 2025 tournament replays,
 * the same workload (`decode_workload.ts`) run back to back in each runtime. Builds the package into a temporary
 * folder first (10–15 s). Skips with a message without `node` or the corpus.
 *
 * Run: `deno task bench` (all figures) or `deno run -A parser/bench/node_bench.ts`.
 *
 * @module
 */
import ts from "typescript";
import { openReplay, summarize } from "../mod.ts";
import { type DecodeFigures, measureDecode } from "./decode_workload.ts";

const DH2025 = new URL("../../../shared/replays/dh2025/", import.meta.url);

async function output(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`${command} failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`);
  return text;
}

/** The workload on Node: the package built into `dir`, the workload transpiled beside it. */
async function onNode(dir: string, files: string[]): Promise<DecodeFigures & { node: string }> {
  await output(Deno.execPath(), [
    "run",
    "-A",
    new URL("../tools/build_npm.ts", import.meta.url).pathname,
    "--out",
    dir,
  ]);
  const workload = await Deno.readTextFile(new URL("decode_workload.ts", import.meta.url));
  const js = ts.transpileModule(workload, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  await Deno.writeTextFile(`${dir}/decode_workload.mjs`, js.outputText);
  const runner = `import { readFileSync } from "node:fs";
import * as api from "./mod.js";
import { measureDecode } from "./decode_workload.mjs";
const files = JSON.parse(process.argv[2]).map((f) => new Uint8Array(readFileSync(f)));
console.log(JSON.stringify({ ...measureDecode(api, files), node: process.version }));`;
  await Deno.writeTextFile(`${dir}/run.mjs`, runner);
  return JSON.parse(await output("node", [`${dir}/run.mjs`, JSON.stringify(files)]));
}

/**
 * Runs the Node benchmark and prints its figures.
 *
 * @example
 * ```ts
 * import { runNodeBench } from "./node_bench.ts";
 * await runNodeBench();
 * ```
 */
export async function runNodeBench(): Promise<void> {
  let files: string[];
  try {
    const dir = decodeURIComponent(DH2025.pathname);
    files = [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".SC2Replay")).map((e) => dir + e.name).sort();
    await output("node", ["--version"]);
  } catch {
    console.log("parser on Node skipped: needs node and ../shared/replays beside the repository");
    return;
  }
  const tmp = await Deno.makeTempDir({ prefix: "sc2replay-node-bench-" });
  try {
    const node = await onNode(tmp, files);
    const deno = measureDecode({ openReplay, summarize }, files.map((f) => Deno.readFileSync(f)));
    console.log(
      `parser on Node ${node.node} (npm build) vs Deno (sources), dh2025: full decode median ${
        node.fullMs.toFixed(1)
      } vs ${deno.fullMs.toFixed(1)} ms/replay, summary median ${node.summaryMs.toFixed(2)} vs ${
        deno.summaryMs.toFixed(2)
      } ms`,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) await runNodeBench();
