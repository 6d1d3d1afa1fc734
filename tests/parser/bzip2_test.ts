/**
 * Tests of our bzip2 decoder: exact round trips against the system's `bzip2` binary, output limits, truncation,
 * seeded bit flips (only `ReplayError`, never a hang), and every bzip2 stream found in the replay corpus
 * (`../shared/replays`). Cases that need the binary or the corpus are skipped with a message when they are absent.
 */
import assert from "node:assert/strict";
import { decompressBzip2 } from "../../parser/src/bzip2.ts";
import { ReplayError } from "../../parser/src/errors.ts";
import { seededUint32 } from "./support/random.ts";
import { listFiles } from "./support/shared.ts";

const BZIP2 = "/usr/bin/bzip2";
const REPLAYS = new URL("../../../shared/replays/", import.meta.url);

function exists(path: string | URL): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const hasBzip2 = exists(BZIP2);
const hasReplays = exists(REPLAYS);
if (!hasBzip2) console.log(`bzip2_test: skipping round trips, ${BZIP2} is not installed`);
if (!hasReplays) console.log(`bzip2_test: skipping corpus tests, ${decodeURIComponent(REPLAYS.pathname)} is absent`);

/** Runs the bzip2 binary with `args` on `input`; returns stdout (the binary's own failures included). */
async function runBzip2(args: string[], input: Uint8Array): Promise<{ ok: boolean; stdout: Uint8Array }> {
  const child = new Deno.Command(BZIP2, { args, stdin: "piped", stdout: "piped", stderr: "null" }).spawn();
  const output = child.output(); // read while writing, or a full pipe deadlocks both sides
  const writer = child.stdin.getWriter();
  await writer.write(input).catch(() => {});
  await writer.close().catch(() => {});
  const { success, stdout } = await output;
  return { ok: success, stdout };
}

async function compress(data: Uint8Array, level = 9): Promise<Uint8Array> {
  const { ok, stdout } = await runBzip2(["-c", `-${level}`], data);
  assert.ok(ok, "bzip2 -c failed");
  return stdout;
}

function randomBytes(length: number, seed: number, alphabet = 256): Uint8Array {
  const next = seededUint32(seed);
  return Uint8Array.from({ length }, () => next() % alphabet);
}

function text(length: number): Uint8Array {
  const words = "the quick brown fox jumps over a lazy dog while zerg rush protoss cannons and terran walls".split(" ");
  const next = seededUint32(7);
  let s = "";
  while (s.length < length) s += words[next() % words.length] + (next() % 9 === 0 ? ".\n" : " ");
  return new TextEncoder().encode(s.slice(0, length));
}

/** Mostly one byte, rarer others with geometric odds: gives long (over 10-bit) Huffman codes. */
function skewed(length: number, seed: number): Uint8Array {
  const next = seededUint32(seed);
  return Uint8Array.from({ length }, () => {
    let b = 0;
    while (b < 255 && next() % 3 !== 0) b++;
    return b;
  });
}

function runs(): Uint8Array {
  const parts: number[] = [];
  for (const len of [1, 2, 3, 4, 5, 6, 7, 8, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 1000, 5000]) {
    for (let i = 0; i < len; i++) parts.push(len & 0xff);
    parts.push(7);
  }
  return Uint8Array.from(parts);
}

function expectCode(code: string, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof ReplayError && e.code === code);
}

const cases: [string, Uint8Array, number][] = [
  ["empty", new Uint8Array(0), 9],
  ["one byte", new Uint8Array([0x41]), 9],
  ["four equal bytes", new Uint8Array([9, 9, 9, 9]), 9],
  ["five equal bytes", new Uint8Array([9, 9, 9, 9, 9]), 9],
  ["run of 255", new Uint8Array(255).fill(0x61), 9],
  ["run of 259", new Uint8Array(259).fill(0x61), 9],
  ["run of 100000 zeros", new Uint8Array(100000), 9],
  ["runs of every length around 4 and 255", runs(), 9],
  ["random 1000 bytes", randomBytes(1000, 1), 9],
  ["random 64 KiB of 3 symbols", randomBytes(65536, 2, 3), 9],
  ["all 256 byte values", Uint8Array.from({ length: 256 }, (_, i) => i), 9],
  ["text 50 KB", text(50000), 9],
  ["skewed bytes (long codes)", skewed(200000, 3), 9],
  ["several blocks: random 250 KB at -1", randomBytes(250000, 4), 1],
  ["several blocks: text 450 KB at -1", text(450000), 1],
  ["several blocks: skewed 300 KB at -2", skewed(300000, 5), 2],
  ["near one 900k block: random 899,000 bytes", randomBytes(899000, 6), 9],
  ["just past one 900k block: random 901,000 bytes", randomBytes(901000, 8), 9],
  ["text 2 MB at -9", text(2000000), 9],
];

for (const [name, data, level] of cases) {
  Deno.test({
    name: `bzip2 round trip: ${name}`,
    ignore: !hasBzip2,
    async fn() {
      const compressed = await compress(data, level);
      assert.deepEqual(decompressBzip2(compressed, data.length), data);
      // Reused buffers must not leak between calls: decode twice, once into a caller's buffer.
      const out = new Uint8Array(data.length + 10).fill(0xee);
      const view = decompressBzip2(compressed, data.length + 10, out);
      assert.equal(view.buffer, out.buffer);
      assert.deepEqual(view, data);
    },
  });
}

Deno.test("bzip2: the empty stream without the binary", () => {
  const empty = new Uint8Array([0x42, 0x5a, 0x68, 0x39, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0, 0, 0, 0]);
  assert.equal(decompressBzip2(empty, 0).length, 0);
});

