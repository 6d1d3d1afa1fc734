/**
 * APM, EAPM and SPM from game events, one event at a time (definitions: `parser/README.md#analysis`).
 *
 * - **Actions** (APM): `SCmdEvent`, `SCmdUpdateTargetPointEvent`, `SCmdUpdateTargetUnitEvent`, `SSelectionDeltaEvent`
 *   and `SControlGroupUpdateEvent`. Camera, chat, trigger, sync and leave events are not actions.
 * - **Ineffective actions** (removed for EAPM), within {@link SPAM_LOOPS} game loops: a command repeating the player's
 *   previous command (same ability), a retarget following another command or retarget, a selection change replaced by
 *   a newer selection change or control group use (only the last counts), and a repeated recall of the same group.
 * - **Screens** (SPM): a camera update that moves the camera at least {@link SCREEN_CELLS} map cells (in x or y) away
 *   from the last counted screen.
 *
 * @module
 */
import type { ReplayEvent } from "../event_stream.ts";

/** Two actions closer than this many game loops (0.36 real seconds at Faster) can be spam. */
export const SPAM_LOOPS = 8;
/** A camera move of at least this many map cells in x or y counts as a new screen. */
export const SCREEN_CELLS = 15;

/** Key offset of users named by player id (builds before 1.2): `PLAYER_KEY + playerId`. */
export const PLAYER_KEY = 1 << 20;

/** Control group update kinds (`m_controlGroupUpdate`): 2 is a recall. */
const RECALL = 2;
/** Camera targets are in 1/256 of a map cell. */
const CAMERA_UNIT = 256;

/** Kinds of the last action, to recognise spam. */
const Kind = { None: 0, Command: 1, Retarget: 2, Selection: 3, Recall: 4, Group: 5 } as const;
type Kind = typeof Kind[keyof typeof Kind];

/** Running counts of one user. */
export interface ActivityCounts {
  actions: number;
  effectiveActions: number;
  screens: number;
  /** Game loop of the user's leave event, if any. */
  leftAt: number | null;
}

interface UserState extends ActivityCounts {
  lastKind: Kind;
  lastLoop: number;
  /** Ability of the last command, as `link:index`. */
  lastAbility: string;
  lastGroup: number;
  /** Whether the last selection change was counted as effective (so a quick follow-up can take it back). */
  lastCounted: boolean;
  cameraX: number;
  cameraY: number;
}

/**
 * Counts actions, effective actions and screens per user from game events fed in order.
 *
 * @example
 * ```ts
 * import { ActivityCounter } from "./activity.ts";
 * const counter = new ActivityCounter();
 * counter.add({ _event: "NNet.Game.SCmdEvent", _eventid: 27, _gameloop: 9, _bits: 0, _userid: { m_userId: 1 } });
 * console.log(counter.counts(1)?.actions); // 1
 * ```
 */
export class ActivityCounter {
  private readonly users = new Map<number, UserState>();

  /**
   * Feeds one game event. Events name their user by replay user id (`_userid.m_userId`); builds before 1.2 name the
   * player instead (`_userid.m_playerId`), kept apart as {@link PLAYER_KEY} + player id.
   */
  add(event: ReplayEvent): void {
    const who = event._userid as { m_userId?: unknown; m_playerId?: unknown } | undefined;
    const userId = typeof who?.m_userId === "number"
      ? who.m_userId
      : typeof who?.m_playerId === "number"
      ? PLAYER_KEY + who.m_playerId
      : undefined;
    if (userId === undefined) return;
    const name = event._event;
    const loop = event._gameloop;
    switch (name) {
      case "NNet.Game.SCmdEvent": {
        const abil = event.m_abil as { m_abilLink?: unknown; m_abilCmdIndex?: unknown } | null | undefined;
        const ability = abil ? `${abil.m_abilLink}:${abil.m_abilCmdIndex}` : "none";
        const user = this.user(userId);
        this.action(user, loop, Kind.Command, !(user.lastKind === Kind.Command && user.lastAbility === ability));
        user.lastAbility = ability;
        return;
      }
      case "NNet.Game.SCmdUpdateTargetPointEvent":
      case "NNet.Game.SCmdUpdateTargetUnitEvent": {
        const user = this.user(userId);
        this.action(user, loop, Kind.Retarget, user.lastKind !== Kind.Command && user.lastKind !== Kind.Retarget);
        return;
      }
      case "NNet.Game.SSelectionDeltaEvent": {
        const user = this.user(userId);
        this.replaceSelection(user, loop);
        this.action(user, loop, Kind.Selection, true);
        return;
      }
      case "NNet.Game.SControlGroupUpdateEvent": {
        const user = this.user(userId);
        const group = Number(event.m_controlGroupIndex ?? -1);
        const recall = Number(event.m_controlGroupUpdate) === RECALL;
        const repeat = recall && user.lastKind === Kind.Recall && user.lastGroup === group;
        if (recall) this.replaceSelection(user, loop);
        this.action(user, loop, recall ? Kind.Recall : Kind.Group, !repeat);
        user.lastGroup = group;
        return;
      }
      case "NNet.Game.SCameraUpdateEvent":
        this.camera(userId, event.m_target);
        return;
      case "NNet.Game.SGameUserLeaveEvent":
      case "NNet.Game.SPlayerLeaveEvent": {
        const user = this.user(userId);
        if (user.leftAt === null) user.leftAt = loop;
        return;
      }
    }
  }

