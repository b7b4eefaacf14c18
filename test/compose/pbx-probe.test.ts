import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPbxProbe, stateChange } from '../../src/compose/pbx-probe.js';
import { CallSummaryError } from '../../src/shared/errors.js';
import type { PbxExchange } from '../../src/yeastar/last-exchange.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A PBX whose last exchange the test sets; each probe takes `probeMs` and records how it ended. */
function fakePbx(probeMs: number) {
  const state = {
    last: undefined as PbxExchange | undefined,
    up: false,
    probes: 0,
    inFlight: 0,
    mostInFlight: 0,
  };
  return {
    state,
    pbx: {
      lastExchange: () => state.last,
      probeAnswering: async () => {
        state.probes += 1;
        state.inFlight += 1;
        state.mostInFlight = Math.max(state.mostInFlight, state.inFlight);
        await sleep(probeMs);
        state.inFlight -= 1;
        if (state.up) {
          state.last = { ok: true, at: Date.now() };
          return;
        }
        state.last = { ok: false, at: Date.now(), code: 'pbx_unreachable' };
        throw new CallSummaryError('pbx_timeout', { what: 'system_information', timeoutMs: probeMs });
      },
    },
  };
}

describe('the PBX readiness probe', () => {
  it('asks only while the PBX fails, one probe at a time, and says each change of state once', async () => {
    const { state, pbx } = fakePbx(15);
    const logger = createMemoryLogger('info');
    const probe = createPbxProbe({ pbx, intervalMs: 5, logger });
    stops.push(() => probe.stop());
    probe.start();
    state.last = { ok: true, at: Date.now() };
    await sleep(40);
    expect(state.probes).toBe(0);

    state.last = { ok: false, at: Date.now(), code: 'pbx_timeout' };
    // Each probe takes three intervals: the next waits for it.
    await vi.waitFor(() => expect(state.probes).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    expect(state.mostInFlight).toBe(1);

    state.up = true;
    await vi.waitFor(() => expect(logger.lines.join('\n')).toContain('PBX answering again'), {
      timeout: 5000,
    });
    const settled = state.probes;
    await sleep(40);
    expect(state.probes).toBe(settled);
    const lines = logger.lines.join('\n');
    expect(lines.match(/PBX failing \(pbx_timeout\)/g)).toHaveLength(1);
    expect(lines.match(/PBX answering again/g)).toHaveLength(1);
  });

  it('stops asking once stopped', async () => {
    const { state, pbx } = fakePbx(1);
    const probe = createPbxProbe({ pbx, intervalMs: 5, logger: createMemoryLogger('info') });
    state.last = { ok: false, at: Date.now(), code: 'pbx_unreachable' };
    probe.start();
    await vi.waitFor(() => expect(state.probes).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    probe.stop();
    await sleep(10); // a probe in flight ends
    const stopped = state.probes;
    await sleep(40);
    expect(state.probes).toBe(stopped);
  });

  it('words a change of state, and nothing when the state is the one last said', () => {
    const failed: PbxExchange = { ok: false, at: 0, code: 'pbx_unreachable' };
    expect(stateChange(false, failed, 20_000)).toBe(
      'PBX failing (pbx_unreachable): readiness says so until it answers again; asking it every 20 s (system/information, never a login)',
    );
    expect(stateChange(true, failed, 20_000)).toBeUndefined();
    expect(stateChange(true, { ok: true, at: 0 }, 20_000)).toBe(
      'PBX answering again: readiness no longer holds it as failing',
    );
    expect(stateChange(false, undefined, 20_000)).toBeUndefined();
    // An errcode about the request (10004 without a token) is the PBX answering.
    expect(stateChange(true, { ok: true, at: 0, code: 'pbx_api' }, 20_000)).toBeDefined();
  });
});
