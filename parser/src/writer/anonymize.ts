/**
 * Anonymizing replays: names, clan tags, toon ids and chat become stable pseudonyms (the same input name gives the
 * same pseudonym within one salt); members the writer cannot scrub (`replay.server.battlelobby`, `replay.load.info`,
 * …) are left out. Everything written stays decodable.
 *
 * @module
 */
import type { ReplayEvent } from "../event_stream.ts";
import { tableForBuild } from "../protocol/tables.ts";
import type { Replay } from "../replay.ts";
import { Sha256 } from "../sha256.ts";
import { writeReplay } from "./replay_writer.ts";

type Rec = Record<string, unknown>;
const utf8 = new TextDecoder();
const encode = (s: string) => new TextEncoder().encode(s);

/**
 * Writes an anonymized copy of `replay`.
 *
 * @example
 * ```ts
 * import { openReplay } from "../replay.ts";
 * import { anonymizeReplay } from "./anonymize.ts";
 * const out = anonymizeReplay(openReplay(await Deno.readFile("game.SC2Replay")), "my salt");
 * await Deno.writeFile("anonymous.SC2Replay", out);
 * ```
 */
export function anonymizeReplay(replay: Replay, salt = ""): Uint8Array {
  const table = tableForBuild(replay.baseBuild) ?? undefined;
  if (table === undefined || replay.protocol === undefined) throw new TypeError("the replay's build has no table");
  const digest = (kind: string, value: string) =>
    new Sha256().update(encode(`${salt}\u0000${kind}\u0000${value}`)).hex();
  const pseudonym = (name: string) => (name === "" ? "" : `Player${digest("name", name).slice(0, 6)}`);
  const clan = (tag: string) => (tag === "" ? "" : `C${digest("clan", tag).slice(0, 4)}`);
  const toonId = (id: number) => parseInt(digest("toon", String(id)).slice(0, 7), 16);

  const details = structuredClone(replay.details());
  for (const player of (details.m_playerList ?? []) as Rec[]) {
    const raw = utf8.decode(player.m_name as Uint8Array);
    const match = /^&lt;(.*?)&gt;<sp\/>(.*)$/.exec(raw);
    player.m_name = encode(match ? `&lt;${clan(match[1]!)}&gt;<sp/>${pseudonym(match[2]!)}` : pseudonym(raw));
    const toon = player.m_toon as Rec;
    if (typeof toon.m_id === "number") toon.m_id = toonId(toon.m_id);
    if (toon.m_name instanceof Uint8Array) toon.m_name = encode("");
  }
  const initData = structuredClone(replay.initData());
  const sync = (initData.m_syncLobbyState ?? {}) as Rec;
  for (const user of (sync.m_userInitialData ?? []) as Rec[]) {
    user.m_name = encode(pseudonym(utf8.decode(user.m_name as Uint8Array)));
    if (user.m_clanTag instanceof Uint8Array) user.m_clanTag = encode(clan(utf8.decode(user.m_clanTag)));
    if (user.m_clanLogo instanceof Uint8Array) user.m_clanLogo = null;
    if (user.m_toonHandle instanceof Uint8Array) user.m_toonHandle = encode("");
  }
  for (const slot of ((sync.m_lobbyState as Rec | undefined)?.m_slots ?? []) as Rec[]) {
    const handle = slot.m_toonHandle;
    if (handle instanceof Uint8Array && handle.length > 0) {
      const parts = utf8.decode(handle).split("-");
      slot.m_toonHandle = encode([...parts.slice(0, -1), String(toonId(Number(parts[parts.length - 1])))].join("-"));
    }
  }
  const chat = (events: Iterable<ReplayEvent>) =>
    [...events].map((event) =>
      event.m_string instanceof Uint8Array
        ? { ...event, m_string: encode(`chat ${digest("chat", utf8.decode(event.m_string)).slice(0, 8)}`) }
        : event
    );
  return writeReplay({
    header: replay.header,
    details,
    initData,
    attributes: replay.attributes(),
    gameMetadata: replay.gameMetadata(),
    gameEvents: replay.hasStream("game") ? chat(replay.gameEvents()) : undefined,
    messageEvents: replay.hasStream("message") ? chat(replay.messageEvents()) : undefined,
    trackerEvents: replay.hasStream("tracker") ? replay.trackerEvents() : undefined,
  }, { table, baseBuild: replay.baseBuild, compress: "bzip2" });
}
