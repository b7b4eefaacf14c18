import { CallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { AuditRecord, AuditSink, AuditSurface, AuditWhat } from './audit.js';
import type { ListedCall, ListParty } from './finding/call-lists.js';
import type { FoundCalls, ListSubject } from './finding/find-calls.js';
import type { Members } from './finding/members.js';
import type { AccessRules, AccessTeam } from './model/access-rules.js';
import type { CallSummary } from './model/call-summary.js';
import { inRanges } from './model/extension-ranges.js';
import { otherSide, SIDES, type Side } from './model/leg-id.js';
import { isExtensionNumber, maskedNumber } from './model/party-number.js';
import type { LegParties } from './ports.js';
import type { SideResult, SummaryLookup } from './summaries.js';

/**
 * Who may see which calls (ACCESS_FILE, src/use-case/model/access-rules.ts), decided for the person
 * who acts, never from a value a button or a view carries: a call belongs to the extensions on its
 * sides, and a member may see a side when its extension is their own, in a team they lead, in their
 * own team when its members see the team's calls, or when they are an admin. Without rules, everyone
 * the ALLOWED_* lists let in sees every call.
 *
 * The pure rules first, then the service every surface asks (src/slack/listeners, late summaries),
 * which also writes the audit trail (src/use-case/audit.ts).
 */

/** A person as the rules see them. */
export interface Viewer {
  readonly userId: string;
  /** Their own extension, as matched today (USER_MAP_FILE, else their Slack email); undefined: none. */
  readonly extension: string | undefined;
  readonly admin: boolean;
  /** Teams they lead. */
  readonly leads: readonly AccessTeam[];
  /** Teams their own extension is in. */
  readonly teams: readonly AccessTeam[];
}

/** A leg's parties as far as they are known: a side's number may be unknown. */
export type KnownParties = Partial<LegParties>;

/** Whether the person sees every call: no rules, an admin, or in no team with `default: all`. */
export function seesAll(rules: AccessRules | undefined, viewer: Viewer): boolean {
  if (rules === undefined || viewer.admin) return true;
  return !inTeam(viewer) && rules.defaultSight === 'all';
}

function inTeam(viewer: Viewer): boolean {
  return viewer.leads.length > 0 || viewer.teams.length > 0;
}

/** May the person see the calls of this extension? */
export function maySeeExtension(rules: AccessRules | undefined, viewer: Viewer, extension: string): boolean {
  if (seesAll(rules, viewer)) return true;
  if (!isExtensionNumber(extension)) return false;
  if (viewer.leads.some((team) => inRanges(team.extensions, extension))) return true;
  if (viewer.teams.some((team) => team.membersSee === 'team' && inRanges(team.extensions, extension)))
    return true;
  // Their own: always in a team; outside every team, unless the default is that they see nothing.
  if (viewer.extension !== undefined && extension === viewer.extension) {
    return inTeam(viewer) || rules!.defaultSight !== 'none';
  }
  return false;
}

/**
 * The sides of a call the person may see. A side whose party is an extension: by that extension. A
 * side that is an outside number has no summary of its own; it belongs to the call, and is seen with
 * the other side. A side whose number is unknown: only by someone who sees every call.
 */
export function visibleSides(
  rules: AccessRules | undefined,
  viewer: Viewer,
  parties: KnownParties,
): ReadonlySet<Side> {
  if (seesAll(rules, viewer)) return new Set(SIDES);
  const byExtension = (side: Side): boolean | 'outside' | undefined => {
    const number = parties[side]?.trim();
    if (number === undefined || number === '') return undefined;
    return isExtensionNumber(number) ? maySeeExtension(rules, viewer, number) : 'outside';
  };
  const visible = new Set<Side>();
  for (const side of SIDES) {
    const own = byExtension(side);
    if (own === true || (own === 'outside' && byExtension(otherSide(side)) === true)) visible.add(side);
  }
  return visible;
}

/** May the person read the call's transcript (both sides speak in it)? */
export function mayReadTranscript(
  rules: AccessRules | undefined,
  viewer: Viewer,
  parties: KnownParties,
): boolean {
  if (rules === undefined || viewer.admin) return true;
  if (rules.transcripts === 'leads') {
    return SIDES.some((side) => {
      // Stryker disable next-line StringLiteral: whatever stands for no number, it is no extension
      const number = parties[side]?.trim() ?? '';
      return isExtensionNumber(number) && viewer.leads.some((team) => inRanges(team.extensions, number));
    });
  }
  return visibleSides(rules, viewer, parties).size > 0;
}

/** The person, as the rules see them, given their own extension (matched by the caller). */
export function viewerOf(
  rules: AccessRules | undefined,
  userId: string,
  extension: string | undefined,
): Viewer {
  if (rules === undefined) return { userId, extension, admin: false, leads: [], teams: [] };
  return {
    userId,
    extension,
    admin: rules.admins.includes(userId),
    leads: rules.teams.filter((team) => team.leads.includes(userId)),
    teams: extension === undefined ? [] : rules.teams.filter((team) => inRanges(team.extensions, extension)),
  };
}

/** Where a check is made, for the audit trail. */
export interface AccessAt {
  readonly surface: AuditSurface;
  /** What is shown if allowed; `summary` by default. */
  readonly what?: AuditWhat;
  /** Where a share or a thread post goes. */
  readonly channel?: string | undefined;
}

/** A lookup cut down to what the person may see. */
export interface SeenLookup {
  readonly shown: SummaryLookup;
  /** Sides asked for that the person may not see: left out of `shown`. */
  readonly refused: readonly Side[];
}

/** What a list surface is given: the check of the list asked for, and its audit once shown. */
export interface ListGuard {
  /**
   * Throws `access_refused` (audited) when the person may not see this list at all (another's
   * extension); else the calls of it they may see (undefined: every call).
   */
  admit(subject: ListSubject): ((call: ListedCall) => boolean) | undefined;
  /**
   * The page as it may be shown, audited. A call shown for one side whose other side is an extension
   * the person may not see loses its gist: on an internal call the export's gist may be that side's.
   */
  shown(found: FoundCalls): FoundCalls;
}

export interface CallAccess {
  /** Undefined without ACCESS_FILE: everyone let in sees every call. */
  readonly rules: AccessRules | undefined;
  /** The person who acts, as the rules see them (matches their extension only when rules need it). */
  viewer(userId: string): Promise<Viewer>;
  /** The lookup as the person may see it; every side shown and every side refused is audited. */
  summaries(viewer: Viewer, lookup: SummaryLookup, at: AccessAt): Promise<SeenLookup>;
  /**
   * May the person watch this side of this leg (Notify me; `undefined`: either side)? A watch shows
   * nothing: a leg whose parties are not known yet (not in the AI export before its summary is
   * written) may be watched, and the summary is checked when it is sent (`delivery`). Audited.
   */
  watch(viewer: Viewer, legId: string, side: Side | undefined, at: AccessAt): Promise<boolean>;
  /** May the person read this page of the leg's transcript? Audited either way. */
  transcript(viewer: Viewer, legId: string, page: number, at: AccessAt): Promise<boolean>;
  /** The check and audit of a list, for `findCalls` and the Home tab. */
  lists(viewer: Viewer, at: AccessAt): ListGuard;
  /** A late summary about to be sent to the person who watched for it (a DM): may they see it? */
  delivery(userId: string, summary: CallSummary): Promise<boolean>;
  /** Audits a refusal decided elsewhere (the conversation, by ALLOWED_CHANNEL_IDS). */
  refused(record: Omit<AuditRecord, 'outcome'>): void;
}

export interface CallAccessDeps {
  readonly rules: AccessRules | undefined;
  readonly members: Pick<Members, 'match'>;
  /** A leg's parties (the leg index, else the AI export); undefined when they cannot be found. */
  readonly parties: (legId: string) => Promise<LegParties | undefined>;
  readonly audit: AuditSink;
  readonly logger: Logger;
}

export function createCallAccess(deps: CallAccessDeps): CallAccess {
  const { rules, audit } = deps;

  /** What a result says of its side's party: only these fields are read. */
  type PartyHint =
    | { readonly side: Side; readonly status: 'found'; readonly summary: Pick<CallSummary, 'extNum'> }
    | { readonly side: Side; readonly status: 'outside_number'; readonly number: string }
    | { readonly side: Side; readonly status: 'none' };

  async function partiesOf(
    legId: string,
    // Stryker disable next-line ArrayDeclaration: only read when the parties are unknown, and a stray element has no status
    results: readonly (SideResult | PartyHint)[] = [],
  ): Promise<KnownParties> {
    const known = await deps.parties(legId).catch((error: unknown) => {
      deps.logger.warn('access: the parties of a leg could not be read', { leg: legId }, error);
      return undefined;
    });
    if (known) return known;
    // Unknown to the leg index and the export: what the PBX's own answers say, side by side.
    const parties: { caller?: string; callee?: string } = {};
    for (const result of results) {
      if (result.status === 'found' && result.summary.extNum !== '')
        parties[result.side] = result.summary.extNum;
      if (result.status === 'outside_number') parties[result.side] = result.number;
    }
    return parties;
  }

  const listName = (party: ListParty) =>
    party.kind === 'extension' ? `extension ${party.extension}` : `number ${maskedNumber(party.number)}`;

  async function viewer(userId: string): Promise<Viewer> {
    if (rules === undefined) return viewerOf(undefined, userId, undefined);
    const named = viewerOf(rules, userId, undefined);
    if (named.admin) return named;
    const match = await deps.members.match(userId);
    return viewerOf(rules, userId, match.kind === 'matched' ? match.extension : undefined);
  }

  return {
    rules,
    viewer,
    async summaries(viewer, lookup, at) {
      const all = seesAll(rules, viewer);
      const visible = all
        ? new Set(SIDES)
        : visibleSides(rules, viewer, await partiesOf(lookup.legId, lookup.results));
      const results: SideResult[] = [];
      const refused: Side[] = [];
      for (const result of lookup.results) {
        const allowed = visible.has(result.side);
        if (allowed) results.push(result);
        else refused.push(result.side);
        if (!allowed || result.status === 'found') {
          audit({
            member: viewer.userId,
            what: at.what ?? 'summary',
            leg: lookup.legId,
            side: result.side,
            surface: at.surface,
            outcome: allowed ? 'allowed' : 'refused',
            ...(at.channel !== undefined ? { channel: at.channel } : {}),
            ...(allowed ? {} : { reason: 'access_file' as const }),
          });
        }
      }
      return { shown: { legId: lookup.legId, results }, refused };
    },
    async watch(viewer, legId, side, at) {
      let allowed = true;
      if (!seesAll(rules, viewer)) {
        const known = await deps.parties(legId).catch(() => undefined);
        if (known !== undefined) {
          const visible = visibleSides(rules, viewer, known);
          allowed = side === undefined ? visible.size > 0 : visible.has(side);
        }
      }
      audit({
        member: viewer.userId,
        what: at.what ?? 'notify',
        leg: legId,
        side: side ?? 'both',
        surface: at.surface,
        outcome: allowed ? 'allowed' : 'refused',
        ...(allowed ? {} : { reason: 'access_file' as const }),
      });
      return allowed;
    },
    async transcript(viewer, legId, page, at) {
      const allowed =
        rules === undefined || viewer.admin || mayReadTranscript(rules, viewer, await partiesOf(legId));
      audit({
        member: viewer.userId,
        what: 'transcript',
        leg: legId,
        page,
        surface: at.surface,
        outcome: allowed ? 'allowed' : 'refused',
        ...(allowed
          ? {}
          : {
              reason:
                rules?.transcripts === 'leads' ? ('transcripts_leads' as const) : ('access_file' as const),
            }),
      });
      return allowed;
    },
    lists(viewer, at) {
      return {
        admit(subject) {
          if (seesAll(rules, viewer)) return undefined;
          const { party } = subject;
          if (party.kind === 'extension' && !maySeeExtension(rules, viewer, party.extension)) {
            audit({
              member: viewer.userId,
              what: 'list',
              list: listName(party),
              surface: at.surface,
              outcome: 'refused',
              reason: 'access_file',
            });
            throw new CallSummaryError('access_refused', { what: 'list', extension: party.extension });
          }
          // Each call: the listed party's side or the other end's (an extension) the person may see.
          return (call) =>
            (party.kind === 'extension' && maySeeExtension(rules, viewer, party.extension)) ||
            maySeeExtension(rules, viewer, call.otherNumber);
        },
        shown(found) {
          audit({
            member: viewer.userId,
            what: 'list',
            list: listName(found.subject.party),
            shown: found.page.calls.length,
            surface: at.surface,
            outcome: 'allowed',
          });
          if (seesAll(rules, viewer)) return found;
          const hidden = (call: ListedCall) =>
            isExtensionNumber(call.otherNumber) && !maySeeExtension(rules, viewer, call.otherNumber);
          if (!found.page.calls.some(hidden)) return found;
          const calls = found.page.calls.map((call) => (hidden(call) ? { ...call, gist: '' } : call));
          return { ...found, page: { ...found.page, calls } };
        },
      };
    },
    async delivery(userId, summary) {
      const watcher = await viewer(userId);
      const visible = seesAll(rules, watcher)
        ? new Set(SIDES)
        : visibleSides(
            rules,
            watcher,
            await partiesOf(summary.legId, [{ side: summary.side, status: 'found', summary }]),
          );
      const allowed = visible.has(summary.side);
      audit({
        member: userId,
        what: 'summary',
        leg: summary.legId,
        side: summary.side,
        surface: 'notification',
        outcome: allowed ? 'allowed' : 'refused',
        ...(allowed ? {} : { reason: 'access_file' as const }),
      });
      return allowed;
    },
    refused(record) {
      audit({ ...record, outcome: 'refused' });
    },
  };
}
