/**
 * The site's one stylesheet, inlined in every page (no extra request): system fonts with Korean fallbacks, light and
 * dark from `prefers-color-scheme`, tables that scroll inside their own box on narrow screens (down to 375 px).
 *
 * @module
 */
export const STYLES = `
:root { color-scheme: light dark; --bg: #fbfbfd; --fg: #16181d; --muted: #5b6270; --line: #d9dce3; --card: #ffffff;
  --accent: #1f5fbf; --win: #17803d; --loss: #b42318; --chart1: #1f5fbf; --chart2: #b45309; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111318; --fg: #e8eaef; --muted: #a3aab8; --line: #2c313b; --card: #181b22; --accent: #7fb0ff;
    --win: #5fd38a; --loss: #ff8a7a; --chart1: #7fb0ff; --chart2: #ffb46b; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif;
  word-break: keep-all; overflow-wrap: anywhere; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; top: 0; padding: .5rem; background: var(--card); }
.skip:focus { left: .5rem; z-index: 1; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
header.site { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .75rem 1rem; border-bottom: 1px solid var(--line); background: var(--card); }
header.site .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
header.site nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
header.site nav a[aria-current="page"] { font-weight: 700; text-decoration: none; }
.lang { display: flex; gap: .5rem; font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
footer { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: start; padding: .35rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: .9rem; }
td.num, th.num { text-align: end; }
caption { text-align: start; color: var(--muted); padding: .25rem 0; }
.won { color: var(--win); } .lost { color: var(--loss); }
.muted { color: var(--muted); }
.banner { padding: .75rem 1rem; border: 1px solid var(--line); border-radius: .5rem; background: var(--card); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; padding: .75rem; border: 1px solid var(--line);
  border-radius: .5rem; background: var(--card); }
form.filters label { display: flex; flex-direction: column; gap: .2rem; font-size: .9rem; }
form.filters fieldset { display: flex; flex-wrap: wrap; gap: .25rem .75rem; border: 0; margin: 0; padding: 0; }
form.filters legend { font-size: .9rem; padding: 0; margin-bottom: .2rem; }
form.filters label.check { flex-direction: row; align-items: center; gap: .4rem; }
input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: .35rem;
  padding: .3rem .5rem; max-width: 100%; }
button { background: var(--accent); color: var(--bg); border-color: var(--accent); cursor: pointer; }
nav.pages ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; }
nav.pages a, nav.pages span { display: inline-block; min-width: 2.2rem; text-align: center; padding: .2rem .4rem;
  border: 1px solid var(--line); border-radius: .35rem; text-decoration: none; }
nav.pages [aria-current="page"] { background: var(--accent); color: var(--bg); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.card { padding: 1rem; border: 1px solid var(--line); border-radius: .5rem; background: var(--card); }
.card .big { font-size: 2rem; font-weight: 700; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
figure.chart { margin: 0 0 1rem; } figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart figcaption { color: var(--muted); font-size: .9rem; }
svg .axis { stroke: var(--muted); stroke-width: 1; } svg .grid { stroke: var(--line); stroke-width: 1; }
svg text { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg .line { fill: none; stroke: var(--chart1); stroke-width: 2; } svg .pt { fill: var(--chart1); }
.flag { font-family: "Twemoji Country Flags", "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif; }
`;
