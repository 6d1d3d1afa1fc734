/**
 * Structured logs: one JSON object per line, with the user id (and later the match id) on every line that concerns
 * them.
 *
 * @module
 */

/** Severity, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Extra fields of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** One finished log record, as handed to a sink. */
export interface LogRecord extends LogFields {
  readonly time: string;
  readonly level: LogLevel;
  readonly msg: string;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function plain(value: unknown): unknown {
  if (value instanceof Error) {
    // Logged, not branched on: any error's own code (LadderError, DbError, ReplayError, PostgreSQL's SQLSTATE, Deno's
    // errno name) goes into the record as it is.
    const code = "code" in value ? value.code : undefined;
    return { name: value.name, message: value.message, code, stack: value.stack };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/**
 * Creates a logger writing JSON lines to `sink` (default: stdout) for records at or above `level`.
 *
 * @example
 * ```ts
 * const lines: LogRecord[] = [];
 * const log = createLogger({ level: "info", sink: (r) => lines.push(r) });
 * log.info("command", { userId: "1", command: "profile" });
 * console.log(lines[0]?.msg); // "command"
 * ```
 */
export function createLogger(
  options: { level?: LogLevel; sink?: (record: LogRecord) => void } = {},
): Logger {
  const min = RANK[options.level ?? "info"];
  const sink = options.sink ?? ((record: LogRecord) => {
    console.log(JSON.stringify(record, (_k, v) => plain(v)));
  });
  const write = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (RANK[level] < min) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
    for (const [k, v] of Object.entries(fields)) record[k] = plain(v);
    sink(record as LogRecord);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
