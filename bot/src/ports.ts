/**
 * The persistence ports the bot depends on. They are small, async and speak plain data, shaped like what a SQL
 * repository offers (one method ≈ one statement or one transaction). `memory_store.ts` implements them for tests;
 * the `db/` package implements them on PostgreSQL/PGlite.
 *
 * @module
 */
import type { Locale } from "./i18n/catalog.ts";
import type { LadderService } from "./ladder/ladder_service.ts";

/** A Discord user id (snowflake as a decimal string). */
export type DiscordUserId = string & { readonly __brand: "DiscordUserId" };

/**
 * Brands a snowflake string as a {@link DiscordUserId}.
 *
 * @example
 * ```ts
 * const id = asUserId("123456789012345678");
 * ```
 */
export function asUserId(value: string): DiscordUserId {
  return value as DiscordUserId;
}

/** Where a player is in the ladder. Stored, so it survives restarts. */
export type PlayerState = "idle" | "queueing" | "in_match";

/** A player row (what `players` holds for the commands of this foundation). */
export interface Player {
  readonly userId: DiscordUserId;
  readonly discordUsername: string;
  readonly mainId: string | null;
  readonly battletag: string | null;
  /** Up to three, in order; empty when none. */
  readonly altIds: readonly string[];
  readonly country: string | null;
  readonly region: string | null;
  readonly acceptedTos: boolean;
  readonly acceptedTosAt: Date | null;
  readonly completedSetup: boolean;
  readonly completedSetupAt: Date | null;
  readonly isBanned: boolean;
  readonly remainingAborts: number;
  readonly state: PlayerState;
  readonly createdAt: Date;
  /** The language of the player's last interaction: messages sent outside one (DMs about matches) use it. */
  readonly locale: Locale;
}

/** The profile fields /setup writes, already validated. */
export interface ProfileInput {
  readonly mainId: string;
  readonly battletag: string;
  readonly altIds: readonly string[];
  readonly country: string;
  readonly region: string;
}

/** Outcome of {@link PlayerRepository.completeSetup}: uniqueness across players is enforced by the store. */
export type SetupResult =
  | { readonly ok: true; readonly player: Player }
  | { readonly ok: false; readonly conflict: "main_id" | "battletag" };

/** A half-finished /setup (modal values and selections), kept between the steps so buttons work after a restart. */
export interface SetupDraft {
  readonly mainId: string;
  readonly battletag: string;
  readonly altIds: readonly string[];
  readonly country: string | null;
  readonly region: string | null;
}

/** Players: the record, ToS, setup, country, ban. */
export interface PlayerRepository {
  /** The player, or `null` when they never talked to the bot. */
  get(userId: DiscordUserId): Promise<Player | null>;
  /** Creates the record on first contact, refreshes the Discord username and locale otherwise; returns the row. */
  ensure(userId: DiscordUserId, discordUsername: string, locale?: Locale): Promise<Player>;
  /** Sets `accepted_tos` (and its date). */
  setTosAccepted(userId: DiscordUserId, accepted: boolean, at: Date): Promise<void>;
  /** Writes the profile and marks setup complete, unless another player already uses the main ID or BattleTag. */
  completeSetup(userId: DiscordUserId, profile: ProfileInput, at: Date): Promise<SetupResult>;
  /** Changes the country only. */
  setCountry(userId: DiscordUserId, country: string): Promise<void>;
  /** Sets or clears the ban flag. */
  setBanned(userId: DiscordUserId, banned: boolean): Promise<void>;
  /** The stored /setup draft, or `null`. */
  getSetupDraft(userId: DiscordUserId): Promise<SetupDraft | null>;
  /** Replaces the stored /setup draft. */
  putSetupDraft(userId: DiscordUserId, draft: SetupDraft): Promise<void>;
  /** Removes the stored /setup draft. */
  deleteSetupDraft(userId: DiscordUserId): Promise<void>;
}

/** One row of `command_calls`. */
export interface CommandCall {
  readonly userId: DiscordUserId;
  readonly discordUsername: string;
  /** The command, e.g. `setup` or `admin snapshot`. */
  readonly command: string;
  readonly at: Date;
}

/** The log of every command call. */
export interface CommandLog {
  record(call: CommandCall): Promise<void>;
}

/** Everything the bot needs from storage. `close` is called once on shutdown. */
export interface LadderPorts {
  readonly players: PlayerRepository;
  readonly commandLog: CommandLog;
  /** The ladder (queue, matches) on the database; absent in stores without one, which then refuse /queue. */
  readonly ladder?: LadderService;
  close?(): Promise<void>;
}
