/**
 * Robustness on untrusted bytes: seeded mutations of corpus replays (bit flips, truncations, altered sizes and counts
 * in the archive tables and inside decompressed streams, targeted bytes and values in the header and details) either
 * decode — every section, every event stream, `summarize` and `analyze` — or throw ReplayError, each within a second
 * and with bounded memory. Plus hand-made hostile files: a decompression bomb, an array bomb, tables outside the file,
 * a game time outside `Date`'s range. `deno run -A tools/fuzz_replays.ts 100000` runs the long version.
 */
import assert from "node:assert/strict";
import { analyze, MpqArchive, openReplay, ReplayError, summarize } from "../../parser/mod.ts";
import { BitReader } from "../../parser/src/bit_reader.ts";
import { bitPackedDecoder } from "../../parser/src/bitpacked_decoder.ts";
import { decodeEvents, STREAM_MEMBERS } from "../../parser/src/event_stream.ts";
import { DEFAULT_LIMITS } from "../../parser/src/limits.ts";
import { writeMpq } from "../../parser/src/mpq_writer.ts";
import type { ProtocolTable, TypeInfo } from "../../parser/src/protocol/tables.ts";
import { tableForBuild } from "../../parser/src/protocol/tables.ts";
import { versionedDecoder, VersionedReader } from "../../parser/src/versioned_decoder.ts";
import { writeReplay } from "../../parser/src/writer/replay_writer.ts";
import { EncodeError } from "../../parser/src/writer/encoders.ts";
import {
  corpusSample,
  decodeAll,
  detailsMutation,
  fileMutation,
  headerMutation,
  type Mutation,
  tableMutation,
} from "./support/mutations.ts";
import { seededRandom } from "./support/random.ts";
import { filetimeToUnixMs, isoTime } from "../../parser/src/summary/time.ts";
import { HAS_SHARED, listFiles, NO_SHARED_MESSAGE, SHARED_URL } from "./support/shared.ts";

const CASES_PER_KIND = 700; // four kinds → 2,800 mutated inputs per run
const SEED = Number(Deno.env.get("MUTATION_SEED") ?? 20251122);

/** Runs one case: it must decode or throw ReplayError, within a second. */
function runCase(label: string, run: () => void, stats: { ok: number; errors: Map<string, number>; slowest: number }) {
  const start = performance.now();
  try {
    run();
    stats.ok++;
  } catch (e) {
    if (!(e instanceof ReplayError)) {
      throw new assert.AssertionError({ message: `${label}: escaped a non-ReplayError: ${(e as Error)?.stack ?? e}` });
    }
    stats.errors.set(e.code, (stats.errors.get(e.code) ?? 0) + 1);
  }
  const ms = performance.now() - start;
  stats.slowest = Math.max(stats.slowest, ms);
  assert.ok(ms < 1000, `${label} took ${ms.toFixed(0)} ms`);
}

function report(kind: string, stats: { ok: number; errors: Map<string, number>; slowest: number }, rssPeak: number) {
  const errors = [...stats.errors].map(([code, n]) => `${code} ${n}`).join(", ");
  console.log(
    `robustness ${kind}: ${stats.ok} decoded, ${errors}; slowest ${stats.slowest.toFixed(0)} ms; ` +
      `peak RSS ${(rssPeak / 2 ** 20).toFixed(0)} MiB`,
  );
}

const newStats = () => ({ ok: 0, errors: new Map<string, number>(), slowest: 0 });
/** How much the process may grow while one robustness test runs (measured from its start: the test runner's process
 * also holds what earlier test files left behind). */
const MAX_RSS_GROWTH = 2 * 2 ** 30;

Deno.test({
  name: "robustness: bit flips and truncations of whole replay files",
  ignore: !HAS_SHARED,
  fn() {
    const sample = corpusSample();
    assert.ok(sample.length >= 10);
    const random = seededRandom(SEED);
    const stats = newStats();
    const rssBase = Deno.memoryUsage().rss;
    let rssPeak = rssBase;
    for (let i = 0; i < CASES_PER_KIND; i++) {
      const { label, bytes } = fileMutation(sample[i % sample.length]!, i, random);
      runCase(label, () => decodeAll(bytes), stats);
      rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss);
    }
    report("file mutations", stats, rssPeak);
    assert.ok(rssPeak - rssBase < MAX_RSS_GROWTH, `RSS grew by ${rssPeak - rssBase}`);
  },
});

