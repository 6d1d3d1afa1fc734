/**
 * A seeded ladder simulator: a synthetic population plays through the real {@link runWave} and the real
 * {@link eloChange}. Players have a hidden true skill per game, come online for sessions and go offline again, queue
 * whenever they are online and not playing, and play games whose result follows true skill (the same 500-point
 * logistic as the ratings). Waves run every 45 s of simulated time; a game's rating change is applied when it ends,
 * from the ratings current at that moment. Pure: no clock, no I/O; the same options give the same report.
 *
 * @module
 */
import { eloChange } from "./elo.ts";
import { type BwRace, type QueuedPlayer, runWave, type Sc2Race } from "./matchmaking.ts";
import { createRandom } from "./random.ts";

/** Knobs of a run; only `players`, `hours` and `seed` are required. */
export interface SimulationOptions {
  readonly players: number;
  readonly hours: number;
  readonly seed: number;
  /** Mean online session (minutes, exponential). Default 90. */
  readonly sessionMinutes?: number;
  /** Mean time offline between sessions (hours, exponential). Default 6. */
  readonly offlineHours?: number;
  /** Shortest and longest game including confirmation (minutes, uniform). Default 8–25. */
  readonly gameMinutes?: readonly [number, number];
  /** Standard deviation of true skill around 1500. Default 300. */
  readonly skillSpread?: number;
  /** Games a (player, race) needs to count in the rating-vs-skill correlation. Default 5. */
  readonly minGames?: number;
}

/** Median and upper percentiles of a sample. */
export interface Distribution {
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
}

/** What a run measured. */
export interface SimulationReport {
  readonly players: number;
  readonly hours: number;
  readonly seed: number;
  readonly waves: number;
  readonly matches: number;
  readonly matchesPerHour: number;
  /** Mean number of queued players at a wave. */
  readonly meanQueued: number;
  /** Queue entries that ended with the session before a match. */
  readonly leftUnmatched: number;
  readonly waitWaves: Distribution;
  readonly waitSeconds: Distribution;
  readonly ratingDiff: Distribution;
  /** Share of matches between different ratings won by the higher-rated player. */
  readonly favouriteWinShare: number;
  /** Rating against true skill at the end, over (player, race) entries with at least `minGames` games. */
  readonly correlation: {
    readonly spearman: number;
    readonly pearson: number;
    readonly entries: number;
    readonly minGames: number;
  };
}

const WAVE_MS = 45_000;
const MAPS = Array.from({ length: 9 }, (_, i) => `Map ${i + 1}`);
const REGIONS = ["NAW", "NAE", "EUW", "KRJ"];
const BW_RACES: readonly BwRace[] = ["bw_terran", "bw_zerg", "bw_protoss"];
const SC2_RACES: readonly Sc2Race[] = ["sc2_terran", "sc2_zerg", "sc2_protoss"];

interface Rating {
  mmr: number;
  games: number;
  readonly skill: number;
}

interface SimPlayer {
  readonly id: string;
  readonly bwRace?: BwRace;
  readonly sc2Race?: Sc2Race;
  readonly bw: Rating;
  readonly sc2: Rating;
  readonly region: string;
  readonly vetoes: readonly string[];
  state: "offline" | "queued" | "playing";
  nextOnline: number;
  sessionEnd: number;
  joinedAt: number;
  waits: number;
}

interface Game {
  readonly end: number;
  readonly lead: Rating;
  readonly follow: Rating;
  readonly leadWon: boolean;
  readonly players: readonly [SimPlayer, SimPlayer];
}

