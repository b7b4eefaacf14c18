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
  'list.call.when': "<!date^{epoch}^'{date_short_pretty} at {time}'|{fallback} UTC>",
  'list.call.pbxClock': '{time} PBX time',
  'list.call.direction': '{direction, select, in {↙ in} other {↗ out}}',
  'list.call.directionInternal': '{direction, select, in {↙ in} other {↗ out}} (internal)',
  'list.call.unknownParty': 'unknown number',
  'list.call.partyExtension': 'extension {number}',
  'list.call.partyExtensionNamed': '{name} ({number})',
  'list.call.partyNamed': '{name} {number}',
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
    "Updated <!date^{epoch}^'{date_short_pretty} at {time}'|{fallback} UTC>; refreshed when you open this tab (at most once a minute). `/callsummary help` lists every way to ask.",
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
} as const;

export type MessageKey = keyof typeof en;
/** Every catalogue has every key of the English one, and no other. */
export type Catalogue = { readonly [K in MessageKey]: string };
