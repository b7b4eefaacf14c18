import { describe, expect, it } from 'vitest';
import {
  type Audience,
  CallSummaryError,
  describeError,
  type ErrorCode,
  type ErrorDetails,
} from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';

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
  pbx_unreachable: { what: 'the summary request', failure: 'http', status: 503 },
  pbx_timeout: { what: 'the summary request', timeoutMs: 10_000 },
  pbx_credentials_rejected: { errcode: -1 },
  pbx_ip_blocked: { errcode: 70004, errmsg: 'ACCOUNT IP BLOCKED' },
  pbx_permission: { what: 'the summary request', errcode: 10005, errmsg: 'ACCESS DENIED' },
  pbx_token_limit: { errcode: 60002, errmsg: 'MAX LIMITATION EXCEEDED' },
  pbx_busy: {
    what: 'the AI transcription export',
    errcode: 70082,
    errmsg: 'OVERLOAD_TASK_RUNNING',
    waitedSeconds: 30,
  },
  pbx_api: { what: 'the summary request', errcode: 40002, errmsg: 'PARAMETER ERROR' },
  pbx_bad_response: { what: 'the summary request', problem: 'html', status: 200 },
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
        new CallSummaryError('pbx_unreachable', { what: 'the export download', failure, status }),
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
        new CallSummaryError('pbx_timeout', { what: 'the summary request', timeoutMs: 5000 }),
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
