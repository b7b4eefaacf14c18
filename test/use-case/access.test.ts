import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../src/shared/errors.js';
import {
  createCallAccess,
  mayReadTranscript,
  maySeeExtension,
  seesAll,
  viewerOf,
  visibleSides,
} from '../../src/use-case/access.js';
import type { AuditRecord } from '../../src/use-case/audit.js';
import type { MemberMatch } from '../../src/use-case/finding/members.js';
import { type AccessRules, parseAccessRules } from '../../src/use-case/model/access-rules.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import type { SummaryLookup } from '../../src/use-case/summaries.js';
import { found } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

/**
 * Who may see which calls, as ACCESS_FILE says: agents their own, leads their team's, admins all,
 * members of a `members_see: team` team the team's, and members in no team by `default`.
 */
const RULES = parseAccessRules(`
default: own
admins: [UADMIN]
teams:
  - name: Support
    extensions: ["3200-3299"]
    leads: [ULEAD]
  - name: Sales
    extensions: ["4000-4099"]
    leads: [USALESLEAD]
    members_see: team
transcripts: everyone
`);

// Members by their own extension: Ann and Bob in Support, Sam in Sales, Olga in no team.
const OWN: Record<string, string> = { UANN: '3201', UBOB: '3202', USAM: '4001', UOLGA: '5001' };
const viewer = (rules: AccessRules | undefined, userId: string) => viewerOf(rules, userId, OWN[userId]);
const sees = (rules: AccessRules | undefined, userId: string, extension: string) =>
  maySeeExtension(rules, viewer(rules, userId), extension);

