/**
 * Replays in a local directory (`DATA_DIR/replays` by default): `<dir>/<match id>/<sha256>.SC2Replay`. A file is
 * written to a temporary name and renamed, so a crash never leaves half a replay under its real name.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { checkKey, type ReplayStore, type StoredObject, StoreError } from "./replay_store.ts";

/**
 * A store over the directory `dir` (created on first write).
 *
 * @example
 * ```ts
 * import { localReplayStore } from "./local_replay_store.ts";
 * const store = localReplayStore("./data/replays");
 * await store.put("12/ab.SC2Replay", new Uint8Array([1, 2, 3]));
 * console.log(await store.get("12/ab.SC2Replay")); // Uint8Array [1, 2, 3]
 * ```
 */
export function localReplayStore(dir: string): ReplayStore {
  const path = (key: string) => join(dir, checkKey(key));
  const fail = (error: unknown, key: string): never => {
    if (error instanceof Deno.errors.NotFound) throw new StoreError("NOT_FOUND", `no stored replay ${key} in ${dir}`);
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new StoreError("DENIED", `cannot use ${dir}: permission denied (check DATA_DIR)`, { cause: error });
    }
    throw new StoreError("FAILED", `replay ${key} in ${dir}: ${(error as Error).message}`, { cause: error });
  };

  async function* walk(sub: string): AsyncGenerator<StoredObject> {
    let entries: Deno.DirEntry[];
    try {
      entries = [];
      for await (const entry of Deno.readDir(join(dir, sub))) entries.push(entry);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const key = sub === "" ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory) yield* walk(key);
      else if (entry.isFile && !entry.name.includes(".tmp-")) {
        yield { key, size: (await Deno.stat(join(dir, key))).size };
      }
    }
  }

  return {
    kind: "local",
    location: dir,
    async put(key, bytes) {
      const target = path(key);
      const temp = `${target}.tmp-${crypto.randomUUID()}`;
      try {
        await Deno.mkdir(dirname(target), { recursive: true });
        await Deno.writeFile(temp, bytes);
        await Deno.rename(temp, target);
      } catch (error) {
        await Deno.remove(temp).catch(() => {});
        fail(error, key);
      }
    },
    async get(key) {
      try {
        return await Deno.readFile(path(key));
      } catch (error) {
        return fail(error, key);
      }
    },
    async has(key) {
      try {
        return (await Deno.stat(path(key))).isFile;
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return false;
        return fail(error, key);
      }
    },
    async delete(key) {
      try {
        await Deno.remove(path(key));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) fail(error, key);
      }
      // Empty folders left behind go too (a folder with other files stays: remove refuses it).
      for (let folder = dirname(key); folder !== "."; folder = dirname(folder)) {
        if (!(await Deno.remove(join(dir, folder)).then(() => true, () => false))) break;
      }
    },
    list: () => walk(""),
    async check() {
      try {
        await Deno.mkdir(dir, { recursive: true });
      } catch (error) {
        fail(error, ".");
      }
    },
  };
}
