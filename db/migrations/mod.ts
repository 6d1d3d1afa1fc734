/**
 * The migrations, embedded in the module graph (text imports), so the data layer never reads files relative to the
 * working directory and works the same from a `deno compile` binary or a container image. A released migration is
 * never edited: add the next file here and below. `tests/db/migrations_test.ts` checks this list against the directory.
 *
 * @module
 */
import m0001 from "./0001_initial.sql" with { type: "text" };
import m0002 from "./0002_replay_reuse_reminders.sql" with { type: "text" };
import m0003 from "./0003_ranking_snapshot.sql" with { type: "text" };
import m0004 from "./0004_queue_snapshot_columns.sql" with { type: "text" };
import m0005 from "./0005_lighter_ranking_entries.sql" with { type: "text" };
import m0006 from "./0006_queue_text_fields.sql" with { type: "text" };
import m0007 from "./0007_leases.sql" with { type: "text" };
import m0008 from "./0008_admin_confirmations.sql" with { type: "text" };
import m0009 from "./0009_outbox.sql" with { type: "text" };
import m0010 from "./0010_outbox_priority.sql" with { type: "text" };

/** Every migration file, in order: `[file name without .sql, its SQL]`. */
export const MIGRATION_FILES: readonly (readonly [string, string])[] = [
  ["0001_initial", m0001],
  ["0002_replay_reuse_reminders", m0002],
  ["0003_ranking_snapshot", m0003],
  ["0004_queue_snapshot_columns", m0004],
  ["0005_lighter_ranking_entries", m0005],
  ["0006_queue_text_fields", m0006],
  ["0007_leases", m0007],
  ["0008_admin_confirmations", m0008],
  ["0009_outbox", m0009],
  ["0010_outbox_priority", m0010],
];
