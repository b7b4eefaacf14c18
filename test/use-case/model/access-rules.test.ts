import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import {
  type AccessRules,
  loadAccessFile,
  MAX_ACCESS_FILE_BYTES,
  parseAccessRules,
} from '../../../src/use-case/model/access-rules.js';
import { inRanges } from '../../../src/use-case/model/extension-ranges.js';
import { cleanUpCli, tempDir } from '../../helpers/cli-process.js';

afterEach(cleanUpCli);

/** The problems an access file is refused with, one per line of the message. */
function problems(text: string): string[] {
  try {
    parseAccessRules(text, 'ACCESS_FILE test.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(CallSummaryError);
    const e = error as CallSummaryError<'config_invalid'>;
    expect(e.code).toBe('config_invalid');
    expect(e.details.source).toBe('ACCESS_FILE test.yml');
    return [...e.details.problems];
  }
  throw new Error('the file was accepted');
}

const EXAMPLE = `default: own              # a member in no team and no admin: own | none | all
admins: [U0123ADMIN]      # every call
teams:
  - name: Support
    extensions: ["3200-3299"]     # numbers or ranges
    leads: [U0123LEAD]            # every call of these extensions
    members_see: own              # own (default) | team
transcripts: everyone             # everyone (who may see the call) | leads (leads and admins only)
`;

describe('ACCESS_FILE', () => {
  it('accepts the shipped access.example.yml, as its comments describe it', () => {
    const example = parseAccessRules(readFileSync('access.example.yml', 'utf8'), 'access.example.yml');
    expect(example.defaultSight).toBe('own');
    expect(example.admins).toEqual(['U0123ADMIN']);
    expect(example.teams.map((team) => [team.name, team.leads, team.membersSee])).toEqual([
      ['Support', ['U0123LEAD'], 'own'],
      ['Sales', ['U0456LEAD'], 'team'],
    ]);
    expect(inRanges(example.teams[0]!.extensions, '3250')).toBe(true);
    expect(inRanges(example.teams[1]!.extensions, '3400')).toBe(true);
    expect(inRanges(example.teams[1]!.extensions, '3350')).toBe(false);
    expect(example.transcripts).toBe('everyone');
  });

  it('reads the documented example', () => {
    expect(parseAccessRules(EXAMPLE)).toEqual<AccessRules>({
      defaultSight: 'own',
      admins: ['U0123ADMIN'],
      teams: [
        {
          name: 'Support',
          extensions: [{ from: 3200, to: 3299, fromDigits: 4, toDigits: 4 }],
          leads: ['U0123LEAD'],
          membersSee: 'own',
        },
      ],
      transcripts: 'everyone',
    });
  });

  it('takes the defaults for what is left out: own, no admins, no teams, transcripts with the call', () => {
    expect(parseAccessRules('')).toEqual({
      defaultSight: 'own',
      admins: [],
      teams: [],
      transcripts: 'everyone',
    });
    expect(parseAccessRules('teams:\n  - name: Sales\n    extensions: [4001, "4100-4199"]\n').teams).toEqual([
      {
        name: 'Sales',
        extensions: [
          { from: 4001, to: 4001, fromDigits: 4, toDigits: 4 },
          { from: 4100, to: 4199, fromDigits: 4, toDigits: 4 },
        ],
        leads: [],
        membersSee: 'own',
      },
    ]);
  });

  it('names the line of an unknown key, at the top and in a team', () => {
    expect(problems('default: own\nadmin: [U1]\n')).toEqual([
      'line 2: admin: unknown key (default, admins, teams, transcripts)',
    ]);
    expect(problems('teams:\n  - name: A\n    extensions: ["1"]\n    lead: [U1]\n')).toEqual([
      'line 4: teams.0.lead: unknown key (a team has name, extensions, leads, members_see)',
    ]);
  });

  it('names the line of every bad value at once', () => {
    const text = [
      'default: mine',
      'admins: [alice]',
      'teams:',
      '  - name: Support',
      '    extensions: ["3299-3200", "32x"]',
      '    leads: ["#support"]',
      '    members_see: everyone',
      '  - extensions: []',
      'transcripts: nobody',
    ].join('\n');
    expect(problems(text)).toEqual([
      'line 1: default: must be own, none or all',
      'line 2: admins.0: must be a Slack member id such as U0123ABCD (from the member profile, not a name)',
      'line 5: teams.0.extensions.0: range must go from low to high',
      'line 5: teams.0.extensions.1: must be an extension number ("3201") or a range ("3200-3299")',
      'line 6: teams.0.leads.0: must be a Slack member id such as U0123ABCD (from the member profile, not a name)',
      'line 7: teams.0.members_see: must be own or team',
      'line 8: teams.1.name: Invalid input: expected string, received undefined',
      'line 8: teams.1.extensions: needs at least one extension or range',
      'line 9: transcripts: must be everyone or leads',
    ]);
  });

  it('refuses a file that is not a mapping, YAML that does not parse, two teams of one name', () => {
    expect(problems('- U1\n- U2\n')).toEqual([
      'line 1: must be a mapping with default, admins, teams and transcripts',
    ]);
    expect(problems('default: own\ndefault: all\n')[0]).toMatch(/^line 2: /);
    expect(problems('admins: [U1\n')[0]).toMatch(/^line \d: /);
    expect(
      problems('teams:\n  - name: A\n    extensions: ["1"]\n  - name: a\n    extensions: ["2"]\n'),
    ).toEqual(['line 4: teams.1.name: "a" names two teams']);
  });

  it('refuses an alias bomb and a file over 1 MB without expanding or reading them whole', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(problems(`${lines.join('\n')}\n`)[0]).toContain('aliases expand too far');
    expect(problems(`admins: [${'"U1", '.repeat(MAX_ACCESS_FILE_BYTES / 6)}]`)[0]).toContain(
      'the limit is 1048576 (1 MB)',
    );
  });

  it('says what the YAML parser found wrong, on its line, in one line', () => {
    expect(problems('default: own\ndefault: all\n')).toEqual(['line 2: Map keys must be unique']);
    expect(problems('admins: [U1\n')).toEqual([
      'line 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('lists every unknown key of a team, each on its line', () => {
    expect(problems('teams:\n  - name: A\n    extensions: ["1"]\n    lead: [U1]\n    see: team\n')).toEqual([
      'line 4: teams.0.lead: unknown key (a team has name, extensions, leads, members_see); line 5: teams.0.see: unknown key (a team has name, extensions, leads, members_see)',
    ]);
  });

  it('refuses a team repeated by a YAML alias as a second team of that name', () => {
    expect(problems('teams:\n  - &a { name: A, extensions: ["1"] }\n  - *a\n')).toEqual([
      'teams.1.name: "A" names two teams',
    ]);
  });

  it('takes extensions and ranges with space around them', () => {
    const rules = parseAccessRules('teams:\n  - name: A\n    extensions: [" 3201 ", " 3200 - 3299 "]\n');
    expect(rules.teams[0]!.extensions).toEqual([
      { from: 3201, to: 3201, fromDigits: 4, toDigits: 4 },
      { from: 3200, to: 3299, fromDigits: 4, toDigits: 4 },
    ]);
  });

  it('names ACCESS_FILE as the source unless told another', () => {
    try {
      parseAccessRules('default: mine\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'config_invalid', details: { source: 'ACCESS_FILE' } });
    }
  });

  it('takes a file of exactly 1 MB', () => {
    const head = 'default: all\n#';
    const text = `${head}${'x'.repeat(MAX_ACCESS_FILE_BYTES - head.length - 1)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_ACCESS_FILE_BYTES);
    expect(parseAccessRules(text).defaultSight).toBe('all');
  });

  it('loads a file of up to 1 MB, refuses a larger one by its size, and names the file in every refusal', () => {
    const exact = join(tempDir(), 'exact.yml');
    writeFileSync(exact, `default: all\n#${'x'.repeat(MAX_ACCESS_FILE_BYTES - 15)}\n`);
    expect(loadAccessFile(exact)?.defaultSight).toBe('all');
    const big = join(tempDir(), 'big.yml');
    writeFileSync(big, `default: all\n#${'x'.repeat(MAX_ACCESS_FILE_BYTES)}\n`);
    expect(() => loadAccessFile(big)).toThrow(
      expect.objectContaining({
        details: {
          source: `ACCESS_FILE ${big}`,
          problems: [`it is ${MAX_ACCESS_FILE_BYTES + 15} bytes; the limit is 1048576 (1 MB)`],
        },
      }),
    );
    const wrong = join(tempDir(), 'wrong.yml');
    writeFileSync(wrong, 'default: mine\n');
    expect(() => loadAccessFile(wrong)).toThrow(
      expect.objectContaining({
        details: { source: `ACCESS_FILE ${wrong}`, problems: ['line 1: default: must be own, none or all'] },
      }),
    );
  });

  it('is read from the path ACCESS_FILE names, or not at all', () => {
    expect(loadAccessFile(undefined)).toBeUndefined();
    const path = join(tempDir(), 'access.yml');
    writeFileSync(path, EXAMPLE);
    expect(loadAccessFile(path)?.admins).toEqual(['U0123ADMIN']);
    expect(() => loadAccessFile(join(tempDir(), 'missing.yml'))).toThrow(/could not be read \(ENOENT\)/);
  });
});
