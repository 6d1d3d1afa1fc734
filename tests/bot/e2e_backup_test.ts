/**
 * Backup, restore and move of a ladder built through the fake Discord: players, matches in every state (completed
 * with a replay row and file, aborted, confirmed, just found), ratings, an admin adjustment with its audit row, a
 * queued player. Backed up while the bot runs, restored into fresh databases on both engines and into the wiped
 * source: every table is row-for-row identical and the sequences continue after the restored ids. Moved to
 * PostgreSQL: the bot started there shows the same /profile and /leaderboard and completes a new match with the
 * next match id.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  backupLocation,
  type Database,
  localReplayStore,
  moveDatabase,
  outboxCounts,
  restoreBackup,
  verifyBackup,
  writeBackup,
} from "../../db/mod.ts";
import type { Answer, FakePlayer } from "./fake_discord/mod.ts";
import { eventually, type Harness, readyPlayer, startHarness, titles } from "./harness.ts";
import { closeDatabasesAfterAll, ENGINES, openTestDatabase } from "../db/support/engines.ts";

const GUILD = "1000000000000000001";
const OWNER_ID = "1000000000000000009";

/** Every row of every ladder table as JSON text, sorted: read with the catalog directly, not with the code under test. */
async function everyRow(db: Database): Promise<Record<string, string[]>> {
  const tables = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
  );
  const rows: Record<string, string[]> = {};
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL TimeZone TO 'UTC'");
    for (const { name } of tables) {
      rows[name] = (await tx.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${name}" t ORDER BY 1`))
        .map((r) => r.j);
    }
  });
  return rows;
}

async function nextId(db: Database, table: string): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS n`);
  return Number(row!.n);
}

async function matchOf(h: Harness, a: FakePlayer, b: FakePlayer): Promise<number> {
  await h.ladder.join(a.userId, { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, new Date());
  await h.ladder.join(b.userId, { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, new Date());
  const [id] = await h.bot.scheduler.wave();
  assert.ok(id);
  // The "found" DMs go out through the outbox, after the wave.
  for (const p of [a, b]) await eventually("match found", () => titles(p).includes(`⚔️ Match #${id} Found!`));
  return id;
}

/** The ladder of this file: every state a match can be in, a replay, an admin action, a queued player. */
async function buildLadder(h: Harness): Promise<Record<string, FakePlayer>> {
  const owner = h.discord.player("owner", { userId: OWNER_ID });
  const [alice, bob, carol, dave] = [
    await readyPlayer(h, "alice"),
    await readyPlayer(h, "bob"),
    await readyPlayer(h, "carol"),
    await readyPlayer(h, "dave"),
  ];
  // Completed by reports, with an uploaded (unreadable) replay stored and recorded.
  const done = await matchOf(h, alice!, bob!);
  await alice!.click(`match:confirm:${done}`);
  await bob!.click(`match:confirm:${done}`);
  alice!.upload("game.SC2Replay", new TextEncoder().encode("not a replay"));
  await eventually("unreadable", () => titles(alice!).includes("❌ Replay Could Not Be Read"));
  for (const [p, r] of [[alice!, "win"], [bob!, "loss"]] as const) {
    await p.click(`match:report:${done}:${r}`);
    await p.click(`match:reportok:${done}:${r}`);
  }
  await eventually("result", () => titles(alice!).includes(`🏆 Match #${done} Result Finalized`));
  // Aborted, then one confirmed and open, then one just found.
  const aborted = await matchOf(h, carol!, dave!);
  await h.ladder.abort(aborted, carol!.userId, new Date());
  const open = await matchOf(h, alice!, bob!);
  await alice!.click(`match:confirm:${open}`);
  await bob!.click(`match:confirm:${open}`);
  await matchOf(h, carol!, dave!);
  // An admin adjustment (audit row).
  const asked = await owner.run("admin", { user: carol!.userId, race: "bw_zerg", delta: 25, reason: "fix" }, {
    guildId: GUILD,
    subcommand: "adjust_mmr",
  });
  const ok = (asked.data.components[0].components[0] as { custom_id: string }).custom_id;
  assert.equal((await owner.click(ok, { guildId: GUILD })).data.embeds[0].title, "✅ Done: Adjust MMR");
  return { alice: alice!, bob: bob!, carol: carol!, dave: dave! };
}

