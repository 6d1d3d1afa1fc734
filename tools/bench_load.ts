/**
 * `deno task bench:load`: simulated players through the real processes and the fake Discord, in both topologies —
 * the single-process default (`ROLES=all`, embedded PGlite) and the distributed one (rest, gateway + standby, two
 * interactions, two worker+matchmaker on PostgreSQL). Each player onboards (ToS, /setup), queues, confirms its match
 * and the BW player of each match uploads the game by DM. Prints interaction acknowledgement p50/p99/max, verdict DM
 * delivery p99 (upload → "Result Finalized"), 429s seen by the proxy and by callers, duplicate answers and DMs,
 * lost uploads and matches completed.
 *
 * ```sh
 * TEST_DATABASE_URL=postgres://… deno task bench:load --players 1000 [--topology single|distributed|both] [--minutes 10]
 *   [--arrivals 20] [--think 0]
 * ```
 *
 * Pacing: players arrive at random moments of the first `--arrivals` seconds (default 20) and, with `--think MS`, pause
 * before each step as a person reading the screen would (uniformly 0.5–1.5 × MS; default 0: each step is sent the
 * moment the previous answer arrives — a stress test, not people).
 *
 * After `--minutes` (default 10, the window) the figures are taken as they stand: players still on their way
 * count as not finished, and an upload still waiting for its verdict then is counted as pending, not lost.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { openReplay, summarizeBytes } from "../parser/mod.ts";
import { makeFixtureReplay } from "../parser/src/writer/fixtures.ts";
import { MAP_POOLS } from "../bot/src/data/maps.ts";
import { percentile } from "../bot/src/ladder/simulation.ts";
import { BASE_REPLAY } from "../tests/fixtures/ladder_replays.ts";
import { HAS_SHARED, SHARED_URL } from "../tests/support/shared.ts";
import {
  type FakeDiscord,
  type FakeMessage,
  type FakePlayer,
  startFakeDiscord,
} from "../tests/bot/fake_discord/mod.ts";
import type { FakeInteraction } from "../tests/bot/fake_discord/state.ts";
import { createClusterDatabase, type RoleProcess, spawnRole, startCluster } from "../tests/bot/scale/cluster.ts";
import { duplicateTitles, metric } from "../tests/bot/scale/flow.ts";
import { type CpuBreakdown, CpuMeter } from "./process_cpu.ts";
import { ReplayMaker } from "./replay_maker.ts";

const MAP = "Keres Passage SEL";

/** One player of the run. */
interface Sim {
  readonly player: FakePlayer;
  readonly index: number;
  readonly name: string;
  readonly bw: boolean;
  uploadAt?: number;
  verdictMs?: number;
  error?: string;
  done?: boolean;
}

