import { CATALOGUES } from '../shared/i18n/catalogues/index.js';
import { localeFromEnvironment } from '../shared/i18n/locale.js';

/**
 * `callsummary help` in the terminal's language, read straight from the catalogue: the help takes no
 * arguments and quotes nothing, so its message is its text, and `--help` loads no package (the ICU
 * formatter is one; test/cli/startup.test.ts). test/cli/words.test.ts checks that the formatter
 * would say the same.
 */
export function helpText(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return CATALOGUES[localeFromEnvironment(env)]['cli.help.text'];
}
