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

  // ── list ──
  'list.period':
    '{unit, select, d {{amount, plural, one {day} other {# days}}} other {{amount, plural, one {hour} other {# hours}}}}',
  'list.subject.extension': 'extension {extension}',
  'list.subject.extensionNamed': 'extension {extension} ({name})',
  'list.heading.number':
    '*Calls with {who}*, last {period}: {first}–{last} {complete, select, yes {of {total}} other {of more}}, newest first',
  'list.heading.mine':
    '*Your calls, {who}*, last {period}: {first}–{last} {complete, select, yes {of {total}} other {of more}}, newest first',
  'list.heading.extension':
    '*Calls of {who}*, last {period}: {first}–{last} {complete, select, yes {of {total}} other {of more}}, newest first',
  'list.empty.number': 'No calls with {who} in the last {period}.',
  'list.empty.mine': 'No calls of yours, {who}, in the last {period}.',
  'list.empty.extension': 'No calls of {who} in the last {period}.',
  'list.empty.hint':
    'Only calls the PBX has transcribed are listed. A longer period looks further back: `/callsummary {query} {days}d`.',
  'list.empty.hintLongest':
    'Only calls the PBX has transcribed are listed, and {days} days is as far back as a list looks.',
  'list.pbxClockNote': 'Times are the PBX clock (set YEASTAR_TIMEZONE to show them in your time zone).',
  'list.newer.button': 'Newer',
  'list.older.button': 'Older',
  'list.summary.button': 'Summary',
  'list.call.direction': '{direction, select, in {↙ in} other {↗ out}}',
  'list.call.directionInternal': '{direction, select, in {↙ in} other {↗ out}} (internal)',
  'list.call.unknownParty': 'unknown number',
  'list.call.line': '{when} · {direction} · {party}',
  'list.call.lineTalked': '{when} · {direction} · {party} · {duration}',
  'list.call.noSummary': '_No summary yet._',
  'list.outOfDate': 'This button is out of date; run /callsummary again.',
  'list.outOfDateTab': 'This button is out of date; open the tab again.',
  'list.summary.title': 'Call summary',
  'list.summary.loading': ':hourglass_flowing_sand: Looking up the call summary…',
  'list.modal.close.button': 'Close',
  // ── end list ──

  // ── transcript ──
  'transcript.title': 'Transcript',
  'transcript.loading': ':hourglass_flowing_sand: Fetching the transcript…',
  'transcript.heading': 'Call leg `{legId}` · page {page}',
  'transcript.none':
    'The PBX has no transcript for this call (yet). Transcripts are written with the summary, a few minutes after the call.',
  'transcript.noMore': 'No more lines.',
  'transcript.speaker':
    '*{speaker}*{hasNumber, select, yes { {number}} other {}}{hasAt, select, yes { · {at}} other {}}',
  'transcript.unknownSpeaker': 'Unknown speaker',
  'transcript.silence': '_(silence)_',
  'transcript.cut': 'Long lines are shortened here; `callsummary transcript {legId}` prints them whole.',
  'transcript.previous.button': 'Previous',
  'transcript.next.button': 'Next',
  'transcript.close.button': 'Close',
  'transcript.outOfDate': 'This button is out of date; open the transcript again.',
  // ── end transcript ──

  // ── home ──
  'home.header': 'Call summaries',
  'home.none':
    'Meanwhile, any extension or number can be looked up: `/callsummary 3202`, `/callsummary +14155550123`.',
  'home.updated':
    'Updated {when}; refreshed when you open this tab (at most once a minute). `/callsummary help` lists every way to ask.',
  'home.dmMine.on':
    "*Summaries of your calls:* on. Each summary of your side of a call comes to you here, in the app's Messages, when the PBX has written it.",
  'home.dmMine.off':
    "*Summaries of your calls:* off. Switch it on to get each summary of your side of a call in the app's Messages, when the PBX has written it.",
  'home.dmMine.stop.button': 'Stop sending them',
  'home.dmMine.start.button': 'Send me the summaries of my calls',
  'home.match':
    "Your Slack account is matched to extension *{extension}*{named, select, yes { ({name})} other {}}, {via, select, email {by your Slack email address} other {by the bot's member list (USER_MAP_FILE)}}.",
  'home.failure': ':warning: {message}',
  'home.status.heading': '*Status* (for admins)',
  'home.status.pbx':
    'PBX: {state, select, answering {answering} failing {*its last request failed* (`callsummary doctor` says why)} other {not asked yet}}',
  'home.status.posting':
    'Automatic posting: {state, select, webhook {on, by webhook} websocket {on, by WebSocket} other {off (no YEASTAR_WEBHOOK_SECRET or YEASTAR_WEBSOCKET)}}',
  'home.status.cache':
    'Cache: {kind, select, redis {Redis} other {memory}}{healthy, select, yes {} other { (not answering: answers come straight from the PBX)}}',
  'home.status.directory':
    'Extension directory: {state, select, loaded {{size, plural, one {# extension} other {# extensions}}} loading {loading} other {could not be read (names and "my calls" by email are off until it is)}}',
  'home.status.emails':
    'Matching members by Slack email: {state, select, on {on} other {off: the app lacks the scopes users:read and users:read.email (reinstall it from manifest.yml)}}',
  'home.status.accessOpen': 'Who sees which calls: *everyone let in sees every call* (no ACCESS_FILE)',
  'home.status.accessRules':
    'Who sees which calls: by ACCESS_FILE: {teams, plural, one {# team} other {# teams}}, {admins, plural, one {# admin} other {# admins}}; members in no team see {others, select, own {their own calls} none {no calls} other {every call}}; {transcripts, select, leads {transcripts for leads and admins} other {transcripts with the call}}',
  // ── end home ──

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