/** "Ladaaaa", "Ladaaab", …: letters only, unique, never a substring of another. */
function nameOf(i: number): string {
  let s = "";
  for (let k = 0, n = i; k < 4; k++, n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
  return `Lad${s}`;
}

/** A player's pause before a step: uniformly 0.5–1.5 × `thinkMs` (none when 0). */
type Think = () => Promise<void>;

function thinking(thinkMs: number): Think {
  if (thinkMs <= 0) return () => Promise.resolve();
  return () => new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
}

async function onboard(sim: Sim, think: Think): Promise<void> {
  const p = sim.player;
  await think();
  await p.run("termsofservice");
  await think();
  await p.click("tos:accept");
  await think();
  await p.run("setup");
  await think();
  await p.submit({ main_id: sim.name, battletag: `${sim.name}#${1000 + sim.index}` });
  await think();
  await p.select("setup:country:1", ["DE"]);
  await think();
  await p.select("setup:region", ["EUW"]);
  await think();
  await p.click("setup:next");
  await think();
  await p.click("setup:save");
}

/** The whole life of one player; the BW side of each match uploads the replay. */
async function play(sim: Sim, byName: Map<string, Sim>, replays: ReplayMaker, lengthSeconds: number, think: Think) {
  const p = sim.player;
  const vetoable = MAP_POOLS["season_alpha"]!.map((m) => m.name).filter((m) => m !== MAP);
  await onboard(sim, think);
  await think();
  await p.run("queue");
  await think();
  await p.select(`queue:${sim.bw ? "bw" : "sc2"}`, [sim.bw ? "bw_zerg" : "sc2_terran"]);
  await think();
  await p.select("queue:veto", sim.bw ? vetoable.slice(0, 4) : vetoable.slice(4));
  await think();
  await p.click("queue:join");
  // Waiting is event-driven (woken when the player's DM changes): polling 1,000 players every 10 ms was most of the
  // driver's CPU.
  const titled = (test: (title: string) => boolean) => (dm: FakeMessage[]) =>
    dm.some((m) => test(m.embeds[0]?.title ?? ""));
  await p.waitFor(titled((t) => /^⚔️ Match #\d+ Found!$/.test(t)), 540_000, "match found");
  const found = p.dm().find((m) => /Found!$/.test(m.embeds[0]?.title ?? ""))!;
  const id = Number(found.embeds[0].title.match(/#(\d+)/)![1]);
  // The found message is replaced in place once confirmed: read the opponent's name first.
  const text = JSON.stringify(found.embeds);
  await think();
  await p.click(`match:confirm:${id}`);
  await p.waitFor(titled((t) => t === `⚔️ Match #${id} Confirmed`), 300_000, "confirmed");
  if (!sim.bw) return;
  const opponent = [...text.matchAll(/Lad[a-z]{4}/g)].map((m) => byName.get(m[0])).find((s) => s && s !== sim);
  if (!opponent) throw new Error(`no opponent named in match #${id}: ${text.slice(0, 300)}`);
  const endTime = new Date(Date.now() + lengthSeconds * 1000);
  const replay = await replays.make({
    players: [
      { name: sim.name, toonHandle: `2-S2-1-${3_000_000 + sim.index}`, race: "BW Zerg", result: "win" },
      { name: opponent.name, toonHandle: `2-S2-1-${3_000_000 + opponent.index}`, race: "Terran", result: "loss" },
    ],
    endTime,
    randomValue: 1000 + sim.index,
  });
  sim.uploadAt = performance.now();
  p.upload("game.SC2Replay", replay);
  await p.waitFor(titled((t) => t === `🏆 Match #${id} Result Finalized`), 300_000, "verdict");
  sim.verdictMs = performance.now() - sim.uploadAt;
}

/** Acknowledgement figures per group: count, p50 and p99 in ms. */
type AckBreakdown = [string, { n: number; p50: number; p99: number }][];

/** An interaction's kind: the command's name or the component's custom id without its arguments. */
function kindOf(payload: { type: number; data?: { name?: string; custom_id?: string } }): string {
  if (payload.type === 2) return `/${payload.data?.name}`;
  return (payload.data?.custom_id ?? "?").split(":").slice(0, 2).join(":");
}

function ackBreakdown(answered: FakeInteraction[], group: (i: FakeInteraction) => string): AckBreakdown {
  const groups = new Map<string, number[]>();
  for (const i of answered) {
    const key = group(i);
    const list = groups.get(key) ?? [];
    list.push(i.callbackAt! - i.dispatchedAt);
    groups.set(key, list);
  }
  return [...groups].map(([key, list]) => {
    list.sort((a, b) => a - b);
    return [key, { n: list.length, p50: percentile(list, 50), p99: percentile(list, 99) }];
  });
}

/** The figures of one run. */
export interface LoadResult {
  readonly topology: string;
  readonly players: number;
  readonly wallSeconds: number;
  readonly interactions: number;
  readonly ackP50: number;
  readonly ackP99: number;
  readonly ackMax: number;
  /** Acknowledgement p50/p99 (ms) and count per interaction kind, and per minute of the window. */
  readonly ackByKind: AckBreakdown;
  readonly ackByMinute: AckBreakdown;
  readonly verdictP99: number;
  readonly proxy429: number | null;
  /** 429s the fake Discord answered, by scope (global limit, per-route bucket). */
  readonly discord429: { readonly global: number; readonly route: number };
  readonly caller429: number;
  readonly duplicateAnswers: number;
  readonly duplicateDms: number;
  readonly lostUploads: number;
  /** Uploads still waiting for their verdict when the window closed. */
  readonly pendingUploads: number;
  readonly matchesCompleted: number;
  readonly failedPlayers: number;
  /** CPU seconds per process group over the run (driver = this process: the fake Discord and every player). */
  readonly cpu: CpuBreakdown;
  /** Database transactions over the run (distributed only: PostgreSQL's count). */
  readonly transactions: number | null;
}

async function run(
  topology: "single" | "distributed",
  players: number,
  pgUrl: string | undefined,
  windowMs: number,
  pacing: { readonly arrivalsMs: number; readonly thinkMs: number },
): Promise<LoadResult> {
  const discord: FakeDiscord = await startFakeDiscord({ heartbeatIntervalMs: 5000 });
  const dataDir = await Deno.makeTempDir({ prefix: "evo-load-" });
  const database = topology === "distributed" ? await createClusterDatabase(pgUrl!) : null;
  let processes: RoleProcess[] = [];
  let proxyPort: number | null = null;
  let replays: ReplayMaker | null = null;
  const timing = { WAVE_SECONDS: "5", CONFIRM_SECONDS: "600" };
  try {
    if (topology === "single") {
      processes = [
        await spawnRole("single", {
          ...Deno.env.toObject(),
          ...discord.env({ DATA_DIR: dataDir, DATABASE_URL: "", ...timing }),
        }),
      ];
    } else {
      const cluster = await startCluster({ discord, databaseUrl: database!.url, dataDir, env: timing });
      processes = cluster.all();
      proxyPort = cluster.rest.port;
    }
    const baseBytes = Deno.readFileSync(new URL(BASE_REPLAY.split("/").map(encodeURIComponent).join("/"), SHARED_URL));
    const base = openReplay(baseBytes);
    replays = await ReplayMaker.start(baseBytes);
    const lengthSeconds = summarizeBytes(makeFixtureReplay(base, {
      players: [
        { name: "Ladaaaa", toonHandle: "2-S2-1-1", race: "BW Zerg", result: "win" },
        { name: "Ladaaab", toonHandle: "2-S2-1-2", race: "Terran", result: "loss" },
      ],
      endTime: new Date(),
      randomValue: 1,
    })).lengthSeconds;
    const sims: Sim[] = Array.from({ length: players }, (_, i) => ({
      player: discord.player(`load${i}`),
      index: i,
      name: nameOf(i),
      bw: i % 2 === 0,
    }));
    const byName = new Map(sims.map((s) => [s.name, s]));
    const meter = await CpuMeter.start(
      processes.map((p) => ({ group: p.name.replace(/-\d+$/, ""), pid: p.child.pid })),
      database ? { adminUrl: pgUrl!, name: new URL(database.url).pathname.slice(1) } : null,
    );
    const started = performance.now();
    // Arrivals spread over the first seconds, as players do not all press at the same millisecond.
    let windowTimer: ReturnType<typeof setTimeout> | undefined;
    const windowClosed = new Promise<"closed">((r) => windowTimer = setTimeout(() => r("closed"), windowMs));
    const finished = await Promise.race([
      Promise.all(sims.map(async (sim) => {
        await new Promise((r) => setTimeout(r, Math.random() * pacing.arrivalsMs));
        try {
          await play(sim, byName, replays!, lengthSeconds, thinking(pacing.thinkMs));
          sim.done = true;
        } catch (error) {
          sim.error = String(error);
        }
      })),
      windowClosed,
    ]);
    clearTimeout(windowTimer);
    const usage = await meter.stop();
    if (finished === "closed") console.error(`  the ${windowMs / 60_000}-minute window closed first`);
    const wallSeconds = (performance.now() - started) / 1000;
    const answered = [...discord.interactions.values()].filter((i) => i.callbackAt !== null);
    const acks = answered.map((i) => i.callbackAt! - i.dispatchedAt).sort((a, b) => a - b);
    const verdicts = sims.flatMap((s) => (s.verdictMs === undefined ? [] : [s.verdictMs])).sort((a, b) => a - b);
    const callerRetries = processes.reduce(
      (n, p) => n + p.log.filter((l) => l.includes("discord rate limited; retrying")).length,
      0,
    );
    const matchesCompleted = sims.filter((s) => s.bw && s.verdictMs !== undefined).length;
    const failures = sims.filter((s) => !s.done);
    for (const f of failures.filter((s) => s.error).slice(0, 3)) console.error(`  ${f.name}: ${f.error}`);
    const problems = processes.flatMap((p) =>
      p.log.filter((l) => /"level":"(warn|error)"/.test(l)).map((l) => `${p.name}: ${l.slice(0, 300)}`)
    );
    for (const line of problems.slice(0, 5)) console.error(`  ${line}`);
    return {
      topology,
      players,
      wallSeconds,
      interactions: discord.interactions.size,
      ackP50: percentile(acks, 50),
      ackP99: percentile(acks, 99),
      ackMax: Math.max(0, ...acks),
      ackByKind: ackBreakdown(answered, (i) => kindOf(i.payload)),
      ackByMinute: ackBreakdown(answered, (i) => `minute ${Math.floor((i.dispatchedAt - started) / 60_000) + 1}`),
      verdictP99: percentile(verdicts, 99),
      proxy429: proxyPort === null ? null : await metric(proxyPort, "evo_rest_rate_limited_total"),
      discord429: { ...discord.limits.rejected },
      caller429: topology === "single" ? discord.requests.filter((r) => r.status === 429).length : callerRetries,
      duplicateAnswers: discord.duplicateAnswers,
      duplicateDms: sims.reduce((n, s) => n + duplicateTitles(s.player).length, 0),
      lostUploads: finished === "closed"
        ? 0
        : sims.filter((s) => s.uploadAt !== undefined && s.verdictMs === undefined).length,
      pendingUploads: finished === "closed"
        ? sims.filter((s) => s.uploadAt !== undefined && s.verdictMs === undefined).length
        : 0,
      matchesCompleted,
      failedPlayers: failures.length,
      cpu: usage.cpu,
      transactions: database ? usage.transactions : null,
    };
  } finally {
    replays?.close();
    await Promise.all(processes.map((p) => p.kill()));
    await discord.close();
    await database?.drop();
    await Deno.remove(dataDir, { recursive: true });
  }
}

function report(r: LoadResult): void {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const perInteraction = (seconds: number) => `${(seconds * 1000 / Math.max(1, r.interactions)).toFixed(1)}`;
  const breakdown = (groups: AckBreakdown) =>
    groups.map(([key, g]) => `${key} ${Math.round(g.p50)}/${Math.round(g.p99)} (${g.n})`).join(", ");
  const cpuTotal = Object.values(r.cpu).reduce((a, b) => a + b, 0);
  const cpuParts = Object.entries(r.cpu).sort((a, b) => b[1] - a[1])
    .map(([group, seconds]) => `${group} ${perInteraction(seconds)}`).join(", ");
  console.log(
    [
      `== ${r.topology}: ${r.players} players, ${r.interactions} interactions in ${r.wallSeconds.toFixed(0)} s`,
      `  interaction ack p50 ${ms(r.ackP50)}, p99 ${ms(r.ackP99)}, max ${ms(r.ackMax)}`,
      `  verdict DM delivery p99 (upload → result) ${ms(r.verdictP99)}`,
      `  429s seen by the proxy ${r.proxy429 ?? "n/a (no proxy)"}, reaching callers ${r.caller429} ` +
      `(Discord answered ${r.discord429.global} global, ${r.discord429.route} per-route)`,
      `  duplicate answers ${r.duplicateAnswers}, duplicate DMs ${r.duplicateDms}`,
      `  lost uploads ${r.lostUploads}, still pending ${r.pendingUploads}, matches completed ${r.matchesCompleted}, ` +
      `players who did not finish ${r.failedPlayers}`,
      `  ack p50/p99 by kind: ${breakdown(r.ackByKind)}`,
      `  ack p50/p99 by minute: ${breakdown(r.ackByMinute)}`,
      `  CPU per interaction ${perInteraction(cpuTotal)} ms (${cpuTotal.toFixed(0)} s in all): ${cpuParts}`,
      ...(r.transactions === null
        ? []
        : [`  database transactions per interaction ${(r.transactions / Math.max(1, r.interactions)).toFixed(1)}`]),
    ].join("\n"),
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      players: { type: "string", default: "1000" },
      topology: { type: "string", default: "both" },
      minutes: { type: "string", default: "10" },
      arrivals: { type: "string", default: "20" },
      think: { type: "string", default: "0" },
    },
  });
  const players = Number(values.players);
  const pgUrl = Deno.env.get("DATABASE_URL") || Deno.env.get("TEST_DATABASE_URL");
  if (!HAS_SHARED) {
    console.log("bench:load needs ../shared/replays (the fixtures' base replay)");
    Deno.exit(0);
  }
  const topologies = values.topology === "both" ? ["single", "distributed"] : [values.topology];
  for (const topology of topologies) {
    if (topology === "distributed" && !pgUrl) {
      console.log("== distributed: skipped (set TEST_DATABASE_URL to a PostgreSQL server)");
      continue;
    }
    const pacing = { arrivalsMs: Number(values.arrivals) * 1000, thinkMs: Number(values.think) };
    console.log(
      `== ${topology}: players arrive over ${values.arrivals} s` +
        (pacing.thinkMs > 0
          ? `, think ${pacing.thinkMs / 2}–${pacing.thinkMs * 1.5} ms before each step`
          : ", no think time"),
    );
    report(await run(topology as "single" | "distributed", players, pgUrl, Number(values.minutes) * 60_000, pacing));
  }
  // Simulated players cut off by the window still have timers and polls pending: end here, not when they give up.
  Deno.exit(0);
}
