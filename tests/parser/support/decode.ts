/**
 * "Decode everything": every section and every event of a replay, for tests that only need to know it decodes (or
 * what it holds as text).
 *
 * @module
 */
import { openReplay } from "../../../parser/mod.ts";

/**
 * Decodes the header, details, initData, attributes, game metadata and every event stream of `bytes`; `onValue`
 * sees each section's value and then each event, in that order. Throws what the parser throws.
 *
 * @example
 * ```ts
 * import { decodeEverything } from "./decode.ts";
 * let values = 0;
 * try {
 *   decodeEverything(new Uint8Array(16), () => values++);
 * } catch (e) {
 *   console.log((e as Error).name, values); // "ReplayError" 0
 * }
 * ```
 */
export function decodeEverything(bytes: Uint8Array, onValue: (value: unknown) => void = () => {}): void {
  const replay = openReplay(bytes);
  onValue(replay.header);
  onValue(replay.details());
  onValue(replay.initData());
  onValue(replay.attributes());
  onValue(replay.gameMetadata() ?? null);
  for (const kind of ["game", "message", "tracker"] as const) {
    if (!replay.hasStream(kind)) continue;
    for (const event of replay.events(kind)) onValue(event);
  }
}
