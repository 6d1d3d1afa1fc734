/**
 * The worker side of {@link ../tools/replay_maker.ts}: opens the base replay once, then builds each fixture replay it
 * is asked for and sends the bytes back (transferred, not copied).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { openReplay } from "../parser/mod.ts";
import { type FixtureSpec, makeFixtureReplay } from "../parser/src/writer/fixtures.ts";

let base: ReturnType<typeof openReplay> | null = null;

self.onmessage = (event: MessageEvent<{ id: number; base?: Uint8Array; spec?: FixtureSpec }>) => {
  const { id, spec } = event.data;
  try {
    if (event.data.base) base = openReplay(event.data.base);
    if (!spec) return self.postMessage({ id, bytes: null });
    if (!base) throw new Error("no base replay");
    const bytes = makeFixtureReplay(base, { ...spec, ...(spec.endTime ? { endTime: new Date(spec.endTime) } : {}) });
    self.postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
