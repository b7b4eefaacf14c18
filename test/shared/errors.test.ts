import { describe, expect, it } from 'vitest';
import {
  type Audience,
  CallSummaryError,
  describeError,
  type ErrorCode,
  type ErrorDetails,
  type QueryProblem,
} from '../../src/shared/errors.js';
import { ENGLISH, wordsFor } from '../../src/shared/i18n/index.js';
import { slackRefusal } from '../../src/shared/slack-refusals.js';

/** One example of the facts each code carries: the table must word every one for every audience. */
const EXAMPLES: { readonly [C in ErrorCode]: ErrorDetails[C] } = {
  config_invalid: { problems: ['PORT must be a whole number'] },
  usage: { problem: '"x" is not a side.' },
  bad_leg_id: { input: 'nope' },
  no_such_extension: { extension: '9999' },
  outside_number: { legId: '20260513223234-3EE9E', side: 'caller' },
  party_unknown: { legId: '20260513223234-3EE9E' },
  not_transcribed_yet: { legId: '20260513223234-3EE9E' },
  no_summary: { legId: '20260513223234-3EE9E', sides: [{ side: 'callee', outsideNumber: false }] },
  no_transcript: { legId: '20260513223234-3EE9E' },
  pbx_unreachable: { what: 'summary_request', failure: 'http', status: 503 },
  pbx_timeout: { what: 'summary_request', timeoutMs: 10_000 },
  pbx_credentials_rejected: { errcode: -1 },
  pbx_ip_blocked: { errcode: 70004, errmsg: 'ACCOUNT IP BLOCKED' },
  pbx_permission: { what: 'summary_request', errcode: 10005, errmsg: 'ACCESS DENIED' },
  pbx_token_limit: { errcode: 60002, errmsg: 'MAX LIMITATION EXCEEDED' },
  pbx_busy: {
    what: 'ai_export',
    errcode: 70082,
    errmsg: 'OVERLOAD_TASK_RUNNING',
    waitedSeconds: 30,
  },
  pbx_api: { what: 'summary_request', errcode: 40002, errmsg: 'PARAMETER ERROR' },
  pbx_bad_response: { what: 'summary_request', problem: 'html', status: 200 },
  list_too_large: { period: '31d', maxBytes: 10 * 1024 * 1024 },
  member_unmatched: { userId: 'U0123ABCD', reason: 'no_extension' },
  not_allowed: { userId: 'U1', channelId: 'C1' },
  access_refused: { what: 'summary', legId: '20260513223234-3EE9E' },
  slack_token_rejected: { variable: 'SLACK_BOT_TOKEN', slackError: 'invalid_auth' },
  slack_refused: { error: 'not_in_channel' },
  restarting: {},
  watch_refused: { reason: 'person_full', limit: 20 },
};
const AUDIENCES: readonly Audience[] = ['slack', 'cli', 'doctor'];

describe('the error table', () => {
  it.each(Object.keys(EXAMPLES) as ErrorCode[])('words %s for every audience', (code) => {
    const error = new CallSummaryError(code, EXAMPLES[code] as never);
    expect(error.message.length).toBeGreaterThan(10);
    for (const audience of AUDIENCES) {
      const described = describeError(error, audience, ENGLISH);
      expect(described.message).toBe(error.message);
      if (audience === 'doctor') expect(described.hint).not.toContain('callsummary doctor');
    }
  });

  it('does not send a person to the admin when a summary is simply not written yet', () => {
    const described = describeError(new CallSummaryError('no_summary', EXAMPLES.no_summary), 'cli', ENGLISH);
    expect(described.message).toBe('No AI summary for 20260513223234-3EE9E: the callee has no summary yet.');
    expect(described.hint).toMatch(/few minutes/);
    expect(described.hint).not.toContain('doctor');
    expect(described.retryable).toBe(true);
  });

  it('says what happened to a PBX request, not one sentence for every failure', () => {
    const said = (failure: ErrorDetails['pbx_unreachable']['failure'], status?: number) =>
      describeError(
        new CallSummaryError('pbx_unreachable', { what: 'export_download', failure, status }),
        'cli',
        ENGLISH,
      );
    expect(said('http', 503).message).toBe('The PBX failed to answer the export download (HTTP 503).');
    expect(said('refused').message).toMatch(/refused the connection/);
    expect(said('dns').message).toMatch(/host name could not be resolved/);
    expect(said('broken').message).toMatch(/connection broke/);
    expect(said('http', 503).hint).not.toMatch(/did not answer in time/);
    expect(
      describeError(
        new CallSummaryError('pbx_timeout', { what: 'summary_request', timeoutMs: 5000 }),
        'cli',
        ENGLISH,
      ).message,
    ).toBe('The PBX did not answer the summary request within 5000 ms.');
  });

  it("gives Slack's own help in Slack and the CLI's on the command line", () => {
    const error = new CallSummaryError('usage', { problem: 'Say which side.' });
    expect(describeError(error, 'slack', ENGLISH).hint).toContain('/callsummary help');
    expect(describeError(error, 'cli', ENGLISH).hint).toContain('callsummary help');
    expect(describeError(error, 'cli', ENGLISH).hint).not.toContain('/callsummary');
  });

  it('words an unknown Slack refusal with its code, bounded', () => {
    const described = describeError(
      new CallSummaryError('slack_refused', { error: 'x'.repeat(500) }),
      'slack',
      ENGLISH,
    );
    expect(described.message.length).toBeLessThan(120);
  });

  it('answers anything else generically, without its internals', () => {
    const described = describeError(new Error('ECONNRESET at /srv/app.js:12'), 'cli', ENGLISH);
    expect(described.message).toBe('Something went wrong while fetching the call summary.');
    expect(described.hint).not.toContain('app.js');
  });
});

