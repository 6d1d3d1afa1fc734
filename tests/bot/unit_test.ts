import assert from "node:assert/strict";
import { CATALOGS, parseConfig, pickLocale, placeholders, validateProfileForm } from "../../bot/mod.ts";
import { commonCountries, flagFor, resolveCountry, searchCountries } from "../../bot/src/geo.ts";
import { playerGuard } from "../../bot/src/guards.ts";
import { rateLimitWait } from "../../bot/src/discord_api.ts";

Deno.test("every locale has every English key with the same placeholders", () => {
  for (const [locale, catalog] of Object.entries(CATALOGS)) {
    for (const [key, english] of Object.entries(CATALOGS.en)) {
      const text = (catalog as Record<string, string>)[key];
      assert.ok(text && text.trim() !== "", `${locale} lacks "${key}"`);
      assert.deepEqual(placeholders(text), placeholders(english), `${locale} "${key}" placeholders`);
    }
  }
});

Deno.test("pickLocale() maps Discord locales, English by default", () => {
  assert.equal(pickLocale("ko"), "ko");
  assert.equal(pickLocale("en-GB"), "en");
  assert.equal(pickLocale(undefined), "en");
});

Deno.test("parseConfig() explains missing and malformed variables", () => {
  const bad = parseConfig({ HTTP_PORT: "eighty", DISCORD_REST_URL: "ftp://x", ADMIN_GUILD_ID: "abc" });
  assert.ok(!bad.ok);
  const text = bad.problems.join("\n");
  assert.match(text, /DISCORD_TOKEN is required: the bot token/);
  assert.match(text, /HTTP_PORT/);
  assert.match(text, /DISCORD_REST_URL must be an http/);
  assert.match(text, /ADMIN_GUILD_ID must be a Discord id/);
  const undecodable = parseConfig({ DISCORD_TOKEN: "not-a-token" });
  assert.ok(!undecodable.ok && /DISCORD_APPLICATION_ID is required/.test(undecodable.problems[0] ?? ""));
});

Deno.test("parseConfig() derives the application id and applies defaults", () => {
  const result = parseConfig({
    DISCORD_TOKEN: `${btoa("123456789012345678")}.a.b`,
    HTTP_PORT: "8080",
    DATABASE_URL: "",
  });
  assert.ok(result.ok);
  assert.equal(result.config.applicationId, "123456789012345678");
  assert.equal(result.config.dataDir, "./data");
  assert.equal(result.config.httpPort, 8080);
  assert.equal(result.config.databaseUrl, null);
});

Deno.test("validateProfileForm() follows the prior bot's rules and order", () => {
  const code = (form: { mainId: string; battletag: string; altIds?: string[] }) => {
    const r = validateProfileForm({ altIds: [], ...form });
    return r.ok ? "ok" : r.issues[0]?.code;
  };
  assert.equal(code({ mainId: "", battletag: "" }), "validation.mainId.empty");
  assert.equal(code({ mainId: "Ab", battletag: "A#123" }), "validation.mainId.tooShort");
  assert.equal(code({ mainId: "Abcdefghijklm", battletag: "A#123" }), "validation.mainId.tooLong");
  assert.equal(code({ mainId: "앨리스앨리스", battletag: "A#123" }), "validation.mainId.letters");
  assert.equal(code({ mainId: "Alice", battletag: "Alice" }), "validation.battletag.separator");
  assert.equal(code({ mainId: "Alice", battletag: "#123" }), "validation.battletag.name");
  assert.equal(code({ mainId: "Alice", battletag: "앨리스#12a" }), "validation.battletag.digits");
  assert.equal(code({ mainId: "Alice", battletag: "앨리스#12" }), "validation.battletag.digitsLength");
  assert.equal(code({ mainId: "Alice", battletag: "앨리스#123", altIds: ["ab"] }), "validation.alt.tooShort");
  assert.equal(code({ mainId: "Alice", battletag: "A#123", altIds: ["Alice"] }), "validation.duplicate");
  assert.equal(code({ mainId: " Alice ", battletag: " 앨리스#123 ", altIds: ["", "앨리스"] }), "ok");
});

Deno.test("geo: the first screen has 49 common countries then Other; search and flags", () => {
  const common = commonCountries();
  assert.equal(common.length, 50);
  assert.equal(common.at(-1)?.code, "ZZ");
  assert.equal(searchCountries("").length, 25);
  assert.equal(searchCountries("kr")[0]?.code, "KR");
  assert.equal(resolveCountry("germany")?.code, "DE");
  assert.equal(resolveCountry("Atlantis"), undefined);
  assert.equal(flagFor("KR"), "🇰🇷");
  assert.equal(flagFor(null), "🏳️");
});

Deno.test("playerGuard() checks ban → ToS → setup in order", () => {
  const at = new Date("2026-03-14T20:00:00Z");
  const base = { bannedAt: null, tosAcceptedAt: at, setupCompletedAt: at };
  assert.equal(playerGuard({ ...base, bannedAt: at, tosAcceptedAt: null }, { tos: true, setup: true }), "banned");
  assert.equal(
    playerGuard({ ...base, tosAcceptedAt: null, setupCompletedAt: null }, { tos: true, setup: true }),
    "tos",
  );
  assert.equal(playerGuard({ ...base, setupCompletedAt: null }, { tos: true, setup: true }), "setup");
  assert.equal(playerGuard({ ...base, setupCompletedAt: null }, { tos: true, setup: false }), null);
});

Deno.test("rateLimitWait() reads retry_after from a 429 only", () => {
  assert.equal(rateLimitWait(new Error("x", { cause: { status: 429, body: '{"retry_after":1.5}' } })), 1500);
  assert.equal(rateLimitWait(new Error("x", { cause: { status: 500, body: "" } })), null);
});
