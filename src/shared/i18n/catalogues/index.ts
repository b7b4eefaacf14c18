import type { Locale } from '../locale.js';
import { type Catalogue, en } from './en.js';
import { zhCN } from './zh-CN.js';

/**
 * Every catalogue by locale. Adding a language: its file beside these, its line here and in LOCALES
 * (../locale.ts); test/shared/i18n/catalogues.test.ts fails until all three agree.
 */
export const CATALOGUES: { readonly [L in Locale]: Catalogue } = {
  en,
  'zh-CN': zhCN,
};
