/**
 * The long fuzz run (not in CI): `deno run -A tools/fuzz_replays.ts [CASES=100000] [SEED]` mutates small corpus replays
 * (`../shared/replays`) with the robustness test's kinds in turn — whole-file bit flips and truncations, archive
 * header and block table fields, replay header bytes, details bytes and values — and decodes every section and stream,
 * then `summarize` and `analyze`. Prints the outcome per error code; exits 1 if anything but a `ReplayError` escaped.
 *
 * @module
 */
import { ReplayError } from "../parser/mod.ts";
import { EncodeError } from "../parser/src/writer/encoders.ts";
import {
  corpusSample,
  decodeAll,
  detailsMutation,
  fileMutation,
  headerMutation,
  type MutationKind,
  tableMutation,
} from "../tests/parser/support/mutations.ts";
import { seededRandom } from "../tests/parser/support/random.ts";

const cases = Number(Deno.args[0] ?? 100_000);
const seed = Number(Deno.args[1] ?? 20251203);
const kinds: [string, MutationKind][] = [
  ["file", fileMutation],
  ["table", tableMutation],
  ["header", headerMutation],
  ["details", detailsMutation],
];
const sample = corpusSample();
const random = seededRandom(seed);
const outcomes = new Map<string, number>();
const escaped: string[] = [];
let slowest = 0;
let rssPeak = 0;
const started = performance.now();
console.log(`fuzz: ${cases} cases over ${sample.length} replays, seed ${seed}`);
for (let i = 0; i < cases; i++) {
  const [kind, mutate] = kinds[i % kinds.length]!;
  const source = sample[Math.floor(i / kinds.length) % sample.length]!;
  let outcome = "decoded";
  const start = performance.now();
  try {
    decodeAll(mutate(source, Math.floor(i / kinds.length), random).bytes);
  } catch (e) {
    if (e instanceof ReplayError) outcome = e.code;
    else if (e instanceof EncodeError) outcome = "not encodable (skipped)";
    else {
      outcome = "ESCAPED";
      escaped.push(`case ${i} (${kind}, ${source.name}): ${(e as Error)?.stack ?? e}`);
    }
  }
  slowest = Math.max(slowest, performance.now() - start);
  outcomes.set(`${kind} ${outcome}`, (outcomes.get(`${kind} ${outcome}`) ?? 0) + 1);
  if (i % 1000 === 999) {
    rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss);
    const seconds = (performance.now() - started) / 1000;
    console.error(`  ${i + 1} cases, ${escaped.length} escaped, ${seconds.toFixed(0)} s`);
  }
}
for (const [key, n] of [...outcomes].sort()) console.log(`  ${key}: ${n}`);
console.log(
  `fuzz: ${cases} cases in ${
    ((performance.now() - started) / 1000).toFixed(0)
  } s; ${escaped.length} non-ReplayErrors; ` +
    `slowest case ${slowest.toFixed(0)} ms; peak RSS ${(rssPeak / 2 ** 20).toFixed(0)} MiB`,
);
for (const line of escaped.slice(0, 20)) console.log(line);
if (escaped.length > 0) Deno.exit(1);
