/**
 * A rating-history chart as server-rendered SVG: time on the x axis (dated ticks), rating on the y axis (round
 * ticks), a line through one point per rated match, and a hover title on every point. No script.
 *
 * @module
 */
import { html, raw } from "hono/html";
import type { Html } from "./web_format.ts";
import { utcDate } from "./web_format.ts";

/** One point: the rating after a match. */
export interface ChartPoint {
  readonly at: Date;
  readonly rating: number;
  /** The point's hover text. */
  readonly title: string;
}

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeText = (text: string) => text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);

const W = 640;
const H = 240;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/**
 * Round tick values covering `[min, max]` (about `count` of them).
 *
 * @example
 * ```ts
 * console.log(niceTicks(1432, 1611, 4)); // [1400, 1450, 1500, 1550, 1600, 1650]
 * ```
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = Math.max(1, max - min);
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 0.999; v += step) ticks.push(Math.round(v));
  return ticks;
}

/**
 * The chart. `label` names it for assistive technology (`<title>` of the SVG).
 *
 * @example
 * ```ts
 * const svg = ratingChart("BW Zerg", [{ at: new Date("2026-01-01"), rating: 1520, title: "2026-01-01: 1520" }]);
 * ```
 */
export function ratingChart(label: string, points: readonly ChartPoint[]): Html {
  const ratings = points.map((p) => p.rating);
  const ticksY = niceTicks(Math.min(...ratings), Math.max(...ratings), 4);
  const y0 = ticksY[0]!;
  const y1 = ticksY.at(-1)! === y0 ? y0 + 1 : ticksY.at(-1)!;
  const times = points.map((p) => p.at.getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  // Matches at one instant (or a single match) spread evenly instead of stacking.
  const x = (i: number) =>
    PAD.left +
    (t1 > t0
      ? ((times[i]! - t0) / (t1 - t0)) * plotW
      : points.length > 1
      ? (i / (points.length - 1)) * plotW
      : plotW / 2);
  const y = (rating: number) => PAD.top + plotH - ((rating - y0) / (y1 - y0)) * plotH;
  const fmt = (n: number) => n.toFixed(1);
  const line = points.map((p, i) => `${fmt(x(i))},${fmt(y(p.rating))}`).join(" ");
  // One string for the points (thousands for a busy player) instead of a template each; titles escaped here.
  const dots = points.map((p, i) =>
    `<circle class="pt" cx="${fmt(x(i))}" cy="${fmt(y(p.rating))}" r="3"><title>${escapeText(p.title)}</title></circle>`
  ).join("");
  const dateTicks = t1 > t0 ? [0, 1, 2, 3].map((k) => t0 + ((t1 - t0) * k) / 3) : [t0];
  const gridY = ticksY.map((v) =>
    raw(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}"/>` +
        `<text x="${PAD.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${v}</text>`,
    )
  );
  const gridX = dateTicks.map((t) => {
    const at = t1 > t0 ? PAD.left + ((t - t0) / (t1 - t0)) * plotW : PAD.left + plotW / 2;
    const anchor = at < PAD.left + 30 ? "start" : at > W - PAD.right - 30 ? "end" : "middle";
    return raw(
      `<line class="axis" x1="${fmt(at)}" x2="${fmt(at)}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom + 4}"/>` +
        `<text x="${fmt(at)}" y="${H - 8}" text-anchor="${anchor}">${utcDate(new Date(t))}</text>`,
    );
  });
  return html`
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}" data-points="${points.length}"
      xmlns="http://www.w3.org/2000/svg">
    <title>${label}</title>
    ${gridY}
    <line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>
    <line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>
    ${gridX}
    <polyline class="line" points="${line}"/>
    ${raw(dots)}
    </svg>
  `;
}
