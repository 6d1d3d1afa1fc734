/**
 * The Dockerfile and its fit with compose.yaml, as far as they can be checked without Docker: what it copies exists,
 * the workspace's deno.json files are all copied before `deno install`, its `deno cache` steps succeed (frozen
 * lockfile), its command resolves to an entry point it caches, .dockerignore keeps secrets and local data out, and
 * every bot service of compose.yaml — with the operator's .env copied from .env.example — runs valid roles, covers
 * every role, listens on a port the image exposes and keeps its data on its volume.
 */
import assert from "node:assert/strict";
import { parseRoles, ROLE_NAMES } from "../../bot/src/scale/roles.ts";
import { parseComposeFile, parseEnvFile } from "../../tools/compose/compose_file.ts";
import { denoArguments, parseDockerfile } from "../../tools/compose/dockerfile.ts";

const ROOT = new URL("../../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));
const exists = (path: string) => {
  try {
    Deno.statSync(new URL(path, ROOT));
    return true;
  } catch {
    return false;
  }
};
const image = parseDockerfile(read("Dockerfile"));
const denoJson = JSON.parse(read("deno.json")) as { workspace: string[]; tasks: Record<string, string> };

Deno.test("Dockerfile: every COPY source exists, and every workspace member's deno.json is copied before deno install", () => {
  const sources = image.copies.flatMap((c) => c.sources);
  for (const source of sources) assert.ok(exists(source), `COPY ${source}: not in the repository`);
  const installAt = image.instructions.findIndex((i) => i.name === "RUN" && /\bdeno install\b/.test(i.text));
  assert.ok(installAt >= 0, "the Dockerfile runs deno install");
  const copiedFirst = image.instructions.slice(0, installAt).filter((i) => i.name === "COPY")
    .flatMap((i) => i.text.split(/\s+/).slice(0, -1));
  for (const member of denoJson.workspace) {
    const config = `${member.replace(/^\.\//, "")}/deno.json`;
    assert.ok(copiedFirst.includes(config), `${config} is not copied before deno install (it would fail --frozen)`);
  }
  assert.ok(copiedFirst.includes("deno.lock"), "deno.lock is copied for --frozen");
});

Deno.test("Dockerfile: CMD resolves through deno.json to an entry point the image caches", () => {
  const args = denoArguments(image, denoJson.tasks);
  const entry = args.find((a) => a.endsWith(".ts"));
  assert.ok(entry && exists(entry), `the command's entry point ${entry} exists`);
  assert.ok(image.runs.some((r) => new RegExp(`deno cache[^&]*\\b${entry}\\b`).test(r)), `${entry} is cached`);
  assert.equal(image.from.match(/^denoland\/deno:(\d+)\./)?.[1], Deno.version.deno.split(".")[0], "Deno's major");
});

Deno.test({
  name: "Dockerfile: its deno cache steps succeed with the frozen lockfile",
  sanitizeResources: false,
  async fn() {
    const steps = image.runs.flatMap((r) => r.split("&&")).map((s) => s.trim()).filter((s) =>
      s.startsWith("deno cache")
    );
    assert.ok(steps.length > 0);
    for (const step of steps) {
      const output = await new Deno.Command(Deno.execPath(), {
        args: step.split(/\s+/).slice(1),
        cwd: new URL(".", ROOT),
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(output.success, `${step}:\n${new TextDecoder().decode(output.stderr)}`);
    }
  },
});

Deno.test({
  name:
    "Dockerfile: its dependency layer builds — the files copied before `deno install --frozen`, and only they, suffice",
  sanitizeResources: false,
  async fn() {
    const installAt = image.instructions.findIndex((i) => i.name === "RUN" && /\bdeno install\b/.test(i.text));
    const layer = await Deno.makeTempDir({ prefix: "docker-layer-" });
    try {
      for (const copy of image.instructions.slice(0, installAt).filter((i) => i.name === "COPY")) {
        const parts = copy.text.split(/\s+/);
        const destination = parts.at(-1)!;
        for (const source of parts.slice(0, -1)) {
          const target = destination.endsWith("/")
            ? `${layer}/${destination}${source.split("/").at(-1)}`
            : `${layer}/${destination}`;
          await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
          await Deno.copyFile(new URL(source, ROOT), target);
        }
      }
      const step = image.instructions[installAt]!.text.trim();
      const output = await new Deno.Command(Deno.execPath(), {
        args: step.split(/\s+/).slice(1),
        cwd: layer,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(output.success, `RUN ${step}:\n${new TextDecoder().decode(output.stderr)}`);
    } finally {
      await Deno.remove(layer, { recursive: true });
    }
  },
});

Deno.test(".dockerignore keeps the operator's secrets and local data out of `COPY . .`", () => {
  const ignored = read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const entry of [".env", "data", ".git"]) assert.ok(ignored.includes(entry), `.dockerignore lists ${entry}`);
});

Deno.test("compose.yaml: the bot services run valid roles, all of them, on the exposed port, with data on the volume", () => {
  const file = parseComposeFile(read("compose.yaml"), {});
  const operatorEnv = parseEnvFile(read(".env.example"));
  const bots = file.services.filter((s) => s.build !== null);
  assert.ok(bots.length > 0);
  const roles = new Set<string>();
  for (const service of bots) {
    assert.deepEqual(service.envFiles, [".env"], `${service.name} reads the operator's .env`);
    // A container's environment: the image's ENV, then env_file, then environment.
    const env = { ...image.env, ...operatorEnv, ...service.environment };
    const parsed = parseRoles(env.ROLES);
    assert.ok(parsed.ok, `${service.name}: ROLES ${env.ROLES} ${parsed.ok ? "" : parsed.problem}`);
    for (const role of parsed.roles) roles.add(role);
    assert.ok(image.exposes.includes(Number(env.HTTP_PORT)), `${service.name}: HTTP_PORT is EXPOSEd`);
    assert.ok(service.healthcheck?.join(" ").includes(`:${env.HTTP_PORT}/healthz`), `${service.name}: healthcheck`);
    const mounted = service.volumes.map((v) => v.split(":")[1]);
    assert.ok(env.DATA_DIR && mounted.includes(env.DATA_DIR), `${service.name}: DATA_DIR ${env.DATA_DIR} is a volume`);
    assert.ok(image.volumes.includes(env.DATA_DIR!), `${service.name}: DATA_DIR is the image's VOLUME`);
  }
  assert.deepEqual([...roles].sort(), [...ROLE_NAMES].sort(), "every role runs somewhere");
});
