import type { Inline, InlineStyle } from './model.js';

const SAFE_SCHEMES = /^(?:https?:\/\/|mailto:)/i;
// C0/C1 controls except tab and newline, and invisibles that make binary garbage unreadable or let
// text masquerade (bidi overrides).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
export const UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const MAX_URL = 3000;
/** Longest address shown as a link's text; the link itself keeps the whole address. */
const MAX_SHOWN_URL = 200;

/** Only http, https and mailto links survive; anything else (javascript:, slack:, data:, relative) is text. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const url = raw.replace(UNPRINTABLE, '').trim();
  if (!SAFE_SCHEMES.test(url) || url.length > MAX_URL || /\s/.test(url)) return undefined;
  return url;
}

/**
 * The inlines a link stands for, given the inlines its text was read into. A link whose text is
 * not its own address would let model-written text disguise where it goes ("bank" → evil.example),
 * so the address is always what the link shows: text that differs stays as text (its styles kept),
 * followed by the link in parentheses. Whitespace around the text stays around the whole.
 */
export function linkInlines(taken: readonly Inline[], url: string, style: InlineStyle): Inline[] {
  const text = taken.map((inline) => inline.text).join('');
  const shown = text.trim();
  const bare = url.replace(/^mailto:/i, '');
  const before = /^\s/.test(text) ? [space(style)] : [];
  const after = /\s$/.test(text) ? [space(style)] : [];
  const asLink: Inline = {
    kind: 'link',
    text: bare.length > MAX_SHOWN_URL ? bare.slice(0, MAX_SHOWN_URL) : bare,
    url,
    style,
  };
  if (shown === '' || shown === url || shown === bare || `${shown}/` === url) {
    return [...before, asLink, ...after];
  }
  return [
    ...trimEnd(taken),
    { kind: 'text', text: ' (', style },
    asLink,
    { kind: 'text', text: ')', style },
    ...after,
  ];
}

function space(style: InlineStyle): Inline {
  return { kind: 'text', text: ' ', style };
}

/** The inlines without their trailing whitespace (a link's own text keeps its inner spacing). */
function trimEnd(inlines: readonly Inline[]): Inline[] {
  const out = [...inlines];
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const text = last.kind === 'text' ? last.text.replace(/\s+$/, '') : last.text;
    if (text !== '') {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out;
}
