/**
 * The replay store on both backends: a local directory and a real S3-compatible server (s3rver on 127.0.0.1,
 * signed by aws4fetch with path-style URLs). Same contract, same tests.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  backupLocation,
  ensurePlayer,
  localReplayStore,
  moveReplays,
  openReplayStore,
  parseReplayStoreConfig,
  type ReplayStore,
  replayStoreAt,
  restoreBackup,
  StoreError,
  verifyBackup,
  writeBackup,
} from "../../../db/mod.ts";
import { startS3Server } from "../../support/s3_server.ts";
import { openTestDatabase } from "../support/engines.ts";

const s3 = await startS3Server("replays");

function storeTest(name: string, fn: (store: ReplayStore) => Promise<void>) {
  Deno.test({
    name: `replay store: ${name} [local]`,
    async fn() {
      const dir = await Deno.makeTempDir();
      try {
        await fn(localReplayStore(dir));
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
  Deno.test({
    name: `replay store: ${name} [s3]`,
    ignore: s3 === null,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const prefix = `t${crypto.randomUUID().slice(0, 8)}`;
      const parsed = parseReplayStoreConfig({ ...s3!.env, REPLAY_STORE: `s3://${s3!.bucket}/${prefix}` }, ".");
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      await fn(openReplayStore(parsed.config));
    },
  });
}

/** The code of the StoreError `fn` rejects with (fails when it resolves or throws something else). */
async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof StoreError) return error.code;
    throw error;
  }
  throw new Error("expected a StoreError");
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

storeTest("put, get, has, list and delete keep the bytes exactly", async (store) => {
  await store.check();
  const a = bytes(70_000, 3);
  await store.put("12/aa.SC2Replay", a);
  await store.put("3/bb.SC2Replay", bytes(10, 5));
  assert.deepEqual(await store.get("12/aa.SC2Replay"), a);
  assert.deepEqual(await store.has("12/aa.SC2Replay"), true);
  assert.deepEqual(await store.has("12/zz.SC2Replay"), false);
  const listed = [];
  for await (const o of store.list()) listed.push(o);
  assert.deepEqual(listed, [{ key: "12/aa.SC2Replay", size: 70_000 }, { key: "3/bb.SC2Replay", size: 10 }]);
  await store.delete("12/aa.SC2Replay");
  assert.equal(await codeOf(() => store.get("12/aa.SC2Replay")), "NOT_FOUND");
});

storeTest("keys that could escape the store are refused", async (store) => {
  for (const key of ["../x", "/etc/passwd", "12/../../x", "a//b", ""]) {
    assert.equal(await codeOf(() => store.put(key, bytes(1))), "BAD_KEY", key);
  }
});

Deno.test("replay store config: local by default, s3:// needs credentials, problems name the variable", () => {
  assert.deepEqual(parseReplayStoreConfig({}, "/srv/ladder"), {
    ok: true,
    config: { kind: "local", dir: "/srv/ladder/replays" },
  });
  const s3Config = parseReplayStoreConfig({
    REPLAY_STORE: "s3://evo-replays/ladder/eu/",
    S3_ENDPOINT: "http://127.0.0.1:9000/",
    S3_ACCESS_KEY_ID: "k",
    S3_SECRET_ACCESS_KEY: "s",
  }, ".");
  assert.deepEqual(s3Config, {
    ok: true,
    config: {
      kind: "s3",
      bucket: "evo-replays",
      prefix: "ladder/eu",
      endpoint: "http://127.0.0.1:9000",
      region: "us-east-1",
      accessKeyId: "k",
      secretAccessKey: "s",
    },
  });
  const timed = parseReplayStoreConfig({
    REPLAY_STORE: "s3://bucket",
    S3_ACCESS_KEY_ID: "k",
    S3_SECRET_ACCESS_KEY: "s",
    S3_TIMEOUT_SECONDS: "5",
  }, ".");
  assert.equal(timed.ok && timed.config.kind === "s3" && timed.config.timeoutMs, 5000);
  const untimed = parseReplayStoreConfig({
    REPLAY_STORE: "s3://bucket",
    S3_ACCESS_KEY_ID: "k",
    S3_SECRET_ACCESS_KEY: "s",
    S3_TIMEOUT_SECONDS: "0",
  }, ".");
  assert.deepEqual(untimed.ok ? [] : untimed.problems.map((p) => p.split(" ")[0]), ["S3_TIMEOUT_SECONDS"]);
  const bad = parseReplayStoreConfig({ REPLAY_STORE: "s3://X", S3_ENDPOINT: "ftp://x" }, ".");
  assert.deepEqual(bad.ok, false);
  const problems = bad.ok ? [] : bad.problems;
  assert.deepEqual(problems.length, 1);
  assert.deepEqual(problems[0]!.startsWith("S3_ENDPOINT must be http(s)://host[:port]"), true);
  const missing = parseReplayStoreConfig({ REPLAY_STORE: "s3://bucket" }, ".");
  assert.deepEqual(missing.ok ? [] : missing.problems.map((p) => p.split(" ")[0]), [
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
  ]);
});