const CHINESE = wordsFor('zh-CN');
/** Han characters: a sentence in Chinese has them, an English one none. */
const HAN = /\p{Script=Han}/u;

/** Every variant each code words differently, beyond the one EXAMPLES holds. */
const VARIANTS: readonly { readonly [C in ErrorCode]: readonly [C, ErrorDetails[C]] }[ErrorCode][] = [
  [
    'config_invalid',
    { problems: ['PORT must be a whole number', 'SLACK_BOT_TOKEN is missing'], source: 'routing.yml' },
  ],
  ['bad_leg_id', { input: '' }],
  ['bad_leg_id', { input: '20260513223234', callTime: true }],
  ['outside_number', {}],
  ['outside_number', { legId: '20260513223234-3EE9E', side: 'callee' }],
  [
    'no_summary',
    {
      legId: '20260513223234-3EE9E',
      sides: [
        { side: 'caller', outsideNumber: true },
        { side: 'callee', outsideNumber: false },
      ],
    },
  ],
  ...(['refused', 'dns', 'tls', 'network', 'broken', 'http', 'errcode'] as const).map(
    (failure) =>
      [
        'pbx_unreachable',
        { what: 'export_download', failure, status: 503, errcode: -2, errmsg: 'INTERNAL' },
      ] as const,
  ),
  ['pbx_unreachable', { what: 'event_subscription', failure: 'http' }],
  ['pbx_credentials_rejected', { lockedOut: true, failedLogins: 5, retryAfter: '10:00' }],
  ['pbx_ip_blocked', { errcode: 70087, errmsg: 'IP NOT ALLOWED' }],
  ['pbx_busy', { what: 'ai_export', errcode: 2, errmsg: 'PROCESSING' }],
  ['pbx_api', { what: 'summary_request', errcode: 10002, errmsg: 'API VERSION' }],
  ['pbx_api', { what: 'login', errcode: 70123, errmsg: 'API DISABLED' }],
  ...(
    [
      'redirect',
      'html',
      'not_json',
      'too_large',
      'no_errcode',
      'shape',
      'status',
      'export_not_list',
      'export_too_large',
      'link_not_url',
      'link_elsewhere',
    ] as const
  ).flatMap((problem) => [
    [
      'pbx_bad_response',
      {
        what: 'extension_list',
        problem,
        status: 302,
        detail: 'data.src: expected object',
        maxBytes: 10 * 1024 * 1024,
      },
    ] as const,
    ['pbx_bad_response', { what: 'token_refresh', problem }] as const,
  ]),
  ['list_too_large', { period: '7d' }],
  ...(['no_email', 'no_scope', 'no_directory', 'not_mapped'] as const).map(
    (reason) => ['member_unmatched', { userId: 'U0123ABCD', reason }] as const,
  ),
  ['access_refused', { what: 'list', extension: '3202' }],
  ['access_refused', { what: 'transcript', legId: '20260513223234-3EE9E', leadsOnly: true }],
  ['access_refused', { what: 'transcript', legId: '20260513223234-3EE9E' }],
  ['slack_token_rejected', { variable: 'SLACK_APP_TOKEN', slackError: 'invalid_auth' }],
  ['watch_refused', { reason: 'person_full' }],
  ['watch_refused', { reason: 'all_full' }],
  ['watch_refused', { reason: 'unavailable' }],
  ...[
    'channel_not_found',
    'is_archived',
    'expired_trigger_id',
    'exchanged_trigger_id',
    'ratelimited',
    'restricted_action',
    'ekm_access_denied',
    'invalid_auth',
    'token_revoked',
    'missing_scope',
    'team_access_not_granted',
    'invalid_blocks',
    'msg_too_long',
    'expired_url',
    'internal_error',
    'untrusted_response_url',
    'something_new',
  ].map((error) => ['slack_refused', { error }] as const),
];

