/**
 * Two players confirming the same match at the same moment, from two processes (two pooled connections): the second
 * transition must see the first one's confirmation, so the match becomes `confirmed` every time. The row lock and the
 * read of both sides are separate statements, as a statement's snapshot predates a lock it had to wait for.
 */
import assert from "node:assert/strict";
import { ensurePlayer, getMatch } from "../../db/mod.ts";
import { confirmMatch, newMatch } from "./support/transitions.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { T0 } from "../support/clock.ts";

dbTest("matches: both players confirming at once always confirm the match", async (db) => {
  for (let i = 0; i < 20; i++) {
    const [a, b] = [`${1000 + 2 * i}`, `${1001 + 2 * i}`];
    await ensurePlayer(db, a, `user${a}`);
    await ensurePlayer(db, b, `user${b}`);
    const view = await newMatch(db, a, b);
    const id = view.match.id;
    const results = await Promise.all([
      confirmMatch(db, id, a, T0, 3 * 3600_000),
      confirmMatch(db, id, b, T0, 3 * 3600_000),
    ]);
    assert.ok(results.every((r) => r.changed));
    assert.equal((await getMatch(db, id))!.match.state, "confirmed", `match ${i} stayed unconfirmed`);
  }
});

closeDatabasesAfterAll();