Deno.test({
  name: "robustness: altered sizes, offsets and counts in the archive header and tables",
  ignore: !HAS_SHARED,
  fn() {
    const sample = corpusSample();
    const random = seededRandom(SEED + 1);
    const stats = newStats();
    const rssBase = Deno.memoryUsage().rss;
    let rssPeak = rssBase;
    for (let i = 0; i < CASES_PER_KIND; i++) {
      const { label, bytes } = tableMutation(sample[i % sample.length]!, i, random);
      runCase(label, () => decodeAll(bytes), stats);
      rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss);
    }
    report("table mutations", stats, rssPeak);
    assert.ok(rssPeak - rssBase < MAX_RSS_GROWTH, `RSS grew by ${rssPeak - rssBase}`);
  },
});

Deno.test({
  name: "robustness: targeted bytes and values in the replay header and details, through summarize and analyze",
  ignore: !HAS_SHARED,
  fn() {
    const sample = corpusSample();
    const random = seededRandom(SEED + 3);
    const stats = newStats();
    const rssBase = Deno.memoryUsage().rss;
    let rssPeak = rssBase;
    let notEncodable = 0;
    for (let i = 0; i < CASES_PER_KIND; i++) {
      const source = sample[i % sample.length]!;
      let mutation: Mutation;
      try {
        mutation = i % 2 === 0 ? headerMutation(source, i >> 1, random) : detailsMutation(source, i >> 1, random);
      } catch (e) {
        if (!(e instanceof EncodeError)) throw e;
        notEncodable++; // the value does not fit the field's encoding: nothing to decode
        continue;
      }
      runCase(mutation.label, () => decodeAll(mutation.bytes), stats);
      rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss);
    }
    report(`header and details mutations (${notEncodable} values not encodable)`, stats, rssPeak);
    assert.ok(stats.errors.size >= 2, "the mutations reach several error paths");
    assert.ok(rssPeak - rssBase < MAX_RSS_GROWTH, `RSS grew by ${rssPeak - rssBase}`);
  },
});

Deno.test({
  name: "hostile: game times at the edges of 64 bits summarize; a time outside Date's range is CORRUPTED",
  ignore: !HAS_SHARED,
  async fn() {
    const replay = openReplay(await Deno.readFile(listFiles(new URL("replays/evo/", SHARED_URL), ".SC2Replay")[0]!));
    // Any 64-bit FILETIME (the versioned integer's limit) is within Date's ±8.64e15 ms.
    for (const [time, year] of [[2n ** 63n - 1n, "+030828"], [-(2n ** 63n), "-027627"]] as const) {
      const bytes = writeReplay({ header: replay.header, details: { ...replay.details(), m_timeUTC: time } }, {
        table: tableForBuild(replay.baseBuild)!,
        baseBuild: replay.baseBuild,
        copyFrom: replay,
      });
      assert.ok(summarize(openReplay(bytes)).endTime.startsWith(year));
      assert.equal(analyze(openReplay(bytes)).players.length, analyze(replay).players.length);
    }
    for (const ms of [8.64e15 + 1, -8.64e15 - 1, NaN, Infinity]) {
      assert.throws(
        () => isoTime(ms, "replay.details"),
        (e: unknown) => e instanceof ReplayError && e.code === "CORRUPTED" && e.section === "replay.details",
      );
    }
    assert.equal(filetimeToUnixMs(undefined as unknown as number), NaN, "a missing time is NaN, then CORRUPTED");
  },
});

