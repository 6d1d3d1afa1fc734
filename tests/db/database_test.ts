/** The small interface over both engines: parameters, transactions, the inside-transaction guard, LISTEN/NOTIFY. */
import assert from "node:assert/strict";
import { DbError, ensurePlayer, getPlayer } from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { eventually } from "../support/eventually.ts";

dbTest("database: parameters are bound, never spliced; types come back as JS values", async (db) => {
  const evil = "x'); DROP TABLE players; --";
  const [row] = await db.query<{ s: string; n: number; d: Date; a: string[]; j: unknown; b: boolean }>(
    "SELECT $1::text AS s, $2::int AS n, $3::timestamptz AS d, $4::text[] AS a, $5::text::jsonb AS j, $6::boolean AS b",
    [evil, 42, new Date("2026-03-14T20:00:00Z"), ["Keres Passage", "Ruins"], JSON.stringify({ k: "v" }), true],
  );
  assert.deepEqual(row, {
    s: evil,
    n: 42,
    d: new Date("2026-03-14T20:00:00Z"),
    a: ["Keres Passage", "Ruins"],
    j: { k: "v" },
    b: true,
  });
  assert.equal((await db.query("SELECT 1 FROM players")).length, 0, "the table is still there");
});

dbTest("database: a transaction commits when its body returns and rolls back when it throws", async (db) => {
  assert.equal(await db.transaction(async (tx) => (await ensurePlayer(tx, "1", "kept")).discordId), "1");
  await assert.rejects(
    db.transaction(async (tx) => {
      await ensurePlayer(tx, "2", "gone");
      throw new Error("changed my mind");
    }),
    /changed my mind/,
  );
  assert.equal((await getPlayer(db, "1"))?.discordUsername, "kept");
  assert.equal(await getPlayer(db, "2"), null);
});

dbTest("database: using db instead of tx inside a transaction fails fast (no deadlock on PGlite)", async (db) => {
  const error = await db.transaction(async (tx) => {
    await ensurePlayer(tx, "1", "inside");
    return await db.query("SELECT 1").then(() => null, (e: unknown) => e);
  }).catch((e: unknown) => e);
  assert.ok(error instanceof DbError, String(error));
  assert.equal(error.code, "INSIDE_TRANSACTION");
  await assert.rejects(
    db.transaction(() => db.transaction(() => Promise.resolve(1))),
    (e: unknown) => e instanceof DbError && e.code === "INSIDE_TRANSACTION",
  );
  // Statements from elsewhere wait for an open transaction and then run.
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  const tx = db.transaction(async (t) => {
    await ensurePlayer(t, "2", "while held");
    await held;
  });
  const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM players WHERE discord_id = '2'");
  setTimeout(release, 50);
  await tx;
  const [{ n }] = await outside as [{ n: number }];
  assert.ok(n === 0 || n === 1);
  assert.equal((await getPlayer(db, "2"))?.discordUsername, "while held");
});

dbTest("database: LISTEN/NOTIFY delivers payloads", async (db) => {
  const got: string[] = [];
  const unlisten = await db.listen("ladder_events", (payload) => got.push(payload));
  await db.notify("ladder_events", "leaderboard:invalidate");
  await eventually("the notification", () => got.length > 0, 5000, 20);
  await unlisten();
  assert.deepEqual(got, ["leaderboard:invalidate"]);
});

closeDatabasesAfterAll();
