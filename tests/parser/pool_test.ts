/**
 * The parser pool: summaries through workers equal in-process ones; the bytes are transferred; a job past its time is
 * ended and its worker replaced; an input that would allocate without end is refused by the limits; cancelled jobs
 * end; a flood of 500 jobs is answered (the overflow refused at once) while the host's event loop stays responsive.
 */
import assert from "node:assert/strict";
import { MpqArchive, ReplayError } from "../../parser/mod.ts";
import { writeMpq } from "../../parser/src/mpq_writer.ts";
import { createParserPool } from "../../parser/src/pool/pool.ts";
import { summarizeBytes } from "../../parser/src/summary/summarize.ts";
import { goldenNames, replayBytes } from "./support/golden.ts";
import { HAS_SHARED } from "./support/shared.ts";

const isCode = (code: string) => (e: unknown) => e instanceof ReplayError && e.code === code;

function replays(folder: string, count: number): Uint8Array[] {
  return goldenNames(folder).slice(0, count).map(replayBytes);
}

/** Samples event-loop lag (how late a 1 ms interval fires) until stopped. */
function lagMonitor() {
  const lags: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - 1));
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      const sorted = lags.sort((a, b) => a - b);
      return { p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, samples: sorted.length };
    },
  };
}

Deno.test({
  name: "pool: summaries through workers equal in-process summaries; bytes are transferred",
  ignore: !HAS_SHARED,
  async fn() {
    const pool = createParserPool({ workers: 2, timeoutMs: 10_000, memoryLimitMb: 256, maxQueue: 50 });
    try {
      for (const bytes of replays("evo", 3)) {
        const expected = summarizeBytes(bytes);
        const copy = bytes.slice();
        const summary = await pool.parse(copy);
        assert.equal(copy.byteLength, 0, "the buffer was transferred, not copied");
        assert.deepEqual(summary, expected);
      }
    } finally {
      pool.close();
    }
  },
});

Deno.test({
  name: "pool: a job past its time is killed, its worker replaced, and the pool keeps serving",
  ignore: !HAS_SHARED,
  async fn() {
    const pool = createParserPool({ workers: 1, timeoutMs: 15, memoryLimitMb: 256, maxQueue: 10 });
    try {
      const [big] = replays("dh2025", 1);
      // A full game-event decode of a tournament replay takes far longer than 15 ms: it stands in for a looping input.
      await assert.rejects(pool.parse(big!.slice(), { gameEvents: true }), isCode("TIMEOUT"));
      assert.equal(pool.stats().restarts, 1);
    } finally {
      pool.close();
    }
    const relaxed = createParserPool({ workers: 1, timeoutMs: 10_000 });
    try {
      const [small] = replays("evo", 1);
      assert.equal((await relaxed.parse(small!)).players.length, 1);
    } finally {
      relaxed.close();
    }
  },
});

Deno.test({
  name: "pool: an input that would allocate without end is refused by the limits",
  ignore: !HAS_SHARED,
  async fn() {
    const source = MpqArchive.open(replays("evo", 1)[0]!);
    // replay.details declares 1 GiB; the pool's 64 MiB member limit refuses it before allocating.
    const hostile = writeMpq({
      userData: source.userData!,
      members: [{
        name: "replay.details",
        data: new Uint8Array(16),
        size: 2 ** 30,
        chunk: new Uint8Array([0x10, 1, 2]),
      }],
    });
    const pool = createParserPool({ workers: 1, timeoutMs: 5000, memoryLimitMb: 256 });
    try {
      await assert.rejects(pool.parse(hostile), isCode("LIMIT_EXCEEDED"));
      await assert.rejects(pool.parse(new Uint8Array(100)), isCode("NOT_A_REPLAY"));
    } finally {
      pool.close();
    }
  },
});

Deno.test({
  name: "pool: cancelling queued and running jobs",
  ignore: !HAS_SHARED,
  async fn() {
    const pool = createParserPool({ workers: 1, timeoutMs: 10_000 });
    try {
      const [big] = replays("dh2025", 1);
      const running = new AbortController();
      const queued = new AbortController();
      const first = pool.parse(big!.slice(), { gameEvents: true, signal: running.signal });
      const second = pool.parse(big!.slice(), { signal: queued.signal });
      queued.abort();
      running.abort();
      await assert.rejects(first, isCode("ABORTED"));
      await assert.rejects(second, isCode("ABORTED"));
      assert.equal((await pool.parse(replays("evo", 1)[0]!)).players.length, 1);
    } finally {
      pool.close();
    }
  },
});

Deno.test({
  name: "pool: a flood of 500 jobs is answered at once: accepted ones parsed, the overflow refused",
  ignore: !HAS_SHARED,
  async fn() {
    const corpus = [...replays("evo", 12), ...replays("dh2025", 2)];
    const inputs = Array.from({ length: 500 }, (_, i) => corpus[i % corpus.length]!.slice());
    const pool = createParserPool({ workers: 2, timeoutMs: 10_000, memoryLimitMb: 256, maxQueue: 100 });
    try {
      const start = performance.now();
      const results = await Promise.allSettled(inputs.map((bytes) => pool.parse(bytes)));
      const seconds = (performance.now() - start) / 1000;
      const ok = results.filter((r) => r.status === "fulfilled").length;
      const refused = results.filter((r) => r.status === "rejected" && isCode("QUEUE_FULL")(r.reason)).length;
      console.log(`pool flood: ${ok} parsed, ${refused} refused (queue full) in ${seconds.toFixed(2)} s`);
      assert.equal(ok + refused, 500, "every job was answered");
      assert.ok(ok >= 100 && refused >= 300);
      assert.equal(pool.stats().queued, 0);
    } finally {
      pool.close();
    }
  },
});

Deno.test({
  name: "pool: the host's event loop stays responsive (p99 lag < 10 ms) while two workers parse",
  ignore: !HAS_SHARED,
  async fn() {
    const corpus = [...replays("dh2025", 6), ...replays("evo", 6)];
    const pool = createParserPool({ workers: 2, timeoutMs: 10_000, memoryLimitMb: 256, maxQueue: 100 });
    await pool.parse(corpus[0]!.slice());
    const monitor = lagMonitor();
    let parsed = 0;
    try {
      // Keep both workers busy for two seconds: a new job as soon as one ends.
      const until = performance.now() + 2000;
      const feed = async (lane: number) => {
        for (let i = lane; performance.now() < until; i += 2) {
          await pool.parse(corpus[i % corpus.length]!.slice(), { gameEvents: i % 3 === 0 });
          parsed++;
        }
      };
      await Promise.all([feed(0), feed(1)]);
      const lag = monitor.stop();
      console.log(
        `pool under load: ${parsed} replays in 2 s on 2 workers; event-loop lag p99 ${
          lag.p99.toFixed(2)
        } ms over ${lag.samples} samples`,
      );
      assert.ok(lag.samples > 200);
      assert.ok(lag.p99 < 10, `event-loop lag p99 ${lag.p99} ms`);
    } finally {
      monitor.stop();
      pool.close();
    }
  },
});