const ALL_CASES = [
  ...(Object.keys(EXAMPLES) as ErrorCode[]).map((code) => [code, EXAMPLES[code]] as const),
  ...VARIANTS,
];

describe('the error table in Simplified Chinese', () => {
  it.each(ALL_CASES.map((c, i) => [`${c[0]} #${i}`, c] as const))(
    'words %s in Chinese for every audience',
    (_name, [code, details]) => {
      const error = new CallSummaryError(code, details as never);
      for (const audience of AUDIENCES) {
        const chinese = describeError(error, audience, CHINESE);
        const english = describeError(error, audience, ENGLISH);
        // A usage problem is worded by whoever found it (here the example's English).
        if (code !== 'usage') expect(chinese.message, `${code} message`).toMatch(HAN);
        if (english.hint !== '') expect(chinese.hint, `${code} hint (${audience})`).toMatch(HAN);
        else expect(chinese.hint).toBe('');
        expect(chinese.retryable).toBe(english.retryable);
        // No argument left unfilled, no English sentence of the table.
        expect(chinese.message).not.toMatch(/\{[a-z]+\}/i);
        if (code !== 'usage') expect(chinese.message).not.toBe(english.message);
        // Slack's refusals are only ever said in Slack.
        if (audience === 'doctor' && code !== 'slack_refused') {
          expect(chinese.hint).not.toContain('callsummary doctor');
        }
      }
      // What is logged stays English, whoever reads the error.
      expect(error.message).not.toMatch(HAN);
    },
  );

  it('names what the PBX was asked for in Chinese, and its errcode as the PBX gave it', () => {
    const described = describeError(
      new CallSummaryError('pbx_permission', {
        what: 'extension_list',
        errcode: 10005,
        errmsg: 'ACCESS DENIED',
      }),
      'slack',
      CHINESE,
    );
    expect(described.message).toBe('PBX API 应用没有分机列表的权限（errcode 10005 ACCESS DENIED）。');
    expect(described.message).not.toContain('the extension list');
  });

  it('joins the sides of a call with no summary the Chinese way', () => {
    const described = describeError(
      new CallSummaryError('no_summary', {
        legId: '20260513223234-3EE9E',
        sides: [
          { side: 'caller', outsideNumber: true },
          { side: 'callee', outsideNumber: false },
        ],
      }),
      'cli',
      CHINESE,
    );
    expect(described.message).toBe('20260513223234-3EE9E 没有 AI 摘要：主叫方是外部号码，被叫方还没有摘要。');
  });

  it('answers anything else generically in Chinese', () => {
    const described = describeError(new Error('ECONNRESET at /srv/app.js:12'), 'slack', CHINESE);
    expect(described.message).toBe('获取通话摘要时出错了。');
    expect(described.hint).toMatch(HAN);
  });

  it("keeps Slack refusals' fix for the admin's log in English", () => {
    expect(slackRefusal('not_in_channel').fix).toBe('invite the bot to the channel (/invite @callsummary)');
    expect(slackRefusal('something_new').fix).not.toMatch(HAN);
  });
});

describe("the command grammar's findings", () => {
  const problems: QueryProblem[] = [
    { reason: 'not_a_query', input: 'tomorrow' },
    { reason: 'not_a_period', input: '5y' },
    { reason: 'period_range', input: '40d', maxDays: 31 },
    { reason: 'not_a_side', input: 'both' },
    { reason: 'not_an_extension', input: '12ab' },
    { reason: 'which_side', legId: '20260513223234-3EE9E', extension: '3202' },
  ];

  it.each(problems)("$reason is worded in each reader's words, and logged in English", (query) => {
    const error = new CallSummaryError('usage', { query });
    const chinese = describeError(error, 'slack', wordsFor('zh-CN')).message;
    expect(chinese).toMatch(/[\u4e00-\u9fff]/);
    expect(chinese).not.toMatch(/[{}]/);
    expect(error.message).toBe(describeError(error, 'slack', ENGLISH).message);
    expect(error.message).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
