export type { Catalogue, MessageKey } from './catalogues/en.js';
export {
  DEFAULT_LOCALE,
  LOCALES,
  type Locale,
  localeFromEnvironment,
  resolveLocale,
  supportedLocale,
} from './locale.js';
export { ENGLISH, type MessageValues, type Words, wordsFor } from './words.js';
