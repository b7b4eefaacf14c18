import { IntlMessageFormat } from 'intl-messageformat';
import type { MessageKey } from './catalogues/en.js';
import { CATALOGUES } from './catalogues/index.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';

export type { MessageKey } from './catalogues/en.js';

/** What a message's `{arguments}` take. */
export type MessageValues = Readonly<Record<string, string | number | boolean | Date>>;

/**
 * Every word the bot writes, in one reader's language: catalogue messages (ICU MessageFormat, so
 * plurals, numbers and dates follow the locale) and `Intl` for what has no sentence around it.
 * The PBX's own summary and transcript text never goes through here: it is shown as written.
 */
export interface Words {
  readonly locale: Locale;
  /** The catalogue's message `key`, formatted with `values`. */
  t(key: MessageKey, values?: MessageValues): string;
  /** A talk time: `45s`, `3m 05s`, `1h 02m`; `3分05秒`. */
  duration(seconds: number): string;
  /** `a, b and c` in the locale's way (`a、b和c`). */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  /** A date or time through `Intl.DateTimeFormat` in the locale (formats are kept, not rebuilt). */
  dateTime(at: Date | number, options: Intl.DateTimeFormatOptions): string;
}

const made = new Map<Locale, Words>();

/** The words of `locale`, built once per locale for the life of the process. */
export function wordsFor(locale: Locale = DEFAULT_LOCALE): Words {
  let words = made.get(locale);
  if (!words) {
    words = createWords(locale);
    made.set(locale, words);
  }
  return words;
}

/** English: for tests and the places that have no reader (none in the product should need it). */
export const ENGLISH: Words = wordsFor('en');

function createWords(locale: Locale): Words {
  const catalogue = CATALOGUES[locale];
  const formats = new Map<MessageKey, IntlMessageFormat>();
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  const lists = new Map<string, Intl.ListFormat>();

  function t(key: MessageKey, values?: MessageValues): string {
    let format = formats.get(key);
    if (!format) {
      // Slack's `<…>` is mrkdwn, not markup: tags are not read.
      format = new IntlMessageFormat(catalogue[key], locale, undefined, { ignoreTag: true });
      formats.set(key, format);
    }
    return String(format.format(values as Record<string, string | number | boolean | Date> | undefined));
  }

  return {
    locale,
    t,
    duration(seconds) {
      const whole = Math.max(0, Math.round(seconds));
      // Two digits after the first unit, as a clock shows them; strings, so ICU adds no grouping.
      const two = (n: number) => String(n).padStart(2, '0');
      if (whole < 60) return t('common.duration.seconds', { seconds: String(whole) });
      if (whole < 3600) {
        return t('common.duration.minutes', {
          minutes: String(Math.floor(whole / 60)),
          seconds: two(whole % 60),
        });
      }
      return t('common.duration.hours', {
        hours: String(Math.floor(whole / 3600)),
        minutes: two(Math.floor((whole % 3600) / 60)),
      });
    },
    list(items, type = 'conjunction') {
      let format = lists.get(type);
      if (!format) {
        format = new Intl.ListFormat(locale, { type });
        lists.set(type, format);
      }
      return format.format(items);
    },
    dateTime(at, options) {
      const id = JSON.stringify(options);
      let format = dateFormats.get(id);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, options);
        dateFormats.set(id, format);
      }
      return format.format(at);
    },
  };
}