  /**
   * Counts of `userId` (or of player `id` as `PLAYER_KEY + id` on builds before 1.2), or `undefined` when that user
   * sent no counted event.
   */
  counts(userId: number): ActivityCounts | undefined {
    const user = this.users.get(userId);
    return user && {
      actions: user.actions,
      effectiveActions: user.effectiveActions,
      screens: user.screens,
      leftAt: user.leftAt,
    };
  }

  private user(userId: number): UserState {
    let user = this.users.get(userId);
    if (user === undefined) {
      user = {
        actions: 0,
        effectiveActions: 0,
        screens: 0,
        leftAt: null,
        lastKind: Kind.None,
        lastLoop: -Infinity,
        lastAbility: "",
        lastGroup: -1,
        lastCounted: false,
        cameraX: NaN,
        cameraY: NaN,
      };
      this.users.set(userId, user);
    }
    return user;
  }

  /** Counts an action; `effective` is whether it is not spam, provided it follows the last action quickly. */
  private action(user: UserState, loop: number, kind: Kind, effective: boolean): void {
    const quick = loop - user.lastLoop < SPAM_LOOPS;
    const counted = effective || !quick;
    user.actions++;
    if (counted) user.effectiveActions++;
    user.lastKind = kind;
    user.lastLoop = loop;
    user.lastCounted = counted;
  }

  /** A selection change or recall soon after a counted selection change takes the earlier one back. */
  private replaceSelection(user: UserState, loop: number): void {
    if (user.lastKind === Kind.Selection && user.lastCounted && loop - user.lastLoop < SPAM_LOOPS) {
      user.effectiveActions--;
    }
  }

  private camera(userId: number, target: unknown): void {
    if (typeof target !== "object" || target === null) return;
    const { x, y } = target as { x?: unknown; y?: unknown };
    if (typeof x !== "number" || typeof y !== "number") return;
    const user = this.user(userId);
    const cx = x / CAMERA_UNIT;
    const cy = y / CAMERA_UNIT;
    if (
      !(Math.abs(cx - user.cameraX) < SCREEN_CELLS && Math.abs(cy - user.cameraY) < SCREEN_CELLS)
    ) {
      if (!Number.isNaN(user.cameraX)) user.screens++;
      user.cameraX = cx;
      user.cameraY = cy;
    }
  }
}

/**
 * APM, EAPM and SPM of one user's counts: per minute of real time over the game loops they were in the game (until
 * they left, else the whole game), rounded.
 *
 * @example
 * ```ts
 * import { activityRates } from "./activity.ts";
 * const rates = activityRates({ actions: 2240, effectiveActions: 1120, screens: 224, leftAt: null }, 13440, 22.4);
 * console.log(rates.apm, rates.eapm, rates.spm); // 224 112 22
 * ```
 */
export function activityRates(
  counts: ActivityCounts | undefined,
  gameloops: number,
  loopsPerRealSecond: number,
): { activeGameloops: number; apm: number; eapm: number; spm: number } {
  const activeGameloops = Math.max(0, Math.min(gameloops, counts?.leftAt ?? gameloops));
  const minutes = activeGameloops / loopsPerRealSecond / 60;
  const rate = (n: number) => (minutes > 0 ? Math.round(n / minutes) : 0);
  return {
    activeGameloops,
    apm: rate(counts?.actions ?? 0),
    eapm: rate(counts?.effectiveActions ?? 0),
    spm: rate(counts?.screens ?? 0),
  };
}
