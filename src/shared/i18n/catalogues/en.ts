/**
 * English: the catalogue every other is checked against (same keys, same arguments). ICU MessageFormat
 * (https://unicode-org.github.io/icu/userguide/format_parse/messages/): `{count, plural, one {…}
 * other {…}}`, `{side, select, caller {…} callee {…} other {…}}`. Slack mrkdwn (`*bold*`, `<url|text>`,
 * `<!date^…>`) passes through as written; a literal `{` is written `'{'`.
 *
 * Keys say where a text goes; a key ending in `.button`, `.title`, `.option`, `.placeholder` or
 * `.header` is held to that Block Kit element's limit by test/shared/i18n/catalogues.test.ts.
 * Sections are grouped by surface; keep each key in its section.
 */
export const en = {
  // ── common ──
  'common.duration.seconds': '{seconds}s',
  'common.duration.minutes': '{minutes}m {seconds}s',
  'common.duration.hours': '{hours}h {minutes}m',
  // ── end common ──
} as const;

export type MessageKey = keyof typeof en;
/** Every catalogue has every key of the English one, and no other. */
export type Catalogue = { readonly [K in MessageKey]: string };
