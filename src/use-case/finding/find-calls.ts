import { CallSummaryError } from '../../shared/errors.js';
import type { ListGuard } from '../access.js';
import type { Party, Period } from '../model/call-query.js';
import type { CallListPage, ListParty } from './call-lists.js';
import type { Finding } from './index.js';

/** Whose calls a list shows. */
export interface ListSubject {
  readonly party: ListParty;
  /** The person's own calls. */
  readonly me: boolean;
  /** The extension's name, when known. */
  readonly name?: string;
}

/**
 * The calls a person asked for, from any surface (the command, **Older**, the Home tab): "me" becomes
 * their extension (USER_MAP_FILE or their Slack email), an extension gets its name from the directory.
 * Throws `member_unmatched` when "me" matches no extension, with the reason.
 */
export interface FoundCalls {
  readonly subject: ListSubject;
  readonly page: CallListPage;
}

export interface FindRequest {
  readonly party: Party;
  readonly period: Period;
  readonly page?: number;
  readonly at?: number;
  /** For a list paged from an earlier answer: the extension was the person's own. */
  readonly me?: boolean;
}

/**
 * `guard` (src/use-case/access.ts) refuses a list the person may not see and keeps to the calls they
 * may; the page shown is audited.
 */
export async function findCalls(
  deps: { readonly finding: Pick<Finding, 'callLists' | 'members' | 'directory'> },
  userId: string,
  request: FindRequest,
  guard?: ListGuard,
): Promise<FoundCalls> {
  const subject = await subjectOf(deps, userId, request.party, request.me ?? false);
  const visible = guard?.admit(subject);
  const page = await deps.finding.callLists.list({
    party: subject.party,
    period: request.period,
    ...(request.page !== undefined ? { page: request.page } : {}),
    ...(request.at !== undefined ? { at: request.at } : {}),
    ...(visible ? { visible } : {}),
  });
  const found = { subject, page };
  return guard ? guard.shown(found) : found;
}

async function subjectOf(
  deps: { readonly finding: Pick<Finding, 'callLists' | 'members' | 'directory'> },
  userId: string,
  party: Party,
  me: boolean,
): Promise<ListSubject> {
  if (party.kind === 'me') {
    const match = await deps.finding.members.match(userId);
    if (match.kind === 'unmatched') {
      throw new CallSummaryError('member_unmatched', { userId, reason: match.reason });
    }
    return { party: { kind: 'extension', extension: match.extension }, me: true, name: match.name };
  }
  const listParty: ListParty = party;
  if (listParty.kind === 'number') return { party: listParty, me: false };
  // "Yours" only when it is: a list paged from a button says so, and a button's value is foreign.
  const mine = me && (await isOwn(deps, userId, listParty.extension));
  const directory = await deps.finding.directory.current();
  // Only when the PBX's extensions could be read: the directory, then the search (an extension added
  // since the last refresh), both say there is no such extension.
  if (
    directory !== undefined &&
    directory.byNumber(listParty.extension) === undefined &&
    (await deps.finding.directory.findExtensionId(listParty.extension)) === undefined
  ) {
    throw new CallSummaryError('no_such_extension', { extension: listParty.extension });
  }
  const name = directory?.byNumber(listParty.extension)?.name ?? '';
  return { party: listParty, me: mine, ...(name !== '' ? { name } : {}) };
}

async function isOwn(
  deps: { readonly finding: Pick<Finding, 'members'> },
  userId: string,
  extension: string,
): Promise<boolean> {
  const match = await deps.finding.members.match(userId).catch(() => undefined);
  return match?.kind === 'matched' && match.extension === extension;
}