describe('the access rules', () => {
  it('without ACCESS_FILE, everyone sees every call', () => {
    expect(sees(undefined, 'UANN', '3202')).toBe(true);
    expect(sees(undefined, 'UNOBODY', '9999')).toBe(true);
    expect(seesAll(undefined, viewer(undefined, 'UANN'))).toBe(true);
  });

  it('an agent sees their own extension only', () => {
    expect(sees(RULES, 'UANN', '3201')).toBe(true);
    expect(sees(RULES, 'UANN', '3202')).toBe(false);
    expect(sees(RULES, 'UANN', '4001')).toBe(false);
  });

  it('a lead sees every extension of the team they lead, and nothing else', () => {
    expect(['3200', '3201', '3299'].every((e) => sees(RULES, 'ULEAD', e))).toBe(true);
    expect(sees(RULES, 'ULEAD', '3300')).toBe(false);
    expect(sees(RULES, 'ULEAD', '4001')).toBe(false);
  });

  it('members of a team whose members see the team see the team, not other teams', () => {
    expect(sees(RULES, 'USAM', '4050')).toBe(true);
    expect(sees(RULES, 'USAM', '3201')).toBe(false);
  });

  it('an admin sees every call', () => {
    expect(sees(RULES, 'UADMIN', '3201')).toBe(true);
    expect(sees(RULES, 'UADMIN', '9999')).toBe(true);
  });

  it('a member in no team sees by `default`: own, none or all', () => {
    const withDefault = (d: string) => parseAccessRules(`default: ${d}\nteams: []\n`);
    expect([sees(withDefault('own'), 'UOLGA', '5001'), sees(withDefault('own'), 'UOLGA', '5002')]).toEqual([
      true,
      false,
    ]);
    expect(sees(withDefault('none'), 'UOLGA', '5001')).toBe(false);
    expect(sees(withDefault('all'), 'UOLGA', '3201')).toBe(true);
    // A team member is no "member in no team": `default: all` does not widen what Ann sees.
    const all = parseAccessRules('default: all\nteams:\n  - name: S\n    extensions: ["3200-3299"]\n');
    expect(sees(all, 'UANN', '3202')).toBe(false);
    expect(sees(all, 'UANN', '3201')).toBe(true);
  });

  it('a member matched to no extension is in no team: under `default: all` they see every call', () => {
    const all = parseAccessRules('default: all\nteams:\n  - name: S\n    extensions: ["3200-3299"]\n');
    const unmatched = viewerOf(all, 'UOLGA', undefined);
    expect(unmatched.teams).toEqual([]);
    expect(seesAll(all, unmatched)).toBe(true);
    expect(maySeeExtension(all, unmatched, '3201')).toBe(true);
  });

  it('without rules, a person is who they are and nothing more: no admin, no lead, in no team', () => {
    expect(viewerOf(undefined, 'UANN', '3201')).toEqual({
      userId: 'UANN',
      extension: '3201',
      admin: false,
      leads: [],
      teams: [],
    });
  });

  it('a member matched to no extension sees nothing but what they lead', () => {
    expect(maySeeExtension(RULES, viewerOf(RULES, 'UANN', undefined), '3201')).toBe(false);
    expect(maySeeExtension(RULES, viewerOf(RULES, 'ULEAD', undefined), '3201')).toBe(true);
  });

  it('sees a side by its extension; an outside number with the other side', () => {
    const call = { caller: '+14155550123', callee: '3201' };
    expect([...visibleSides(RULES, viewer(RULES, 'UANN'), call)].sort()).toEqual(['callee', 'caller']);
    expect([...visibleSides(RULES, viewer(RULES, 'UBOB'), call)]).toEqual([]);
    const internal = { caller: '3201', callee: '3202' };
    expect([...visibleSides(RULES, viewer(RULES, 'UANN'), internal)]).toEqual(['caller']);
    expect([...visibleSides(RULES, viewer(RULES, 'UBOB'), internal)]).toEqual(['callee']);
    expect([...visibleSides(RULES, viewer(RULES, 'ULEAD'), internal)]).toEqual(['caller', 'callee']);
    // A side whose number is unknown: only for someone who sees every call.
    expect([...visibleSides(RULES, viewer(RULES, 'UANN'), { callee: '3201' })]).toEqual(['callee']);
    expect([...visibleSides(RULES, viewer(RULES, 'UANN'), {})]).toEqual([]);
    expect([...visibleSides(RULES, viewer(RULES, 'UADMIN'), {})]).toEqual(['caller', 'callee']);
  });

  it('transcripts go with the call, or to its leads and the admins only', () => {
    const call = { caller: '+14155550123', callee: '3201' };
    expect(mayReadTranscript(RULES, viewer(RULES, 'UANN'), call)).toBe(true);
    expect(mayReadTranscript(RULES, viewer(RULES, 'UBOB'), call)).toBe(false);
    const leads = parseAccessRules(
      'admins: [UADMIN]\ntranscripts: leads\nteams:\n  - name: S\n    extensions: ["3200-3299"]\n    leads: [ULEAD]\n',
    );
    expect(mayReadTranscript(leads, viewer(leads, 'UANN'), call)).toBe(false);
    expect(mayReadTranscript(leads, viewer(leads, 'ULEAD'), call)).toBe(true);
    expect(mayReadTranscript(leads, viewer(leads, 'UADMIN'), call)).toBe(true);
    expect(mayReadTranscript(undefined, viewer(undefined, 'UBOB'), call)).toBe(true);
    // Leads only: a side whose number is unknown is skipped, a number is read as the rules read it.
    expect(mayReadTranscript(leads, viewer(leads, 'ULEAD'), { callee: ' 3201 ' })).toBe(true);
    expect(mayReadTranscript(leads, viewer(leads, 'ULEAD'), { caller: '3300' })).toBe(false);
  });
});

const LEG = '20260513223234-3EE9E';
const summary = (side: 'caller' | 'callee', extNum: string): CallSummary => ({
  legId: LEG,
  side,
  html: '<p>secret words</p>',
  name: '',
  extNum,
  avatar: '',
  id: 1,
  createdAt: 1,
  updatedAt: 1,
});

