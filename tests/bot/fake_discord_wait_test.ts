/**
 * The fake Discord's event-driven waiting (`waitForChannel`, `FakePlayer.waitFor`): the predicate runs once at the
 * start and once per change to the channel (a message added, edited or deleted), never on a timer, and a wait that
 * never comes true fails with what it waited for.
 */
import assert from "node:assert/strict";
import { startFakeDiscord } from "./fake_discord/mod.ts";

Deno.test("fake Discord: waiting on a DM wakes on each add, edit and delete, and only then", async () => {
  const discord = await startFakeDiscord();
  try {
    const player = discord.player("waiter");
    const other = discord.player("other");
    let checks = 0;
    const seen: string[] = [];
    const waited = player.waitFor(
      (dm) => {
        checks++;
        seen.push(dm.map((m) => `${m.content}${m.edited ? "*" : ""}`).join(","));
        return dm.length === 1 && dm[0]!.edited === 1;
      },
      5000,
      "the edit",
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(checks, 1, "checked once at the start, not polled");
    discord.addMessage(other.dmChannelId, { content: "elsewhere" });
    const first = discord.addMessage(player.dmChannelId, { content: "a" });
    const second = discord.addMessage(player.dmChannelId, { content: "b" });
    const rest = (method: string, id: string, body?: unknown) =>
      fetch(`${discord.restUrl}/v10/channels/${player.dmChannelId}/messages/${id}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.body?.cancel());
    await rest("DELETE", second.id);
    await rest("PATCH", first.id, { embeds: [{ title: "edited" }] });
    await waited;
    assert.deepEqual(seen, ["", "a", "a,b", "a", "a*"]);
    await assert.rejects(
      player.waitFor((dm) => dm.length > 5, 50, "six messages"),
      /timed out waiting for: six messages/,
    );
  } finally {
    await discord.close();
  }
});
