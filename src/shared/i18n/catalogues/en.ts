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

  // ── context ──
  'context.direction':
    '{direction, select, in {Incoming call} out {Outgoing call} internal {Internal call} other {Call}}',
  'context.headline': '{direction} · {caller} → {callee}',
  'context.party.unknown': 'unknown',
  'context.party.extension': 'extension {number}',
  'context.party.namedExtension': '{name} ({number})',
  'context.party.named': '{name} {number}',
  'context.who.unknown': 'unknown extension',
  'context.separator': ' · ',
  'context.talked': 'talked {duration}',
  'context.side': '{side, select, caller {caller side} callee {callee side} other {}}',
  'context.leg': 'leg `{legId}`',
  'context.brief': '{line} — {point}',
  'context.pbxTime': '{when} PBX time',
  'context.date.format': "'{date_short_pretty}' at '{time}'",
  'context.date.fallback': '{when} UTC',
  // ── end context ──

  // ── summary ──
  'summary.header':
    '{side, select, caller {Call summary · {who} · caller} callee {Call summary · {who} · callee} other {Call summary · {who}}}',
  'summary.unattributed.header': 'Call summary',
  'summary.context.leg': 'Leg `{legId}`',
  'summary.shortened':
    '_… This summary was shortened to fit in Slack; the full text is in the call record on the PBX._',
  'summary.emptySection': '(none)',
  'summary.empty': '(The summary is empty.)',
  'summary.fallback.for': 'Call summary for {who}, {side, select, caller {caller} callee {callee} other {}}',
  'summary.fallback.point': '{head}: {point}',
  'summary.fit.omitted':
    '_… {count, plural, =0 {the rest} other {# more}} not shown: this was too long for one Slack {surface, select, modal {view} other {message}}._',
  'summary.share.button': 'Share in channel',
  'summary.showSide.button':
    '{side, select, caller {Show caller} callee {Show callee} other {Show other side}}',
  'summary.refresh.button': 'Refresh',
  'summary.transcript.button': 'Transcript',
  'summary.retry.button': 'Try again',
  'summary.notify.button': 'Notify me',
  'summary.updatedSinceLooked': ':pencil2: Updated since you last looked.',
  'summary.checked':
    '{outcome, select, updated {:arrows_counterclockwise: Checked at {time}: updated.} other {:white_check_mark: Checked at {time}: unchanged.}}',
  'summary.checked.text':
    '{outcome, select, updated {Checked at {time} UTC: updated.} other {Checked at {time} UTC: unchanged.}}',
  'summary.checked.withAnswer': '{checked} {answer}',
  'summary.time.fallback': '{time} UTC',
  'summary.sharedBy': 'Shared by {user}',
  'summary.outside.group':
    "The {side, select, caller {caller} callee {callee} other {}} of call leg {legId} is {group}, not an extension: its summary is the agent's. Give the agent's extension number after `{keyword}` to read it.",
  'summary.outside.number':
    'The {side, select, caller {caller} callee {callee} other {}} of call leg {legId} is an outside number; only extensions have AI summaries.',
  'summary.noExtension':
    'Neither party of call leg {legId} is an extension; only extensions have AI summaries.',
  'summary.group': '{kind, select, queue {queue {number}} other {ring group {number}}}',
  'summary.group.named':
    '{kind, select, queue {queue {number} ({name})} other {ring group {number} ({name})}}',
  'summary.none.who.sideExtension':
    'the {side, select, caller {caller} callee {callee} other {}} (extension {extension})',
  'summary.none.who.side': 'the {side, select, caller {caller} callee {callee} other {}}',
  'summary.none.who.extension': 'extension {extension}',
  'summary.none.recent':
    'No AI summary yet for {who} on call leg {legId}. Summaries arrive a few minutes after the call ends.',
  'summary.none.old':
    'There is no AI summary for {who} on call leg {legId}. The PBX writes one only when AI call transcription is on for the extension, so it may have none for this call.',
  'summary.error': ':warning: {message}',
  'summary.error.text': '{message} {hint}',
  'summary.noLegId':
    'I found no call in that message: no leg id (it looks like {shape}), no CDR uid, and no phone or extension number. You can also run `/callsummary` with a leg id or a number.',
  'summary.shared.here': 'Shared in the conversation you asked from.',
  'summary.shared.prefix': 'Shared:',
  'summary.shared.text': 'Shared: {links}',
  'summary.shared.link': 'see the post',
  'summary.shared.linkNumbered': 'post {n}',
  'summary.shared.separator': ', ',
  'summary.refused.note':
    "{sides, select, caller {:lock: The caller's side of this call is not shown: it is not one of the calls you may see.} callee {:lock: The callee's side of this call is not shown: it is not one of the calls you may see.} other {:lock: Neither side of this call is shown: they are not among the calls you may see.}}",
  'summary.refused.text':
    "{sides, select, caller {The caller's side of this call is not shown.} callee {The callee's side of this call is not shown.} other {Neither side of this call is shown.}}",
  'summary.chooseOne': 'Choose the summary to post in the thread.',
  'summary.alreadyPosted':
    'The {side, select, caller {caller} callee {callee} other {}} summary of {legId} is already in this thread.',
  'summary.outOfDate.command': 'This button is out of date; run /callsummary again.',
  'summary.outOfDate.open': 'This button is out of date; open the call again.',
  'summary.modal.title': 'Call summary',
  'summary.close.button': 'Close',
  'summary.post.button': 'Post in thread',
  'summary.loading': ':hourglass_flowing_sand: Looking up the call summary…',
  'summary.noCall.uid':
    'The PBX has no call with the CDR uid {uid} (yet): its summary may still be being written.',
  'summary.noCall.party':
    'I found no call of {party} within {minutes, plural, one {# minute} other {# minutes}} of this message. Its calls: `/callsummary {party}`.',
  'summary.choice.label': 'Which summary to post in the thread',
  'summary.choice.option': '{who}, {side, select, caller {caller} callee {callee} other {}} · {when}',
  'summary.threadHead':
    ':telephone_receiver: *Calls with {who}* · {count, plural, one {# call} other {# calls}}',
  'summary.threadHead.last':
    ':telephone_receiver: *Calls with {who}* · {count, plural, one {# call} other {# calls}}, last {when}',
  'summary.threadHead.text': 'Calls with {who} · {count, plural, one {# call} other {# calls}}',
  // ── end summary ──

  // ── help ──
  'help.usage': '*Usage:* `/callsummary …`',
  'help.form.leg': '• `<leg-id> [caller|callee] [extension]` — the summary of one call leg',
  'help.form.number': '• `+1 415 555 0123` or `4155550123` — the calls with that outside number',
  'help.form.extension': '• `3202` — the calls of extension 3202',
  'help.form.me': '• `me` (or nothing) — your own calls',
  'help.form.period': '• a period at the end (`24h`, `7d`, up to `{max}d`) — how far back a list looks',
  'help.form.help': '• `help` — this list',
  'help.legIdShape': 'YYYYMMDDhhmmss-XXXXX (for example {example})',
  'help.sides':
    'A leg id looks like {shape}. `caller` (or `src`, `from`) and `callee` (or `dst`, `to`) choose a side; without one you get every side that has a summary. Give the extension number when the PBX cannot tell who was on that side.',
  // ── end help ──
} as const;

export type MessageKey = keyof typeof en;
/** Every catalogue has every key of the English one, and no other. */
export type Catalogue = { readonly [K in MessageKey]: string };