function service(
  options: {
    /** The leg's parties; `unreadable`: reading them fails (the leg index and the export are down). */
    parties?: { caller: string; callee: string } | 'unreadable';
    rules?: AccessRules | undefined;
  } = {},
) {
  const records: AuditRecord[] = [];
  const matches: string[] = [];
  const partiesRead: string[] = [];
  const logger = createMemoryLogger('warn');
  const access = createCallAccess({
    rules: 'rules' in options ? options.rules : RULES,
    members: {
      match: async (userId): Promise<MemberMatch> => {
        matches.push(userId);
        const extension = OWN[userId];
        return extension
          ? { kind: 'matched', extension, name: '', via: 'user_map' }
          : { kind: 'unmatched', reason: 'no_extension' };
      },
    },
    parties: async (legId) => {
      partiesRead.push(legId);
      if (options.parties === 'unreadable') throw new Error('leg index down');
      return options.parties;
    },
    audit: (record) => records.push(record),
    logger,
  });
  return { access, records, matches, partiesRead, logger };
}

describe('the access service', () => {
  const internal: SummaryLookup = {
    legId: LEG,
    results: [found(summary('caller', '3201')), found(summary('callee', '3202'))],
  };

  it('cuts a lookup to the sides the person may see, and audits each side without its text', async () => {
    const { access, records } = service({ parties: { caller: '3201', callee: '3202' } });
    const seen = await access.summaries(await access.viewer('UANN'), internal, { surface: 'command' });
    expect(seen.shown.results.map((r) => r.side)).toEqual(['caller']);
    expect(seen.refused).toEqual(['callee']);
    expect(records).toEqual([
      { member: 'UANN', what: 'summary', leg: LEG, side: 'caller', surface: 'command', outcome: 'allowed' },
      {
        member: 'UANN',
        what: 'summary',
        leg: LEG,
        side: 'callee',
        surface: 'command',
        outcome: 'refused',
        reason: 'access_file',
      },
    ]);
    expect(JSON.stringify(records)).not.toContain('secret words');
  });

  it('decides by the leg parties, not by the extension a person names or a summary says', async () => {
    // The PBX answered a caller summary for extension 3201 (Ann's, as she named it); the leg's caller
    // is 3202.
    const { access } = service({ parties: { caller: '3202', callee: '+14155550123' } });
    const asked: SummaryLookup = {
      legId: LEG,
      results: [found(summary('caller', '3201'))],
    };
    const seen = await access.summaries(await access.viewer('UANN'), asked, { surface: 'command' });
    expect(seen.refused).toEqual(['caller']);
  });

  it('falls back on what the PBX answers say when the leg parties are unknown', async () => {
    const { access } = service();
    const seen = await access.summaries(await access.viewer('UANN'), internal, { surface: 'command' });
    expect(seen.shown.results.map((r) => r.side)).toEqual(['caller']);
  });

  it('asks Slack for no one when there are no rules, nor for an admin', async () => {
    const open = service({ rules: undefined });
    await open.access.summaries(await open.access.viewer('UANN'), internal, { surface: 'command' });
    expect(open.matches).toEqual([]);
    const ruled = service();
    expect((await ruled.access.viewer('UADMIN')).admin).toBe(true);
    expect(ruled.matches).toEqual([]);
  });

  it('refuses another extension’s list, and keeps a number’s list to the calls with a side one may see', async () => {
    const { access, records } = service();
    const guard = access.lists(await access.viewer('UANN'), { surface: 'command', what: 'list' });
    expect(() => guard.admit({ party: { kind: 'extension', extension: '3202' }, me: false })).toThrow(
      CallSummaryError,
    );
    expect(records.at(-1)).toMatchObject({ what: 'list', list: 'extension 3202', outcome: 'refused' });
    const visible = guard.admit({ party: { kind: 'number', number: '+14155550123' }, me: false })!;
    const call = (otherNumber: string) => ({ otherNumber }) as Parameters<typeof visible>[0];
    expect([visible(call('3201')), visible(call('3202')), visible(call('+4930123'))]).toEqual([
      true,
      false,
      false,
    ]);
    expect(guard.admit({ party: { kind: 'extension', extension: '3201' }, me: true })).toBeDefined();
  });

  it('audits a list shown with its subject masked, and how many calls it showed', async () => {
    const { access, records } = service();
    const guard = access.lists(await access.viewer('UANN'), { surface: 'older', what: 'list' });
    guard.shown({
      subject: { party: { kind: 'number', number: '+14155550123' }, me: false },
      page: { calls: [{}, {}] } as never,
    });
    expect(records).toEqual([
      { member: 'UANN', what: 'list', list: 'number …23', shown: 2, surface: 'older', outcome: 'allowed' },
    ]);
  });

  it('shows an internal call with another’s extension without its gist, which may be that side’s', async () => {
    const { access } = service();
    const guard = access.lists(await access.viewer('UANN'), { surface: 'command', what: 'list' });
    const call = (otherNumber: string, gist: string) => ({ otherNumber, gist }) as never;
    const found = guard.shown({
      subject: { party: { kind: 'extension', extension: '3201' }, me: true },
      page: {
        calls: [call('3202', 'Bob’s first point'), call('+14155550123', 'Ann’s first point')],
      } as never,
    });
    expect(found.page.calls.map((c) => c.gist)).toEqual(['', 'Ann’s first point']);
    const admin = access.lists(await access.viewer('UADMIN'), { surface: 'command', what: 'list' });
    const all = admin.shown({
      subject: { party: { kind: 'extension', extension: '3201' }, me: false },
      page: { calls: [call('3202', 'Bob’s first point')] } as never,
    });
    expect(all.page.calls[0]!.gist).toBe('Bob’s first point');
  });

  it('checks a late summary against the watcher when it is sent', async () => {
    const { access, records } = service({ parties: { caller: '3201', callee: '3202' } });
    expect(await access.delivery('UANN', summary('caller', '3201'))).toBe(true);
    expect(await access.delivery('UANN', summary('callee', '3202'))).toBe(false);
    expect(records.map((r) => [r.surface, r.side, r.outcome])).toEqual([
      ['notification', 'caller', 'allowed'],
      ['notification', 'callee', 'refused'],
    ]);
  });

  it('reads no leg parties for a transcript when there are no rules', async () => {
    const { access, partiesRead } = service({
      rules: undefined,
      parties: { caller: '3201', callee: '3202' },
    });
    expect(await access.transcript(await access.viewer('UBOB'), LEG, 1, { surface: 'transcript' })).toBe(
      true,
    );
    expect(partiesRead).toEqual([]);
  });

  it('checks a transcript page and audits it either way', async () => {
    const { access, records } = service({ parties: { caller: '+14155550123', callee: '3201' } });
    expect(await access.transcript(await access.viewer('UANN'), LEG, 2, { surface: 'transcript_page' })).toBe(
      true,
    );
    expect(await access.transcript(await access.viewer('UBOB'), LEG, 1, { surface: 'transcript' })).toBe(
      false,
    );
    expect(records.map((r) => [r.member, r.what, r.page, r.outcome])).toEqual([
      ['UANN', 'transcript', 2, 'allowed'],
      ['UBOB', 'transcript', 1, 'refused'],
    ]);
  });
  it('reads the sides from the PBX answers, and logs why, when the leg parties cannot be read', async () => {
    const { access, logger } = service({ parties: 'unreadable' });
    const seen = await access.summaries(await access.viewer('UANN'), internal, { surface: 'command' });
    expect(seen.shown.results.map((r) => r.side)).toEqual(['caller']);
    expect(logger.lines.join('\n')).toContain('access: the parties of a leg could not be read');
    expect(logger.lines.join('\n')).toContain(LEG);
  });

  it('without the leg parties, knows a side by its summary’s extension or its outside number, no more', async () => {
    const { access } = service();
    const ann = await access.viewer('UANN');
    // Ann's summary as the caller; no summary yet for the callee, whose number nothing says.
    const pending: SummaryLookup = {
      legId: LEG,
      results: [found(summary('caller', '3201')), { side: 'callee', status: 'none' }],
    };
    const seen = await access.summaries(ann, pending, { surface: 'command' });
    expect([seen.shown.results.map((r) => r.side), seen.refused]).toEqual([['caller'], ['callee']]);
    // An outside caller is seen with Ann's side.
    const inbound: SummaryLookup = {
      legId: LEG,
      results: [
        { side: 'caller', status: 'outside_number', number: '+14155550123' },
        found(summary('callee', '3201')),
      ],
    };
    const both = await access.summaries(ann, inbound, { surface: 'command' });
    expect([both.shown.results.map((r) => r.side), both.refused]).toEqual([['caller', 'callee'], []]);
  });

  it('audits the summaries shown, and where a share went, but not a side shown with nothing in it', async () => {
    const { access, records } = service({ rules: undefined });
    const lookup: SummaryLookup = {
      legId: LEG,
      results: [found(summary('caller', '3201')), { side: 'callee', status: 'none' }],
    };
    await access.summaries(await access.viewer('UANN'), lookup, {
      surface: 'share',
      what: 'share',
      channel: 'C1',
    });
    await access.summaries(await access.viewer('UANN'), lookup, { surface: 'command' });
    expect(records).toStrictEqual([
      {
        member: 'UANN',
        what: 'share',
        leg: LEG,
        side: 'caller',
        surface: 'share',
        outcome: 'allowed',
        channel: 'C1',
      },
      { member: 'UANN', what: 'summary', leg: LEG, side: 'caller', surface: 'command', outcome: 'allowed' },
    ]);
  });

  it('lets a person watch a side they may see, or a call with one; audits each watch', async () => {
    const { access, records } = service({ parties: { caller: '3201', callee: '3202' } });
    const ann = await access.viewer('UANN');
    const olga = await access.viewer('UOLGA');
    const at = { surface: 'notify_me' } as const;
    expect(await access.watch(ann, LEG, 'caller', at)).toBe(true);
    expect(await access.watch(ann, LEG, 'callee', at)).toBe(false);
    expect(await access.watch(ann, LEG, undefined, at)).toBe(true);
    expect(await access.watch(olga, LEG, undefined, at)).toBe(false);
    expect(records).toStrictEqual([
      { member: 'UANN', what: 'notify', leg: LEG, side: 'caller', surface: 'notify_me', outcome: 'allowed' },
      {
        member: 'UANN',
        what: 'notify',
        leg: LEG,
        side: 'callee',
        surface: 'notify_me',
        outcome: 'refused',
        reason: 'access_file',
      },
      { member: 'UANN', what: 'notify', leg: LEG, side: 'both', surface: 'notify_me', outcome: 'allowed' },
      {
        member: 'UOLGA',
        what: 'notify',
        leg: LEG,
        side: 'both',
        surface: 'notify_me',
        outcome: 'refused',
        reason: 'access_file',
      },
    ]);
  });

  it('lets a leg whose parties are not known yet be watched, and looks nothing up for an admin', async () => {
    const unknown = service();
    expect(
      await unknown.access.watch(await unknown.access.viewer('UANN'), LEG, 'callee', {
        surface: 'notify_me',
      }),
    ).toBe(true);
    expect(unknown.partiesRead).toEqual([LEG]);
    const known = service({ parties: { caller: '3201', callee: '3202' } });
    const admin = await known.access.viewer('UADMIN');
    expect(await known.access.watch(admin, LEG, 'callee', { surface: 'notify_me' })).toBe(true);
    expect(known.partiesRead).toEqual([]);
  });

  it('admits every call of any list for someone who sees every call, and audits a list refused', async () => {
    const { access, records } = service();
    const admin = access.lists(await access.viewer('UADMIN'), { surface: 'command', what: 'list' });
    expect(admin.admit({ party: { kind: 'extension', extension: '3202' }, me: false })).toBeUndefined();
    const ann = access.lists(await access.viewer('UANN'), { surface: 'home', what: 'list' });
    expect(() => ann.admit({ party: { kind: 'extension', extension: '3299' }, me: false })).toThrow(
      expect.objectContaining({ code: 'access_refused', details: { what: 'list', extension: '3299' } }),
    );
    expect(records).toStrictEqual([
      {
        member: 'UANN',
        what: 'list',
        list: 'extension 3299',
        surface: 'home',
        outcome: 'refused',
        reason: 'access_file',
      },
    ]);
  });
});
