import { findLegIds } from '../../use-case/model/leg-id.js';

/**
 * Every leg id in a Slack message as the shortcut payload carries it: `text`, every string inside
 * `blocks` at any depth (rich text, sections, fields, context), attachments (text, fallback, pretext,
 * title, fields) and message metadata. The payload is foreign: anything of an unexpected shape is
 * skipped, never trusted.
 */
export function legIdsInMessage(message: unknown): string[] {
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
  return [...new Set(texts.flatMap(findLegIds))];
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
