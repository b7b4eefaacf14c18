import type { ValidateOptions } from './validate.js';

/**
 * Text objects and mrkdwn, checked for validate.ts and validate-blocks.ts, with what every check
 * shares: the problem list and a JSON object.
 */

export type Problems = string[];
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Mentions and broadcasts in mrkdwn: `<@U…>`, `<#C…>`, `<!subteam^…>`, `<!here>`, `<!channel>`, `<!everyone>`. */
const LIVE_MRKDWN = /^(?:[@#]|!(?:channel|here|everyone|subteam\^))/i;
/** Every `<…>` control sequence Slack parses in mrkdwn and in a message's top-level `text`. */
const CONTROL_SEQUENCE = /<([^<>]*)>/g;

/**
 * What is wrong with the `<…>` sequences of a mrkdwn string: a mention or broadcast (unless allowed),
 * or anything else but our own `<!date^…>`, since Slack turns `<x>` and `<url|label>` into links
 * (a disguised link, or `<leg-id>` shown as a link named "leg-id").
 */
export function mrkdwnProblem(text: string, options: ValidateOptions): string | undefined {
  for (const [, inner = ''] of text.matchAll(CONTROL_SEQUENCE)) {
    if (inner.startsWith('!date^')) continue;
    if (LIVE_MRKDWN.test(inner)) {
      if (options.allowMentions) continue;
      return 'contains a live mention';
    }
    return `contains "<${inner.slice(0, 40)}>", which Slack shows as a link; escape < and > as &lt; and &gt;`;
  }
  return undefined;
}

export function textObject(
  value: unknown,
  at: string,
  max: number,
  problems: Problems,
  options: ValidateOptions,
  required = true,
) {
  if (value === undefined) {
    if (required) problems.push(`${at}: required`);
    return;
  }
  if (!isObject(value) || (value.type !== 'plain_text' && value.type !== 'mrkdwn')) {
    problems.push(`${at}: must be a plain_text or mrkdwn text object`);
    return;
  }
  lengthIn(value.text, `${at}/text`, 1, max, problems);
  if (value.type === 'mrkdwn' && typeof value.text === 'string') {
    const problem = mrkdwnProblem(value.text, options);
    if (problem) problems.push(`${at}/text: ${problem}`);
  }
}

export function plainText(value: unknown, at: string, max: number, problems: Problems, required: boolean) {
  if (value === undefined) {
    if (required) problems.push(`${at}: required`);
    return;
  }
  if (!isObject(value) || value.type !== 'plain_text') {
    problems.push(`${at}: must be a plain_text text object`);
    return;
  }
  lengthIn(value.text, `${at}/text`, 1, max, problems);
}

export function lengthIn(value: unknown, at: string, min: number, max: number, problems: Problems) {
  if (typeof value !== 'string') {
    problems.push(`${at}: must be a string`);
  } else if (value.length < min || value.length > max || value.trim() === '') {
    problems.push(
      `${at}: ${value.trim() === '' ? 'empty' : `${value.length} characters`}; must be ${min}..${max}`,
    );
  }
}

export function maxString(value: unknown, at: string, max: number, problems: Problems) {
  if (value === undefined) return;
  if (typeof value !== 'string') problems.push(`${at}: must be a string`);
  else if (value.length > max) problems.push(`${at}: ${value.length} characters; at most ${max}`);
}
