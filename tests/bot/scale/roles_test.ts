import assert from "node:assert/strict";
import { parseConfig } from "../../../bot/mod.ts";
import { parseRoles, ROLE_NAMES } from "../../../bot/src/scale/roles.ts";

const TOKEN = `${btoa("123456789012345678")}.x.y`;

Deno.test("roles: empty and `all` are every role; names are trimmed and case-insensitive", () => {
  for (const value of [undefined, "", "all", " ALL ", "gateway,all"]) {
    const result = parseRoles(value);
    assert.ok(result.ok);
    assert.deepEqual([...result.roles].sort(), [...ROLE_NAMES].sort());
  }
  const result = parseRoles(" Gateway , worker,,worker ");
  assert.ok(result.ok);
  assert.deepEqual([...result.roles], ["gateway", "worker"]);
});

Deno.test("roles: an unknown role is refused with a message naming the valid roles", () => {
  const result = parseConfig({ DISCORD_TOKEN: TOKEN, ROLES: "gateway,gatewy" });
  assert.equal(result.ok, false);
  const problem = !result.ok ? result.problems.join("\n") : "";
  assert.match(
    problem,
    /^ROLES has unknown role "gatewy"; valid roles: gateway, interactions, worker, matchmaker, rest, web, or all/,
  );
});

Deno.test("roles: a named interactions or rest role requires its key, secret and port; `all` does not", () => {
  assert.ok(parseConfig({ DISCORD_TOKEN: TOKEN }).ok);
  const interactions = parseConfig({ DISCORD_TOKEN: TOKEN, ROLES: "interactions" });
  assert.ok(!interactions.ok);
  assert.match(interactions.problems.join("\n"), /DISCORD_PUBLIC_KEY is required by the interactions role/);
  assert.match(interactions.problems.join("\n"), /HTTP_PORT is required/);
  const rest = parseConfig({ DISCORD_TOKEN: TOKEN, ROLES: "rest", HTTP_PORT: "0" });
  assert.ok(!rest.ok);
  assert.match(rest.problems.join("\n"), /REST_PROXY_SECRET is required by the rest role/);
  const good = parseConfig({
    DISCORD_TOKEN: TOKEN,
    ROLES: "rest,interactions",
    HTTP_PORT: "0",
    REST_PROXY_SECRET: "0123456789abcdef",
    DISCORD_PUBLIC_KEY: "AB".repeat(32),
    DISCORD_API_URL: "http://127.0.0.1:1/api/",
    GATEWAY_LEASE_SECONDS: "2",
  });
  assert.ok(good.ok);
  assert.deepEqual([...good.config.roles], ["rest", "interactions"]);
  assert.equal(good.config.publicKey, "ab".repeat(32));
  assert.equal(good.config.apiUrl, "http://127.0.0.1:1/api");
  assert.equal(good.config.gatewayLeaseMs, 2000);
  assert.equal(good.config.shards, 1);
  const short = parseConfig({ DISCORD_TOKEN: TOKEN, REST_PROXY_SECRET: "short", DISCORD_PUBLIC_KEY: "xyz" });
  assert.ok(!short.ok);
  assert.match(short.problems.join("\n"), /REST_PROXY_SECRET must be at least 16 characters/);
  assert.match(short.problems.join("\n"), /DISCORD_PUBLIC_KEY must be 64 hexadecimal characters/);
});

Deno.test("roles: JOB_CONCURRENCY is 2 beside the interactive roles, 4 in a worker process, or as set (1-16)", () => {
  const concurrency = (env: Record<string, string>) => {
    const result = parseConfig({ DISCORD_TOKEN: TOKEN, ...env });
    return result.ok ? result.config.jobConcurrency : result.problems.join("\n");
  };
  assert.equal(concurrency({}), 2, "all");
  assert.equal(concurrency({ ROLES: "worker,matchmaker" }), 4);
  assert.equal(concurrency({ ROLES: "worker,matchmaker", JOB_CONCURRENCY: "8" }), 8);
  assert.equal(concurrency({ JOB_CONCURRENCY: "1" }), 1);
  assert.match(String(concurrency({ JOB_CONCURRENCY: "0" })), /JOB_CONCURRENCY/);
  assert.match(String(concurrency({ JOB_CONCURRENCY: "17" })), /JOB_CONCURRENCY/);
  assert.match(String(concurrency({ JOB_CONCURRENCY: "2.5" })), /JOB_CONCURRENCY must be a whole number/);
});

Deno.test("roles: an unknown role stops bot/main.ts at start with exit code 2 and the valid roles", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../../bot/main.ts", import.meta.url).pathname],
    // Only what Deno needs to find its cache, so no DATABASE_URL or other setting of this shell leaks in.
    env: {
      ...Object.fromEntries(
        ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"].flatMap((k) => Deno.env.has(k) ? [[k, Deno.env.get(k)!]] : []),
      ),
      DISCORD_TOKEN: TOKEN,
      ROLES: "worker,parser",
    },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 2);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.match(
    stderr,
    /ROLES has unknown role "parser"; valid roles: gateway, interactions, worker, matchmaker, rest, web/,
  );
});
