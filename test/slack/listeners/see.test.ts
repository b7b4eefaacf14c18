import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { contextBlock, headerBlock } from '../../../src/render/index.js';
import { ENGLISH } from '../../../src/shared/i18n/index.js';
import {
  refusedNote,
  seeLookup,
  viewerOf,
  viewWithRefusedNote,
  withRefusedNote,
} from '../../../src/slack/listeners/see.js';
import { createCallAccess } from '../../../src/use-case/access.js';
import type { AuditRecord } from '../../../src/use-case/audit.js';
import { parseAccessRules } from '../../../src/use-case/model/access-rules.js';
import type { SummaryLookup } from '../../../src/use-case/summaries.js';
import { callSummary, found } from '../../helpers/call-summary.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

/** The access rules as every listener applies them, to the person Slack names. */
const LEG = '20260513223234-3EE9E';
const RULES = parseAccessRules('teams:\n  - name: Support\n    extensions: ["3200-3299"]\n');
// Ann is 3201 and sees her own calls; on this leg she called Bob (3202).
const OWN: Record<string, string> = { UANN: '3201', UBOB: '3202' };

function deps() {
  const asked: string[] = [];
  const audit: AuditRecord[] = [];
  const guard = createCallAccess({
    rules: RULES,
    members: {
      match: async (userId) => {
        asked.push(userId);
        const extension = OWN[userId];
        return extension === undefined
          ? { kind: 'unmatched', reason: 'no_email' }
          : { kind: 'matched', extension, name: userId, via: 'user_map' };
      },
    },
    parties: async () => ({ caller: '3201', callee: '3202' }),
    audit: (record) => audit.push(record),
    logger: createMemoryLogger('error'),
  });
  return { guard, asked, audit };
}

const lookup = (...sides: Array<'caller' | 'callee'>): SummaryLookup => ({
  legId: LEG,
  results: sides.map((side) =>
    found(callSummary({ legId: LEG, side, extNum: side === 'caller' ? '3201' : '3202' })),
  ),
});

describe('viewerOf', () => {
  it('refuses a request that names no one, before asking who they are', async () => {
    const d = deps();
    for (const userId of [undefined, '']) {
      await expect(viewerOf(d, userId)).rejects.toMatchObject({
        code: 'not_allowed',
        details: { userId, channelId: undefined },
      });
    }
    expect(d.asked).toEqual([]);
  });

  it('is the person Slack names, as the rules see them', async () => {
    const d = deps();
    expect(await viewerOf(d, 'UANN')).toMatchObject({ userId: 'UANN', extension: '3201', admin: false });
    expect(d.asked).toEqual(['UANN']);
  });
});

describe('seeLookup', () => {
  it('shows the sides the person may see and names the ones left out', async () => {
    const seen = await seeLookup(deps(), 'UANN', lookup('caller', 'callee'), { surface: 'command' });
    expect(seen.shown.results.map((r) => r.side)).toEqual(['caller']);
    expect(seen.refused).toEqual(['callee']);
  });

  it('refuses, as a summary of this leg, a lookup of only sides the person may not see', async () => {
    const d = deps();
    await expect(seeLookup(d, 'UANN', lookup('callee'), { surface: 'command' })).rejects.toMatchObject({
      code: 'access_refused',
      details: { what: 'summary', legId: LEG },
    });
    expect(d.audit).toMatchObject([{ member: 'UANN', side: 'callee', outcome: 'refused' }]);
  });
});

describe('the note of the sides left out', () => {
  const message = { text: 'Call summary', blocks: [headerBlock('summary')] };
  const view: ModalView = {
    type: 'modal',
    title: { type: 'plain_text', text: 'Call' },
    blocks: [headerBlock('x')],
  };
  const note = (sides: string) =>
    contextBlock([
      sides === 'both'
        ? ':lock: Neither side of this call is shown: they are not among the calls you may see.'
        : `:lock: The ${sides}'s side of this call is not shown: it is not one of the calls you may see.`,
    ]);

  it('leaves a message or a view as it is when nothing was left out', () => {
    expect(refusedNote([], ENGLISH)).toEqual([]);
    expect(withRefusedNote(message, [], ENGLISH)).toBe(message);
    expect(viewWithRefusedNote(view, [], ENGLISH)).toBe(view);
  });

  it('says the sides left out under a message, in its text too', () => {
    expect(withRefusedNote(message, ['callee'], ENGLISH)).toEqual({
      text: "Call summary\nThe callee's side of this call is not shown.",
      blocks: [headerBlock('summary'), note('callee')],
    });
    expect(withRefusedNote(message, ['caller', 'callee'], ENGLISH)).toEqual({
      text: 'Call summary\nNeither side of this call is shown.',
      blocks: [headerBlock('summary'), note('both')],
    });
  });

  it('says them at the top of a view, the view otherwise kept', () => {
    expect(viewWithRefusedNote(view, ['caller'], ENGLISH)).toEqual({
      ...view,
      blocks: [note('caller'), headerBlock('x')],
    });
  });
});
