/**
 * The steps of a match the multi-process tests share: onboarding through interactions, queueing two players onto the
 * one map neither vetoed, confirming, uploading the winning replay by DM, and reading a process's metrics.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openReplay, summarizeBytes } from "../../../parser/mod.ts";
import { makeFixtureReplay } from "../../../parser/src/writer/fixtures.ts";
import { MAP_POOLS } from "../../../bot/src/data/maps.ts";
import { BASE_REPLAY, LADDER_FIXTURES } from "../../fixtures/ladder_replays.ts";
import { SHARED_URL } from "../../support/shared.ts";
import type { FakePlayer } from "../fake_discord/mod.ts";
import { eventually, titles } from "../harness.ts";

const MAP = "Keres Passage SEL";

/** /termsofservice, accept, /setup through the modal, country and region, save. */
export async function onboard(player: FakePlayer, mainId: string): Promise<void> {
  await player.run("termsofservice");
  await player.click("tos:accept");
  await player.run("setup");
  await player.submit({ main_id: mainId, battletag: `${mainId}#1234` });
  await player.select("setup:country:1", ["DE"]);
  await player.select("setup:region", ["EUW"]);
  await player.click("setup:next");
  const saved = await player.click("setup:save");
  assert.equal(saved.data?.embeds?.[0]?.title, "✅ Setup Complete!");
}

/**
 * Both queue (alice BW, bob SC2, vetoes that leave one map) and the next wave matches them; resolves with the match
 * id once both were told.
 */
export async function queueOntoOneMap(alice: FakePlayer, bob: FakePlayer): Promise<number> {
  const vetoable = MAP_POOLS["season_alpha"]!.map((m) => m.name).filter((m) => m !== MAP);
  for (
    const [player, race, vetoes] of [[alice, "bw", vetoable.slice(0, 4)], [bob, "sc2", vetoable.slice(4)]] as const
  ) {
    await player.run("queue");
    await player.select(`queue:${race}`, [race === "bw" ? "bw_zerg" : "sc2_terran"]);
    await player.select("queue:veto", [...vetoes]);
    await player.click("queue:join");
  }
  await eventually("match found", () => titles(alice).some((t) => /^⚔️ Match #\d+ Found!$/.test(t)), 30_000);
  const id = Number(titles(alice).find((t) => /Found!$/.test(t))!.match(/#(\d+)/)![1]);
  await eventually("bob's match found", () => titles(bob).includes(`⚔️ Match #${id} Found!`));
  return id;
}

/** {@link queueOntoOneMap}, then both confirm; resolves with the match id once both were told. */
export async function matchAndConfirm(alice: FakePlayer, bob: FakePlayer): Promise<number> {
  const id = await queueOntoOneMap(alice, bob);
  await alice.click(`match:confirm:${id}`);
  await bob.click(`match:confirm:${id}`);
  for (const p of [alice, bob]) await eventually("confirmed", () => titles(p).includes(`⚔️ Match #${id} Confirmed`));
  return id;
}

/** A replay of the match just played in which alice beats bob, ending now plus its length. */
export function aliceBeatsBobReplay(): Uint8Array {
  const base = openReplay(
    Deno.readFileSync(new URL(BASE_REPLAY.split("/").map(encodeURIComponent).join("/"), SHARED_URL)),
  );
  const probe = summarizeBytes(makeFixtureReplay(base, LADDER_FIXTURES.aliceBeatsBob!));
  const endTime = new Date(Date.now() + probe.lengthSeconds * 1000);
  return makeFixtureReplay(base, { ...LADDER_FIXTURES.aliceBeatsBob!, endTime });
}

/** Resolves once both players were told the result. */
export async function verdictReached(id: number, players: readonly FakePlayer[], timeoutMs = 30_000): Promise<void> {
  for (const p of players) {
    await eventually("verdict", () => titles(p).includes(`🏆 Match #${id} Result Finalized`), timeoutMs);
  }
}

/** Titles that appear twice in a player's DM (the searching message is one message edited in place). */
export function duplicateTitles(player: FakePlayer): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const m of player.dm().filter((m) => m.author.id !== player.userId)) {
    const t = m.embeds[0]?.title ?? "";
    if (t.startsWith("🔍")) continue;
    if (seen.has(t)) twice.push(t);
    seen.add(t);
  }
  return twice;
}

/** A counter or gauge from a process's `/metrics` (`name` is a regular expression source). */
export async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)$`, "m"))?.[1] ?? NaN);
}
