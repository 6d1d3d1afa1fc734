/**
 * Links from Discord to the web site (`PUBLIC_URL`): a link button under `/profile` and match results, the
 * leaderboard's title (its five rows of controls leave no room for a button). Nothing changes without `PUBLIC_URL`.
 *
 * @module
 */
import { ButtonStyles, MessageComponentTypes } from "@discordeno/bot";
import type { MessageView } from "./ui.ts";

/**
 * The web path of a player's page.
 *
 * @example
 * ```ts
 * console.log(playerPath("Alice")); // "/players/Alice"
 * ```
 */
export function playerPath(mainId: string): string {
  return `/players/${encodeURIComponent(mainId)}`;
}

/**
 * `view` with one more row: a link button to `path` on the web site (unchanged without a public URL, or when the
 * message already has Discord's maximum of five rows).
 *
 * @example
 * ```ts
 * import { message } from "./ui.ts";
 * const profile = message({ title: "Alice", color: 0 });
 * const view = withWebLink(profile, "https://ladder.example.com", "/players/Alice", "Profile on the web");
 * ```
 */
export function withWebLink(
  view: MessageView,
  publicUrl: string | null | undefined,
  path: string,
  label: string,
): MessageView {
  const rows = view.components ?? [];
  if (!publicUrl || rows.length >= 5) return view;
  return {
    ...view,
    components: [...rows, {
      type: MessageComponentTypes.ActionRow,
      components: [{ type: MessageComponentTypes.Button, style: ButtonStyles.Link, label, url: `${publicUrl}${path}` }],
    }],
  };
}

/**
 * `view` whose first embed's title links to `path` on the web site (unchanged without a public URL).
 *
 * @example
 * ```ts
 * import { message } from "./ui.ts";
 * const view = withTitleLink(message({ title: "Leaderboard", color: 0 }), "https://ladder.example.com", "/leaderboard");
 * ```
 */
export function withTitleLink(view: MessageView, publicUrl: string | null | undefined, path: string): MessageView {
  const [first, ...rest] = view.embeds ?? [];
  if (!publicUrl || !first) return view;
  return { ...view, embeds: [{ ...first, url: `${publicUrl}${path}` }, ...rest] };
}
