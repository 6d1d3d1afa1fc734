/**
 * The seam between the members: SQL lives in `db/` only, and `db/` imports nothing from `bot/`. Each rule is checked
 * over the source tree, and each checker is first shown a violation, so a checker that finds nothing fails too.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Every `.ts` file under `dir` (relative to the repository root), skipping generated data and dependencies. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    for (const entry of Deno.readDirSync(path)) {
      const full = join(path, entry.name);
      if (entry.isDirectory && !["node_modules", "data"].includes(entry.name)) walk(full);
      else if (entry.isFile && entry.name.endsWith(".ts")) files.push(full);
    }
  };
  walk(join(ROOT, dir));
  return files.sort();
}

/** SQL statements, as written in this codebase (keywords upper-case). */
const SQL = new RegExp(
  [
    String.raw`\bSELECT\s[^;]*?\bFROM\s`,
    String.raw`\bSELECT\s+(?:1|count|to_regclass|pg_)`,
    String.raw`\bINSERT\s+INTO\s`,
    String.raw`\bUPDATE\s+\w+\s+SET\s`,
    String.raw`\bDELETE\s+FROM\s`,
    String.raw`\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|DATABASE|INDEX|SCHEMA|TRIGGER|FUNCTION)\b`,
    String.raw`\bTRUNCATE\s+\w`,
    String.raw`\bANALYZE\b["'\x60]`,
  ].join("|"),
);

/** A call that sends a literal statement to a database: `x.query("…")`, `x.query<T>(\`…\`)`, `x.exec("…")`. */
const QUERY_CALL = /\.(?:query|exec)\s*(?:<[^>()]*>)?\s*\(\s*["'`]/;

/** The lines of `text` that hold SQL or send it, as `line: text`. */
function sqlLines(text: string): string[] {
  return text.split("\n").flatMap((line, i) => {
    const code = line.replace(/^\s*(\*|\/\/).*$/, ""); // comments and JSDoc may talk about SQL
    return SQL.test(code) || QUERY_CALL.test(code) ? [`${i + 1}: ${line.trim()}`] : [];
  });
}

/** The module specifiers `text` imports or re-exports (static and dynamic). */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/g)) {
    specifiers.push(m[1]!);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) specifiers.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) specifiers.push(m[1]!);
  return specifiers;
}

/** Whether `specifier`, imported by the file at `path`, points into `bot/`. */
function reachesBot(path: string, specifier: string): boolean {
  if (specifier === "@evo-ladder/bot" || specifier.startsWith("@evo-ladder/bot/")) return true;
  if (!specifier.startsWith(".")) return false;
  const target = relative(ROOT, resolve(dirname(path), specifier));
  return target === "bot" || target.startsWith("bot/");
}

Deno.test("the SQL checker finds statements and query calls, and ignores comments", () => {
  assert.equal(sqlLines(`const rows = await db.query("SELECT 1");`).length, 1);
  assert.equal(sqlLines("  `SELECT count(*) FILTER (WHERE x) AS n\n   FROM players`").length, 1);
  assert.equal(sqlLines(`await tx.query<{ n: number }>(sql, [id]);`).length, 0, "a variable is not a literal");
  assert.equal(sqlLines(`await tx.query<{ n: number }>(\`UPDATE ratings SET rating = 1\`);`).length, 1);
  assert.equal(sqlLines(`await admin.exec(\`DROP DATABASE \${name}\`);`).length, 1);
  assert.equal(sqlLines(` * Locks the row (\`SELECT … FOR UPDATE\`) and reads it.`).length, 0);
  assert.equal(sqlLines(`const id = /^mods-(.+)\\.json$/.exec(name);`).length, 0);
  assert.equal(sqlLines(`t("queue.select", { race })`).length, 0);
});

Deno.test("no SQL outside db/: the bot, the parser and the tools call db's query functions", () => {
  const found: string[] = [];
  for (const dir of ["bot", "parser", "tools"]) {
    for (const path of sourceFiles(dir)) {
      for (const line of sqlLines(Deno.readTextFileSync(path))) found.push(`${relative(ROOT, path)}:${line}`);
    }
  }
  assert.deepEqual(found, [], "SQL belongs in db/src/queries/ (or db/bench/ for benchmark data)");
});

Deno.test("the import checker resolves relative paths and the bot's package name", () => {
  const db = join(ROOT, "db/bench/x.ts");
  assert.ok(reachesBot(db, "../../bot/src/ladder/elo.ts"));
  assert.ok(reachesBot(db, "@evo-ladder/bot"));
  assert.ok(!reachesBot(db, "../mod.ts"));
  assert.ok(!reachesBot(db, "../../parser/mod.ts"));
  assert.deepEqual(
    importsOf(`import { a } from "./a.ts";\nexport * from "../b.ts";\nconst c = await import("./c.ts");`),
    [
      "./a.ts",
      "../b.ts",
      "./c.ts",
    ],
  );
  assert.deepEqual(importsOf(`import {\n  type X,\n  y,\n} from "../../bot/mod.ts";`), ["../../bot/mod.ts"]);
});

Deno.test("db/ imports nothing from bot/", () => {
  const found: string[] = [];
  for (const path of sourceFiles("db")) {
    for (const specifier of importsOf(Deno.readTextFileSync(path))) {
      if (reachesBot(path, specifier)) found.push(`${relative(ROOT, path)} imports ${specifier}`);
    }
  }
  assert.deepEqual(found, [], "db/ is read and published without bot/; code that needs both lives in bot/ or tools/");
});
