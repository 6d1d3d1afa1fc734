/**
 * One outbox worker in a process of its own (as a `worker` process runs it), for the shared-budget test: it prints
 * `delivering` when it holds the outbox lease, and runs until it is killed.
 *
 * Arguments: database URL, the fake Discord's token and REST URL, requests a second, lease period in ms.
 *
 * @module
 */
import { openDatabase } from "../../../db/mod.ts";
import { createDeliveryApi, createLogger, startOutboxWorker } from "../../../bot/mod.ts";

const [url, token, restUrl, perSecond, periodMs] = Deno.args as [string, string, string, string, string];
const db = await openDatabase({ url });
const log = createLogger({ sink: () => {} });
const worker = await startOutboxWorker({
  db,
  api: createDeliveryApi(token, restUrl, log),
  log,
  now: () => new Date(),
  adminLogChannelId: null,
  options: { requestsPerSecond: Number(perSecond), leasePeriodMs: Number(periodMs) },
});
console.log("started");
let told = false;
setInterval(() => {
  if (worker.delivering && !told) told = true, console.log("delivering");
}, 20);
