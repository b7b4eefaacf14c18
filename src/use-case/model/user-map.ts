import { readFileSync, statSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { CallSummaryError } from '../../shared/errors.js';
import { isUserId } from '../../shared/slack-ids.js';
import { isExtensionNumber } from './party-number.js';

/**
 * USER_MAP_FILE: which extension a Slack member's "my calls" are, where profile emails do not match
 * the PBX's (or the app may not read them). YAML, one member per line; quote the numbers, so a
 * leading zero survives:
 *
 *   U0123ABCD: "3202"
 *   W0456EFGH: "0100"
 *
 * Checked once at start: every mistake is reported with its line, and the bot does not start (exit 2).
 * An entry here wins over the email match.
 */
export type UserMap = ReadonlyMap<string, string>;

/** Far beyond any workspace's members; a bigger file is a mistake, not a map. */
export const USER_MAP_MAX_BYTES = 1024 * 1024;

/** Parses the file's text; `source` names it in errors. Throws `config_invalid` listing every problem. */
export function parseUserMap(text: string, source = 'USER_MAP_FILE'): UserMap {
  const lineCounter = new LineCounter();
  // Read as nodes, never expanded: an alias (the way a small file becomes a huge document) is simply
  // not an extension number.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? '' : `line ${lineCounter.linePos(offset).line}: `;
  if (doc.errors.length > 0) {
    throw mapError(
      source,
      doc.errors.map((e) => `${lineOf(e.pos[0])}${e.message.split('\n')[0]}`),
    );
  }
  const map = new Map<string, string>();
  if (doc.contents === null) return map;
  if (!isMap(doc.contents)) {
    throw mapError(source, [
      `${lineOf(doc.contents.range?.[0])}must be a mapping of Slack member ids to extension numbers, e.g. U0123ABCD: "3202"`,
    ]);
  }
  const problems: string[] = [];
  for (const pair of doc.contents.items) {
    const keyNode = isScalar(pair.key) ? pair.key : undefined;
    const at = lineOf(keyNode?.range?.[0]);
    const key = keyNode === undefined ? '' : String(keyNode.value).trim();
    if (!isUserId(key)) {
      problems.push(
        `${at}"${key.slice(0, 30)}" is not a Slack member id (U… or W…, as in the member's profile)`,
      );
      continue;
    }
    const valueNode = isScalar(pair.value) ? pair.value : undefined;
    const written = valueNode?.range ? text.slice(valueNode.range[0], valueNode.range[1]).trim() : '';
    const value = valueNode === undefined || valueNode.value === null ? '' : String(valueNode.value).trim();
    if (typeof valueNode?.value === 'number' && /^0\d/.test(written)) {
      // YAML reads 0100 as the number 100, a different extension: the quotes keep the zero.
      problems.push(`${lineOf(valueNode.range?.[0])}${key}: write the extension in quotes ("${written}")`);
      continue;
    }
    if (!isExtensionNumber(value)) {
      problems.push(
        `${lineOf(valueNode?.range?.[0] ?? keyNode?.range?.[0])}${key}: "${value.slice(0, 20)}" is not an extension number (1–7 digits)`,
      );
      continue;
    }
    map.set(key, value);
  }
  if (problems.length > 0) throw mapError(source, problems);
  return map;
}

/** Reads and checks USER_MAP_FILE; undefined when it is not set. */
export function loadUserMapFile(path: string | undefined): UserMap | undefined {
  if (path === undefined) return undefined;
  const source = `USER_MAP_FILE ${path}`;
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > USER_MAP_MAX_BYTES) {
      throw mapError(source, [`the file is ${size} bytes; at most ${USER_MAP_MAX_BYTES} are read`]);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CallSummaryError) throw error;
    throw mapError(source, [`could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseUserMap(text, source);
}

function mapError(source: string, problems: string[]): CallSummaryError {
  return new CallSummaryError('config_invalid', { source, problems });
}