const shown = (a: Answer) => JSON.stringify(a.data?.embeds ?? []);

Deno.test({
  name: "backup of a running ladder → restore on every engine and into the wiped source: row-for-row identical",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const h = await startHarness({ bot: { ladderTimers: false } });
    const dir = await Deno.makeTempDir({ prefix: "evo-backup-" });
    try {
      await buildLadder(h);
      // The bot keeps running; its outbox worker is let finish delivering, so `before` is what the backup sees.
      await eventually("outbox delivered", async () => (await outboxCounts(h.db)).pending === 0);
      const before = await everyRow(h.db);
      for (const t of ["players", "matches", "match_players", "ratings", "replays", "audit_log", "abort_ledger"]) {
        assert.ok(before[t]!.length > 0, `the scenario fills ${t}`);
      }
      const replays = localReplayStore(join(h.dataDir, "replays"));
      const at = backupLocation(dir, {});
      const manifest = await writeBackup(h.db, at, { withReplays: replays });
      assert.equal(manifest.replays?.files, 1);
      assert.equal(manifest.tables.find((t) => t.name === "matches")?.rows, 4);
      await verifyBackup(at);
      const lastMatch = 4, lastAudit = before["audit_log"]!.length;

      for (const engine of ENGINES) {
        const target = await openTestDatabase(engine);
        const restoredReplays = await Deno.makeTempDir();
        try {
          const report = await restoreBackup(target, at, { replaysTo: localReplayStore(restoredReplays) });
          assert.equal(report.replaysCopied, 1);
          assert.deepEqual(await everyRow(target), before, `${engine}: every table identical`);
          assert.equal(await nextId(target, "matches"), lastMatch + 1, `${engine}: matches continue after #4`);
          assert.equal(await nextId(target, "audit_log"), lastAudit + 1, `${engine}: audit ids continue`);
        } finally {
          await target.close();
          await Deno.remove(restoredReplays, { recursive: true });
        }
      }

      // Wipe the source and restore it in place.
      await h.bot.stop();
      await h.db.exec(`TRUNCATE ${Object.keys(before).map((t) => `"${t}"`).join(", ")}`);
      await restoreBackup(h.db, at, { force: true });
      assert.deepEqual(await everyRow(h.db), before, "the wiped source is restored");
    } finally {
      await h.stop().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "move to PostgreSQL: the bot there shows the same /profile and /leaderboard and completes match #5",
  ignore: !ENGINES.includes("postgres"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const h = await startHarness({ bot: { ladderTimers: false } });
    const staging = await Deno.makeTempDir({ prefix: "evo-move-" });
    let h2: Harness | undefined;
    try {
      const players = await buildLadder(h);
      const profile = shown(await players.carol!.run("profile"));
      const board = shown(await players.alice!.run("leaderboard"));
      const target = await openTestDatabase("postgres");
      const manifest = await moveDatabase(h.db, target, backupLocation(staging, {}));
      assert.equal(manifest.engine, "pglite");
      await h.stop();

      h2 = await startHarness({ bot: { ladderTimers: false }, database: target });
      const again = (p: FakePlayer) => h2!.discord.player(p.username, { userId: p.userId });
      const [carol, dave] = [again(players.carol!), again(players.dave!)];
      assert.equal(shown(await carol.run("profile")), profile);
      assert.equal(shown(await again(players.alice!).run("leaderboard")), board);
      // Carol and Dave's found match #4 is still waiting for confirmation; they confirm and report it.
      await h2.ladder.abort(4, dave.userId, new Date());
      const next = await matchOf(h2, carol, dave);
      assert.equal(next, 5, "the next match id follows the moved ones");
      await carol.click(`match:confirm:${next}`);
      await dave.click(`match:confirm:${next}`);
      await eventually("confirmed", () => titles(carol).includes(`⚔️ Match #${next} Confirmed`));
      for (const [p, r] of [[carol, "win"], [dave, "loss"]] as const) {
        await p.click(`match:report:${next}:${r}`);
        await p.click(`match:reportok:${next}:${r}`);
      }
      await eventually("result on PostgreSQL", () => titles(carol).includes(`🏆 Match #${next} Result Finalized`));
    } finally {
      await h2?.stop();
      await Deno.remove(staging, { recursive: true });
    }
  },
});

closeDatabasesAfterAll();
