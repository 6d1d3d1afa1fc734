/**
 * Runs on Node against the installed npm package (driven by `tests/parser/npm_test.ts`, which packs the package,
 * installs it into a fresh project, type-checks this file with `tsc --noEmit` and runs it with `node`).
 *
 * `node check.js SHARED_DIR NAME...` opens each corpus replay (NAME: its golden's path under `golden/`), compares the
 * summary with the golden's details and header and every event stream's count and SHA-256 digest with the golden's,
 * checks typed errors, round-trips one replay through the writer, digests the first replay's analysis (the test
 * compares it with Deno's), and drives the Node parser pool (summaries equal
 * in-process ones, the time limit, the memory limit). Prints one JSON line of counts; exits non-zero on any mismatch.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import process from "node:process";
import {
  analyze,
  canonicalJson,
  openReplay,
  type Replay,
  type ReplayAnalysis,
  ReplayError,
  type ReplaySummary,
  type StreamKind,
  summarize,
} from "@evo-ladder/sc2replay";
import { MpqArchive } from "@evo-ladder/sc2replay/mpq";
import { createParserPool, type ParserPool } from "@evo-ladder/sc2replay/pool";
import { anonymizeReplay } from "@evo-ladder/sc2replay/writer";

interface GoldenPlayer {
  m_name: string;
  m_race: string;
  m_observe: number;
  m_result: number;
  m_toon: { m_region: number; m_realm: number; m_id: number };
}

interface Golden {
  baseBuild: number;
  oracleNearest?: boolean;
  header: { m_elapsedGameLoops: number };
  details: { m_title: string; m_playerList: GoldenPlayer[] };
  streams: Record<StreamKind, { count: number; sha256: string } | null>;
}

const RESULTS = ["undecided", "win", "loss", "tie"];
const STREAMS: [StreamKind, (replay: Replay) => Iterable<unknown>][] = [
  ["game", (r) => r.gameEvents()],
  ["message", (r) => r.messageEvents()],
  ["tracker", (r) => r.trackerEvents()],
];
const latin1ToUtf8 = (s: string) => new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
const isCode = (code: string) => (e: unknown) => e instanceof ReplayError && e.code === code;

function checkSummary(name: string, golden: Golden, summary: ReplaySummary) {
  assert.equal(summary.baseBuild, golden.baseBuild, name);
  assert.equal(summary.map.title, latin1ToUtf8(golden.details.m_title), name);
  assert.equal(summary.lengthGameloops, golden.header.m_elapsedGameLoops, name);
  const players = golden.details.m_playerList.filter((p) => !p.m_observe);
  assert.equal(summary.players.length, players.length, name);
  players.forEach((p, i) => {
    const ours = summary.players[i]!;
    assert.equal(ours.race, latin1ToUtf8(p.m_race), name);
    assert.equal(ours.toonHandle, `${p.m_toon.m_region}-S2-${p.m_toon.m_realm}-${p.m_toon.m_id}`, name);
    const result = RESULTS[p.m_result];
    if (result !== "undecided") assert.equal(ours.result, result, name);
  });
}

/** Counts and digests one stream the way the goldens do: one canonical line per event, each ending in `\n`. */
function digest(events: Iterable<unknown>): { count: number; sha256: string } {
  const hash = createHash("sha256");
  let count = 0;
  for (const event of events) {
    hash.update(canonicalJson(event) + "\n");
    count++;
  }
  return { count, sha256: hash.digest("hex") };
}

async function checkPool(bytes: Uint8Array, expected: ReplaySummary) {
  const pool: ParserPool = createParserPool({ workers: 2, timeoutMs: 20_000, memoryLimitMb: 256, maxQueue: 10 });
  try {
    const copy = bytes.slice();
    assert.deepEqual(await pool.parse(copy), expected);
    assert.equal(copy.byteLength, 0, "the bytes were transferred");
  } finally {
    pool.close();
  }
  const hasty = createParserPool({ workers: 1, timeoutMs: 1 });
  try {
    await assert.rejects(hasty.parse(bytes.slice(), { gameEvents: true }), isCode("TIMEOUT"));
    assert.equal(hasty.stats().restarts, 1);
  } finally {
    hasty.close();
  }
  // A worker that allocates without end is stopped by its heap limit; the process and the pool carry on.
  const hog = new URL("./hog_worker.js", import.meta.url);
  const greedy = createParserPool({ workers: 1, timeoutMs: 20_000, memoryLimitMb: 64, workerUrl: hog });
  try {
    await assert.rejects(greedy.parse(bytes.slice()), isCode("LIMIT_EXCEEDED"));
    await assert.rejects(greedy.parse(bytes.slice()), isCode("LIMIT_EXCEEDED"));
    assert.equal(greedy.stats().restarts, 2);
  } finally {
    greedy.close();
  }
}

/** Never called: the package's types must reject these (if they were `any`, `tsc` reports the unused directives). */
export function misuses(pool: ParserPool, replay: Replay) {
  // @ts-expect-error: openReplay takes the bytes, not a path
  openReplay("game.SC2Replay");
  // @ts-expect-error: there is no such pool option
  createParserPool({ workerCount: 2 });
  // @ts-expect-error: stream kinds are "game", "message" and "tracker"
  replay.events("chat");
  // @ts-expect-error: a summary is a promise
  pool.parse(new Uint8Array()).players;
}

async function main(sharedDir: string, names: string[]) {
  let streams = 0;
  let first: { bytes: Uint8Array; summary: ReplaySummary } | undefined;
  for (const name of names) {
    const golden = JSON.parse(readFileSync(`${sharedDir}/golden/${name}`, "utf8")) as Golden;
    const bytes = new Uint8Array(readFileSync(`${sharedDir}/replays/${name.replace(/\.json$/, "")}`));
    const nearestBuild = golden.oracleNearest === true;
    if (nearestBuild) assert.throws(() => openReplay(bytes).details(), isCode("UNSUPPORTED_BUILD"), name);
    const replay = openReplay(bytes, { nearestBuild });
    const summary = summarize(replay);
    checkSummary(name, golden, summary);
    for (const [kind, events] of STREAMS) {
      const expected = golden.streams[kind];
      if (expected === null) continue;
      assert.deepEqual(digest(events(replay)), { count: expected.count, sha256: expected.sha256 }, `${name} ${kind}`);
      streams++;
    }
    first ??= { bytes, summary };
  }
  assert.ok(first, "no replays given");
  assert.throws(() => openReplay(new Uint8Array(64)), isCode("NOT_A_REPLAY"));
  assert.throws(() => openReplay(first.bytes.subarray(0, 2000)).details(), (e) => e instanceof ReplayError);
  const anonymous = openReplay(anonymizeReplay(openReplay(first.bytes), "salt"));
  assert.equal(summarize(anonymous).players.length, first.summary.players.length);
  assert.ok(MpqArchive.open(first.bytes).listFiles().includes("replay.details"));
  const analysis: ReplayAnalysis = analyze(openReplay(first.bytes));
  assert.equal(analysis.players.length, first.summary.players.length);
  const analysisSha256 = createHash("sha256").update(canonicalJson(analysis)).digest("hex");
  await checkPool(first.bytes, first.summary);
  console.log(JSON.stringify({ replays: names.length, streams, analysisSha256, node: process.version }));
}

await main(process.argv[2]!, process.argv.slice(3));
