import { describe, expect, it } from 'vitest';
import { validateView } from '../../src/render/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { homeFor } from '../../src/slack/home.js';
import { createCallAccess } from '../../src/use-case/access.js';
import type { AuditRecord } from '../../src/use-case/audit.js';
import type { CallListRequest } from '../../src/use-case/finding/call-lists.js';
import type { Finding } from '../../src/use-case/finding/index.js';
import { parseAccessRules } from '../../src/use-case/model/access-rules.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

/** The Home tab under ACCESS_FILE: the person's own calls as the rules let them see their own. */
function home(accessFile: string | undefined) {
  const records: AuditRecord[] = [];
  const asked: CallListRequest[] = [];
  const logger = createMemoryLogger('error');
  const members = {
    match: async () => ({ kind: 'matched', extension: '5001', name: 'Olga', via: 'user_map' }) as const,
  };
  const finding = {
    members,
    recentDays: 7,
    callLists: {
      list: async (request: CallListRequest) => {
        asked.push(request);
        return {
          party: request.party,
          period: request.period,
          window: {} as never,
          at: 1,
          page: 0,
          total: 0,
          calls: [],
          hasOlder: false,
        };
      },
    },
  } as unknown as Finding;
  const deps = {
    access: { allowedChannelIds: undefined, allowedUserIds: undefined },
    guard: createCallAccess({
      rules: accessFile === undefined ? undefined : parseAccessRules(accessFile),
      members,
      parties: async () => undefined,
      audit: (record) => records.push(record),
      logger,
    }),
    finding,
    logger,
    wordsOf: async () => ENGLISH,
  } satisfies Pick<SlackDeps, 'access' | 'guard' | 'finding' | 'logger' | 'wordsOf'>;
  return { view: () => homeFor(deps, 'UOLGA'), records, asked };
}

describe('the Home tab under ACCESS_FILE', () => {
  it('lists a member’s own calls, audited, and says who sees which calls', async () => {
    const { view, records, asked } = home('default: own\n');
    const shown = JSON.stringify(await view());
    expect(asked).toHaveLength(1);
    expect(records).toEqual([
      {
        member: 'UOLGA',
        what: 'list',
        list: 'extension 5001',
        shown: 0,
        surface: 'home',
        outcome: 'allowed',
      },
    ]);
    expect(shown).toContain('by ACCESS_FILE: 0 teams, 0 admins; members in no team see their own calls');
  });

  it('lists nothing for a member in no team when the default is none, and says why', async () => {
    const { view, records, asked } = home('default: none\n');
    const drawn = await view();
    expect(validateView(drawn)).toEqual([]);
    expect(asked).toEqual([]);
    expect(JSON.stringify(drawn)).toContain('you may not see the calls of extension 5001');
    expect(records.map((r) => [r.what, r.outcome])).toEqual([['list', 'refused']]);
  });

  it('says that everyone let in sees every call when there is no ACCESS_FILE', async () => {
    const { view } = home(undefined);
    expect(JSON.stringify(await view())).toContain('everyone let in sees every call* (no ACCESS_FILE)');
  });
});
