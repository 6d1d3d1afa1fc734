/**
 * Protocol table figures: a fresh process's time to import the tables module and expand one table cold (what a
 * replay open pays), a second, different table in the same process, and the expansion of every distinct table.
 *
 * Run: `deno run --allow-read --allow-write --allow-run parser/bench/protocol_bench.ts [runs]`.
 *
 * @module
 */
const TABLES_MODULE = new URL("../src/protocol/tables.ts", import.meta.url).href;

/** Child-process body: prints `[import ms, first table ms, second table ms]`. */
const CHILD = `
const t0 = performance.now();
const { tableForBuild } = await import(${JSON.stringify(TABLES_MODULE)});
const t1 = performance.now();
tableForBuild(93333);
const t2 = performance.now();
tableForBuild(17326);
const t3 = performance.now();
console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2]));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function coldRuns(runs: number): Promise<number[][]> {
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    await Deno.writeTextFile(script, CHILD);
    const samples: number[][] = [];
    for (let i = 0; i < runs; i++) {
      const { stdout } = await new Deno.Command(Deno.execPath(), { args: ["run", "--allow-read", script] }).output();
      samples.push(JSON.parse(new TextDecoder().decode(stdout)));
    }
    return samples;
  } finally {
    await Deno.remove(script);
  }
}

if (import.meta.main) {
  const runs = Number(Deno.args[0] ?? 15);
  const samples = await coldRuns(runs);
  const column = (i: number) => median(samples.map((s) => s[i]!)).toFixed(2);
  console.log(
    `cold, median of ${runs} processes (ms): import ${column(0)}, first table ${column(1)}, second ${column(2)}`,
  );

  const { knownBuilds, tableForBuild } = await import(TABLES_MODULE);
  const start = performance.now();
  const distinct = new Set((knownBuilds() as number[]).map((b) => tableForBuild(b)!.typeinfos));
  console.log(`every known build (${distinct.size} distinct tables): ${(performance.now() - start).toFixed(2)} ms`);
}