Deno.test({
  name: "robustness: altered counts and bits inside decompressed sections and event streams",
  ignore: !HAS_SHARED,
  fn() {
    const sample = corpusSample();
    const random = seededRandom(SEED + 2);
    const stats = newStats();
    const rssBase = Deno.memoryUsage().rss;
    let rssPeak = rssBase;
    const sections = ["replay.details", "replay.initData", ...Object.values(STREAM_MEMBERS)];
    for (let i = 0; i < CASES_PER_KIND; i++) {
      const source = sample[i % sample.length]!;
      const replay = openReplay(source.bytes);
      const table = tableForBuild(replay.baseBuild)!;
      const section = sections[i % sections.length]!;
      const original = replay.archive.read(section);
      if (original === undefined || original.length === 0) {
        stats.ok++;
        continue;
      }
      const data = original.slice();
      // Flip bits, or overwrite a byte with 0xff (huge counts and lengths), or truncate.
      const mode = i % 3;
      if (mode === 0) {
        for (let f = 0; f < 3; f++) data[Math.floor(random() * data.length)]! ^= 1 << Math.floor(random() * 8);
      } else if (mode === 1) { for (let f = 0; f < 3; f++) data[Math.floor(random() * data.length)] = 0xff; }
      const input = mode === 2 ? data.subarray(0, Math.floor(random() * data.length)) : data;
      runCase(`${source.name}: ${section} mutation ${i}`, () => decodeSection(section, input, table), stats);
      rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss);
    }
    report("section mutations", stats, rssPeak);
    assert.ok(rssPeak - rssBase < MAX_RSS_GROWTH, `RSS grew by ${rssPeak - rssBase}`);
  },
});

function decodeSection(section: string, data: Uint8Array, table: ProtocolTable): void {
  if (section === "replay.details") {
    versionedDecoder(table, table.gameDetailsTypeId)(
      new VersionedReader(data, section, DEFAULT_LIMITS.maxValuesPerSection),
    );
  } else if (section === "replay.initData") {
    bitPackedDecoder(table, table.replayInitDataTypeId)(
      new BitReader(data, section, DEFAULT_LIMITS.maxValuesPerSection),
    );
  } else {
    const kind = (Object.keys(STREAM_MEMBERS) as (keyof typeof STREAM_MEMBERS)[]).find((k) =>
      STREAM_MEMBERS[k] === section
    )!;
    try {
      for (const _ of decodeEvents(kind, data, table, DEFAULT_LIMITS)) { /* decode */ }
    } catch (e) {
      if (e instanceof ReplayError && e.code === "MISSING_SECTION") return;
      throw e;
    }
  }
}

/** A synthetic table: type 0 = 32-bit count, 1 = empty struct, 2 = array of empty structs, 3 = 64-bit int. */
function syntheticTable(typeinfos: TypeInfo[]): ProtocolTable {
  const none = new Map<number, readonly [number, string]>();
  return {
    name: "test/synthetic",
    typeinfos,
    gameEventTypes: none,
    messageEventTypes: none,
    trackerEventTypes: none,
    gameEventIdTypeId: 0,
    messageEventIdTypeId: 0,
    trackerEventIdTypeId: null,
    svaruint32TypeId: 0,
    replayUserIdTypeId: null,
    replayHeaderTypeId: 0,
    gameDetailsTypeId: 0,
    replayInitDataTypeId: 0,
  };
}

Deno.test("hostile: an array bomb of empty structs is refused before allocating", () => {
  const table = syntheticTable([["_int", [[0, 32]]], ["_struct", [[]]], ["_array", [[0, 32], 1]]]);
  const decode = bitPackedDecoder(table, 2);
  const before = Deno.memoryUsage().rss;
  assert.throws(
    () => decode(new BitReader(new Uint8Array([0xff, 0xff, 0xff, 0xff]), "bomb", DEFAULT_LIMITS.maxValuesPerSection)),
    (e: unknown) => e instanceof ReplayError && e.code === "LIMIT_EXCEEDED",
  );
  assert.ok(Deno.memoryUsage().rss - before < 256 * 2 ** 20, "no large allocation");
  // Versioned: a count larger than the bytes left fails at once.
  const versioned = versionedDecoder(table, 2);
  assert.throws(
    () => versioned(new VersionedReader(new Uint8Array([0, 0xfe, 0xff, 0xff, 0xff, 0x0f]), "bomb")),
    (e: unknown) => e instanceof ReplayError && e.code === "TRUNCATED",
  );
});

