/**
 * A replay summary as a readable table for a person.
 *
 * @module
 */
import type { ReplaySummary } from "../src/summary/types.ts";

/**
 * `m:ss` of a number of seconds.
 *
 * @example
 * ```ts
 * import { clock } from "./summary_view.ts";
 * console.log(clock(75)); // "1:15"
 * ```
 */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Rows as aligned columns.
 *
 * @example
 * ```ts
 * import { table } from "./summary_view.ts";
 * console.log(table([["a", "bb"], ["ccc", "d"]]));
 * ```
 */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  return rows.map((r) => r.map((cell, c) => cell + " ".repeat(widths[c]! - [...cell].length)).join("  ").trimEnd())
    .join("\n");
}

/**
 * Renders a summary as text.
 *
 * @example
 * ```ts
 * import { renderSummary } from "./summary_view.ts";
 * // console.log(renderSummary(summarizeBytes(bytes)));
 * ```
 */
export function renderSummary(s: ReplaySummary): string {
  const lines = [
    `${s.map.title} — ${s.version} (${s.protocol.table}${s.protocol.nearest ? ", nearest build" : ""})`,
    `${s.startTime.replace("T", " ").slice(0, 19)} UTC, ${
      clock(s.lengthSeconds)
    } at ${s.gameSpeed} (${s.lengthGameloops} loops)`,
    `Lobby: ${
      [s.lobby.teams, s.lobby.gameMode, s.lobby.privacy, s.lobby.lockedAlliances ? "locked alliances" : null]
        .filter(Boolean).join(", ")
    }; ${s.modHandles.length} dependencies`,
    "",
    table([
      ["Player", "Clan", "Race", "Team", "Result", "Decided by", "Toon"],
      ...s.players.map((
        p,
      ) => [p.name, p.clanTag ?? "", p.race, String(p.teamId + 1), p.result, p.resultSource, p.toonHandle]),
    ]),
  ];
  if (s.observers.length > 0) lines.push("", `Observers: ${s.observers.map((o) => o.name).join(", ")}`);
  if (s.chat.length > 0) {
    lines.push("", ...s.chat.slice(0, 20).map((c) => `[${clock(c.seconds)}] ${c.sender ?? "?"}: ${c.text}`));
    if (s.chat.length > 20) lines.push(`… ${s.chat.length - 20} more chat messages`);
  }
  return lines.join("\n");
}
