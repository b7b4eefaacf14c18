import type { MemberUnmatched } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { UserMap } from '../model/user-map.js';
import type { EmailLookup, MemberEmailCache } from '../ports.js';
import type { Directory } from './directory.js';

/**
 * Which extension is a Slack member's ("my calls", the App Home tab, `callsummary calls --user`):
 * USER_MAP_FILE when it names them, else their Slack profile email matched to the extensions'
 * `email_addr` in the extension directory. The email lookup (Slack `users.info`) is injected: it is
 * absent when the app lacks the scopes, and then the answer says so.
 */
export type MemberMatch =
  | {
      readonly kind: 'matched';
      readonly extension: string;
      /** The extension's caller-id name, when the directory knows it. */
      readonly name: string;
      readonly via: 'user_map' | 'email';
    }
  | { readonly kind: 'unmatched'; readonly reason: MemberUnmatched };

export interface MemberDeps {
  readonly userMap: UserMap | undefined;
  /** Slack `users.info`; undefined when the feature is off (no scope, or no Slack at all). */
  readonly emailOf: ((userId: string) => Promise<EmailLookup>) | undefined;
  /** Why `emailOf` is absent: the app lacks the scopes, or there is no Slack (the CLI). */
  readonly emailUnavailable: 'no_scope' | 'not_mapped';
  readonly directory: () => Promise<Directory | undefined>;
  readonly cache: MemberEmailCache;
  readonly logger: Logger;
}

export interface Members {
  match(userId: string): Promise<MemberMatch>;
  /**
   * The member's Slack language tag (`zh-CN`), read with their email and cached with it; undefined
   * when Slack gives none or cannot be asked (the caller falls back to DEFAULT_LOCALE).
   */
  localeOf(userId: string): Promise<string | undefined>;
}

export function createMembers(deps: MemberDeps): Members {
  /** The cached profile, or Slack's answer cached; `needsLocale` skips entries that predate languages. */
  async function profile(userId: string, needsLocale: boolean): Promise<EmailLookup> {
    const cached = await deps.cache.get(userId);
    if (cached && !(needsLocale && cached.locale === undefined)) {
      const locale = cached.locale ?? undefined;
      return cached.email === null
        ? { kind: 'none', locale }
        : { kind: 'email', email: cached.email, locale };
    }
    if (!deps.emailOf) return { kind: 'no_scope' };
    const found = await deps.emailOf(userId);
    // "No scope" is not remembered: it ends when the app is reinstalled with the scopes.
    if (found.kind !== 'no_scope') {
      await deps.cache.set(userId, {
        email: found.kind === 'email' ? found.email : null,
        locale: found.locale ?? null,
      });
    }
    return found;
  }
  const email = (userId: string) => profile(userId, false);

  return {
    async localeOf(userId) {
      try {
        const found = await profile(userId, true);
        // Without users:read.email nothing is cached, so such an install asks Slack once per answer.
        return found.locale;
      } catch (error) {
        // Slack unreachable: the answer is still given, in the fallback language.
        deps.logger.debug(`member ${userId}: language unknown (${(error as Error).message})`);
        return undefined;
      }
    },
    async match(userId) {
      const mapped = deps.userMap?.get(userId);
      if (mapped !== undefined) {
        const directory = await deps.directory();
        return {
          kind: 'matched',
          extension: mapped,
          name: directory?.byNumber(mapped)?.name ?? '',
          via: 'user_map',
        };
      }
      if (!deps.emailOf) return { kind: 'unmatched', reason: deps.emailUnavailable };
      const found = await email(userId);
      if (found.kind === 'no_scope') return { kind: 'unmatched', reason: 'no_scope' };
      if (found.kind === 'none') return { kind: 'unmatched', reason: 'no_email' };
      const directory = await deps.directory();
      if (!directory) return { kind: 'unmatched', reason: 'no_directory' };
      const extension = directory.byEmail(found.email);
      deps.logger.debug(
        `member ${userId}: ${extension ? `extension ${extension.number}` : 'no extension'} by email`,
      );
      return extension
        ? { kind: 'matched', extension: extension.number, name: extension.name, via: 'email' }
        : { kind: 'unmatched', reason: 'no_extension' };
    },
  };
}
