/** A worker process for the durability test: takes a job, says so, and hangs until it is killed. */
import { createJobQueue, openDatabase } from "../../../db/mod.ts";

const db = await openDatabase({ url: Deno.args[0]! });
const jobs = await createJobQueue(db, { expireInSeconds: 2, superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
await jobs.work(async (job) => {
  console.log(`started ${job.replayId}`);
  await new Promise(() => {}); // killed mid-job
});
