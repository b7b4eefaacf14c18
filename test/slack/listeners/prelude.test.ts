import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../../src/shared/i18n/index.js';
import type { AccessPolicy } from '../../../src/slack/access.js';
import { assertAdmitted, begin } from '../../../src/slack/listeners/prelude.js';
import type { ResponseBody } from '../../../src/slack/views/types.js';
import { createCallAccess } from '../../../src/use-case/access.js';
import type { AuditRecord } from '../../../src/use-case/audit.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

/** How every handler starts: acknowledge, let waiting acknowledgements go first, then ALLOWED_*. */
const ONLY_U1_IN_C1: AccessPolicy = { allowedUserIds: ['U1'], allowedChannelIds: ['C1'] };

function deps(access: AccessPolicy = ONLY_U1_IN_C1) {
  const audit: AuditRecord[] = [];
  const steps: string[] = [];
  const logger = createMemoryLogger('warn');
  const guard = createCallAccess({
    rules: undefined,
    members: { match: async () => ({ kind: 'unmatched', reason: 'no_email' }) },
    parties: async () => undefined,
    audit: (record) => audit.push(record),
    logger,
  });
  return {
    access,
    guard,
    logger,
    afterAcks: async () => {
      steps.push('after acks');
    },
    wordsOf: async () => ENGLISH,
    audit,
    steps,
  };
}

function arrival(d: ReturnType<typeof deps>, sent: ResponseBody[]) {
  return {
    ack: async () => {
      d.steps.push('ack');
    },
    respond: async (message: ResponseBody) => {
      d.steps.push('respond');
      sent.push(message);
    },
  };
}

describe('begin', () => {
  it('acknowledges, lets the waiting acknowledgements go, and admits someone let in without a word', async () => {
    const d = deps();
    const sent: ResponseBody[] = [];
    const admitted = await begin(d, {
      ...arrival(d, sent),
      who: { userId: 'U1', channelId: 'C1' },
      surface: 'command',
    });
    expect(admitted).toBe(true);
    expect(d.steps).toEqual(['ack', 'after acks']);
    expect(sent).toEqual([]);
    expect(d.audit).toEqual([]);
  });

  it('tells someone not let in why, with the refusal’s fields, and audits the refusal with where they acted', async () => {
    const d = deps();
    const sent: ResponseBody[] = [];
    const admitted = await begin(d, {
      ...arrival(d, sent),
      who: { userId: 'U2', channelId: 'C1' },
      refusal: { replace_original: false },
      surface: 'share',
      what: 'share',
    });
    expect(admitted).toBe(false);
    expect(d.steps).toEqual(['ack', 'after acks', 'respond']);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(d.audit).toEqual([
      {
        member: 'U2',
        what: 'share',
        surface: 'share',
        channel: 'C1',
        reason: 'allowed_ids',
        outcome: 'refused',
      },
    ]);
  });

  it('audits a refusal as of a summary by default, and names no conversation where there is none', async () => {
    const d = deps();
    const sent: ResponseBody[] = [];
    // The Home tab names no conversation: ALLOWED_CHANNEL_IDS refuses it.
    expect(
      await begin(d, { ...arrival(d, sent), who: { userId: 'U1', channelId: undefined }, surface: 'home' }),
    ).toBe(false);
    expect(d.audit).toEqual([
      { member: 'U1', what: 'summary', surface: 'home', reason: 'allowed_ids', outcome: 'refused' },
    ]);
    expect(Object.keys(d.audit[0]!)).not.toContain('channel');
  });
});

describe('assertAdmitted', () => {
  it('throws not_allowed and audits it, for a request that names no person as the empty member', () => {
    const d = deps({ allowedUserIds: ['U1'], allowedChannelIds: undefined });
    expect(() =>
      assertAdmitted(
        d,
        { userId: undefined, channelId: 'C9' },
        { surface: 'transcript', what: 'transcript' },
      ),
    ).toThrow(expect.objectContaining({ code: 'not_allowed' }));
    expect(d.audit).toEqual([
      {
        member: '',
        what: 'transcript',
        surface: 'transcript',
        channel: 'C9',
        reason: 'allowed_ids',
        outcome: 'refused',
      },
    ]);
  });

  it('lets someone in without auditing anything', () => {
    const d = deps({ allowedUserIds: undefined, allowedChannelIds: undefined });
    expect(() =>
      assertAdmitted(d, { userId: 'U7', channelId: undefined }, { surface: 'refresh' }),
    ).not.toThrow();
    expect(d.audit).toEqual([]);
  });
});
