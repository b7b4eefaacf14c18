import { describe, expect, it } from 'vitest';
import { createLogger, escapeControls, redact } from '../../src/shared/log.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

describe('redact', () => {
  it('removes tokens from URLs, JSON and Slack tokens', () => {
    const text = redact(
      'GET https://pbx/openapi/v2.0/cdr/getaisummary?access_token=IkXq3r8rmlUM0Gaq883yjKYHOFgPixnf&cdr_id=1 ' +
        '{"refresh_token":"abc123def","password":"pw-1"} xoxb-123-456-abc xapp-1-A1-2',
    );
    expect(text).not.toMatch(/IkXq3r8|abc123def|pw-1|xoxb-123|xapp-1-A1/);
    expect(text).toContain('cdr_id=1');
  });

  it('removes registered secret values wherever they appear', () => {
    expect(redact('the secret is s3cr3t-value!', ['s3cr3t-value'])).toBe('the secret is [REDACTED]!');
  });
});

describe('logger', () => {
  it('filters by level and scrubs every line', () => {
    const logger = createMemoryLogger('info');
    logger.debug('hidden');
    logger.child('pbx').warn('failed', new Error('GET /x?access_token=tok123456 failed'));
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('WARN [callsummary:pbx] failed Error: GET /x?access_token=[REDACTED]');
  });
});

describe('control characters people type', () => {
  const ESC = '\u001b';
  const BEL = '\u0007';
  const RLO = '\u202e';
  const CSI = '\u009b';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('are escaped in every logged value: strings, objects and errors', () => {
    const logger = createMemoryLogger('debug');
    const typed = `2026${ESC}[2J${ESC}]0;owned${BEL}0513-${RLO}E9EE3 ${CSI}31m`;
    logger.info('leg id typed:', typed);
    logger.warn('command', { text: `a${RLO}b\u2066c\u061cd` });
    logger.error('failed', new Error(`bad input ${ESC}[31mred\r\nINFO [callsummary] forged line`));
    expect(logger.lines).toHaveLength(3);
    for (const line of logger.lines) expect(line).not.toMatch(unsafe);
    expect(logger.lines[0]).toContain(
      'leg id typed: 2026\\u001b[2J\\u001b]0;owned\\u00070513-\\u202eE9EE3 \\u009b31m',
    );
    expect(logger.lines[1]).toContain('a\\u202eb\\u2066c\\u061cd');
    // A line break in a value cannot start a forged log line.
    expect(logger.lines[2]).toContain('\\u001b[31mred\\r\\nINFO [callsummary] forged line');
  });

  it('are escaped after redaction, which still finds the secret beside them', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: ['s3cr3t-value'],
      sink: (line) => lines.push(line),
    });
    logger.info(`x${ESC}s3cr3t-value${BEL} GET /y?access_token=tok123456${ESC}[0m`);
    expect(lines[0]).toContain('x\\u001b[REDACTED]\\u0007 GET /y?access_token=[REDACTED]');
    expect(lines[0]).not.toContain('s3cr3t-value');
    expect(lines[0]).not.toContain('tok123456');
  });

  it('leave printable text alone, other scripts and emoji included', () => {
    expect(escapeControls('王芳 Wang Fang — “quoted” 👍 tab-free')).toBe(
      '王芳 Wang Fang — “quoted” 👍 tab-free',
    );
    expect(escapeControls('a\tb')).toBe('a\\tb');
  });
});

describe('LOG_FORMAT=json', () => {
  const jsonLogger = (level: 'debug' | 'info' = 'debug', secrets: string[] = []) => {
    const lines: string[] = [];
    const logger = createLogger({ level, format: 'json', secrets, sink: (line) => lines.push(line) });
    return { logger, lines };
  };

  it('writes one JSON object a line: time, level, scope, message, fields', () => {
    const { logger, lines } = jsonLogger('info');
    logger.debug('hidden');
    logger.child('slack').warn('lookup failed', { code: 'no_summary', attempt: 2 }, new Error('PBX said no'));
    logger.info('listening on port', 3000);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    const [warn, info] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warn).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'warn',
      scope: 'callsummary:slack',
      message: 'lookup failed',
      fields: { code: 'no_summary', attempt: 2, error: 'Error: PBX said no' },
    });
    expect(info).toMatchObject({
      level: 'info',
      scope: 'callsummary',
      message: 'listening on port 3000',
      fields: {},
    });
  });

  it('escapes control and bidi characters, and still parses back to what was logged', () => {
    const { logger, lines } = jsonLogger();
    const typed = `2026\u001b[2J0513-\u202eE9EE3\r\nINFO forged \u009b31m`;
    logger.info(typed, { text: typed });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    const entry = JSON.parse(lines[0]!) as { message: string; fields: { text: string } };
    expect(entry.message).toBe(typed);
    expect(entry.fields.text).toBe(typed);
  });
});

describe('secrets, in either format', () => {
  const SECRET = 'Zq8-client-secret-value';
  const TOKEN = 'IkXq3r8rmlUM0Gaq883yjKYHOFgPixnf';
  const SLACK = 'xoxb-1234-5678-abcdEFGHijkl';

  for (const format of ['text', 'json'] as const) {
    it(`never reach a ${format} line: in a message, a field or an error's message`, () => {
      const lines: string[] = [];
      const logger = createLogger({
        level: 'debug',
        format,
        secrets: [SECRET],
        sink: (line) => lines.push(line),
      });
      logger.info(`GET https://pbx/openapi/v1.0/x?access_token=${TOKEN}&page=1 with ${SECRET} and ${SLACK}`);
      logger.warn('login', {
        client_secret: SECRET,
        token: TOKEN,
        note: `bot token ${SLACK}`,
        url: `?access_token=${TOKEN}`,
      });
      logger.error(
        'failed',
        new Error(`rejected ${SECRET} at /x?access_token=${TOKEN}`, { cause: new Error(SLACK) }),
      );
      logger.debug('nested', { request: { body: { password: SECRET }, headers: [`Bearer ${SLACK}`] } });
      expect(lines).toHaveLength(4);
      for (const line of lines) {
        expect(line).not.toContain(SECRET);
        expect(line).not.toContain(TOKEN);
        expect(line).not.toContain(SLACK);
        expect(line).toContain('REDACTED');
        if (format === 'json') expect(() => JSON.parse(line)).not.toThrow();
      }
      // What is not secret is kept.
      expect(lines[0]).toContain('page=1');
    });
  }
});
