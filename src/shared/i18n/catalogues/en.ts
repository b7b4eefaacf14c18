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

  // ── post ──
  'post.updated.note': ':pencil2: Updated {when} — the PBX re-wrote this summary.',
  'post.shared.by': 'Shared by <@{userId}>',
  // ── end post ──

  // ── notify ──
  'notify.watching':
    "I'll send it to you here when it's ready — usually within a few minutes; I stop watching after 24 hours.",
  'notify.already': "I'm already watching this one for you; I'll send it to you here when it's ready.",
  'notify.which': 'Call leg `{legId}`{side, select, caller {, caller} callee {, callee} other {}}',
  'notify.confirmation.text': '{text} ({which})',
  'notify.stale': 'This button is out of date; run /callsummary again.',
  'notify.ready.note': 'The summary you asked me to watch for is ready.',
  'notify.mine.note': 'A summary of your call. (You asked for these on the Home tab; switch it off there.)',
  'notify.share.button': 'Share in channel',
  'notify.ended.outside':
    'I stopped watching call leg {legId}: its {side, select, caller {caller} other {callee}} is an outside number, and only extensions have AI summaries, so none will come.',
  'notify.ended.failing': 'I stopped watching call leg {legId} for its summary:',
  // ── end notify ──

  // ── demo ──
  'demo.language.option': 'English',
  // ── end demo ──
} as const;

export type MessageKey = keyof typeof en;
/** Every catalogue has every key of the English one, and no other. */
export type Catalogue = { readonly [K in MessageKey]: string };
