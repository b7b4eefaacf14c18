import { readFileSync, statSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CallSummaryError } from '../../shared/errors.js';
import { isUserId } from '../../shared/slack-ids.js';
import { type ExtensionRange, extensionRangeSchema } from './extension-ranges.js';

/**
 * ACCESS_FILE: who may see which calls. YAML, checked once at start like ROUTING_FILE (every mistake
 * names its line, and the bot does not start: exit 2):
 *
 *   default: own              # a member in no team and no admin: own | none | all
 *   admins: [U0123ADMIN]      # every call
 *   teams:
 *     - name: Support
 *       extensions: ["3200-3299"]     # numbers or ranges
 *       leads: [U0123LEAD]            # every call of these extensions
 *       members_see: own              # own (default) | team
 *   transcripts: everyone     # everyone (who may see the call) | leads (leads and admins only)
 *
 * A team's members are the people whose own extension (USER_MAP_FILE, else their Slack email) is one
 * of its extensions; its leads are named. Without the file there are no rules: everyone the
 * ALLOWED_* lists let in sees every call, as before. Pure apart from reading the file.
 */

export type DefaultSight = 'own' | 'none' | 'all';

export interface AccessTeam {
  readonly name: string;
  readonly extensions: readonly ExtensionRange[];
  readonly leads: readonly string[];
  /** What a member (not a lead) of the team sees: their own calls, or every call of the team. */
  readonly membersSee: 'own' | 'team';
}

export interface AccessRules {
  readonly defaultSight: DefaultSight;
  readonly admins: readonly string[];
  readonly teams: readonly AccessTeam[];
  /** Who may read a call's transcript: everyone who may see the call, or only its leads and admins. */
  readonly transcripts: 'everyone' | 'leads';
}

/** An access file lists teams and ranges, not every person; past this it is a mistake. */
export const MAX_ACCESS_FILE_BYTES = 1024 * 1024;
/** More alias expansions than this is an alias bomb, not an access file. */
const MAX_ALIAS_COUNT = 100;

const memberId = z
  .string()
  .refine(isUserId, 'must be a Slack member id such as U0123ABCD (from the member profile, not a name)');

const accessSchema = z
  .object({
    default: z.enum(['own', 'none', 'all'], 'must be own, none or all').optional(),
    admins: z.array(memberId).optional(),
    teams: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, 'needs a name').max(80, 'is longer than 80 characters'),
            extensions: z.array(extensionRangeSchema).min(1, 'needs at least one extension or range'),
            leads: z.array(memberId).optional(),
            members_see: z.enum(['own', 'team'], 'must be own or team').optional(),
          })
          .strict(),
      )
      .optional(),
    transcripts: z.enum(['everyone', 'leads'], 'must be everyone or leads').optional(),
  })
  .strict();

/** Parses the file's text; `source` names it in errors. Throws `config_invalid` listing every problem. */
export function parseAccessRules(text: string, source = 'ACCESS_FILE'): AccessRules {
  // Stryker disable next-line StringLiteral: UTF-8 is also Buffer.byteLength's default
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ACCESS_FILE_BYTES) {
    throw accessError(source, [
      `it is ${bytes} bytes; the limit is ${MAX_ACCESS_FILE_BYTES} (1 MB): an access file lists teams and ranges`,
    ]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? '' : `line ${lineCounter.linePos(offset).line}: `;
  if (doc.errors.length > 0) {
    throw accessError(
      source,
      doc.errors.map((e) => `${lineOf(e.pos[0])}${e.message.split('\n')[0]}`),
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw accessError(source, [
      // Stryker disable next-line OptionalChaining: a parsed node always has its range
      `${lineOf(doc.contents.range?.[0])}must be a mapping with default, admins, teams and transcripts`,
    ]);
  }
  let data: unknown;
  try {
    // Stryker disable next-line ObjectLiteral: yaml's default is also 100; the limit is written here to be ours
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw accessError(source, [
      `its YAML aliases expand too far (${(error as Error).message}); write the lists out instead`,
    ]);
  }
  const parsed = accessSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // An unknown key is reported on its own line (zod names it in `keys`, its parent in `path`).
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const where = (path: readonly PropertyKey[]) =>
        (doc.getIn(path as (string | number)[], true) as { range?: [number, number, number] } | undefined)
          ?.range;
      const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(top level)';
      if (keys.length > 0) {
        return keys
          .map((key) => {
            const node = keyNode(doc, issue.path, key);
            return `${lineOf(node)}${pathText([...issue.path, key])}: unknown key (${knownKeys(issue.path)})`;
          })
          .join('; ');
      }
      // Walk back up the path until a node with a position is found (a missing key has none).
      for (let depth = issue.path.length; depth >= 0; depth--) {
        const range = where(issue.path.slice(0, depth));
        if (range) return `${lineOf(range[0])}${pathText(issue.path)}: ${issue.message}`;
      }
      return `${pathText(issue.path)}: ${issue.message}`;
    });
    throw accessError(source, problems);
  }
  const file = parsed.data;
  const teams = (file.teams ?? []).map((team) => ({
    name: team.name,
    extensions: team.extensions,
    leads: team.leads ?? [],
    membersSee: team.members_see ?? 'own',
  }));
  const names = new Set<string>();
  const problems: string[] = [];
  for (const [i, team] of teams.entries()) {
    const key = team.name.toLowerCase();
    if (names.has(key)) {
      const range = (doc.getIn(['teams', i, 'name'], true) as { range?: [number] } | undefined)?.range;
      problems.push(`${lineOf(range?.[0])}teams.${i}.name: "${team.name}" names two teams`);
    }
    names.add(key);
  }
  if (problems.length > 0) throw accessError(source, problems);
  return {
    defaultSight: file.default ?? 'own',
    admins: file.admins ?? [],
    teams,
    transcripts: file.transcripts ?? 'everyone',
  };
}

/** Where an unknown key is written: the key node under `path`. */
function keyNode(
  doc: ReturnType<typeof parseDocument>,
  path: readonly PropertyKey[],
  key: string,
): number | undefined {
  // Stryker disable next-line BooleanLiteral: the parent looked up is a mapping, which getIn returns as a node either way
  const parent = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    const node = pair.key as { value?: unknown; range?: [number, number, number] } | null;
    // Stryker disable next-line OptionalChaining: a parsed key node always has its range
    if (node && String(node.value) === key) return node.range?.[0];
  }
  return undefined;
}

function knownKeys(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? 'default, admins, teams, transcripts'
    : 'a team has name, extensions, leads, members_see';
}

/** Reads and checks ACCESS_FILE; undefined when it is not set (no rules: everyone sees every call). */
export function loadAccessFile(path: string | undefined): AccessRules | undefined {
  if (path === undefined) return undefined;
  const source = `ACCESS_FILE ${path}`;
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_ACCESS_FILE_BYTES) {
      throw accessError(source, [`it is ${size} bytes; the limit is ${MAX_ACCESS_FILE_BYTES} (1 MB)`]);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CallSummaryError) throw error;
    throw accessError(source, [`could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseAccessRules(text, source);
}

function accessError(source: string, problems: string[]): CallSummaryError {
  return new CallSummaryError('config_invalid', { source, problems });
}
