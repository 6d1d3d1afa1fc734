/**
 * A process the durability tests kill with SIGKILL. `deno run -A crash_child.ts <mode> <target> [template]`, where
 * target is a PostgreSQL URL or a PGlite data directory (started from the template tarball when given):
 * - `tx`: commits player 1, then opens a transaction that creates player 2 and moves player 1 to `queueing`, says
 *   "in transaction" and hangs there;
 * - `job`: sends a replay.parse job, takes it, says "started <replayId>" and hangs in the handler.
 */
import { createJobQueue, type Database, ensurePlayer, migrate, openDatabase, openPglite } from "../../../db/mod.ts";

const [mode, target, template] = Deno.args;

/** The database at `target`; a new PGlite directory starts from the test template when one is given. */
async function open(): Promise<Database> {
  if (target!.startsWith("postgres")) return await openDatabase({ url: target! });
  if (template === undefined) return await openDatabase({ dataDir: target! });
  const db = await openPglite(target!, { template: new Blob([await Deno.readFile(template)]) });
  await migrate(db);
  return db;
}

const db = await open();
const hang = () => new Promise<never>(() => {});

if (mode === "tx") {
  await ensurePlayer(db, "1", "committed");
  console.log("committed");
  await db.transaction(async (tx) => {
    await ensurePlayer(tx, "2", "uncommitted");
    await tx.query("UPDATE players SET state = 'queueing' WHERE discord_id = '1'");
    await tx.query(
      "INSERT INTO players (discord_id, discord_username) SELECT g::text, 'bulk' FROM generate_series(100, 5099) g",
    );
    console.log("in transaction");
    await hang();
  });
} else if (mode === "job") {
  const jobs = await createJobQueue(db, {
    expireInSeconds: 2,
    superviseIntervalSeconds: 1,
    pollingIntervalSeconds: 0.5,
  });
  await jobs.send({ replayId: 77, matchId: 1 });
  await jobs.work(async (job) => {
    console.log(`started ${job.replayId}`);
    await hang();
  });
}
