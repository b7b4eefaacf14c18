import { loadConfig, readEnvironment } from '../compose/config.js';
import { openOneShotCore } from '../compose/core.js';
import { assertNever } from '../shared/assert-never.js';
import { CallSummaryError } from '../shared/errors.js';
import type { Words } from '../shared/i18n/index.js';
import { createLogger } from '../shared/log.js';
import { isUserId } from '../shared/slack-ids.js';
import type { CallListPage, ListedCall, ListParty } from '../use-case/finding/call-lists.js';
import { MAX_PERIOD_DAYS, type Period, parseCallQuery } from '../use-case/model/call-query.js';
import type { EmailLookup } from '../use-case/ports.js';
import { type CliIo, oneOf, processIo, readCommandLine, runOneShot, usage } from './args.js';
import { callsAsJson, callsAsText, type Subject } from './calls-output.js';
import { cliWords } from './words.js';

/**
 * `callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]`: the calls
 * of an outside number, of an extension, or of a Slack member's extension, over the last N days
 * (RECENT_DAYS by default), newest first, through the use case the bot's lists use (one AI export,
 * cached like the bot's). Exit 0 with the list, or with a line saying there were no calls and for
 * which period; 1 the work failed (one line on stderr); 2 usage or configuration.
 */

const callsUsage = (words: Words) => words.t('cli.calls.usage');

export type CallsFormat = 'text' | 'json' | 'blocks';

export type CallsWho =
  | { readonly kind: 'party'; readonly party: ListParty; readonly typed: string }
  | { readonly kind: 'user'; readonly userId: string };

