/**
 * A replay analysis as readable tables: activity per player, then each player's build order and a few curve points.
 *
 * @module
 */
import type { ReplayAnalysis } from "../src/analysis/types.ts";
import { clock, table } from "./summary_view.ts";

/** Curve points shown per player: one a minute of game time (the JSON has every tick). */
const CURVE_STEP_LOOPS = 16 * 60;

/**
 * Renders an analysis as text.
 *
 * @example
 * ```ts
 * import { renderAnalysis } from "./analysis_view.ts";
 * // console.log(renderAnalysis(analyze(openReplay(bytes))));
 * ```
 */
export function renderAnalysis(a: ReplayAnalysis): string {
  const lines = [
    `${clock(a.realSeconds)} real time (${a.gameloops} loops, ${a.loopsPerRealSecond} loops a real second); ` +
    `${a.units.length} units recorded${a.unitsNotRecorded > 0 ? `, ${a.unitsNotRecorded} more not recorded` : ""}`,
    "",
    table([
      ["Player", "Race", "APM", "EAPM", "SPM", "Blizzard APM", "Actions", "In game"],
      ...a.players.map((p) => [
        p.name,
        p.race,
        String(p.activity.apm),
        String(p.activity.eapm),
        String(p.activity.spm),
        p.activity.blizzardApm === null ? "-" : String(p.activity.blizzardApm),
        String(p.activity.actions),
        clock(p.activity.activeGameloops / a.loopsPerRealSecond),
      ]),
    ]),
  ];
  for (const p of a.players) {
    lines.push("", `Build order of ${p.name} (game time, supply):`);
    lines.push(
      p.buildOrder.length === 0 ? "  (no tracker events)" : table(p.buildOrder.map((b) => [
        "  " + clock(b.gameSeconds),
        b.supply === null ? "" : String(b.supply),
        b.kind,
        b.name,
      ])),
    );
    const points = p.curve.filter((c, i) => i === 0 || c.gameloop % CURVE_STEP_LOOPS < 160);
    if (points.length > 0) {
      lines.push("", `Economy of ${p.name} (each game minute):`);
      lines.push(table([
        ["  Time", "Minerals/min", "Vespene/min", "Workers", "Army value", "Supply"],
        ...points.map((c) => [
          "  " + clock(c.gameloop / 16),
          String(c.mineralIncome),
          String(c.vespeneIncome),
          String(c.workers),
          String(c.armyValue),
          `${c.supplyUsed}/${c.supplyMade}`,
        ]),
      ]));
    }
  }
  return lines.join("\n");
}
