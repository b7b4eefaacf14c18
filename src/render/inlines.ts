/** Small operations on runs of inlines, for the parser's line building. */
import type { Inline, InlineStyle } from './model.js';

export function pushNewline(inlines: Inline[]) {
  const last = inlines[inlines.length - 1];
  if (last && /\n$/.test(last.text)) return;
  if (last) inlines[inlines.length - 1] = { ...last, text: `${last.text.replace(/ +$/, '')}\n` };
}

export function sameStyle(a: InlineStyle, b: InlineStyle): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.strike === b.strike && a.code === b.code;
}

/** Joins neighbouring text inlines of the same style (a link's text and its parenthesis, say). */
function mergeInlines(inlines: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const last = out[out.length - 1];
    if (inline.kind === 'text' && last?.kind === 'text' && sameStyle(last.style, inline.style)) {
      out[out.length - 1] = { ...last, text: last.text + inline.text };
    } else {
      out.push(inline);
    }
  }
  return out;
}

/** Drops leading/trailing whitespace of a line and empty inlines. */
export function trimInlines(inlines: readonly Inline[]): Inline[] {
  return trimEnds(mergeInlines(inlines), /^\s+/, /\s+$/);
}

/** Preformatted text keeps its leading spaces (indentation); only blank lines around it go. */
export function trimPreformatted(inlines: readonly Inline[]): Inline[] {
  const plain = inlines.map((inline) => {
    const { code: _code, ...style } = inline.style;
    return { ...inline, style };
  });
  return trimEnds(mergeInlines(plain), /^(?:[ \t]*\n)+/, /\s+$/);
}

function trimEnds(inlines: Inline[], leading: RegExp, trailing: RegExp): Inline[] {
  const out = [...inlines];
  while (out.length > 0) {
    const first = out[0]!;
    const text = first.kind === 'text' ? first.text.replace(leading, '') : first.text;
    if (text !== '') {
      out[0] = { ...first, text };
      break;
    }
    out.shift();
  }
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const text = last.kind === 'text' ? last.text.replace(trailing, '') : last.text;
    if (text !== '') {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out;
}