export interface CallsArgs {
  readonly who: CallsWho;
  /** Undefined: RECENT_DAYS. */
  readonly days: number | undefined;
  readonly format: CallsFormat;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
export function parseCallsArgs(argv: readonly string[], words: Words): CallsArgs {
  // `-5` is an unknown option here: a number may be typed `+1 415-555-0123`, never starting with `-`.
  const { values, positionals } = readCommandLine(
    argv,
    { user: { type: 'string' }, days: { type: 'string' }, format: { type: 'string' } },
    words,
  );
  const userId = values.user?.trim();
  if (userId !== undefined && !isUserId(userId))
    throw usage(words.t('cli.calls.user_not_id', { value: userId.slice(0, 20) }));
  let days: number | undefined;
  if (values.days !== undefined) {
    const v = values.days.trim();
    const n = /^\d{1,4}$/.test(v) ? Number(v) : Number.NaN;
    if (!(n >= 1 && n <= MAX_PERIOD_DAYS))
      throw usage(words.t('cli.calls.days_range', { max: String(MAX_PERIOD_DAYS), value: v.slice(0, 20) }));
    days = n;
  }
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json', 'blocks'], words);
  if (userId !== undefined) {
    if (positionals.length > 0) throw usage(words.t('cli.calls.not_both'));
    return { who: { kind: 'user', userId }, days, format };
  }
  if (positionals.length === 0) throw usage(words.t('cli.calls.whose'));
  const typed = positionals.join(' ');
  const last = positionals.at(-1)!;
  if (/^\d+[hd]$/i.test(last)) throw usage(words.t('cli.calls.period_flag', { value: last.slice(0, 20) }));
  // The command's own parser: the same numbers and extensions `/callsummary` takes.
  const query = parseCallQuery(typed, { defaultDays: 1 });
  switch (query.kind) {
    case 'calls':
      switch (query.party.kind) {
        case 'number':
          return { who: { kind: 'party', party: query.party, typed }, days, format };
        case 'extension':
          return { who: { kind: 'party', party: query.party, typed }, days, format };
        case 'me':
          throw usage(words.t('cli.calls.whose'));
        default:
          return assertNever(query.party, 'party');
      }
    case 'leg':
      throw usage(words.t('cli.calls.is_leg_id', { input: typed.slice(0, 30) }));
    case 'help':
      throw usage(words.t('cli.calls.whose'));
    default:
      return assertNever(query, 'query');
  }
}

/** `callsummary calls …` in this process. */
export function main(argv: readonly string[]): Promise<number> {
  return runCalls(argv, processIo(readEnvironment));
}

export function runCalls(argv: readonly string[], io: CliIo): Promise<number> {
  const command = { name: 'calls', usage: callsUsage, parse: parseCallsArgs };
  return runOneShot(command, argv, io, async (args, closeAtEnd) => {
    const config = loadConfig(io.env(), 'pbx');
    // `--user` reads the member's Slack email when the bot's token is here; else USER_MAP_FILE only.
    let emailOf: ((userId: string) => Promise<EmailLookup>) | undefined;
    if (args.who.kind === 'user' && config.slack?.botToken) {
      const [{ createSlackWebClient }, { slackEmailLookup }] = await Promise.all([
        import('../slack/send/web-client.js'),
        import('../slack/send/member-email.js'),
      ]);
      // The SDK's own lines stay out of the output: its failures come back as errors, said once.
      const quiet = createLogger({ level: 'error', secrets: [config.slack.botToken], sink: () => undefined });
      emailOf = slackEmailLookup(createSlackWebClient(config.slack, quiet));
    }
    const session = await openOneShotCore(config, {
      stderr: io.stderr,
      lockoutDir: io.lockoutDir,
      emailOf,
    });
    closeAtEnd(() => session.close());
    const { finding } = session;
    // Without YEASTAR_TIMEZONE, the PBX's own clock (system/information, one request) makes the
    // export windows exact instead of widened by every UTC offset; a PBX that does not say costs a
    // warning in the debug log only.
    if (config.find.pbxTimeZone === undefined) await session.clock.read();
    const days = args.days ?? finding.recentDays;
    const period: Period = { hours: days * 24, label: `${days}d` };

    let party: ListParty;
    let subject: Subject;
    if (args.who.kind === 'user') {
      const match = await finding.members.match(args.who.userId);
      if (match.kind === 'unmatched') {
        throw new CallSummaryError('member_unmatched', { userId: args.who.userId, reason: match.reason });
      }
      party = { kind: 'extension', extension: match.extension };
      subject = { party, name: match.name, member: args.who.userId };
    } else {
      party = args.who.party;
      const directory = party.kind === 'extension' ? await finding.directory.current() : undefined;
      const record = party.kind === 'extension' ? directory?.byNumber(party.extension) : undefined;
      subject = {
        party,
        name: record?.name ?? '',
        member: undefined,
        // Only a directory that was read can say an extension does not exist.
        ...(party.kind === 'extension' && directory !== undefined ? { exists: record !== undefined } : {}),
      };
    }

    const first = await finding.callLists.list({ party, period });
    // Page by page until the period is read: each page asks the PBX only for what is not known yet.
    const calls = [...first.calls];
    let more = first.hasOlder;
    for (let page = 1; more; page++) {
      const next = await finding.callLists.list({ party, period, page, at: first.at });
      calls.push(...next.calls);
      more = next.hasOlder && next.calls.length > 0;
    }
    io.stdout(await output(args.format, subject, first, calls, config.find.pbxTimeZone, io.words));
    return 0;
  });
}

async function output(
  format: CallsFormat,
  subject: Subject,
  first: CallListPage,
  calls: readonly ListedCall[],
  timeZone: string | undefined,
  words: Words,
): Promise<string> {
  switch (format) {
    case 'text':
      return callsAsText(subject, first.period, calls, timeZone, words);
    case 'json':
      return `${JSON.stringify(callsAsJson(subject, first, calls, timeZone), null, 2)}\n`;
    case 'blocks': {
      // The first page exactly as the Slack list shows it (its **Older** button pages on from there).
      const { renderCallList } = await import('../slack/views/call-list.js');
      const { text, blocks } = renderCallList(
        {
          party: subject.party,
          me: false,
          ...(subject.name === '' ? {} : { name: subject.name }),
        },
        first,
        cliWords(),
      );
      return `${JSON.stringify({ text, blocks }, null, 2)}\n`;
    }
    default:
      return assertNever(format, 'format');
  }
}
