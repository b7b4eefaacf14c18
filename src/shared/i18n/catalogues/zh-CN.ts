import type { Catalogue } from './en.js';

/**
 * 简体中文. Same keys and arguments as en.ts (a test compares them). Numbers, dates and plurals come from
 * ICU; Chinese has no plural forms, so `plural` keeps only `other` (and exact matches such as `=0`).
 */
export const zhCN = {
  // ── common ──
  'common.duration.seconds': '{seconds}秒',
  'common.duration.minutes': '{minutes}分{seconds}秒',
  'common.duration.hours': '{hours}小时{minutes}分',
  // ── end common ──
} as const satisfies Catalogue;
