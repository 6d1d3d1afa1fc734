/**
 * Browser example: decode a dropped replay client-side and show its summary. Bundle with
 * `deno bundle --platform=browser parser/examples/browser/main.ts -o parser/examples/browser/app.js`, then serve this
 * folder. `?replay=URL` loads a replay without dropping one (used by the headless-browser test).
 *
 * @module
 */
/// <reference lib="dom" />
import { openReplay, ReplayError, type ReplaySummary, summarize } from "../../mod.ts";

const output = document.getElementById("summary")!;
const status = document.getElementById("status")!;

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function render(summary: ReplaySummary, ms: number): void {
  output.replaceChildren();
  const title = document.createElement("h2");
  title.textContent = `${summary.map.title} (${summary.version})`;
  const when = document.createElement("p");
  when.textContent = `${summary.startTime} · ${Math.round(summary.lengthSeconds)} s · ${summary.gameSpeed}`;
  const table = document.createElement("table");
  table.id = "players";
  for (const p of summary.players) {
    const row = document.createElement("tr");
    row.append(cell(p.name), cell(p.race), cell(p.result), cell(p.toonHandle));
    table.append(row);
  }
  output.append(title, when, table);
  status.textContent = `decoded in ${ms.toFixed(1)} ms`;
  document.body.dataset.state = "done";
}

function decode(bytes: Uint8Array): void {
  const start = performance.now();
  try {
    render(summarize(openReplay(bytes)), performance.now() - start);
  } catch (e) {
    status.textContent = e instanceof ReplayError ? `${e.code}: ${e.message}` : String(e);
    document.body.dataset.state = "error";
  }
}

document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", async (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file) decode(new Uint8Array(await file.arrayBuffer()));
});
const input = document.getElementById("file") as HTMLInputElement;
input.addEventListener("change", async () => {
  const file = input.files?.[0];
  if (file) decode(new Uint8Array(await file.arrayBuffer()));
});
const url = new URLSearchParams(location.search).get("replay");
if (url) fetch(url).then((r) => r.arrayBuffer()).then((b) => decode(new Uint8Array(b)));
