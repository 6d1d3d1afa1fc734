/**
 * The replay writer: decode → encode → decode gives identical values and stream digests for every corpus replay
 * section it writes; the MPQ writer's archives read back; the bit writer is the exact inverse of the bit reader.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { canonicalJson, MpqArchive, openReplay, type Replay, tableForBuild } from "../../parser/mod.ts";
import { BitReader } from "../../parser/src/bit_reader.ts";
import { writeMpq } from "../../parser/src/mpq_writer.ts";
import { BitWriter } from "../../parser/src/writer/bit_writer.ts";
import { writeReplay } from "../../parser/src/writer/replay_writer.ts";
import { seededRandom } from "./support/random.ts";
import { HAS_SHARED, listFiles, SHARED_URL } from "./support/shared.ts";

const digest = (events: Iterable<unknown>) => {
  const hash = createHash("sha256");
  for (const event of events) hash.update(canonicalJson(event) + "\n");
  return hash.digest("hex");
};

/** Re-encodes every decodable section of `replay` and returns the rewritten file. */
function rewrite(replay: Replay): Uint8Array {
  return writeReplay({
    header: replay.header,
    details: replay.details(),
    initData: replay.initData(),
    attributes: replay.attributes(),
    gameMetadata: replay.gameMetadata(),
    gameEvents: replay.hasStream("game") ? replay.gameEvents() : undefined,
    messageEvents: replay.hasStream("message") ? replay.messageEvents() : undefined,
    trackerEvents: replay.hasStream("tracker") ? replay.trackerEvents() : undefined,
  }, { table: tableForBuild(replay.baseBuild)!, baseBuild: replay.baseBuild, copyFrom: replay });
}

Deno.test({
  name: "writer: decode → encode → decode is identical for every corpus replay",
  ignore: !HAS_SHARED,
  fn() {
    let checked = 0;
    for (const path of listFiles(new URL("replays/", SHARED_URL), ".SC2Replay")) {
      const replay = openReplay(Deno.readFileSync(path));
      if (replay.protocol === undefined) continue;
      try {
        replay.details();
        replay.initData();
      } catch {
        continue; // broken in the corpus (its golden records the error)
      }
      const again = openReplay(rewrite(replay));
      for (const section of ["details", "initData", "attributes", "gameMetadata"] as const) {
        assert.equal(canonicalJson(again[section]()), canonicalJson(replay[section]()), `${path} ${section}`);
      }
      assert.equal(canonicalJson(again.header), canonicalJson(replay.header), `${path} header`);
      for (const kind of ["game", "message", "tracker"] as const) {
        if (!replay.hasStream(kind)) continue;
        assert.equal(digest(again.events(kind)), digest(replay.events(kind)), `${path} ${kind} events`);
      }
      checked++;
    }
    console.log(`writer: ${checked} corpus replays round-trip exactly`);
    assert.ok(checked >= 320);
  },
});

Deno.test("writer: the bit writer is the inverse of the bit reader", () => {
  const random = seededRandom(7);
  const w = new BitWriter();
  const written: [number | bigint, number][] = [];
  for (let i = 0; i < 5000; i++) {
    const bits = 1 + Math.floor(random() * 70);
    const value = bits > 52
      ? BigInt(Math.floor(random() * 2 ** 30)) << BigInt(bits - 30)
      : Math.floor(random() * 2 ** bits);
    written.push([value, bits]);
    w.writeBits(value, bits);
    if (random() < 0.1) {
      w.byteAlign();
      written.push([-1, 0]);
    }
  }
  const r = new BitReader(w.finish(), "test");
  for (const [value, bits] of written) {
    if (bits === 0) r.byteAlign();
    else assert.equal(BigInt(r.readBitsWide(bits)), BigInt(value));
  }
});

Deno.test("writer: MPQ archives with a user-data header read back member by member", () => {
  const members = Array.from(
    { length: 40 },
    (_, i) => ({ name: `dir\\file${i}.txt`, data: new Uint8Array(i * 37).fill(i) }),
  );
  const archive = MpqArchive.open(writeMpq({ userData: new Uint8Array([1, 2, 3]), members }));
  assert.deepEqual(archive.userData, new Uint8Array([1, 2, 3]));
  for (const member of members) assert.deepEqual(archive.read(member.name), member.data);
  assert.equal(archive.read("missing"), undefined);
  assert.equal(archive.listFiles().length, 40);
});

Deno.test({
  name: "writer: bzip2-compressed archives (our encoder) decode identically and read back with the system bzip2",
  ignore: !HAS_SHARED,
  async fn() {
    const { compressBzip2 } = await import("../../parser/src/writer/bzip2_encoder.ts");
    for (const path of listFiles(new URL("replays/evo/", SHARED_URL), ".SC2Replay").slice(0, 3)) {
      const replay = openReplay(Deno.readFileSync(path));
      const out = writeReplay({ header: replay.header, details: replay.details(), initData: replay.initData() }, {
        table: tableForBuild(replay.baseBuild)!,
        baseBuild: replay.baseBuild,
        copyFrom: replay,
        compress: "bzip2",
      });
      const again = openReplay(out);
      assert.equal(canonicalJson(again.initData()), canonicalJson(replay.initData()));
      assert.equal(digest(again.trackerEvents()), digest(replay.trackerEvents()));
      const block = again.archive.findBlock("replay.initData")!;
      assert.ok((block.flags & 0x200) !== 0 && block.archivedSize < block.size, "stored compressed");
    }
    const data = new TextEncoder().encode("SC: Evo Complete ".repeat(5000));
    const child = new Deno.Command("bzip2", { args: ["-dc"], stdin: "piped", stdout: "piped" }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(compressBzip2(data));
    await writer.close();
    assert.deepEqual((await child.output()).stdout, data, "the system bzip2 reads our streams");
  },
});
