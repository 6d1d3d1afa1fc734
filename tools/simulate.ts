/**
 * `deno task simulate --players N --hours H --seed S`: plays a synthetic population through the real matchmaking
 * wave and the real Elo rule, and prints waits, rating differences, favourite wins, matches per hour and how well the
 * ratings track the hidden skill (see bot/src/ladder/simulation.ts).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { formatReport, simulate } from "../bot/src/ladder/simulation.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    players: { type: "string", default: "500" },
    hours: { type: "string", default: "24" },
    seed: { type: "string", default: "1" },
  },
});

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be a positive ${integer ? "integer" : "number"}, not "${text}"`);
    Deno.exit(2);
  }
  return value;
}

const players = positive("players", values.players, true);
const hours = positive("hours", values.hours, false);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error(`--seed must be an integer, not "${values.seed}"`);
  Deno.exit(2);
}
const started = performance.now();
console.log(formatReport(simulate({ players, hours, seed })));
console.log(`(ran in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
