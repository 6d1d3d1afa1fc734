/**
 * Builds the npm package: `deno task build:npm [--out DIR]` (default `dist/npm`, git-ignored) compiles the parser's
 * entry points with the TypeScript compiler into ESM JavaScript and `.d.ts` files, and writes `package.json` (name,
 * version and licence from `parser/deno.json`, an `exports` entry with types per entry point) and the README.
 *
 * - `.ts` import specifiers become `.js` (`rewriteRelativeImportExtensions`); worker URLs written as
 *   `new URL("./worker.ts", import.meta.url)` are rewritten the same way by a small transform.
 * - `./pool` resolves to the `node:worker_threads` pool on Node and to the web-Worker pool elsewhere (browsers,
 *   bundlers, Deno); `./pool/node` names the Node pool explicitly.
 * - `./cli` is left out: the command line uses Deno's APIs (run it with `deno run jsr:@evo-ladder/sc2replay/cli`).
 *
 * @module
 */
import ts from "typescript";
import nodeTypes from "node-types/package.json" with { type: "json" };
import { parseArgs } from "node:util";

const PARSER = new URL("../", import.meta.url);
const ROOT = new URL("../../", import.meta.url);
/** Entry points that stay out of the npm package, with the reason. */
const DENO_ONLY: Record<string, string> = { "./cli": "the command line uses Deno APIs" };
/** Modules loaded as workers (by URL, not import): compiled as roots of their own. */
const WORKERS = ["src/pool/worker.ts", "src/pool/node_worker.ts"];

interface DenoJson {
  name: string;
  version: string;
  license: string;
  exports: Record<string, string>;
}

/** A failure of the build, with what to do about it. */
export class BuildError extends Error {
  /** Stable code. */
  readonly code = "NPM_BUILD_FAILED";
}

const path = (url: URL) => decodeURIComponent(url.pathname);

const relativeTs = /^\.\.?\/.*\.ts$/;
const toJs = (specifier: string) => specifier.replace(/\.ts$/, ".js");

/**
 * Rewrites `new URL("./x.ts", import.meta.url)` to `new URL("./x.js", import.meta.url)`, so worker modules are found
 * next to the compiled code.
 */
const rewriteModuleUrls: ts.TransformerFactory<ts.SourceFile> = (context) => {
  const isImportMetaUrl = (node: ts.Node) =>
    ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.name.text === "url";
  const visit = (node: ts.Node): ts.Node => {
    if (
      ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL" &&
      node.arguments?.length === 2
    ) {
      const [first, second] = node.arguments;
      if (first && second && ts.isStringLiteral(first) && relativeTs.test(first.text) && isImportMetaUrl(second)) {
        const js = context.factory.createStringLiteral(toJs(first.text));
        return context.factory.updateNewExpression(node, node.expression, node.typeArguments, [js, second]);
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (file) => ts.visitNode(file, visit) as ts.SourceFile;
};

/** Rewrites relative `.ts` specifiers in declaration files (`import`, `export … from`, `import("…")` types). */
const rewriteDeclarationSpecifiers: ts.TransformerFactory<ts.SourceFile | ts.Bundle> = (context) => {
  const f = context.factory;
  const literal = (node: ts.Expression | undefined) =>
    node && ts.isStringLiteral(node) && relativeTs.test(node.text) ? f.createStringLiteral(toJs(node.text)) : undefined;
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node)) {
      const to = literal(node.moduleSpecifier);
      if (to) return f.updateImportDeclaration(node, node.modifiers, node.importClause, to, node.attributes);
    } else if (ts.isExportDeclaration(node)) {
      const to = literal(node.moduleSpecifier);
      if (to) {
        return f.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, to, node.attributes);
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const to = literal(node.argument.literal as ts.Expression);
      if (to) {
        return f.updateImportTypeNode(
          node,
          f.updateLiteralTypeNode(node.argument, to),
          node.attributes,
          node.qualifier,
          node.typeArguments,
          node.isTypeOf,
        );
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (file) => ts.visitNode(file, visit) as ts.SourceFile | ts.Bundle;
};

/** The npm `exports` map: types first, the Node pool under the `node` condition (not for Deno). */
function exportsMap(entries: Record<string, string>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, source] of Object.entries(entries)) {
    const base = source.replace(/\.ts$/, "");
    out[name] = { types: `${base}.d.ts`, default: `${base}.js` };
  }
  const pool = out["./pool"];
  const nodePool = out["./pool/node"];
  // Deno (which also matches `node`) keeps its native web Workers: they need no heap limits there, as V8's
  // `resourceLimits` are a Node feature and Deno's `node:worker_threads` ignores them.
  if (pool && nodePool) {
    out["./pool"] = { types: pool.types!, deno: pool.default!, node: nodePool.default!, default: pool.default! };
  }
  return out;
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => path(ROOT),
    getNewLine: () => "\n",
  });
}

