/**
 * The native compose runner's pure parts: Compose's interpolation and durations, dependency order, the address book's
 * rewriting and its refusals, the ini edoburu/pgbouncer's entrypoint writes, the nginx site rewrite, and the SigV4
 * check in front of s3rver.
 */
import assert from "node:assert/strict";
import { AwsClient } from "aws4fetch";
import { AddressBook } from "../../tools/compose/addresses.ts";
import { durationMs, interpolate, parseComposeFile, startOrder } from "../../tools/compose/compose_file.ts";
import { nginxSite, pgbouncerConfig } from "../../tools/compose/stand_ins.ts";
import { signatureProblem } from "../../tools/compose/sigv4_gate.ts";

Deno.test("interpolation follows Compose: defaults, required variables, $$ escapes", () => {
  const vars = { SET: "x", EMPTY: "" };
  assert.equal(interpolate("${SET} $SET ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} $$SET", vars), "x x d d  $SET");
  assert.throws(() => interpolate("${UNSET:?give it}", vars), /UNSET is required: give it/);
  assert.equal(durationMs("1m30s"), 90_000);
  assert.throws(() => durationMs("ten seconds"), /not a duration/);
});

Deno.test("merge keys, replicas, healthcheck budget and dependency order come from the YAML", () => {
  const file = parseComposeFile(
    `x-base: &base
  image: app
  environment: { A: "1" }
  healthcheck: { test: ["CMD", "true"], interval: 5s, retries: 2, start_period: 1s }
services:
  web:
    <<: *base
    deploy: { replicas: 3 }
    depends_on: { db: { condition: service_healthy } }
  db: { image: postgres:16 }
`,
    {},
  );
  const web = file.services.find((s) => s.name === "web")!;
  assert.deepEqual([web.image, web.replicas, web.environment, web.healthcheck], ["app", 3, { A: "1" }, ["true"]]);
  assert.equal(web.unhealthyAfterMs, 11_000);
  assert.deepEqual(startOrder(file).map((s) => s.name), ["db", "web"]);
  assert.throws(
    () => parseComposeFile("services:\n  a: { image: x, depends_on: [nope] }\n", {}),
    /a depends on nope, which is not a service/,
  );
});

Deno.test("the address book rewrites service URLs and refuses unknown ports", () => {
  const book = new AddressBook();
  book.add("pgbouncer", 6432, { host: "127.0.0.1", port: 40001 });
  book.add("rest", 8080, { host: "127.0.0.1", port: 40002 });
  book.database("evo", "evo_test_1");
  book.external("https://discord.com", "http://127.0.0.1:9/proxied");
  assert.equal(book.rewrite("postgres://evo:pw@pgbouncer:6432/evo"), "postgres://evo:pw@127.0.0.1:40001/evo_test_1");
  assert.equal(book.rewrite("http://rest:8080/api"), "http://127.0.0.1:40002/api");
  assert.equal(book.rewrite("https://discord.com/api"), "http://127.0.0.1:9/proxied/api");
  assert.equal(book.rewrite("s3://bucket/prefix"), "s3://bucket/prefix");
  assert.throws(() => book.rewrite("http://rest/api"), /rest does not listen on port 80 \(it listens on 8080\)/);
  book.add("postgres", 5432, { host: "127.0.0.1", port: 5432 });
  book.login("postgres", "evo", "secret");
  assert.equal(
    book.rewrite("postgres://evo:secret@postgres:5432/evo"),
    "postgres://evo:secret@127.0.0.1:5432/evo_test_1",
  );
  assert.throws(
    () => book.rewrite("postgres://evo:wrong@postgres:5432/evo"),
    /postgres would refuse the login evo:\*{5}/,
  );
});

Deno.test("pgbouncer's ini is what edoburu/pgbouncer writes: default port 5432, md5 unless plain or SCRAM", () => {
  const db = { host: "127.0.0.1", port: 5432 };
  const listen = { host: "127.0.0.1", port: 7000 };
  const md5 = pgbouncerConfig({ DB_HOST: "pg", DB_USER: "evo", DB_PASSWORD: "pw" }, db, listen, "/d");
  // md5("pwevo"), as the entrypoint computes it.
  assert.equal(md5.userlist, '"evo" "md52de717cd54b61d55da573fd63169d1aa"\n');
  assert.match(md5.ini, /^\* = host=127\.0\.0\.1 port=5432 auth_user=evo$/m);
  assert.match(md5.ini, /^ignore_startup_parameters = extra_float_digits$/m);
  const scram = pgbouncerConfig(
    { DB_USER: "evo", DB_PASSWORD: "pw", AUTH_TYPE: "scram-sha-256", POOL_MODE: "transaction" },
    db,
    listen,
    "/d",
  );
  assert.equal(scram.userlist, '"evo" "pw"\n');
  assert.match(scram.ini, /^pool_mode = transaction$/m);
  assert.match(scram.ini, /^listen_port = 7000$/m);
});

Deno.test("the nginx site: listeners moved, upstream servers expanded per replica, upstream names kept", () => {
  const book = new AddressBook();
  book.add("app", 8080, { host: "127.0.0.1", port: 4001 });
  book.add("app", 8080, { host: "127.0.0.1", port: 4002 });
  const site = nginxSite(
    "upstream app { server app:8080 max_fails=1; }\nserver { listen 80; location / { proxy_pass http://app; } }",
    book,
    new Map([[80, { host: "127.0.0.1", port: 5000 }]]),
  );
  assert.match(site, /server 127\.0\.0\.1:4001 max_fails=1; server 127\.0\.0\.1:4002 max_fails=1;/);
  assert.match(site, /listen 127\.0\.0\.1:5000;/);
  assert.match(site, /proxy_pass http:\/\/app;/);
  assert.throws(
    () => nginxSite("upstream u { server app:9999; }", book, new Map()),
    /app does not listen on port 9999/,
  );
});

Deno.test("the SigV4 gate accepts the right secret and refuses a wrong one or an unknown key", async () => {
  const sign = (secretAccessKey: string, accessKeyId = "evo") =>
    new AwsClient({ accessKeyId, secretAccessKey, service: "s3", region: "us-east-1" })
      .sign("http://127.0.0.1:9000/bucket/a%20b.SC2Replay?x-id=PutObject&b=2", { method: "PUT", body: "data" });
  const secrets = (id: string) => (id === "evo" ? "evo-minio-secret" : undefined);
  assert.equal(await signatureProblem(await sign("evo-minio-secret"), secrets), null);
  assert.equal(await signatureProblem(await sign("wrong"), secrets), "SignatureDoesNotMatch");
  assert.equal(await signatureProblem(await sign("evo-minio-secret", "other"), secrets), "InvalidAccessKeyId");
  assert.equal(await signatureProblem(new Request("http://127.0.0.1:9000/b"), secrets), "AccessDenied");
});
