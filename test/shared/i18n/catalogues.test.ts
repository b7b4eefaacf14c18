import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/shared/i18n/catalogues/en.js';
import { CATALOGUES } from '../../../src/shared/i18n/catalogues/index.js';
import { LOCALES, wordsFor } from '../../../src/shared/i18n/index.js';

const SRC = join(import.meta.dirname, '../../../src');
const CATALOGUE_DIR = join(SRC, 'shared/i18n/catalogues');
const keys = Object.keys(en).sort();

/** Each argument a message takes, with the kind of value it wants. */
function argumentsOf(message: string): Map<string, 'text' | 'number' | 'date' | 'choice'> {
  const found = new Map<string, 'text' | 'number' | 'date' | 'choice'>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument) found.set(element.value, found.get(element.value) ?? 'text');
      if (element.type === TYPE.number) found.set(element.value, 'number');
      if (element.type === TYPE.date || element.type === TYPE.time) found.set(element.value, 'date');
      if (element.type === TYPE.plural) found.set(element.value, 'number');
      if (element.type === TYPE.select) found.set(element.value, 'choice');
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return found;
}

/** Realistic long values: a 30-character name, a 7-digit count, today. */
function sampleValues(message: string): Record<string, string | number | Date> {
  const values: Record<string, string | number | Date> = {};
  for (const [name, kind] of argumentsOf(message)) {
    values[name] =
      kind === 'number'
        ? 1234567
        : kind === 'date'
          ? new Date()
          : kind === 'choice'
            ? 'other'
            : 'x'.repeat(30);
  }
  return values;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === CATALOGUE_DIR ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the message catalogues', () => {
  it('has one registered catalogue per locale, one file each', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LOCALES].sort());
    const files = readdirSync(CATALOGUE_DIR)
      .filter((name) => name !== 'index.ts')
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES)('%s has every key and no other', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it.each(LOCALES)('%s: every message parses and takes the same arguments as English', (locale) => {
    const wrong: string[] = [];
    for (const key of keys) {
      const message = CATALOGUES[locale][key as keyof typeof en];
      const theirs = [...argumentsOf(message).keys()].sort();
      const english = [...argumentsOf(en[key as keyof typeof en]).keys()].sort();
      if (JSON.stringify(theirs) !== JSON.stringify(english)) wrong.push(`${key}: ${theirs} ≠ ${english}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has no key the code never uses, and the code names no key it lacks', () => {
    const code = sourceFiles(SRC).map((file) => readFileSync(file, 'utf8'));
    const all = code.join('\n');
    const unused = keys.filter((key) => !all.includes(`'${key}'`));
    expect(unused, 'keys in the catalogues that no source file names').toEqual([]);
  });

  // Block Kit's limits, by the element a key's suffix names (Slack's reference: button text 75,
  // option text 75, placeholder 150, header 150, a modal's title 24), with long argument values.
  const LIMITS: ReadonlyArray<readonly [suffix: string, limit: number]> = [
    ['.button', 75],
    ['.option', 75],
    ['.placeholder', 150],
    ['.header', 150],
    ['.title', 24],
  ];

  it.each(LOCALES)('%s: the longest text of each kind of element fits its Block Kit limit', (locale) => {
    const words = wordsFor(locale);
    const over: string[] = [];
    for (const [suffix, limit] of LIMITS) {
      for (const key of keys.filter((k) => k.endsWith(suffix))) {
        const message = CATALOGUES[locale][key as keyof typeof en];
        // With 30-character arguments; a title takes none (a modal's title is 24 characters in all).
        const text = words.t(key as keyof typeof en, sampleValues(message));
        if ([...text].length > limit) over.push(`${key} (${[...text].length} > ${limit})`);
      }
    }
    expect(over).toEqual([]);
  });

  it('formats a plural and a duration in each language', () => {
    expect(wordsFor('en').duration(192)).toBe('3m 12s');
    expect(wordsFor('en').duration(45)).toBe('45s');
    expect(wordsFor('en').duration(3720)).toBe('1h 02m');
    expect(wordsFor('zh-CN').duration(192)).toBe('3分12秒');
    expect(wordsFor('zh-CN').list(['a', 'b', 'c'])).toBe('a、b和c');
  });

  it('does not hold a catalogue outside src/shared/i18n', () => {
    const elsewhere = sourceFiles(SRC).filter(
      (file) =>
        /IntlMessageFormat/.test(readFileSync(file, 'utf8')) && !file.startsWith(join(SRC, 'shared/i18n')),
    );
    expect(elsewhere.map((file) => relative(SRC, file))).toEqual([]);
  });
});
