/**
 * An in-memory implementation of the persistence ports, for tests and benchmarks.
 *
 * @module
 */
import type {
  CommandCall,
  CommandLog,
  DiscordUserId,
  LadderPorts,
  Player,
  PlayerRepository,
  ProfileInput,
  SetupDraft,
  SetupResult,
} from "./ports.ts";

/** The in-memory store: the ports plus what tests like to inspect. */
export interface MemoryStore extends LadderPorts {
  readonly players: PlayerRepository;
  readonly commandLog: CommandLog & { readonly calls: readonly CommandCall[] };
}

function newPlayer(userId: DiscordUserId, discordUsername: string, now: Date): Player {
  return {
    userId,
    discordUsername,
    mainId: null,
    battletag: null,
    altIds: [],
    country: null,
    region: null,
    acceptedTos: false,
    acceptedTosAt: null,
    completedSetup: false,
    completedSetupAt: null,
    isBanned: false,
    remainingAborts: 3,
    state: "idle",
    createdAt: now,
    locale: "en",
  };
}

/**
 * Creates an empty in-memory store. `now` is the clock used for `createdAt`.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const player = await store.players.ensure(asUserId("1"), "alice");
 * console.log(player.acceptedTos); // false
 * ```
 */
export function createMemoryStore(now: () => Date = () => new Date()): MemoryStore {
  const rows = new Map<DiscordUserId, Player>();
  const drafts = new Map<DiscordUserId, SetupDraft>();
  const calls: CommandCall[] = [];

  function update(userId: DiscordUserId, patch: Partial<Player>): void {
    const row = rows.get(userId);
    if (!row) throw new Error(`No player "${userId}"`);
    rows.set(userId, { ...row, ...patch });
  }

  const players: PlayerRepository = {
    get: (userId) => Promise.resolve(rows.get(userId) ?? null),
    ensure(userId, discordUsername, locale) {
      const row = rows.get(userId);
      if (!row) {
        const created = { ...newPlayer(userId, discordUsername, now()), ...(locale ? { locale } : {}) };
        rows.set(userId, created);
        return Promise.resolve(created);
      }
      if (row.discordUsername !== discordUsername) update(userId, { discordUsername });
      if (locale && row.locale !== locale) update(userId, { locale });
      return Promise.resolve(rows.get(userId) as Player);
    },
    setTosAccepted(userId, accepted, at) {
      update(userId, { acceptedTos: accepted, acceptedTosAt: at });
      return Promise.resolve();
    },
    completeSetup(userId, profile: ProfileInput, at): Promise<SetupResult> {
      for (const other of rows.values()) {
        if (other.userId === userId) continue;
        if (other.mainId?.toLowerCase() === profile.mainId.toLowerCase()) {
          return Promise.resolve({ ok: false, conflict: "main_id" });
        }
        if (other.battletag?.toLowerCase() === profile.battletag.toLowerCase()) {
          return Promise.resolve({ ok: false, conflict: "battletag" });
        }
      }
      const row = rows.get(userId);
      update(userId, {
        mainId: profile.mainId,
        battletag: profile.battletag,
        altIds: [...profile.altIds],
        country: profile.country,
        region: profile.region,
        completedSetup: true,
        completedSetupAt: row?.completedSetupAt ?? at,
      });
      return Promise.resolve({ ok: true, player: rows.get(userId) as Player });
    },
    setCountry(userId, country) {
      update(userId, { country });
      return Promise.resolve();
    },
    setBanned(userId, banned) {
      update(userId, { isBanned: banned });
      return Promise.resolve();
    },
    getSetupDraft: (userId) => Promise.resolve(drafts.get(userId) ?? null),
    putSetupDraft(userId, draft) {
      drafts.set(userId, draft);
      return Promise.resolve();
    },
    deleteSetupDraft(userId) {
      drafts.delete(userId);
      return Promise.resolve();
    },
  };

  const commandLog = {
    calls,
    record(call: CommandCall): Promise<void> {
      calls.push(call);
      return Promise.resolve();
    },
  };

  return { players, commandLog, close: () => Promise.resolve() };
}
