/**
 * The persistence ports on the real database (`db/`: PGlite embedded, or PostgreSQL via `DATABASE_URL`). This is
 * what `deno task start` runs on; `memory_store.ts` stays for unit tests that need no SQL.
 *
 * @module
 */
import {
  completeSetup,
  type Database,
  deleteSetupDraft,
  getPlayer,
  getSetupDraft,
  monthOf,
  type PlayerRow,
  putSetupDraft,
  recordCommandCall,
  setBanned,
  setCountry,
  setTermsAccepted,
  touchPlayer,
} from "@evo-ladder/db";
import { createLadderService, DEFAULT_RULES, type LadderRules, type LadderService } from "./ladder/ladder_service.ts";
import { loadSeasonData, type SeasonData } from "./ladder/season_data.ts";
import { pickLocale } from "./i18n/catalog.ts";
import type { DiscordUserId, LadderPorts, Player, PlayerRepository, SetupDraft } from "./ports.ts";

/** Rules the store needs to present a player. */
export interface DatabaseStoreOptions {
  /** The clock (for the month of the abort allowance). */
  readonly now?: () => Date;
  /** Close the database when the bot closes its ports (true when the store opened it). Default false. */
  readonly ownsDatabase?: boolean;
  /** Season data (default: the generated data, validated). */
  readonly season?: SeasonData;
  /** Queue and match rules: timings, the monthly abort allowance (default: the spec's). */
  readonly rules?: Partial<LadderRules>;
}

/** The ports, plus the database they run on (the ladder's later modules use it directly). */
export interface DatabaseStore extends LadderPorts {
  readonly db: Database;
  readonly ladder: LadderService;
  close(): Promise<void>;
}

function toPlayer(row: PlayerRow, abortsLeft: number): Player {
  return {
    userId: row.discord_id as DiscordUserId,
    discordUsername: row.discord_username,
    mainId: row.main_id,
    battletag: row.battletag,
    altIds: row.alt_ids,
    country: row.country,
    region: row.region,
    acceptedTos: row.tos_accepted_at !== null,
    acceptedTosAt: row.tos_accepted_at,
    completedSetup: row.setup_completed_at !== null,
    completedSetupAt: row.setup_completed_at,
    isBanned: row.banned_at !== null,
    remainingAborts: abortsLeft,
    state: row.state,
    createdAt: row.created_at,
    locale: pickLocale(row.locale),
  };
}

function toDraft(value: Record<string, unknown>): SetupDraft | null {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const mainId = text(value.mainId);
  const battletag = text(value.battletag);
  if (mainId === null || battletag === null) return null;
  const altIds = Array.isArray(value.altIds) ? value.altIds.filter((v): v is string => typeof v === "string") : [];
  return { mainId, battletag, altIds, country: text(value.country), region: text(value.region) };
}

/**
 * Builds the bot's ports on an open, migrated database.
 *
 * @example
 * ```ts
 * import { openDatabase } from "@evo-ladder/db";
 * import { createDatabaseStore } from "./database_store.ts";
 * const store = createDatabaseStore(await openDatabase({ dataDir: ":memory:" }), { ownsDatabase: true });
 * const player = await store.players.ensure(asUserId("1"), "alice");
 * ```
 */
export function createDatabaseStore(db: Database, options: DatabaseStoreOptions = {}): DatabaseStore {
  const rules: LadderRules = { ...DEFAULT_RULES, ...options.rules };
  const now = options.now ?? (() => new Date());
  const ladder = createLadderService(db, options.season ?? loadSeasonData(), rules);

  async function present(row: PlayerRow): Promise<Player> {
    return toPlayer(row, await ladder.abortsLeft(row.discord_id, now()));
  }

  const players: PlayerRepository = {
    async get(userId) {
      const row = await getPlayer(db, userId);
      return row === null ? null : await present(row);
    },
    async ensure(userId, discordUsername, locale) {
      // Without a locale (a call outside an interaction) the stored one is kept.
      const row = await touchPlayer(db, userId, discordUsername, monthOf(now()), locale ?? null);
      return toPlayer(row, Math.max(0, rules.abortsPerMonth - row.aborts_used));
    },
    async setTosAccepted(userId, accepted, at) {
      await setTermsAccepted(db, userId, accepted, at);
    },
    async completeSetup(userId, profile, at) {
      const result = await completeSetup(db, userId, { ...profile, altIds: [...profile.altIds] }, at);
      return result.ok ? { ok: true, player: await present(result.player) } : result;
    },
    async setCountry(userId, country) {
      await setCountry(db, userId, country);
    },
    async setBanned(userId, banned) {
      await setBanned(db, userId, banned ? "banned" : null, now());
    },
    async getSetupDraft(userId) {
      const draft = await getSetupDraft(db, userId);
      return draft === null ? null : toDraft(draft);
    },
    async putSetupDraft(userId, draft) {
      await putSetupDraft(db, userId, { ...draft });
    },
    async deleteSetupDraft(userId) {
      await deleteSetupDraft(db, userId);
    },
  };

  return {
    db,
    ladder,
    players,
    commandLog: {
      async record(call) {
        await recordCommandCall(db, call.userId, call.command, { username: call.discordUsername }, call.at);
      },
    },
    async close() {
      if (options.ownsDatabase) await db.close();
    },
  };
}
