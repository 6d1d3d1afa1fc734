/**
 * Durability: a process killed with SIGKILL (no clean stop) in the middle of a transaction or of a job. After a
 * restart nothing committed is lost, nothing uncommitted is half-applied, and the job runs again — on a persisted
 * PGlite directory and on PostgreSQL.
 */
import assert from "node:assert/strict";
import { createJobQueue, type Database, getPlayer, openDatabase, openPostgres } from "../../db/mod.ts";
import { eventually } from "../support/eventually.ts";
import { pgliteTemplate } from "./support/engines.ts";
import { killWhenPrinted } from "./support/kill_child.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
const CHILD = new URL("./support/crash_child.ts", import.meta.url).pathname;

/** Starts the crash child on `target`, waits until it prints `line`, then kills it with SIGKILL. */
async function killWhen(mode: "tx" | "job", target: string, line: string): Promise<void> {
  const template = target.startsWith("postgres") ? [] : [await pgliteTemplate()];
  await killWhenPrinted(["run", "-A", CHILD, mode, target, ...template], line);
}

/** A scratch target: a fresh PGlite directory or a fresh PostgreSQL database; `drop` removes it. */
async function scratch(engine: "pglite" | "postgres"): Promise<{ target: string; drop: () => Promise<void> }> {
  if (engine === "pglite") {
    const dir = await Deno.makeTempDir({ prefix: "evo-crash-" });
    return { target: dir, drop: () => Deno.remove(dir, { recursive: true }) };
  }
  const name = `evo_t_crash_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
  const admin = await openPostgres(PG_URL!, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    target: url.toString(),
    drop: async () => {
      const again = await openPostgres(PG_URL!, { max: 1 });
      await again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.close();
    },
  };
}

const reopen = (target: string): Promise<Database> =>
  openDatabase(target.startsWith("postgres") ? { url: target } : { dataDir: target });

/** A durability test on each engine: `body` gets a fresh scratch target, removed afterwards. */
function durabilityTest(name: string, body: (target: string) => Promise<void>): void {
  for (const engine of ["pglite", "postgres"] as const) {
    const ignore = engine === "postgres" && !PG_URL;
    Deno.test({
      name: `durability: ${name} [${engine}]`,
      ignore,
      sanitizeOps: false,
      sanitizeResources: false,
      async fn() {
        const { target, drop } = await scratch(engine);
        try {
          await body(target);
        } finally {
          await drop();
        }
      },
    });
  }
}

if (!PG_URL) console.log(`skipped on PostgreSQL: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts one)`);

durabilityTest("killed mid-transaction — the commit before it stays, nothing of it is applied", async (target) => {
  await killWhen("tx", target, "in transaction");
  const db = await reopen(target);
  try {
    const kept = await getPlayer(db, "1");
    assert.equal(kept?.discordUsername, "committed");
    assert.equal(kept?.state, "idle", "the uncommitted update is not half-applied");
    assert.equal(await getPlayer(db, "2"), null);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM players") as [{ n: number }];
    assert.equal(n, 1);
    // The database is healthy: writes work after recovery.
    await db.query("INSERT INTO players (discord_id, discord_username) VALUES ('3', 'after')");
  } finally {
    await db.close();
  }
});

durabilityTest("a job whose process is killed mid-run runs again after a restart", async (target) => {
  await killWhen("job", target, "started 77");
  const db = await reopen(target);
  const jobs = await createJobQueue(db, {
    expireInSeconds: 2,
    superviseIntervalSeconds: 1,
    retryDelaySeconds: 1,
    pollingIntervalSeconds: 0.5,
  });
  try {
    const seen: number[] = [];
    await jobs.work((job) => {
      seen.push(job.replayId);
      return Promise.resolve();
    });
    await eventually("the killed job to run again", () => seen.length > 0, 30_000, 50);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(seen, [77]);
  } finally {
    await jobs.stop(1000);
    await db.close();
  }
});
