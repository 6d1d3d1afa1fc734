/**
 * Old messages: a button whose action the bot no longer knows (an older release's message, a changed custom id) is
 * answered "no longer valid, run the command again" and logged as `STALE_COMPONENT`, never as an internal error.
 */
import assert from "node:assert/strict";
import type { Answer, FakePlayer } from "./fake_discord/mod.ts";
import { GUILD_CHANNEL_ID } from "./fake_discord/player.ts";
import { type Harness, readyPlayer, startHarness } from "./harness.ts";

const GUILD = "1000000000000000001";
const OWNER_ID = "1000000000000000009";
const STALE = "This button or menu is no longer valid. Run the command again.";

/** An old bot message in `channelId` carrying one button with `customId`. */
function oldButton(h: Harness, channelId: string, customId: string): void {
  h.discord.addMessage(channelId, {
    ageMs: 86_400_000,
    embeds: [{ title: "An old message" }],
    components: [{ type: 1, components: [{ type: 2, style: 2, label: "Old", custom_id: customId }] }],
  });
}

async function clickOld(h: Harness, player: FakePlayer, customId: string, guildId?: string): Promise<Answer> {
  oldButton(h, guildId ? GUILD_CHANNEL_ID : player.dmChannelId, customId);
  return await player.click(customId, guildId ? { guildId } : {});
}

const failureCodes = (h: Harness) => h.logs.filter((l) => l.msg === "interaction failed").map((l) => l["code"]);

Deno.test("a button with an unknown action is STALE_COMPONENT: the user is told to run the command again", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const alice = await readyPlayer(h, "alice");
    const owner = h.discord.player("owner", { userId: OWNER_ID });
    const ids = ["ui:open", "tos:maybe", "prune:later", "setup:jump", "setcountry:confirm:QQ", "queue:dance", "gone:x"];
    for (const id of ids) {
      const answer = await clickOld(h, alice, id);
      assert.equal(answer.data?.embeds?.[0]?.title, "❌ Something Went Wrong", id);
      assert.equal(answer.data?.embeds?.[0]?.description, STALE, id);
    }
    const admin = await clickOld(h, owner, `admin:maybe:${OWNER_ID}:ban:${alice.userId}:n1`, GUILD);
    assert.equal(admin.data?.embeds?.[0]?.description, STALE);
    assert.equal(admin.data?.flags, 64, "in the guild the answer is ephemeral");
    assert.deepEqual(failureCodes(h), [...ids, "admin"].map(() => "STALE_COMPONENT"));
  } finally {
    await h.stop();
  }
});