/** Refuses to clear a folder that holds anything but an earlier build of this package. */
function prepareOutDir(outDir: string, name: string) {
  let entries: string[];
  try {
    entries = [...Deno.readDirSync(outDir)].map((e) => e.name);
  } catch {
    entries = [];
  }
  if (entries.length > 0) {
    let ours = false;
    try {
      ours = JSON.parse(Deno.readTextFileSync(`${outDir}/package.json`)).name === name;
    } catch {
      ours = false;
    }
    if (!ours) {
      throw new BuildError(`${outDir} is not empty and is not an earlier build of ${name}; choose another --out`);
    }
    Deno.removeSync(outDir, { recursive: true });
  }
  Deno.mkdirSync(outDir, { recursive: true });
}

/** Every emitted module must import `.js` files only. */
function checkSpecifiers(outDir: string) {
  const bad: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(file);
      else if (/\.(js|d\.ts)$/.test(entry.name)) {
        const text = Deno.readTextFileSync(file).replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
        if (/(from\s*|import\(\s*|new URL\(\s*)["']\.\.?\/[^"']*\.ts["']/.test(text)) bad.push(file);
      }
    }
  };
  walk(outDir);
  if (bad.length > 0) throw new BuildError(`modules still reference .ts files: ${bad.join(", ")}`);
}

/**
 * Builds the package into `outDir` and returns the `package.json` written.
 *
 * @example
 * ```ts
 * import { buildNpm } from "./build_npm.ts";
 * const pkg = buildNpm("dist/npm");
 * console.log(pkg.name, pkg.version);
 * ```
 */
export function buildNpm(outDir: string): Record<string, unknown> {
  const deno = JSON.parse(Deno.readTextFileSync(new URL("deno.json", PARSER))) as DenoJson;
  const entries = Object.fromEntries(Object.entries(deno.exports).filter(([name]) => !(name in DENO_ONLY)));
  prepareOutDir(outDir, deno.name);

  // Node's types (for the Node pool) sit beside the compiler in Deno's npm cache: <registry>/@types/node/<version>.
  const typesDir = `${
    ts.getDefaultLibFilePath({}).replace(/\/typescript\/[^/]+\/lib\/[^/]+$/, "")
  }/@types/node/${nodeTypes.version}`;
  const roots = [...Object.values(entries), ...WORKERS].map((f) => path(new URL(f, PARSER)));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    // ES2023 is what Node 20 implements; DOM for the web-Worker pool (the emitted `.d.ts` need only Node's types).
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    declaration: true,
    skipLibCheck: true,
    rootDir: path(PARSER),
    outDir,
    newLine: ts.NewLineKind.LineFeed,
  };
  const program = ts.createProgram([...roots, `${typesDir}/index.d.ts`], options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new BuildError(`the parser does not compile:\n${formatDiagnostics(diagnostics)}`);
  const emitted = program.emit(undefined, undefined, undefined, false, {
    before: [rewriteModuleUrls],
    afterDeclarations: [rewriteDeclarationSpecifiers],
  });
  if (emitted.emitSkipped || emitted.diagnostics.length > 0) {
    throw new BuildError(`emit failed:\n${formatDiagnostics(emitted.diagnostics)}`);
  }
  checkSpecifiers(outDir);

  const pkg = {
    name: deno.name,
    version: deno.version,
    description: "StarCraft II replay parser: every game build, lazy sections, event iterators, summaries, a worker " +
      "pool and a replay writer. Pure ESM over Uint8Array for Node, browsers and Deno.",
    license: deno.license,
    type: "module",
    sideEffects: false,
    engines: { node: ">=20" },
    keywords: ["starcraft", "sc2", "replay", "parser", "mpq", "s2protocol"],
    main: "./mod.js",
    types: "./mod.d.ts",
    exports: exportsMap(entries),
  };
  Deno.writeTextFileSync(`${outDir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
  Deno.copyFileSync(new URL("README.md", PARSER), `${outDir}/README.md`);
  return pkg;
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { out: { type: "string", default: "dist/npm" } } });
  const outDir = values.out.startsWith("/") ? values.out : `${Deno.cwd()}/${values.out}`;
  try {
    const pkg = buildNpm(outDir);
    console.log(`${pkg.name}@${pkg.version} written to ${outDir} (npm pack there to make the tarball)`);
    for (const [name, why] of Object.entries(DENO_ONLY)) console.log(`left out: ${name} (${why})`);
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`build:npm: ${e.message}`);
    Deno.exit(1);
  }
}
