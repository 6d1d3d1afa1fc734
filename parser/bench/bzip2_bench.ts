/**
 * Our bzip2 decoder on real game-event data: the `replay.game.events` member of every replay in
 * `../shared/replays/dh2025/` (skipped with a message when absent).
 *
 * Run: `deno bench --allow-read parser/bench/bzip2_bench.ts` (prints MB/s of output, best of 5 rounds, before the
 * usual `Deno.bench` table).
 *
 * @module
 */
import { MpqArchive } from "../mpq.ts";
import { decompressBzip2 } from "../src/bzip2.ts";

const DIR = new URL("../../../shared/replays/dh2025/", import.meta.url);

/** The bzip2 streams of a member, each with its decompressed size (mask byte 0x10 removed). */
function bzip2Chunks(file: Uint8Array, member: string): [Uint8Array, number][] {
  const archive = MpqArchive.open(file);
  const block = archive.findBlock(member);
  if (block === undefined) return [];
  const start = archive.header.offset + block.offset;
  const raw = file.subarray(start, start + block.archivedSize);
  if (block.flags & 0x01000000) return raw[0] === 0x10 ? [[raw.subarray(1), block.size]] : [];
  const sectorSize = archive.header.sectorSize;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: [Uint8Array, number][] = [];
  for (let i = 0; i < Math.ceil(block.size / sectorSize); i++) {
    const chunk = raw.subarray(view.getUint32(i * 4, true), view.getUint32(i * 4 + 4, true));
    const size = Math.min(sectorSize, block.size - i * sectorSize);
    if (chunk.length < size && chunk[0] === 0x10) out.push([chunk.subarray(1), size]);
  }
  return out;
}

function loadChunks(): [Uint8Array, number][] {
  try {
    const path = decodeURIComponent(DIR.pathname);
    return [...Deno.readDirSync(path)].filter((e) => e.name.endsWith(".SC2Replay")).map((e) => e.name).sort()
      .flatMap((name) => bzip2Chunks(Deno.readFileSync(path + name), "replay.game.events"));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

const chunks = loadChunks();
const outBytes = chunks.reduce((sum, [, size]) => sum + size, 0);
const out = new Uint8Array(Math.max(0, ...chunks.map(([, size]) => size)));

function decodeAll(): void {
  for (const [chunk, size] of chunks) decompressBzip2(chunk, size, out);
}

if (chunks.length === 0) {
  console.log(`bzip2_bench: skipped, no replays in ${decodeURIComponent(DIR.pathname)}`);
} else {
  decodeAll();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    decodeAll();
    best = Math.min(best, performance.now() - start);
  }
  console.log(
    `bzip2_bench: ${chunks.length} game-events streams, ${(outBytes / 1e6).toFixed(1)} MB out: ` +
      `${(outBytes / 1e6 / (best / 1000)).toFixed(1)} MB/s (best of 5; goal ≥ 20)`,
  );
}

Deno.bench({
  name: `bzip2: dh2025 game events (${(outBytes / 1e6).toFixed(1)} MB of output per iteration)`,
  ignore: chunks.length === 0,
  n: 10,
  fn: decodeAll,
});