/**
 * Percentile by nearest rank (`p` in 0–100) of an ascending sample; 0 when empty.
 *
 * @example
 * ```ts
 * import { percentile } from "./simulation.ts";
 * console.log(percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 99)); // 2 4
 * ```
 */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/**
 * Pearson correlation of two equally long samples (0 when either is constant).
 *
 * @example
 * ```ts
 * import { pearson } from "./simulation.ts";
 * console.log(pearson([1, 2, 3], [2, 4, 7]).toFixed(3)); // 0.993
 * ```
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) out[order[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

/**
 * Spearman rank correlation (ties get their average rank).
 *
 * @example
 * ```ts
 * import { spearman } from "./simulation.ts";
 * console.log(spearman([1, 2, 3, 4], [10, 20, 30, 100])); // 1
 * ```
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

function distribution(sample: number[]): Distribution {
  sample.sort((a, b) => a - b);
  return { median: percentile(sample, 50), p90: percentile(sample, 90), p99: percentile(sample, 99) };
}

/**
 * Runs the simulation and returns its report.
 *
 * @example
 * ```ts
 * import { simulate } from "./simulation.ts";
 * const report = simulate({ players: 100, hours: 2, seed: 1 });
 * console.log(report.waves, report.matches > 0); // 160 true
 * ```
 */
export function simulate(options: SimulationOptions): SimulationReport {
  const random = createRandom(options.seed);
  const mapRandom = createRandom(options.seed ^ 0x5bd1e995);
  const sessionMs = (options.sessionMinutes ?? 90) * 60_000;
  const offlineMs = (options.offlineHours ?? 6) * 3_600_000;
  const [gameMin, gameMax] = options.gameMinutes ?? [8, 25];
  const spread = options.skillSpread ?? 300;
  const exponential = (mean: number) => -mean * Math.log(1 - random());
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rating = (): Rating => ({ mmr: 1500, games: 0, skill: 1500 + spread * normal() });
  const onlineShare = sessionMs / (sessionMs + offlineMs);

  const players = Array.from({ length: options.players }, (_, i): SimPlayer => {
    const kind = random();
    const online = random() < onlineShare;
    return {
      id: `sim${i}`,
      ...(kind < 0.6 ? { bwRace: pick(BW_RACES) } : {}),
      ...(kind >= 0.4 ? { sc2Race: pick(SC2_RACES) } : {}),
      bw: rating(),
      sc2: rating(),
      region: pick(REGIONS),
      vetoes: MAPS.filter(() => random() < 0.25).slice(0, 4),
      state: "offline",
      nextOnline: online ? 0 : exponential(offlineMs),
      sessionEnd: 0,
      joinedAt: 0,
      waits: 0,
    };
  });
  const byId = new Map(players.map((p) => [p.id, p]));
  const goOffline = (p: SimPlayer, at: number) => {
    p.state = "offline";
    p.nextOnline = at + exponential(offlineMs);
  };
  const enqueue = (p: SimPlayer, at: number) => {
    p.state = "queued";
    p.joinedAt = at;
    p.waits = 0;
  };

  const endMs = options.hours * 3_600_000;
  let games: Game[] = [];
  const waitWaves: number[] = [];
  const waitSeconds: number[] = [];
  const ratingDiffs: number[] = [];
  let decided = 0;
  let favouriteWins = 0;
  let waves = 0;
  let queuedTotal = 0;
  let leftUnmatched = 0;
  for (let now = WAVE_MS; now <= endMs; now += WAVE_MS) {
    const ended = games.filter((g) => g.end <= now).sort((a, b) => a.end - b.end);
    games = games.filter((g) => g.end > now);
    for (const g of ended) {
      const r = eloChange(g.lead.mmr, g.follow.mmr, g.leadWon ? 1 : 0);
      g.lead.mmr = r.ratingA;
      g.follow.mmr = r.ratingB;
      g.lead.games++;
      g.follow.games++;
      for (const p of g.players) p.sessionEnd <= g.end ? goOffline(p, g.end) : enqueue(p, g.end);
    }
    const queue: QueuedPlayer[] = [];
    for (const p of players) {
      if (p.state === "offline" && p.nextOnline <= now) {
        p.sessionEnd = p.nextOnline + exponential(sessionMs);
        enqueue(p, p.nextOnline);
      }
      if (p.state !== "queued") continue;
      if (p.sessionEnd <= now) {
        leftUnmatched++;
        goOffline(p, p.sessionEnd);
        continue;
      }
      p.waits++;
      queue.push({
        playerId: p.id,
        ...(p.bwRace ? { bwRace: p.bwRace } : {}),
        ...(p.sc2Race ? { sc2Race: p.sc2Race } : {}),
        bwMmr: p.bw.mmr,
        sc2Mmr: p.sc2.mmr,
        waits: p.waits,
        vetoes: p.vetoes,
        region: p.region,
      });
    }
    waves++;
    queuedTotal += queue.length;
    const pairs = runWave(
      { players: queue, maps: MAPS, server: (a, b) => (a < b ? `${a}-${b}` : `${b}-${a}`) },
      mapRandom,
    );
    for (const pair of pairs) {
      const lead = byId.get(pair.lead.playerId)!;
      const follow = byId.get(pair.follow.playerId)!;
      const leadRating = pair.lead.race.startsWith("bw_") ? lead.bw : lead.sc2;
      const followRating = pair.follow.race.startsWith("bw_") ? follow.bw : follow.sc2;
      for (const p of [lead, follow]) {
        waitWaves.push(p.waits);
        waitSeconds.push((now - p.joinedAt) / 1000);
        p.state = "playing";
      }
      const leadWon = random() < 1 / (1 + 10 ** ((followRating.skill - leadRating.skill) / 500));
      ratingDiffs.push(Math.abs(pair.lead.mmr - pair.follow.mmr));
      if (pair.lead.mmr !== pair.follow.mmr) {
        decided++;
        if ((pair.lead.mmr > pair.follow.mmr) === leadWon) favouriteWins++;
      }
      const end = now + (gameMin + (gameMax - gameMin) * random()) * 60_000;
      games.push({ end, lead: leadRating, follow: followRating, leadWon, players: [lead, follow] });
    }
  }

  const minGames = options.minGames ?? 5;
  const rated = players.flatMap((p) => [
    ...(p.bwRace ? [p.bw] : []),
    ...(p.sc2Race ? [p.sc2] : []),
  ]).filter((r) => r.games >= minGames);
  const mmrs = rated.map((r) => r.mmr);
  const skills = rated.map((r) => r.skill);
  return {
    players: options.players,
    hours: options.hours,
    seed: options.seed,
    waves,
    matches: ratingDiffs.length,
    matchesPerHour: options.hours > 0 ? ratingDiffs.length / options.hours : 0,
    meanQueued: waves > 0 ? queuedTotal / waves : 0,
    leftUnmatched,
    waitWaves: distribution(waitWaves),
    waitSeconds: distribution(waitSeconds),
    ratingDiff: distribution(ratingDiffs),
    favouriteWinShare: decided > 0 ? favouriteWins / decided : 0,
    correlation: { spearman: spearman(mmrs, skills), pearson: pearson(mmrs, skills), entries: rated.length, minGames },
  };
}

