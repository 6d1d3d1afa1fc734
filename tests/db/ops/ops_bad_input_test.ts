/**
 * The operator CLI and its refusals: truncated, edited and newer-schema backups are refused naming the problem and
 * leave the target untouched; `restore` into a non-empty database needs `--force`; unreachable databases and stores
 * get a clear error and exit code. The library cases run on both engines; the CLI runs on an embedded directory.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BackupError,
  backupLocation,
  type Database,
  ensurePlayer,
  migrate,
  openPglite,
  restoreBackup,
  verifyBackup,
  writeBackup,
} from "../../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest, ENGINES, openTestDatabase, pgliteTemplate } from "../support/engines.ts";

const CLI = new URL("../../../db/ops/main.ts", import.meta.url).pathname;

/** Runs `deno task ops …` (the CLI itself) with `env`; exit code and output. */
async function ops(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { NO_COLOR: "1", DATABASE_URL: "", REPLAY_STORE: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

/** The code of the BackupError `fn` rejects with. */
async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof BackupError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected a BackupError");
}

async function seed(db: Database, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await ensurePlayer(db, String(7000 + i), `player${i}`);
}

const count = async (db: Database) => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM players"))[0]!.n;

/** A gzip of `text`. */
const gzip = async (text: string) =>
  new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
const gunzip = async (bytes: Uint8Array) =>
  await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip")))
    .text();

dbTest("ops: damaged, edited and newer-schema backups are refused by name; the target keeps its rows", async (db) => {
  await seed(db, 30);
  const dir = await Deno.makeTempDir();
  try {
    const at = backupLocation(dir, {});
    await writeBackup(db, at);
    await ensurePlayer(db, "9999", "added-after");
    const players = join(dir, "tables/players.ndjson.gz");
    const good = await Deno.readFile(players);
    const manifestPath = join(dir, "manifest.json");
    const manifest = await Deno.readTextFile(manifestPath);

    // Truncated file.
    await Deno.writeFile(players, good.slice(0, Math.floor(good.length / 2)));
    assert.match(await codeOf(() => verifyBackup(at)), /^DAMAGED: tables\/players\.ndjson\.gz .*truncated/);
    assert.match(await codeOf(() => restoreBackup(db, at, { force: true })), /^DAMAGED: .*truncated/);
    assert.equal(await count(db), 31, "a failed restore changes nothing");

    // One row edited (valid gzip, same row count).
    await Deno.writeFile(players, await gzip((await gunzip(good)).replace("player3", "player3x")));
    assert.match(await codeOf(() => verifyBackup(at)), /^DAMAGED: .*does not match its checksum/);
    assert.match(await codeOf(() => restoreBackup(db, at, { force: true })), /checksum/);
    assert.equal(await count(db), 31);
    await Deno.writeFile(players, good);

    // Row count edited in the manifest.
    await Deno.writeTextFile(
      manifestPath,
      manifest.replace(/("name": "players",\s*"file": "[^"]+",\s*"rows": )30/, "$131"),
    );
    assert.match(await codeOf(() => verifyBackup(at)), /^DAMAGED: .*30 rows, the manifest says 31/);

    // A newer schema.
    await Deno.writeTextFile(manifestPath, manifest.replace(/"schemaVersion": \d+/, '"schemaVersion": 999'));
    assert.match(await codeOf(() => restoreBackup(db, at, { force: true })), /^NEWER_SCHEMA: .*999, newer than/);
    assert.equal(await count(db), 31);

    // Not a backup at all; a missing file.
    await Deno.remove(manifestPath);
    assert.match(await codeOf(() => verifyBackup(at)), /^BAD_INPUT: .*no manifest\.json/);
    await Deno.writeTextFile(manifestPath, manifest);
    await Deno.remove(players);
    assert.match(
      await codeOf(() => restoreBackup(db, at, { force: true })),
      /^DAMAGED: tables\/players\.ndjson\.gz is missing/,
    );
    assert.equal(await count(db), 31);
    await Deno.writeFile(players, good);

    // The intact backup: refused into a non-empty database without --force, restored with it.
    assert.match(
      await codeOf(() => restoreBackup(db, at)),
      /^NOT_EMPTY: the target database is not empty \(players 31/,
    );
    await restoreBackup(db, at, { force: true });
    assert.equal(await count(db), 30);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "ops CLI: backup, verify, restore (refused without --force), exit codes for damage and unreachable targets",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "evo-ops-cli-" });
    try {
      const source = join(root, "source");
      const db = await openPglite(join(source, "db"), {
        template: new Blob([await Deno.readFile(await pgliteTemplate())]),
      });
      await migrate(db);
      await seed(db, 12);
      await db.close();
      const backup = join(root, "backup");

      const help = await ops(["help"], {});
      assert.equal(help.code, 0);
      assert.match(help.out, /backup \[--to PATH\|s3:\/\/bucket\/prefix\]/);
      assert.equal((await ops(["frobnicate"], {})).code, 2);

      const made = await ops(["backup", "--to", backup], { DATA_DIR: source });
      assert.equal(made.code, 0, made.err);
      assert.match(made.out, /backup written to .*: \d+ tables, 14 rows, schema \d+/);
      assert.match(made.err, /players: 12 rows/, "progress per table on stderr");
      assert.equal((await ops(["verify", backup], {})).code, 0);

      const target = join(root, "target");
      assert.equal((await ops(["restore", backup], { DATA_DIR: target })).code, 0);
      const again = await ops(["restore", backup], { DATA_DIR: target });
      assert.equal(again.code, 5);
      assert.match(again.err, /NOT_EMPTY: the target database is not empty \(players 12\): pass --force/);
      assert.equal((await ops(["restore", backup, "--force"], { DATA_DIR: target })).code, 0);

      if (ENGINES.includes("postgres")) {
        const empty = await openTestDatabase("postgres");
        const url = empty.url!;
        await empty.close();
        const moved = await ops(["move", "--to", url], { DATA_DIR: source });
        assert.equal(moved.code, 0, moved.err);
        assert.match(moved.out, /moved 14 rows into PostgreSQL; counts and checksums match/);
        assert.ok(moved.out.includes(`DATABASE_URL=${url}`), moved.out);
        const twice = await ops(["move", "--to", url], { DATA_DIR: source });
        assert.equal(twice.code, 5, "a second move finds the target not empty");
      }

      await Deno.writeTextFile(join(backup, "tables/players.ndjson.gz"), "garbage");
      const damaged = await ops(["verify", backup], {});
      assert.equal(damaged.code, 3);
      assert.match(damaged.err, /DAMAGED: tables\/players\.ndjson\.gz cannot be read/);

      const unreachable = await ops(["backup", "--to", join(root, "b2")], {
        DATABASE_URL: "postgres://evo:evo@127.0.0.1:1/nowhere",
      });
      assert.equal(unreachable.code, 6);
      assert.match(
        unreachable.err,
        /UNREACHABLE: the database postgres:\/\/…@127\.0\.0\.1:1\/nowhere cannot be opened/,
      );
      const move = await ops(["move", "--to", "postgres://evo:evo@127.0.0.1:1/nowhere"], { DATA_DIR: source });
      assert.equal(move.code, 6, move.err);
      const s3 = await ops(["backup", "--to", "s3://bucket/x"], {
        DATA_DIR: source,
        S3_ENDPOINT: "http://127.0.0.1:1",
        S3_ACCESS_KEY_ID: "k",
        S3_SECRET_ACCESS_KEY: "s",
      });
      assert.equal(s3.code, 6, s3.err);
      assert.match(s3.err, /UNAVAILABLE: the object store s3:\/\/bucket\/x did not answer/);
      const noCreds = await ops(["backup", "--to", "s3://bucket/x"], { DATA_DIR: source });
      assert.equal(noCreds.code, 2);
      assert.match(noCreds.err, /S3_ACCESS_KEY_ID is required/);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

closeDatabasesAfterAll();
