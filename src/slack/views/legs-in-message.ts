import { findLegIds } from '../../use-case/model/leg-id.js';

/**
 * Every leg id in a Slack message as the shortcut payload carries it: `text`, every string inside
 * `blocks` at any depth (rich text, sections, fields, context), attachments (text, fallback, pretext,
 * title, fields) and message metadata. The payload is foreign: anything of an unexpected shape is
 * skipped, never trusted.
 */
export function legIdsInMessage(message: unknown): string[] {
  return [...new Set(messageTexts(message).flatMap(findLegIds))];
}

/**
 * What else a call alert may name when it carries no leg id, as integrations write them: the CDR
 * uid of the call (`2026051322323412345`: 14 digits of its start and 5 characters, no hyphen), or
 * who called whom (an outside number, `+1 415 555 0123`; an extension after `ext`, `extension`,
 * `agent`, `x`, or after `to`/`from`). Numbers in that order of trust, each once.
 */
export interface CallClues {
  readonly uids: readonly string[];
  readonly numbers: readonly string[];
  readonly extensions: readonly string[];
}

const UID = /(?<![\w-])(\d{14}[0-9A-Za-z]{5})(?![\w-])/g;
// A phone number: a leading + or 8 to 15 digits, with the spaces, dots, dashes and brackets people write.
const PHONE = /(?<![\w+])(\+?\d[\d\s().-]{6,20}\d)(?!\w)/g;
const DATE = /\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b/g;
const TIME = /\b\d{1,2}:\d{2}(?::\d{2})?\b/g;
const EXTENSION = /\b(?:ext(?:ension)?\.?|agent|x|to|from)\s*#?\s*(\d{2,7})\b/gi;

export function callCluesInMessage(message: unknown): CallClues {
  const texts = messageTexts(message);
  const uids = new Set<string>();
  const numbers = new Set<string>();
  const extensions = new Set<string>();
  for (const text of texts) {
    // Leg ids are not clues of this kind (they are read first): masked so their digits match nothing.
    const rest = text.replace(/\d{14}-[0-9A-Fa-f]{5}/g, ' ');
    for (const m of rest.matchAll(UID)) uids.add(m[1]!);
    // Dates and times are digits too: masked before numbers are read.
    const withoutUids = rest.replace(UID, ' ').replace(DATE, ' ').replace(TIME, ' ');
    for (const m of withoutUids.matchAll(PHONE)) {
      const written = m[1]!.trim();
      const digits = written.replace(/\D/g, '');
      if (digits.length >= 8 && digits.length <= 15)
        numbers.add(written.startsWith('+') ? `+${digits}` : digits);
    }
    for (const m of withoutUids.matchAll(EXTENSION)) extensions.add(m[1]!);
  }
  return { uids: [...uids], numbers: [...numbers], extensions: [...extensions] };
}

/** Every text of a message a person or an integration may have put a call's details in. */
function messageTexts(message: unknown): string[] {
  if (typeof message !== 'object' || message === null) return [];
  const m = message as Record<string, unknown>;
  const texts: string[] = [];
  if (typeof m.text === 'string') texts.push(m.text);
  collectStrings(m.blocks, texts, 0);
  if (Array.isArray(m.attachments)) {
    for (const attachment of m.attachments) {
      if (typeof attachment !== 'object' || attachment === null) continue;
      const a = attachment as Record<string, unknown>;
      for (const key of ['text', 'fallback', 'pretext', 'title']) {
        if (typeof a[key] === 'string') texts.push(a[key]);
      }
      collectStrings(a.fields, texts, 0);
      collectStrings(a.blocks, texts, 0);
    }
  }
  collectStrings(m.metadata, texts, 0);
  return texts;
}

/** Depth-bounded so a hostile payload cannot recurse us into a stack overflow. */
function collectStrings(value: unknown, out: string[], depth: number): void {
  if (depth > 32) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out, depth + 1);
  else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectStrings(item, out, depth + 1);
  }
}