/**
 * The report as the lines `deno task simulate` prints.
 *
 * @example
 * ```ts
 * import { formatReport, simulate } from "./simulation.ts";
 * console.log(formatReport(simulate({ players: 50, hours: 1, seed: 2 })));
 * ```
 */
export function formatReport(r: SimulationReport): string {
  const d = (x: Distribution, unit: string, digits = 0) =>
    `median ${x.median.toFixed(digits)}${unit}, p90 ${x.p90.toFixed(digits)}${unit}, p99 ${
      x.p99.toFixed(digits)
    }${unit}`;
  return [
    `simulated ${r.players} players for ${r.hours} h (seed ${r.seed}): ${r.waves} waves, mean ${
      r.meanQueued.toFixed(1)
    } queued per wave`,
    `matches: ${r.matches} (${
      r.matchesPerHour.toFixed(1)
    } per hour); queue entries ended by the session unmatched: ${r.leftUnmatched}`,
    `wait, waves:   ${d(r.waitWaves, "")}`,
    `wait, seconds: ${d(r.waitSeconds, " s")}`,
    `rating difference per match: median ${r.ratingDiff.median}, p90 ${r.ratingDiff.p90}`,
    `matches won by the rating favourite: ${(100 * r.favouriteWinShare).toFixed(1)} %`,
    `rating vs true skill at the end (${r.correlation.entries} player-races with ≥ ${r.correlation.minGames} games): Spearman ${
      r.correlation.spearman.toFixed(3)
    }, Pearson ${r.correlation.pearson.toFixed(3)}`,
  ].join("\n");
}