Deno.test("hostile: deep nesting in skipped versioned values hits the depth limit", () => {
  const table = syntheticTable([["_int", [[0, 32]]], ["_struct", [[]]]]);
  // A struct with one unknown field whose value is an optional nested 10,000 levels deep.
  const nested = new Uint8Array(4 + 2 * 10_000 + 2);
  nested.set([5, 2, 2]); // struct, 1 field (vint 1 → 2), tag 1 (→ 2)
  for (let i = 0; i < 10_000; i++) nested.set([4, 1], 3 + i * 2);
  assert.throws(
    () => versionedDecoder(table, 1)(new VersionedReader(nested, "deep", DEFAULT_LIMITS.maxValuesPerSection, 64)),
    (e: unknown) => e instanceof ReplayError && e.code === "LIMIT_EXCEEDED",
  );
});

Deno.test({
  name: "hostile: a bzip2 decompression bomb stops at the declared size",
  ignore: !HAS_SHARED || !hasBzip2(),
  async fn() {
    const zeros = new Uint8Array(64 * 2 ** 20); // 64 MiB of zeros compresses to a few KiB
    const compressed = await bzip2(zeros);
    const chunk = new Uint8Array(compressed.length + 1);
    chunk[0] = 0x10;
    chunk.set(compressed, 1);
    const header = (await replayWithHeader()).userData!;
    const archive = writeMpq({
      userData: header,
      members: [{ name: "replay.details", data: new Uint8Array(4096), chunk }],
    });
    const before = Deno.memoryUsage().rss;
    const start = performance.now();
    assert.throws(
      () => MpqArchive.open(archive).read("replay.details"),
      (e: unknown) => e instanceof ReplayError && ["LIMIT_EXCEEDED", "CORRUPTED"].includes(e.code),
    );
    assert.ok(performance.now() - start < 1000);
    assert.ok(Deno.memoryUsage().rss - before < 128 * 2 ** 20, "output never grows past the declared size");
  },
});

Deno.test({
  name: "hostile: hash or block table outside the file, member past the end",
  ignore: !HAS_SHARED,
  async fn() {
    const replay = await replayWithHeader();
    const good = writeMpq({
      userData: replay.userData!,
      members: [{ name: "replay.details", data: new Uint8Array(10) }],
    });
    const archiveAt = new DataView(good.buffer).getUint32(8, true);
    for (const field of [16, 20]) {
      const bad = good.slice();
      new DataView(bad.buffer).setUint32(archiveAt + field, 0x7ffffff0, true);
      assert.throws(() => MpqArchive.open(bad), (e: unknown) => e instanceof ReplayError && e.code === "CORRUPTED");
    }
    const truncated = good.slice(0, archiveAt + 50);
    assert.throws(() => MpqArchive.open(truncated).read("replay.details"), (e: unknown) => e instanceof ReplayError);
    assert.throws(
      () => MpqArchive.open(new Uint8Array(1000)),
      (e: unknown) => e instanceof ReplayError && e.code === "NOT_A_REPLAY",
    );
    assert.throws(
      () => MpqArchive.open(new Uint8Array(100), { ...DEFAULT_LIMITS, maxFileBytes: 10 }),
      (e: unknown) => e instanceof ReplayError && e.code === "LIMIT_EXCEEDED",
    );
  },
});

async function replayWithHeader(): Promise<MpqArchive> {
  const file = listFiles(new URL("replays/dh2025/", SHARED_URL), ".SC2Replay")[0]!;
  return MpqArchive.open(await Deno.readFile(file));
}

function hasBzip2(): boolean {
  try {
    return Deno.statSync("/usr/bin/bzip2").isFile;
  } catch {
    console.log("skipped: the bzip2 binary is not installed (needed to build the bomb)");
    return false;
  }
}

async function bzip2(data: Uint8Array): Promise<Uint8Array> {
  const child = new Deno.Command("bzip2", { args: ["-c", "-9"], stdin: "piped", stdout: "piped" }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(data);
  await writer.close();
  return (await child.output()).stdout;
}

if (!HAS_SHARED) console.log(NO_SHARED_MESSAGE);
