/**
 * Restore without superuser rights (a managed PostgreSQL): the database owner turns its own triggers off for the
 * transaction and loads parents before children, so foreign keys hold; the result is the same as a superuser's.
 */
import assert from "node:assert/strict";
import {
  backupLocation,
  ensurePlayer,
  openDatabase,
  openPostgres,
  restoreBackup,
  writeBackup,
} from "../../../db/mod.ts";
import { closeDatabasesAfterAll, ENGINES, openTestDatabase } from "../support/engines.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");

Deno.test({
  name: "ops: restore as a non-superuser database owner (triggers off per table, parents first)",
  ignore: !ENGINES.includes("postgres"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const source = await openTestDatabase("pglite");
    const dir = await Deno.makeTempDir();
    const name = `evo_owner_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const admin = await openPostgres(PG_URL!, { max: 1 });
    try {
      await ensurePlayer(source, "5151", "alice");
      await writeBackup(source, backupLocation(dir, {}));
      await admin.exec(`CREATE ROLE ${name} LOGIN PASSWORD 'owner' NOSUPERUSER`);
      await admin.exec(`CREATE DATABASE ${name} OWNER ${name}`);
      const url = new URL(PG_URL!);
      url.username = name;
      url.password = "owner";
      url.pathname = `/${name}`;
      const target = await openDatabase({ url: url.toString() });
      try {
        const [role] = await target.query<{ super: boolean }>(
          "SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user",
        );
        assert.equal(role?.super, false);
        await restoreBackup(target, backupLocation(dir, {}));
        assert.deepEqual(await target.query("SELECT discord_id FROM players"), [{ discord_id: "5151" }]);
        const [triggers] = await target.query<{ off: number }>(
          "SELECT count(*)::int AS off FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'",
        );
        assert.equal(triggers?.off, 0, "every trigger is on again");
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.exec(`DROP ROLE IF EXISTS ${name}`);
      await admin.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

closeDatabasesAfterAll();
