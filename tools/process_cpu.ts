/**
 * CPU time spent by the processes of a load run, read from `/proc/<pid>/stat` (user + system time), so a figure per
 * interaction holds even while other work shares the machine (unlike wall-clock latency). PostgreSQL's share is the
 * sum over the backends serving one database (found through `pg_stat_activity`), sampled while the run goes on so
 * backends that come and go are counted too. Deno lets only `--allow-all` read `/proc`, so the files are read by
 * `cat` (`--allow-run`); this process's own time comes from `process.cpuUsage()`.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { type Database, databaseBackendPids, databaseTransactions, openPostgres } from "../db/mod.ts";

/** Clock ticks per second of `/proc/<pid>/stat` (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) each process has used so far, by pid; a process that is gone (or a machine without
 * `/proc`) is missing from the map.
 *
 * @example
 * ```ts
 * console.log(await cpuSecondsOf([1])); // Map { 1 => 0.42 }
 * ```
 */
export async function cpuSecondsOf(pids: readonly number[]): Promise<Map<number, number>> {
  const seconds = new Map<number, number>();
  if (pids.length === 0) return seconds;
  let text = "";
  try {
    const out = await new Deno.Command("cat", { args: pids.map((pid) => `/proc/${pid}/stat`), stderr: "null" })
      .output();
    text = new TextDecoder().decode(out.stdout);
  } catch {
    return seconds;
  }
  for (const stat of text.split("\n")) {
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pid = Number.parseInt(stat, 10);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (Number.isFinite(pid) && Number.isFinite(utime) && Number.isFinite(stime)) {
      seconds.set(pid, (utime + stime) / TICKS_PER_SECOND);
    }
  }
  return seconds;
}

/** This process's CPU seconds so far. */
function ownCpuSeconds(): number {
  const { user, system } = cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds per named group of processes over a window. */
export type CpuBreakdown = Record<string, number>;

/** Samples named processes and one database's PostgreSQL backends; {@link CpuMeter.stop} gives each one's share. */
export class CpuMeter {
  /** Per pid: its group and the CPU time it had when first and last seen. */
  private readonly seen = new Map<number, { group: string; first: number; last: number }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly driverStart = performance.now();
  private readonly driverCpuStart = ownCpuSeconds();

  private constructor(
    private readonly processes: readonly { readonly group: string; readonly pid: number }[],
    private readonly database: { readonly adminUrl: string; readonly name: string } | null,
  ) {}

  /**
   * Starts sampling every `intervalMs`: `processes` by pid, and (with `database`) the backends connected to it.
   *
   * @example
   * ```ts
   * const meter = await CpuMeter.start([{ group: "worker", pid: 1234 }], null);
   * // … the run …
   * console.log(await meter.stop()); // { driver: 12.3, worker: 4.5 }
   * ```
   */
  static async start(
    processes: readonly { readonly group: string; readonly pid: number }[],
    database: { readonly adminUrl: string; readonly name: string } | null,
    intervalMs = 2000,
  ): Promise<CpuMeter> {
    const meter = new CpuMeter(processes, database);
    // One connection for the whole run, to the admin database: the meter's own backend is not one of the run's.
    if (database) meter.admin = await openPostgres(database.adminUrl, { max: 1 });
    await meter.sample(true);
    meter.transactionsAtStart = await meter.transactions();
    meter.timer = setInterval(() => void meter.sample().catch(() => {}), intervalMs);
    return meter;
  }

  private transactionsAtStart = 0;
  private admin: Database | null = null;

  /** Transactions committed or rolled back in the database so far (each statement outside one counts as one). */
  private async transactions(): Promise<number> {
    if (!this.database || !this.admin) return 0;
    return await databaseTransactions(this.admin, this.database.name);
  }

  private async sample(initial = false): Promise<void> {
    const pids = this.processes.map((p) => ({ group: p.group, pid: p.pid }));
    if (this.database && this.admin) {
      for (const pid of await databaseBackendPids(this.admin, this.database.name)) {
        pids.push({ group: "postgres", pid });
      }
    }
    const usage = await cpuSecondsOf(pids.map((p) => p.pid));
    for (const { group, pid } of pids) {
      const cpu = usage.get(pid);
      if (cpu === undefined) continue;
      const entry = this.seen.get(pid);
      if (entry) entry.last = cpu;
      // A backend first seen mid-run started during it (connections are opened on demand): all its time counts.
      else this.seen.set(pid, { group, first: group === "postgres" && !initial ? 0 : cpu, last: cpu });
    }
  }

  /**
   * Stops sampling; CPU seconds per group over the window, with `driver` (this process), the wall seconds and the
   * database's transactions in the window.
   */
  async stop(): Promise<{ readonly cpu: CpuBreakdown; readonly wallSeconds: number; readonly transactions: number }> {
    clearInterval(this.timer);
    const wallSeconds = (performance.now() - this.driverStart) / 1000;
    await this.sample().catch(() => {});
    // PostgreSQL publishes its transaction counts within a second of each commit.
    await new Promise((r) => setTimeout(r, this.database ? 1100 : 0));
    const transactions = (await this.transactions()) - this.transactionsAtStart;
    await this.admin?.close();
    const cpu: CpuBreakdown = { driver: ownCpuSeconds() - this.driverCpuStart };
    for (const { group, first, last } of this.seen.values()) cpu[group] = (cpu[group] ?? 0) + last - first;
    return { cpu, wallSeconds, transactions };
  }
}
