/**
 * The frame of every page: language, title, the inline stylesheet, the site header with navigation and the
 * language switch, the main content and the footer.
 *
 * @module
 */
import { html, raw } from "hono/html";
import type { Locale, Translator } from "../i18n/catalog.ts";
import { STYLES } from "./styles.ts";
import type { Html } from "./web_format.ts";

/** What every page knows about its request. */
export interface PageContext {
  readonly t: Translator;
  readonly locale: Locale;
  /** The request's URL (the language switch keeps its path and query). */
  readonly url: URL;
}

/** Which navigation entry a page belongs to. */
export type NavEntry = "home" | "leaderboard" | "season" | null;

/** The icon, inline (no extra request): a white "E" on the accent colour. */
const FAVICON = "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f5fbf"/>' +
      '<path d="M5 3h7v2H7.5v2H11v2H7.5v2H12v2H5z" fill="#fff"/></svg>',
  );

const LANGUAGES: readonly { locale: Locale; name: string }[] = [
  { locale: "en", name: "English" },
  { locale: "ko", name: "한국어" },
];

/**
 * This page's URL in another language (`lang` replaced).
 *
 * @example
 * ```ts
 * console.log(withLang(new URL("http://x/leaderboard?page=2"), "ko")); // "/leaderboard?page=2&lang=ko"
 * ```
 */
export function withLang(url: URL, locale: Locale): string {
  const params = new URLSearchParams(url.search);
  params.set("lang", locale);
  return `${url.pathname}?${params}`;
}

/**
 * A whole page.
 *
 * @example
 * ```ts
 * import { html } from "hono/html";
 * declare const ctx: PageContext;
 * const page = layout(ctx, { title: "Leaderboard", nav: "leaderboard", body: html`<p>…</p>` });
 * ```
 */
export function layout(ctx: PageContext, page: { title: string; nav: NavEntry; body: Html }): Html {
  const { t } = ctx;
  const item = (entry: Exclude<NavEntry, null>, href: string, label: string) =>
    html`<li><a href="${href}"${raw(page.nav === entry ? ' aria-current="page"' : "")}>${label}</a></li>`;
  return html`
    <!doctype html>
    <html lang="${ctx.locale}">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <link rel="icon" href="${raw(FAVICON)}">
        <title>${page.title} · ${t("web.siteName")}</title>
        <style>${raw(STYLES)}</style>
      </head>
      <body>
        <a class="skip" href="#main">${t("web.skip")}</a>
        <header class="site">
          <a class="brand" href="/">${t("web.siteName")}</a>
          <nav aria-label="${t("web.nav.main")}">
            <ul>
            ${item("home", "/", t("web.nav.home"))}
            ${item("leaderboard", "/leaderboard", t("web.nav.leaderboard"))}
            ${item("season", "/season", t("web.nav.season"))}
                    </ul>
          </nav>
          <div class="lang" role="group" aria-label="${t("web.lang.label")}">
            ${LANGUAGES.map((l) =>
              l.locale === ctx.locale
                ? html`<strong lang="${l.locale}" aria-current="true">${l.name}</strong>`
                : html`<a lang="${l.locale}" hreflang="${l.locale}" href="${withLang(ctx.url, l.locale)}">${l.name}</a>`
            )}
                  </div>
        </header>
        <main id="main">
            <h1>${page.title}</h1>
            ${page.body}
                </main>
        <footer>
          <p>${t("web.footer")}</p>
        </footer>
      </body>
    </html>
  `;
}
