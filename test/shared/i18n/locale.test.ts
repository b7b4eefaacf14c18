import { describe, expect, it } from 'vitest';
import { localeFromEnvironment, resolveLocale, supportedLocale } from '../../../src/shared/i18n/index.js';

describe('which catalogue a language tag reads', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['en_GB.UTF-8', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh_CN.UTF-8', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh', 'zh-CN'],
  ])('%s → %s', (tag, locale) => {
    expect(supportedLocale(tag)).toBe(locale);
  });

  it.each(['ja-JP', 'zh-TW', 'zh-HK', 'zh-Hant', 'zh_TW.UTF-8', 'fr-FR', '', 'C', 'POSIX'])(
    '%s has no catalogue and falls back',
    (tag) => {
      expect(supportedLocale(tag)).toBeUndefined();
      expect(resolveLocale(tag, 'zh-CN')).toBe('zh-CN');
      expect(resolveLocale(tag)).toBe('en');
    },
  );

  it('the CLI reads LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them', () => {
    expect(localeFromEnvironment({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnvironment({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeFromEnvironment({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe(
      'zh-CN',
    );
    expect(localeFromEnvironment({ LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(localeFromEnvironment({})).toBe('en');
  });
});