Deno.test({
  name: "replay store [s3]: wrong credentials are DENIED, a stopped server is UNAVAILABLE, and it works again after",
  ignore: s3 === null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const config = (env: Record<string, string>) => {
      const parsed = parseReplayStoreConfig({ ...env, REPLAY_STORE: `s3://${s3!.bucket}/faults` }, ".");
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      return openReplayStore(parsed.config);
    };
    const wrong = config({ ...s3!.env, S3_ACCESS_KEY_ID: "UNKNOWN", S3_SECRET_ACCESS_KEY: "not-the-secret" });
    assert.deepEqual(await codeOf(() => wrong.put("1/a.SC2Replay", bytes(5))), "DENIED");
    const store = config(s3!.env);
    await s3!.kill();
    assert.deepEqual(await codeOf(() => store.put("1/a.SC2Replay", bytes(5))), "UNAVAILABLE");
    assert.deepEqual(await codeOf(() => store.check()), "UNAVAILABLE");
    await s3!.restart();
    await store.put("1/a.SC2Replay", bytes(5));
    assert.deepEqual(await store.get("1/a.SC2Replay"), bytes(5));
  },
});

Deno.test({
  name: "ops on s3: move-replays local → s3 checks every file; a backup with replays to s3:// verifies and restores",
  ignore: s3 === null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const source = await openTestDatabase("pglite");
    const target = await openTestDatabase("pglite");
    try {
      const local = localReplayStore(dir);
      const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
      for (let i = 1; i <= 3; i++) await local.put(`${i}/${sha(bytes(100 * i, i))}.SC2Replay`, bytes(100 * i, i));
      const env = { ...s3!.env };
      const bucket = replayStoreAt(`s3://${s3!.bucket}/moved`, env);
      assert.deepEqual(await moveReplays(local, bucket), { copied: 3, present: 0, bytes: 600, skipped: [] });
      assert.deepEqual(
        await moveReplays(local, bucket),
        { copied: 0, present: 3, bytes: 600, skipped: [] },
        "a second run copies nothing",
      );
      assert.deepEqual(await bucket.get(`2/${sha(bytes(200, 2))}.SC2Replay`), bytes(200, 2));

      await ensurePlayer(source, "4242", "alice");
      const at = backupLocation(`s3://${s3!.bucket}/backups/one`, env);
      const manifest = await writeBackup(source, at, { withReplays: local });
      assert.equal(manifest.replays?.files, 3);
      await verifyBackup(at);
      const restored = await Deno.makeTempDir();
      await restoreBackup(target, at, { replaysTo: localReplayStore(restored) });
      assert.deepEqual(await target.query("SELECT discord_id FROM players"), [{ discord_id: "4242" }]);
      assert.deepEqual(await localReplayStore(restored).get(`3/${sha(bytes(300, 3))}.SC2Replay`), bytes(300, 3));
      await Deno.remove(restored, { recursive: true });
    } finally {
      await source.close();
      await target.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "ops: what an interrupted upload left (a file's beginning under its whole name) is left out of moves and backups",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dirs = [await Deno.makeTempDir(), await Deno.makeTempDir(), await Deno.makeTempDir()] as const;
    const source = await openTestDatabase("pglite");
    try {
      const local = localReplayStore(dirs[0]);
      const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
      await local.put(`1/${sha(bytes(100, 1))}.SC2Replay`, bytes(100, 1));
      const partial = `2/${sha(bytes(400, 2))}.SC2Replay`;
      await local.put(partial, bytes(400, 2).subarray(0, 150));
      const progress: string[] = [];
      const report = await moveReplays(local, localReplayStore(dirs[1]), { progress: (l) => progress.push(l) });
      assert.deepEqual(report, { copied: 1, present: 0, bytes: 100, skipped: [partial] });
      assert.ok(progress.some((l) => l.includes(`left out ${partial}`)), progress.join("\n"));

      const at = backupLocation(dirs[2], {});
      const manifest = await writeBackup(source, at, { withReplays: local });
      assert.equal(manifest.replays?.files, 1);
      await verifyBackup(at); // a copied partial would be DAMAGED here
    } finally {
      await source.close();
      for (const dir of dirs) await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "replay store: stop the s3 test server",
  ignore: s3 === null,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => await s3!.close(),
});
