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
  'summary.directNote': 'I could not answer in the conversation where you asked, so the answer is here.',
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

  // ── error ──
  'error.generic.message': 'Something went wrong while fetching the call summary.',
  'error.generic.hint':
    'Try again in a moment; if it keeps happening, ask the admin to check the callsummary logs.',
  'error.what.summary_request': 'the summary request',
  'error.what.transcript_request': 'the transcript request',
  'error.what.ai_export': 'the AI transcription export',
  'error.what.export_download': 'the export download',
  'error.what.extension_list': 'the extension list',
  'error.what.extension_search': 'the extension search',
  'error.what.queue_list': 'the queue list',
  'error.what.ring_group_list': 'the ring group list',
  'error.what.system_information': 'the system information request',
  'error.what.login': 'the login (get_token)',
  'error.what.token_refresh': 'the token refresh',
  'error.what.token_revocation': 'the token revocation',
  'error.what.event_subscription': 'the event subscription',
  'error.leg_id.shape': 'YYYYMMDDhhmmss-XXXXX (for example {example})',
  'error.errcode': 'errcode {errcode}',
  'error.config_invalid.message': 'The configuration is incomplete or invalid:\n{problems}',
  'error.config_invalid.message_source': '{source} is invalid:\n{problems}',
  'error.config_invalid.problem': '  - {problem}',
  'error.config_invalid.hint':
    'Fix what is named above (see .env.example, routing.example.yml and access.example.yml).',
  'error.usage.hint.slack': 'Type `/callsummary help` for usage.',
  'error.usage.hint.cli': 'Run `callsummary help` for usage.',
  'error.bad_leg_id.message.empty': 'A leg id is needed; it looks like {shape}.',
  'error.bad_leg_id.message.call_time':
    '"{input}" is a call time without the rest of its leg id; a leg id looks like {shape}.',
  'error.bad_leg_id.message.other': '"{input}" is not a leg id; a leg id looks like {shape}.',
  'error.bad_leg_id.hint':
    'Copy it from the call record (CDR) or the call alert: the call time, a dash and five hex digits.',
  'error.no_such_extension.message': 'The PBX has no extension {extension}.',
  'error.no_such_extension.hint.slack': 'Check the number; `/callsummary me` lists your own calls.',
  'error.no_such_extension.hint.cli':
    'Check the number; `callsummary calls --user U…` lists a Slack member’s calls.',
  'error.outside_number.message.side':
    '{side, select, caller {The caller} callee {The callee} other {That party}} of {legId} is an outside number; only extensions have AI summaries.',
  'error.outside_number.message': 'That party is an outside number; only extensions have AI summaries.',
  'error.outside_number.hint': 'Ask for the other side of the call, which is an extension.',
  'error.party_unknown.message':
    'The PBX export has no call with leg id {legId}, so its extensions are unknown.',
  'error.party_unknown.hint.slack':
    'Give the side and the extension number too, e.g. `/callsummary {legId} callee 3202` if extension 3202 answered.',
  'error.party_unknown.hint.cli':
    'Give the side and the extension number too, e.g. `callsummary get {legId} callee --ext 3202` if extension 3202 answered.',
  'error.not_transcribed_yet.message':
    "{legId} is not in the PBX's AI transcription export yet, so its extensions are not known yet: a call enters it once its AI summary is written, a few minutes after the call ends.",
  'error.not_transcribed_yet.hint.slack':
    'Try again in a few minutes, or give the side and the extension number, e.g. `/callsummary {legId} callee 3202` if extension 3202 answered.',
  'error.not_transcribed_yet.hint.cli':
    'Try again in a few minutes, or give the side and the extension number, e.g. `callsummary get {legId} callee --ext 3202` if extension 3202 answered.',
  'error.no_summary.message': 'No AI summary for {legId}: {sides}.',
  'error.no_summary.side.outside':
    '{side, select, caller {the caller} callee {the callee} other {that party}} is an outside number',
  'error.no_summary.side.pending':
    '{side, select, caller {the caller} callee {the callee} other {that party}} has no summary yet',
  'error.no_summary.join': '{first}, {second}',
  'error.no_summary.hint':
    'Summaries appear a few minutes after the call ends, for extensions with AI call transcription; try again shortly.',
  'error.no_transcript.message': 'The PBX has no transcript for {legId} (yet).',
  'error.no_transcript.hint':
    'Transcripts are written with the summary, a few minutes after the call ends, for extensions with AI call transcription; try again shortly.',
  'error.pbx_unreachable.message.refused':
    'The PBX refused the connection for {what} (nothing answers at that address and port).',
  'error.pbx_unreachable.message.dns': "The PBX's host name could not be resolved for {what}.",
  'error.pbx_unreachable.message.tls': "The PBX's TLS certificate was not trusted for {what}.",
  'error.pbx_unreachable.message.network': 'The PBX could not be reached for {what}.',
  'error.pbx_unreachable.message.broken': 'The PBX connection broke during {what}.',
  'error.pbx_unreachable.message.http': 'The PBX failed to answer {what} (HTTP {status}).',
  'error.pbx_unreachable.message.errcode': 'The PBX failed to answer {what} ({errcode}).',
  'error.pbx_unreachable.hint.address':
    'Ask the admin to check YEASTAR_BASE_URL (host and port) and that the PBX is up.',
  'error.pbx_unreachable.hint.tls':
    "Ask the admin to check the PBX's certificate; an on-prem PBX with its own certificate needs YEASTAR_CA_FILE.",
  'error.pbx_unreachable.hint.network':
    'Try again in a minute; if it persists, ask the admin to check the network between the bot and the PBX.',
  'error.pbx_unreachable.hint.pbx': 'The PBX is having trouble; try again in a minute.',
  'error.pbx_timeout.message': 'The PBX did not answer {what} within {timeoutMs} ms.',
  'error.pbx_timeout.hint':
    'Try again in a minute; if it persists, ask the admin to check the PBX and the network (YEASTAR_TIMEOUT_MS).',
  'error.pbx_credentials_rejected.message':
    'The PBX rejected the API credentials (check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET).',
  'error.pbx_credentials_rejected.hint': 'Ask the admin to run `callsummary doctor`.',
  'error.pbx_ip_blocked.message.allowlist':
    "The PBX does not allow API requests from this IP address ({errcode}); add the bot's IP to the API's allowed IPs (Integrations > API) or the PBX's allowed IPs.",
  'error.pbx_ip_blocked.message.blocked':
    'The PBX has blocked this IP address ({errcode}), e.g. after 5 failed logins; an admin must remove it under Security > Security Rules > Blocked IPs.',
  'error.pbx_ip_blocked.hint':
    "Ask the admin to remove the bot's IP under Security > Security Rules > Blocked IPs on the PBX, then run `callsummary doctor`.",
  'error.pbx_ip_blocked.hint.doctor':
    "Ask the admin to remove the bot's IP under Security > Security Rules > Blocked IPs on the PBX.",
  'error.pbx_permission.message': 'The PBX API application lacks permission for {what} ({errcode}).',
  'error.pbx_permission.hint':
    'Ask the admin to grant the API application Extension and CDR/AI read permissions (PBX > Integrations > API).',
  'error.pbx_token_limit.message': 'The PBX holds too many API tokens for this application ({errcode}).',
  'error.pbx_token_limit.hint':
    'The PBX holds too many API tokens for this app; they expire within 30 minutes. Ask the admin to run `callsummary doctor`.',
  'error.pbx_token_limit.hint.doctor':
    'The PBX holds too many API tokens for this app; they expire within 30 minutes.',
  'error.pbx_busy.message': 'The PBX is busy with another export ({errcode}) and did not answer {what}.',
  'error.pbx_busy.message.waited':
    'The PBX is busy with another export ({errcode}) and did not answer {what}, even after {seconds} s of waiting.',
  'error.pbx_busy.hint': 'The PBX runs one export at a time; try again in a minute.',
  'error.pbx_api.message.version':
    'The PBX does not support the API version of {what} ({errcode}); AI summaries need API v2.0, which needs current PBX firmware with AI call transcription.',
  'error.pbx_api.message.disabled':
    'The PBX API is unavailable or disabled ({errcode}); enable it under Integrations > API on the PBX.',
  'error.pbx_api.message': 'The PBX refused {what} ({errcode}).',
  'error.pbx.try_again.hint':
    'Try again in a moment; if it keeps happening, ask the admin to run `callsummary doctor`.',
  'error.pbx.try_again.hint.doctor': 'Try again in a moment.',
  'error.pbx_bad_response.message.redirect':
    'The PBX answered {what} with a redirect (HTTP {status}); redirects are not followed because the token is in the URL. Check YEASTAR_BASE_URL.',
  'error.pbx_bad_response.message.html':
    "The PBX answered {what} with an HTML page (HTTP {status}), not the API's JSON; check YEASTAR_BASE_URL (the PBX's own address such as https://10.0.0.5:8088, or a proxy's path to it, without /openapi).",
  'error.pbx_bad_response.message.not_json':
    'The PBX answered {what} with something that is not JSON (HTTP {status}).',
  'error.pbx_bad_response.message.too_large':
    "The PBX answered {what} with more than {megabytes} MB, which is not an API answer; check YEASTAR_BASE_URL (the PBX's own address, or a proxy's path to it).",
  'error.pbx_bad_response.message.too_large_unknown':
    "The PBX answered {what} with too much, which is not an API answer; check YEASTAR_BASE_URL (the PBX's own address, or a proxy's path to it).",
  'error.pbx_bad_response.message.no_errcode': 'The PBX answered {what} without an errcode.',
  'error.pbx_bad_response.message.shape':
    "The PBX's answer to {what} did not have the expected shape: {detail}",
  'error.pbx_bad_response.message.shape_unknown':
    "The PBX's answer to {what} did not have the expected shape.",
  'error.pbx_bad_response.message.status': 'The PBX answered {what} with HTTP {status}.',
  'error.pbx_bad_response.message.export_not_list':
    'The PBX AI transcription export is not a JSON list of calls.',
  'error.pbx_bad_response.message.export_too_large':
    'The PBX export file is larger than {megabytes} MB; narrow YEASTAR_EXPORT_WINDOW_MINUTES.',
  'error.pbx_bad_response.message.export_too_large_unknown':
    'The PBX export file is too large; narrow YEASTAR_EXPORT_WINDOW_MINUTES.',
  'error.pbx_bad_response.message.link_not_url': 'The PBX gave a download link for {what} that is not a URL.',
  'error.pbx_bad_response.message.link_elsewhere':
    'The PBX gave a download link for {what} outside its own /api/download/ area; it was not followed.',
  'error.list_too_large.message':
    "The PBX's record of the calls in the last {period} is larger than {megabytes} MB, more than the app reads at once.",
  'error.list_too_large.message_unknown':
    "The PBX's record of the calls in the last {period} is too large, more than the app reads at once.",
  'error.list_too_large.hint.slack': 'Ask for a shorter period, e.g. `/callsummary 3202 24h`.',
  'error.list_too_large.hint.cli': 'Ask for a shorter period, e.g. `--days 1`.',
  'error.member_unmatched.message.no_email':
    'Slack has no email address for {userId}, so no extension can be matched to them.',
  'error.member_unmatched.message.no_scope':
    'The app may not read Slack profile emails (scopes users:read and users:read.email), so your extension is unknown.',
  'error.member_unmatched.message.no_extension':
    "No PBX extension has the email address of {userId}'s Slack profile.",
  'error.member_unmatched.message.no_directory':
    "The PBX's extension list could not be read, so no extension can be matched to you right now.",
  'error.member_unmatched.message.not_mapped':
    'USER_MAP_FILE does not name {userId} (and without SLACK_BOT_TOKEN no profile email can be read).',
  'error.member_unmatched.hint.no_directory': 'Try again in a minute.',
  'error.member_unmatched.hint.no_scope':
    'Ask the admin to add users:read and users:read.email (manifest.yml) and reinstall the app, or to add you to USER_MAP_FILE.',
  'error.member_unmatched.hint.slack':
    "Ask the PBX admin to set your Slack email on your extension, or the bot's admin to add you to USER_MAP_FILE. Meanwhile, ask by number: `/callsummary 3202`.",
  'error.member_unmatched.hint.cli':
    'Set the member in USER_MAP_FILE (`U0123ABCD: "3202"`) or give the extension instead.',
  'error.restarting.message': 'The bot is restarting, so it could not finish this.',
  'error.restarting.hint': 'Try again in a minute.',
  'error.access_refused.message.list': 'Sorry, you may not see the calls of extension {extension}.',
  'error.access_refused.message.transcript_leads':
    'Sorry, the transcript of call leg {legId} is for team leads and admins only.',
  'error.access_refused.message.transcript': 'Sorry, you may not read the transcript of call leg {legId}.',
  'error.access_refused.message.summary': 'Sorry, you may not see the summary of call leg {legId}.',
  'error.access_refused.hint':
    'You see the calls of your own extension, and of the teams you lead; ask your admin if you need to see more.',
  'error.not_allowed.message': 'Sorry, call summaries are not available to you here.',
  'error.not_allowed.hint':
    'Call summaries are restricted to some channels and people; ask your Slack admin if you need access.',
  'error.slack_token_rejected.message': 'Slack rejected {variable} ({slackError}).',
  'error.slack_token_rejected.hint.app_token':
    'Set SLACK_APP_TOKEN to an xapp- App-Level Token with connections:write (Basic Information > App-Level Tokens), then run `callsummary doctor`.',
  'error.slack_token_rejected.hint.app_token_doctor':
    'Set SLACK_APP_TOKEN to an xapp- App-Level Token with connections:write (Basic Information > App-Level Tokens).',
  'error.slack_token_rejected.hint.bot_token':
    'Set SLACK_BOT_TOKEN to the xoxb- Bot User OAuth Token under OAuth & Permissions (reinstall the app if it was revoked), then run `callsummary doctor`.',
  'error.slack_token_rejected.hint.bot_token_doctor':
    'Set SLACK_BOT_TOKEN to the xoxb- Bot User OAuth Token under OAuth & Permissions (reinstall the app if it was revoked).',
  'error.watch_refused.message.person_full':
    'You already have {limit} open "Notify me" requests, so I cannot watch this one too.',
  'error.watch_refused.message.person_full_unknown':
    'You already have the most open "Notify me" requests, so I cannot watch this one too.',
  'error.watch_refused.message.all_full':
    'I am already watching as many calls as I can for everyone, so I cannot watch this one.',
  'error.watch_refused.message.unavailable':
    'I cannot record that right now: the storage I keep requests in is not answering.',
  'error.watch_refused.hint.unavailable': 'Try again in a minute, or use Try again later.',
  'error.watch_refused.hint':
    'Each request ends when its summary arrives or after 24 hours; meanwhile, use Try again.',
  'error.slack.not_a_member.message':
    'I could not post in this conversation: the callsummary app is not a member of it.',
  'error.slack.not_a_member.hint':
    'Add the app to the channel (type `/invite @callsummary` there), then try again. Private channels, direct messages and group DMs need the app as a member.',
  'error.slack.rate_limited.message': 'Slack is limiting how fast the app may post right now.',
  'error.slack.rate_limited.hint': 'Try again in a minute.',
  'error.slack.token_revoked.message':
    "Slack rejected the app's token (it was revoked or the app uninstalled).",
  'error.slack.token_revoked.hint': 'Ask the admin to reinstall the app and run `callsummary doctor`.',
  'error.slack.trigger_expired.message':
    'Slack closed the window for opening the summary before the app could open it.',
  'error.slack.trigger_expired.hint':
    'Try the shortcut again. If it keeps happening, ask the admin to check that callsummary answers Slack quickly.',
  'error.slack.trigger_exchanged.hint': 'Try the shortcut again.',
  'error.slack.too_big.message': 'Slack refused the message as too large.',
  'error.slack.refused_message.message': 'Slack refused the message.',
  'error.slack.report.hint': 'Ask the admin to report it with the leg id.',
  'error.slack.transient.message': 'Slack could not take the request right now.',
  'error.slack.transient.hint': 'Try again in a moment.',
  'error.slack.archived.message': 'This channel is archived, so nothing can be posted in it.',
  'error.slack.archived.hint': 'Unarchive the channel or use the shortcut on a message in another one.',
  'error.slack.restricted_action.message': 'A workspace setting does not let the app post here.',
  'error.slack.restricted_action.hint': 'Ask your Slack admin who may post in this channel.',
  'error.slack.ekm_access_denied.message': 'Your Slack administrators have suspended posting for apps here.',
  'error.slack.ask_slack_admin.hint': 'Ask your Slack admin.',
  'error.slack.invalid_auth.message': "Slack rejected the app's token.",
  'error.slack.run_doctor.hint': 'Ask the admin to run `callsummary doctor`.',
  'error.slack.missing_scope.message': 'The app lacks a Slack permission it needs.',
  'error.slack.missing_scope.hint':
    'Ask the admin to reinstall the app from manifest.yml and run `callsummary doctor`.',
  'error.slack.team_access_not_granted.message': 'The app has no access to this workspace.',
  'error.slack.team_access_not_granted.hint': 'Ask your Slack admin to grant the app access.',
  'error.slack.expired_url.message':
    'This answer has expired (Slack lets an app answer one for 30 minutes, 5 times).',
  'error.slack.run_again.hint': 'Run `/callsummary` again.',
  'error.slack.untrusted_response_url.message': 'The app could not answer where Slack asked it to.',
  'error.slack.unknown.message': 'Slack refused the request ({error}).',
  'error.slack.unknown.hint':
    'Try again in a moment; if it keeps happening, ask the admin to check the callsummary logs.',
  'error.usage.query.not_a_query': '"{input}" is not a leg id, a phone number, an extension or a period.',
  'error.usage.query.not_a_period': '"{input}" is not a period like 24h or 7d.',
  'error.usage.query.period_range': 'A period is between 1h and {maxDays}d, not {input}.',
  'error.usage.query.not_a_side': '"{input}" is not a side (caller or callee) or an extension number.',
  'error.usage.query.not_an_extension': '"{input}" is not an extension number.',
  'error.usage.query.which_side':
    'Say which side extension {extension} is on: `/callsummary {legId} caller {extension}` or `/callsummary {legId} callee {extension}`.',
  // ── end error ──

  // ── cli ──
  'cli.one_line.separator': '; ',
  'cli.help.text':
    "callsummary — Yeastar AI call summaries in Slack\n\nUsage:\n  callsummary serve                                   run the Slack bot (npm start; the demo when nothing is configured)\n  callsummary demo [--port N]                         the bot against a local Slack page and the PBX simulator\n  callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]\n  callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]\n                                                      the calls of an outside number, an extension or a Slack member\n  callsummary transcript <leg-id> [--format text|json]\n                                                      a call's conversation: speaker, time into the call, text\n  callsummary render [file|-] [--surface message|modal]\n  callsummary doctor                                  check configuration, PBX and Slack\n  callsummary help\n\nExit status: 0 success, 1 the work failed, 2 usage.",
  'cli.unknown_command': 'unknown command "{command}"',
  'cli.usage_problem': '{problem}. {usage}',
  'cli.failure': '{message} {hint}',
  'cli.args.unknown_option': 'unknown option {flag}',
  'cli.args.takes_no_value': '{flag} takes no value',
  'cli.args.needs_value': '{flag} needs a value',
  'cli.args.unexpected': 'unexpected "{value}"',
  'cli.args.one_of': '{flag} is {choices}, not "{value}"',
  'cli.args.leg_id_needed': 'a leg id is needed',
  'cli.args.not_leg_id': '"{input}" is not a leg id; a leg id looks like {shape}',
  'cli.get.usage':
    'usage: callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]',
  'cli.get.ext_not_number': '--ext takes an extension number, not "{value}"',
  'cli.get.bad_side': 'the side is caller or callee, not "{value}"',
  'cli.get.heading': '{who} — {side, select, caller {caller} callee {callee} other {}} — leg {legId}',
  'cli.get.heading_at':
    '{who} — {side, select, caller {caller} callee {callee} other {}} — leg {legId} — {at}',
  'cli.get.who.named': '{name} ({extension})',
  'cli.get.who.extension': 'extension {extension}',
  'cli.get.who.unknown': 'unknown extension',
  'cli.transcript.usage': 'usage: callsummary transcript <leg-id> [--format text|json]',
  'cli.transcript.heading': 'Transcript of {legId}: {count, plural, one {# line} other {# lines}}',
  'cli.transcript.line': '{speaker}: {text}',
  'cli.transcript.cut': '(cut after {pages} pages)',
  'cli.calls.usage':
    'usage: callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]',
  'cli.calls.user_not_id': '--user takes a Slack member id (U… or W…), not "{value}"',
  'cli.calls.days_range': '--days is a whole number from 1 to {max}, not "{value}"',
  'cli.calls.not_both': 'give a number or extension, or --user, not both',
  'cli.calls.whose': 'say whose calls: a phone number, an extension or --user U…',
  'cli.calls.period_flag': 'say the period with --days, not "{value}"',
  'cli.calls.is_leg_id': '"{input}" is a leg id: callsummary get {input}',
  'cli.calls.period': '{days}d',
  'cli.calls.subject.extension': 'extension {extension}',
  'cli.calls.subject.extension_named': 'extension {extension} ({name})',
  'cli.calls.subject.member': "{member}'s {extension}",
  'cli.calls.none.number': 'No calls with {subject} in the last {period}.',
  'cli.calls.none.other': 'No calls of {subject} in the last {period}.',
  'cli.calls.heading.number': 'Calls with {subject}, last {period}: {count}, newest first',
  'cli.calls.heading.other': 'Calls of {subject}, last {period}: {count}, newest first',
  'cli.calls.times.pbx': "Times: the PBX's clock (YEASTAR_TIMEZONE names its time zone).",
  'cli.calls.times.zone': 'Times: {zone} time.',
  'cli.calls.direction': '{direction, select, internal {internal} in {in} out {out} other {}}',
  'cli.calls.side': '{side, select, caller {caller} callee {callee} other {}}',
  'cli.calls.party_named': '{name} ({number})',
  'cli.calls.no_summary': '(no summary yet)',
  'cli.render.usage': 'Usage: callsummary render [file|-] [--surface message|modal]',
  'cli.render.only_one_file': 'only one input file',
  'cli.render.cannot_read': 'cannot read {source} ({reason}); give a readable file or -',
  'cli.render.stdin': 'stdin',
  'cli.render.too_large': 'larger than {bytes} bytes',
  'cli.render.not_json': 'input looks like JSON but is not valid JSON ({reason})',
  'cli.render.not_summary_answer':
    'input is JSON but not a getaisummary answer (expected data.src or data.dst with a summary)',
  'cli.render.no_summary': 'the getaisummary answer holds no summary (neither data.src nor data.dst)',
  'cli.doctor.usage': 'usage: callsummary doctor',
  'cli.doctor.passed': 'passed  {what}',
  'cli.doctor.failed': 'FAILED  {what}',
  'cli.doctor.note': 'note    {what}',
  'cli.doctor.fix': '        fix: {fix}',
  'cli.doctor.configuration_pbx': 'configuration (PBX)',
  'cli.doctor.configuration': 'configuration',
  'cli.doctor.user_map': 'USER_MAP_FILE ({count, plural, one {# member} other {# members}})',
  'cli.doctor.no_access_file':
    'no ACCESS_FILE: everyone let in (ALLOWED_CHANNEL_IDS, ALLOWED_USER_IDS) sees every call, its summaries and its transcript',
  'cli.doctor.no_access_file.fix':
    "to let agents see their own calls and leads their team's, set ACCESS_FILE (docs/configuration.md)",
  'cli.doctor.access_file':
    'ACCESS_FILE ({teams, plural, one {# team} other {# teams}}, {admins, plural, one {# admin} other {# admins}}; members in no team see {sight, select, own {their own calls} none {no calls} other {every call}})',
  'cli.doctor.pbx_login': 'PBX login at {url}',
  'cli.doctor.extension_search': 'PBX extension search',
  'cli.doctor.extension_list': 'PBX extension list (the directory for finding calls)',
  'cli.doctor.slack_bot_token': 'Slack bot token',
  'cli.doctor.slack_bot_token.fix':
    'Set SLACK_BOT_TOKEN to the xoxb- token from your Slack app > OAuth & Permissions.',
  'cli.doctor.slack_verification': 'Slack request verification',
  'cli.doctor.slack_verification.fix':
    'Set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).',
  'cli.doctor.slack_auth': 'Slack auth.test (team {team}, bot {bot})',
  'cli.doctor.slack_auth_failed': 'Slack auth.test',
  'cli.doctor.slack_auth.fix': 'Slack answered "{code}": check SLACK_BOT_TOKEN (and SLACK_API_URL if set).',
  'cli.doctor.slack_scopes': 'Slack scopes ({scopes})',
  'cli.doctor.slack_scopes.none': 'none reported',
  'cli.doctor.slack_scopes.fix':
    'Add {missing} under OAuth & Permissions (or recreate the app from manifest.yml), then reinstall the app.',
  'cli.doctor.email_scopes': 'Slack scopes for "my calls" by email ({scopes})',
  'cli.doctor.email_scopes.lacking':
    '"my calls" and the Home tab cannot match members by email: the app lacks {scopes} (only USER_MAP_FILE matches them)',
  'cli.doctor.email_scopes.fix':
    'add {scopes} under OAuth & Permissions (manifest.yml has them), then reinstall the app.',
  'cli.doctor.clock': 'PBX clock (system/information)',
  'cli.doctor.clock.passed': '{what}: {format}, {offset}',
  'cli.doctor.clock.passed_firmware': '{what}: {format}, {offset}, firmware {firmware}',
  'cli.doctor.clock.no_offset': 'UTC offset not given',
  'cli.doctor.clock.no_format': 'no usable display format',
  'cli.doctor.clock.format': 'display format "{format}"',
  'cli.doctor.clock.carry_on':
    'the bot carries on with {format, select, configured {YEASTAR_TIME_FORMAT} other {the default time format until the PBX names its own}} and {zone, select, configured {YEASTAR_TIMEZONE} other {windows widened by every UTC offset}}',
  'cli.doctor.clock.zone.fix':
    "set YEASTAR_TIMEZONE to the PBX's time zone (System > Date and Time) so windows are exact.",
  'cli.doctor.clock.unsupported': '{what}: this PBX does not answer it (errcode 10001 {errmsg}); {carryOn}',
  'cli.doctor.clock.no_permission': '{what}: the API application may not read it ({errcode}); {carryOn}',
  'cli.doctor.clock.no_permission.fix':
    "grant the API application System read permission (PBX > Integrations > API), or set YEASTAR_TIMEZONE to the PBX's time zone (System > Date and Time) so windows are exact.",
  'cli.doctor.clock.no_permission.fix_keep':
    'grant the API application System read permission (PBX > Integrations > API), or keep YEASTAR_TIMEZONE.',
  'cli.doctor.clock.failed': '{what}: {message} {carryOn}',
  'cli.doctor.export': 'PBX AI transcription export (cdr/aidownload, the last minute)',
  'cli.doctor.export.empty': '{what}: answered, no transcribed call in it',
  'cli.doctor.export.rows': '{what}: {count, plural, one {# transcribed call} other {# transcribed calls}}',
  'cli.doctor.export.format_adopted':
    'the PBX refused export times written "{before}" and named its display format "{after}" (errcode 40002); the bot adopts it too, after one refused export',
  'cli.doctor.export.format_adopted.fix':
    "set YEASTAR_TIME_FORMAT={after}, or leave it unset: the bot reads the PBX's own format at start.",
  'cli.doctor.export.busy':
    '{what}: the PBX is busy with another export (errcode {errcode}); run doctor again in a minute.',
  'cli.doctor.export.no_permission':
    'The API application lacks the CDR/AI permission ({errcode}): on the PBX, Integrations > API > Permissions, grant CDR and AI call transcription read.',
  'cli.doctor.export.bad_times':
    "The PBX refused the export's times (errcode 40002 {errmsg}) without naming its format: set YEASTAR_TIME_FORMAT to the PBX's display format (System > Date and Time > Display Format), e.g. YYYY/MM/DD HH:mm:ss.",
  'cli.doctor.export.unsupported':
    'The PBX has no AI transcription export (errcode 10001): it needs API v2.0 and AI call transcription (current firmware, Enterprise or Ultimate plan).',
  'cli.doctor.fix_for': '{message} {hint}',
  'cli.serve.usage': 'usage: callsummary serve',
  'cli.serve.config_problem': '{message}\n{hint}',
  'cli.serve.signal_before_start': '{signal} before the start completed; stopping',
  'cli.serve.could_not_start': 'could not start: {reason}',
  'cli.serve.port_in_use':
    'port {port} is already in use. Stop what is using it, or set PORT to a free port.',
  'cli.serve.port_denied':
    'not allowed to listen on port {port}. Set PORT to a port above 1023, or run with the right to bind it.',
  'cli.calls.none_missing': '{none} {missing}',
  // ── end cli ──
} as const;

export type MessageKey = keyof typeof en;
/** Every catalogue has every key of the English one, and no other. */
export type Catalogue = { readonly [K in MessageKey]: string };
