import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { type AnswerSurface, type Metrics, NO_METRICS } from '../../../src/shared/metrics.js';
import { createAnswerMeter, surfaceOf } from '../../../src/slack/server/answer-meter.js';

function recorder() {
  const answers: [AnswerSurface, string][] = [];
  const metrics: Metrics = {
    ...NO_METRICS,
    answered: (surface, outcome) => {
      answers.push([surface, outcome]);
    },
  };
  return { answers, meter: createAnswerMeter(metrics) };
}

const command = { command: '/callsummary', text: 'help' };
const button = { type: 'block_actions', actions: [] };

describe('the answer meter', () => {
  it('names the surface of each request Slack sends, and nothing else', () => {
    expect(surfaceOf(command)).toBe('command');
    expect(surfaceOf(button)).toBe('button');
    expect(surfaceOf({ type: 'message_action' })).toBe('shortcut');
    expect(surfaceOf({ type: 'view_submission' })).toBe('modal');
    expect(surfaceOf({ type: 'event_callback', event: { type: 'app_home_opened', tab: 'home' } })).toBe(
      'home',
    );
    for (const other of [
      { type: 'event_callback', event: { type: 'app_home_opened', tab: 'messages' } },
      { type: 'view_closed' },
      { type: 'url_verification' },
      null,
      'command',
    ])
      expect(surfaceOf(other)).toBeUndefined();
  });

  it('counts ok, or the first failure told in the run, across turns of the event loop', async () => {
    const { answers, meter } = recorder();
    await meter.run(command, undefined, async () => {
      await nextTurn();
    });
    await meter.run(button, undefined, async () => {
      await nextTurn();
      meter.failed(new CallSummaryError('no_transcript', { legId: '20260513223234-3EE9E' }));
      meter.failed(new Error('later'));
    });
    expect(answers).toEqual([
      ['command', 'ok'],
      ['button', 'no_transcript'],
    ]);
  });

  it('keeps concurrent requests apart, and counts a listener that throws as unexpected', async () => {
    const { answers, meter } = recorder();
    const failing = meter.run(command, undefined, async () => {
      await nextTurn();
      meter.failed(new CallSummaryError('not_allowed', { userId: 'U1', channelId: undefined }));
    });
    const fine = meter.run(button, undefined, async () => {
      await nextTurn();
      await nextTurn();
    });
    const throwing = meter.run(button, undefined, async () => {
      throw new Error('bug');
    });
    await Promise.all([failing, fine, throwing.catch(() => undefined)]);
    expect(answers).toContainEqual(['command', 'not_allowed']);
    expect(answers).toContainEqual(['button', 'ok']);
    expect(answers).toContainEqual(['button', 'unexpected']);
    // Outside any request there is nothing to count.
    meter.failed(new Error('nobody asked'));
    expect(answers).toHaveLength(3);
  });
});
