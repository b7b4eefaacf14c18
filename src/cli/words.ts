import { localeFromEnvironment, type Words, wordsFor } from '../shared/i18n/index.js';

/** The CLI's words: LC_ALL, LC_MESSAGES or LANG (`zh_CN.UTF-8` → Chinese), English otherwise. */
export function cliWords(env: Readonly<Record<string, string | undefined>> = process.env): Words {
  return wordsFor(localeFromEnvironment(env));
}
