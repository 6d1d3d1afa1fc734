/**
 * A fake Discord for the bot's end-to-end tests.
 *
 * @module
 */
export { FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from "./server.ts";
export { type Answer, FakePlayer, type PlayerOptions } from "./player.ts";
export { type FakeMessage, findComponent } from "./state.ts";
export { FakeRateLimits, type RateLimitOptions } from "./rate_limits.ts";
