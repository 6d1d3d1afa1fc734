/**
 * `deno task ops <command>`: the operator CLI (backup, restore, verify, move, move-replays). The database is the
 * bot's (`DATABASE_URL`, or the embedded one in `DATA_DIR/db`), and so is the replay store (`REPLAY_STORE`, `S3_*`).
 * Progress goes to stderr, results to stdout; the exit code tells the class of failure (see HELP).
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  BackupError,
  backupLocation,
  type Database,
  moveDatabase,
  moveReplays,
  openDatabase,
  openPglite,
  openPostgres,
  openReplayStore,
  parseReplayStoreConfig,
  replayStoreAt,
  restoreBackup,
  StoreError,
  verifyBackup,
  writeBackup,
} from "../mod.ts";

const HELP = `Evo Ladder operator commands: deno task ops <command> [options]

  backup [--to PATH|s3://bucket/prefix] [--with-replays]
      A consistent snapshot of the whole ladder (one REPEATABLE READ transaction; on PostgreSQL the bot keeps
      running). Default --to: ./backups/evo-backup-<UTC time>. --with-replays also copies the replay store.
  restore FROM [--force] [--with-replays]
      Checks FROM (schema version, row counts, checksums) and loads it in one transaction; refuses a damaged or
      newer-schema backup, and a non-empty database unless --force. --with-replays copies its replay files into the
      replay store.
  verify FROM
      Checks a backup without restoring it.
  move --to postgres://user:pass@host:5432/db [--force]
      Copies the ladder (normally the embedded one) into an empty PostgreSQL database, checks counts and checksums
      on the target, and prints what to change in .env. The source is only read. Stop the bot first.
  move-replays --to s3://bucket/prefix
      Copies every stored replay into the object store (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY), reads each back to check it, and prints what to change in .env.

The database is DATABASE_URL, or the embedded one in DATA_DIR/db (default ./data/db): with the embedded database,
stop the bot before running a command (one process at a time), or use scheduled backups (BACKUP_EVERY) instead.

Exit codes: 0 done; 1 unexpected error; 2 bad arguments or not a backup; 3 damaged backup; 4 schema version
mismatch; 5 target not empty; 6 database or store unreachable; 7 the copy differs from the source.`;

const EXIT: Record<string, number> = {
  BAD_INPUT: 2,
  DAMAGED: 3,
  NEWER_SCHEMA: 4,
  OLDER_SCHEMA: 4,
  NOT_EMPTY: 5,
  UNREACHABLE: 6,
  MISMATCH: 7,
};

const env = Deno.env.toObject();
const progress = (line: string) => console.error(line);
const dataDir = env["DATA_DIR"] || "./data";

/** The bot's database: PostgreSQL at DATABASE_URL or the embedded one; `migrate` only for targets. */
async function openLadderDatabase(options: { migrate: boolean; url?: string | undefined }): Promise<Database> {
  const url = options.url ?? (env["DATABASE_URL"] || undefined);
  const where = url ? url.replace(/\/\/[^@/]*@/, "//…@") : join(dataDir, "db");
  try {
    if (options.migrate) return await openDatabase({ url, dataDir: join(dataDir, "db") });
    if (url) return await openPostgres(url, { max: 2 });
    const dir = join(dataDir, "db");
    try {
      await Deno.stat(join(dir, "PG_VERSION"));
    } catch {
      throw new BackupError("BAD_INPUT", `there is no embedded database in ${dir}: set DATA_DIR or DATABASE_URL`);
    }
    return await openPglite(dir);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError("UNREACHABLE", `the database ${where} cannot be opened: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function replayStore() {
  const parsed = parseReplayStoreConfig(env, dataDir);
  if (!parsed.ok) throw new StoreError("BAD_CONFIG", parsed.problems.join("\n"));
  return openReplayStore(parsed.config);
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      force: { type: "boolean", default: false },
      "with-replays": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, from] = positionals;
  if (values.help || command === undefined || command === "help") {
    console.log(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  switch (command) {
    case "backup": {
      const to = values.to ?? `./backups/evo-backup-${stamp(new Date())}`;
      const db = await openLadderDatabase({ migrate: false });
      try {
        progress(`backing up the ${db.engine === "pglite" ? "embedded" : "PostgreSQL"} database to ${to}`);
        const manifest = await writeBackup(db, backupLocation(to, env), {
          progress,
          ...(values["with-replays"] ? { withReplays: replayStore() } : {}),
        });
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        console.log(
          `backup written to ${to}: ${manifest.tables.length} tables, ${rows} rows, schema ${manifest.schemaVersion}` +
            (manifest.replays ? `, ${manifest.replays.files} replays` : "") + ` (${seconds()})`,
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case "verify": {
      if (from === undefined) throw new BackupError("BAD_INPUT", "verify needs the backup: deno task ops verify FROM");
      const manifest = await verifyBackup(backupLocation(from, env), { progress });
      console.log(
        `${from} is a sound backup: schema ${manifest.schemaVersion}, taken ${manifest.createdAt}, ` +
          `${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows (${seconds()})`,
      );
      return 0;
    }
    case "restore": {
      if (from === undefined) {
        throw new BackupError("BAD_INPUT", "restore needs the backup: deno task ops restore FROM");
      }
      const at = backupLocation(from, env);
      const db = await openLadderDatabase({ migrate: true });
      try {
        progress(`restoring ${from}`);
        const report = await restoreBackup(db, at, {
          force: values.force,
          progress,
          ...(values["with-replays"] ? { replaysTo: replayStore() } : {}),
        });
        const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
        console.log(`restored ${rows} rows from ${from} (backup taken ${report.manifest.createdAt}; ${seconds()})`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case "move": {
      const to = values.to;
      if (!to || !/^postgres(ql)?:\/\//.test(to)) {
        throw new BackupError("BAD_INPUT", "move needs --to postgres://user:password@host:5432/database");
      }
      const source = await openLadderDatabase({ migrate: false });
      let target: Database | undefined;
      const staging = await Deno.makeTempDir({ prefix: "evo-move-" });
      try {
        target = await openLadderDatabase({ migrate: true, url: to });
        const manifest = await moveDatabase(source, target, backupLocation(staging, env), {
          force: values.force,
          progress,
        });
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        console.log(`moved ${rows} rows into PostgreSQL; counts and checksums match (${seconds()}).`);
        console.log(
          `Now set in .env:\n  DATABASE_URL=${to}\nand restart the bot. The embedded database in ${
            join(dataDir, "db")
          } is unchanged: keep it until the bot runs well on PostgreSQL.`,
        );
      } finally {
        await target?.close();
        await source.close();
        await Deno.remove(staging, { recursive: true }).catch(() => {});
      }
      return 0;
    }
    case "move-replays": {
      const to = values.to;
      if (!to || !to.startsWith("s3://")) {
        throw new BackupError("BAD_INPUT", "move-replays needs --to s3://bucket/prefix");
      }
      const from = replayStore();
      const target = replayStoreAt(to, env);
      await target.check();
      progress(`copying replays from ${from.location} to ${target.location}`);
      const report = await moveReplays(from, target, { progress });
      console.log(
        `${report.copied + report.present} replays on ${target.location} (${report.copied} copied, ` +
          `${report.present} already there), all read back and checked (${seconds()}).`,
      );
      if (report.skipped.length > 0) {
        console.log(
          `${report.skipped.length} left out: their bytes do not match their names (what interrupted uploads left; ` +
            `no row uses them).`,
        );
      }
      console.log(
        `Now set in .env:\n  REPLAY_STORE=${to}\n  S3_ENDPOINT=${env["S3_ENDPOINT"] ?? ""}\n  S3_REGION=${
          env["S3_REGION"] ?? "us-east-1"
        }\n  S3_ACCESS_KEY_ID=…\n  S3_SECRET_ACCESS_KEY=…\nand restart the bot. ${from.location} is unchanged.`,
      );
      return 0;
    }
    default:
      console.error(`unknown command ${command}\n\n${HELP}`);
      return 2;
  }
}

if (import.meta.main) {
  let code: number;
  try {
    code = await run(Deno.args);
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`${error.code}: ${error.message}`);
      code = EXIT[error.code] ?? 1;
    } else if (error instanceof StoreError) {
      console.error(`${error.code}: ${error.message}`);
      code = error.code === "BAD_CONFIG" || error.code === "BAD_KEY" ? 2 : 6;
    } else if ((error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      console.error(`${(error as Error).message}\n\n${HELP}`);
      code = 2;
    } else {
      console.error("unexpected error:", error);
      code = 1;
    }
  }
  Deno.exit(code);
}
