import { describe, expect, it } from 'vitest';
import { redact } from '../src/log.js';
import { createMemoryLogger } from './helpers/memory-logger.js';

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
