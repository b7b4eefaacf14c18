import { type Locale, resolveLocale, wordsFor } from '../shared/i18n/index.js';
import type { Members } from '../use-case/finding/members.js';
import type { SlackDeps } from './deps.js';

export interface Locales {
  /** DEFAULT_LOCALE: a person whose Slack language has no catalogue, or is unknown. */
  readonly fallback: Locale;
  /** CHANNEL_LOCALE: what everyone in a channel reads. */
  readonly channel: Locale;
}

export const ENGLISH_LOCALES: Locales = { fallback: 'en', channel: 'en' };

/**
 * Who reads in which language: a person in their Slack language (read with their email by
 * `members`, one `users.info` per cache lifetime), channels in CHANNEL_LOCALE.
 */
export function readerWords(
  members: Pick<Members, 'localeOf'> | undefined,
  locales: Locales,
): Pick<SlackDeps, 'wordsOf' | 'channelWords'> {
  return {
    wordsOf: async (userId) => {
      const tag = userId && members ? await members.localeOf(userId) : undefined;
      return wordsFor(resolveLocale(tag, locales.fallback));
    },
    channelWords: wordsFor(locales.channel),
  };
}