Deno.test("bzip2: bad magic, bad level and bad arguments throw ReplayError", () => {
  expectCode("CORRUPTED", () => decompressBzip2(new TextEncoder().encode("BZx9 hello"), 100));
  expectCode("CORRUPTED", () => decompressBzip2(new TextEncoder().encode("BZh0"), 100));
  expectCode("CORRUPTED", () => decompressBzip2(new TextEncoder().encode("PK\x03\x04"), 100));
  expectCode("TRUNCATED", () => decompressBzip2(new Uint8Array(0), 100));
  expectCode("TRUNCATED", () => decompressBzip2(new TextEncoder().encode("BZh9"), 100));
  expectCode("LIMIT_EXCEEDED", () => decompressBzip2(new TextEncoder().encode("BZh9"), 100, new Uint8Array(10)));
  expectCode("LIMIT_EXCEEDED", () => decompressBzip2(new TextEncoder().encode("BZh9"), -1));
});

Deno.test({
  name: "bzip2: output past maxOutput throws LIMIT_EXCEEDED (bomb stops early)",
  ignore: !hasBzip2,
  async fn() {
    for (const data of [text(300000), new Uint8Array(5_000_000), runs()]) {
      const compressed = await compress(data, 1);
      expectCode("LIMIT_EXCEEDED", () => decompressBzip2(compressed, data.length - 1));
      expectCode("LIMIT_EXCEEDED", () => decompressBzip2(compressed, 0));
      expectCode("LIMIT_EXCEEDED", () => decompressBzip2(compressed, 1000, new Uint8Array(1000)));
      assert.equal(decompressBzip2(compressed, data.length).length, data.length);
    }
  },
});

Deno.test({
  name: "bzip2: truncated input throws TRUNCATED at every cut",
  ignore: !hasBzip2,
  async fn() {
    for (const data of [text(20000), randomBytes(150000, 9), runs()]) {
      const compressed = await compress(data, 1);
      const step = Math.max(1, Math.floor(compressed.length / 97));
      for (let cut = 0; cut < compressed.length; cut += step) {
        expectCode("TRUNCATED", () => decompressBzip2(compressed.subarray(0, cut), data.length));
      }
      for (let cut = compressed.length - 12; cut < compressed.length; cut++) {
        expectCode("TRUNCATED", () => decompressBzip2(compressed.subarray(0, cut), data.length));
      }
    }
  },
});

Deno.test({
  name: "bzip2: 300 seeded bit flips only ever throw ReplayError (or decode exactly)",
  ignore: !hasBzip2,
  async fn() {
    const inputs = [text(30000), skewed(40000, 10), randomBytes(3000, 11)];
    const compressed = await Promise.all(inputs.map((d) => compress(d, 1)));
    const next = seededUint32(12345);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const k = i % inputs.length;
      const mutated = compressed[k]!.slice();
      const flips = 1 + (next() % 3);
      for (let f = 0; f < flips; f++) {
        const bit = next() % (mutated.length * 8);
        mutated[bit >> 3]! ^= 0x80 >> (bit & 7);
      }
      try {
        const out = decompressBzip2(mutated, inputs[k]!.length + 100);
        assert.deepEqual(out, inputs[k]); // a flip in the final padding bits changes nothing
        seen.add("ok");
      } catch (e) {
        if (!(e instanceof ReplayError)) throw e;
        seen.add(e.code);
      }
    }
    assert.ok(seen.has("CORRUPTED"), `codes seen: ${[...seen]}`);
  },
});

Deno.test("bzip2: random garbage after a valid signature only throws ReplayError", () => {
  const next = seededUint32(99);
  for (let i = 0; i < 200; i++) {
    const garbage = randomBytes(10 + (next() % 3000), next());
    garbage.set([0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]);
    assert.throws(() => decompressBzip2(garbage, 100000), ReplayError);
  }
});

/** Every bzip2 stream ("BZh" + level + block signature) in a file, each up to the next one (or the file's end). */
function findStreams(file: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 10 <= file.length; i++) {
    if (
      file[i] === 0x42 && file[i + 1] === 0x5a && file[i + 2] === 0x68 && file[i + 3]! >= 0x31 &&
      file[i + 3]! <= 0x39 && file[i + 4] === 0x31 && file[i + 5] === 0x41 && file[i + 6] === 0x59 &&
      file[i + 7] === 0x26 && file[i + 8] === 0x53 && file[i + 9] === 0x59
    ) starts.push(i);
  }
  return starts.map((s, k) => file.subarray(s, k + 1 < starts.length ? starts[k + 1]! : file.length));
}

Deno.test({
  name: "bzip2: every stream in the replay corpus decodes (CRC-checked); a sample matches bzip2 -d exactly",
  ignore: !hasReplays,
  async fn() {
    const out = new Uint8Array(64 << 20);
    let streams = 0;
    let compared = 0;
    for (const path of listFiles(REPLAYS, ".SC2Replay")) {
      const found = findStreams(Deno.readFileSync(path));
      for (const [k, stream] of found.entries()) {
        const ours = decompressBzip2(stream, out.length, out);
        streams++;
        if (!hasBzip2 || (streams % 10 !== 0 && k !== 0)) continue;
        const native = await runBzip2(["-dc"], stream);
        assert.ok(native.stdout.length > 0, `bzip2 -d produced nothing for ${path} stream ${k}`);
        assert.deepEqual(ours, native.stdout, `${path} stream ${k}`);
        compared++;
      }
    }
    console.log(`bzip2_test: ${streams} corpus streams decoded, ${compared} compared with bzip2 -d`);
    assert.ok(streams > 0);
  },
});
