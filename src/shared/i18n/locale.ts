/**
 * The languages the bot writes in, and how a reader's language tag (Slack's `users.info` locale such
 * as `zh-CN` or `en-US`, `DEFAULT_LOCALE`, a shell's `LANG=zh_CN.UTF-8`) picks one of them.
 *
 * Traditional Chinese (`zh-TW`, `zh-HK`, `zh-Hant`) falls back to English, not to Simplified: a reader
 * who chose the traditional script in Slack asked for it, and a Simplified text with words used
 * differently in Taiwan reads worse to them than plain English. A `zh-TW.ts` catalogue is the way in.
 */

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** The catalogue `tag` is written in, or undefined when there is none for its language and script. */
export function supportedLocale(tag: string | undefined): Locale | undefined {
  if (tag === undefined) return undefined;
  // POSIX shells write `zh_CN.UTF-8@euro`; BCP 47 writes `zh-Hans-CN`.
  const parts = tag.trim().split(/[.@]/)[0]!.replace(/_/g, '-').toLowerCase().split('-').filter(Boolean);
  const [language, ...rest] = parts;
  if (language === 'en') return 'en';
  if (language === 'zh') {
    if (rest.includes('hant') || rest.includes('tw') || rest.includes('hk') || rest.includes('mo'))
      return undefined;
    return 'zh-CN';
  }
  return undefined;
}

/** `tag`'s catalogue, or `fallback` (`ja-JP` → the fallback; `zh-TW` → the fallback, see above). */
export function resolveLocale(tag: string | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  return supportedLocale(tag) ?? fallback;
}

/**
 * The CLI's language: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty decides,
 * as POSIX has it (`C` and `POSIX` are English); English when none is set or it has no catalogue.
 */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return resolveLocale(tag, 'en');
}
