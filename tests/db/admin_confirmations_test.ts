/**
 * Admin confirmations as rows: stored with an expiry, taken once, dropped on cancel, expired ones refused and cleaned
 * up — on both engines.
 */
import assert from "node:assert/strict";
import { dropAdminConfirmation, putAdminConfirmation, takeAdminConfirmation } from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { T0 } from "../support/clock.ts";

const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const confirmation = (nonce: string, minutes = 15) => ({
  nonce,
  invokerId: "999",
  action: { kind: "ban", userId: "123", reason: "smurfing" },
  createdAt: T0,
  expiresAt: at(minutes),
});

dbTest("admin confirmations: taken once, with the action as stored", async (db) => {
  await putAdminConfirmation(db, confirmation("0a1b2c3d"));
  const taken = await takeAdminConfirmation(db, "0a1b2c3d", at(5));
  assert.deepEqual(taken, confirmation("0a1b2c3d"));
  assert.equal(await takeAdminConfirmation(db, "0a1b2c3d", at(5)), null, "a second click finds nothing");
});

dbTest("admin confirmations: cancel drops it; an expired one is refused and removed", async (db) => {
  await putAdminConfirmation(db, confirmation("11111111"));
  await dropAdminConfirmation(db, "11111111");
  assert.equal(await takeAdminConfirmation(db, "11111111", at(1)), null);

  await putAdminConfirmation(db, confirmation("22222222"));
  assert.equal(await takeAdminConfirmation(db, "22222222", at(16)), null, "past its expiry");
  assert.equal(await takeAdminConfirmation(db, "22222222", at(1)), null, "and gone");

  await putAdminConfirmation(db, confirmation("33333333", 1));
  await putAdminConfirmation(db, { ...confirmation("44444444"), createdAt: at(2), expiresAt: at(17) });
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM admin_confirmations");
  assert.equal(row?.n, 1, "storing a confirmation removes the expired ones");
});

dbTest("admin confirmations: the schema refuses a bad nonce and an expiry before creation", async (db) => {
  await assert.rejects(putAdminConfirmation(db, confirmation("not hex!")));
  await assert.rejects(putAdminConfirmation(db, { ...confirmation("55555555"), expiresAt: T0 }));
});

closeDatabasesAfterAll();
