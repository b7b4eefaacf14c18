import { describe, expect, it } from 'vitest';
import { isChannelId, isUserId } from '../../src/shared/slack-ids.js';

describe('Slack ids', () => {
  it('members are U… or W…, conversations C…, G… or D…, then upper-case letters and digits', () => {
    for (const id of ['U0123ABCD', 'W0456EFGH', 'U1', 'U01ABCDEF12']) expect(isUserId(id)).toBe(true);
    for (const id of ['C0123ABCD', 'C1234567890', 'G0PRIVATE', 'D0DEMOLEO', 'C1']) {
      expect(isChannelId(id)).toBe(true);
    }
  });

  it('anything else is no id: not put in a mention, not carried, not read from a file', () => {
    const neither = ['', 'U', 'C', 'u0123abcd', 'c0123abcd', '#general', 'alice', '<@U0123ABCD>', 'U0123|x'];
    for (const id of [...neither, 'C0123ABCD', 'T0123ABCD', `U${'A'.repeat(31)}`]) {
      expect(isUserId(id)).toBe(false);
    }
    for (const id of [...neither, 'U0123ABCD', 'W0456EFGH', `C${'A'.repeat(31)}`, ' C0123ABCD']) {
      expect(isChannelId(id)).toBe(false);
    }
    expect(isUserId(`U${'A'.repeat(30)}`)).toBe(true);
  });
});
