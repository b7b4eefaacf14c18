import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../../src/shared/i18n/index.js';
import { handlerArgs } from '../../../src/slack/listeners/handler-args.js';
import type { ResponseBody } from '../../../src/slack/views/types.js';

describe('handlerArgs', () => {
  it('gives a handler an empty acknowledgement, who asks where, and a respond to the response_url', async () => {
    const acks: unknown[][] = [];
    const sent: Array<{ url: string | undefined; message: ResponseBody }> = [];
    const args = handlerArgs(
      {
        client: { chat: {} } as never,
        respondTo: (url) => async (message) => sent.push({ url, message }),
        logger: { warn: () => undefined },
        wordsOf: async () => ENGLISH,
      },
      async (...given: unknown[]) => {
        acks.push(given);
      },
      {
        responseUrl: 'https://hooks.slack.com/commands/T0/1/x',
        channelId: 'C0123SUPPORT',
        userId: 'U0123ABCD',
      },
    );
    expect(args).toMatchObject({ userId: 'U0123ABCD', channelId: 'C0123SUPPORT' });
    await args.ack();
    expect(acks).toEqual([[]]);
    const message = { response_type: 'ephemeral' as const, text: 'hi', blocks: [] };
    await args.respond(message);
    expect(sent).toEqual([{ url: 'https://hooks.slack.com/commands/T0/1/x', message }]);
  });
});
