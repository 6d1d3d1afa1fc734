/**
 * A backup taken while matches complete is consistent: restored, every rating counts exactly the completed matches
 * whose rows it has, and its value is 1500 plus their applied changes — no match counted in a rating without its
 * row, or the reverse. On PostgreSQL the completions run on other connections during the snapshot.
 */
import assert from "node:assert/strict";
import { backupLocation, type Database, ensurePlayer, restoreBackup, writeBackup } from "../../../db/mod.ts";
import { completeFromReplay, confirmMatch, newMatch } from "../support/transitions.ts";
import { closeDatabasesAfterAll, dbTest, elo, openTestDatabase } from "../support/engines.ts";

const PAIRS = 30;

async function confirmedMatches(db: Database): Promise<number[]> {
  const ids: number[] = [];
  const now = new Date();
  for (let i = 0; i < PAIRS; i++) {
    const [a, b] = [String(1000 + 2 * i), String(1001 + 2 * i)];
    await ensurePlayer(db, a, `a${i}`);
    await ensurePlayer(db, b, `b${i}`);
    const view = await newMatch(db, a, b, now);
    await confirmMatch(db, view.match.id, a, now, 3 * 3600_000);
    await confirmMatch(db, view.match.id, b, now, 3 * 3600_000);
    ids.push(view.match.id);
  }
  return ids;
}

/** Ratings that disagree with the completed matches' rows (empty: consistent). */
async function inconsistencies(db: Database): Promise<unknown[]> {
  return await db.query(
    `SELECT r.discord_id, r.race, r.played, r.rating, count(m.id)::int AS completed,
            1500 + COALESCE(sum(mp.rating_change), 0)::int AS expected
       FROM ratings r
       LEFT JOIN match_players mp ON mp.discord_id = r.discord_id AND mp.race = r.race
       LEFT JOIN matches m ON m.id = mp.match_id AND m.state = 'completed'
      GROUP BY r.discord_id, r.race, r.played, r.rating
     HAVING r.played <> count(m.id) OR r.rating <> 1500 + COALESCE(sum(mp.rating_change) FILTER (WHERE m.id IS NOT NULL), 0)`,
  );
}

dbTest("ops: a backup taken while matches complete restores consistent ratings and match rows", async (db, engine) => {
  const ids = await confirmedMatches(db);
  // Bulk rows so the snapshot takes a while, during which the completions go on.
  await db.query(
    "INSERT INTO audit_log (actor_id, action, details) SELECT '1000', 'filler', jsonb_build_object('n', g) FROM generate_series(1, 30000) g",
  );
  const dir = await Deno.makeTempDir();
  try {
    let completed = 0;
    let backingUp = true;
    const load = (async () => {
      for (const id of ids) {
        await completeFromReplay(db, id, { winnerSlot: 1, gameKey: `game-${id}` }, new Date(), elo);
        completed++;
        if (!backingUp) break;
      }
    })();
    const manifest = await writeBackup(db, backupLocation(dir, {}));
    backingUp = false;
    await load;
    const inBackup = manifest.tables.find((t) => t.name === "replay_games")?.rows;
    console.log(`  [${engine}] ${completed} completions ran with the backup; ${inBackup} are in it`);

    const target = await openTestDatabase(engine);
    try {
      await restoreBackup(target, backupLocation(dir, {}));
      assert.deepEqual(await inconsistencies(target), []);
      const [counts] = await target.query<{ completed: number; rated: number }>(
        `SELECT (SELECT count(*)::int FROM matches WHERE state = 'completed') AS completed,
                (SELECT count(*)::int FROM ratings WHERE played > 0) AS rated`,
      );
      assert.equal(counts!.rated, 2 * counts!.completed, "both sides of every completed match are rated");
    } finally {
      await target.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

closeDatabasesAfterAll();
