import type { Logger } from '../shared/log.js';
import type { PbxClient } from '../yeastar/client.js';
import { type PbxExchange, pbxAnswering } from '../yeastar/last-exchange.js';

/**
 * Readiness says the PBX is failing while its last exchange failed, until one succeeds. With nobody
 * asking the PBX anything, nothing would succeed, so while it fails this asks it something cheap every
 * `intervalMs` (`probeAnswering`: never a login, never retried) and its answer, recorded as any
 * exchange is, turns readiness back. Credentials problems are not its business: a PBX that answers
 * is up, and `pbx_token` tells the rest.
 *
 * One probe at a time (the next is scheduled once one ends); the timer never keeps the process
 * alive; the log says each change of state once, not each probe.
 */
export const PBX_PROBE_INTERVAL_MS = 20_000;

export interface PbxProbeOptions {
  readonly pbx: Pick<PbxClient, 'lastExchange' | 'probeAnswering'>;
  readonly intervalMs?: number;
  readonly logger: Logger;
}

export interface PbxProbe {
  start(): void;
  stop(): void;
}

export function createPbxProbe(options: PbxProbeOptions): PbxProbe {
  const { pbx, logger } = options;
  const intervalMs = options.intervalMs ?? PBX_PROBE_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  /** The state last logged: only a change is. */
  let failing = false;

  const report = () => {
    const line = stateChange(failing, pbx.lastExchange(), intervalMs);
    if (line === undefined) return;
    failing = !failing;
    if (failing) logger.warn(line);
    else logger.info(line);
  };

  async function tick(): Promise<void> {
    report();
    if (!failing) return;
    await pbx.probeAnswering().catch(() => undefined); // the outcome is in lastExchange
    report();
  }

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => void tick().finally(schedule), intervalMs);
    timer.unref();
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The line to log when the PBX's state differs from the one last logged, else undefined. Pure. */
export function stateChange(
  wasFailing: boolean,
  last: PbxExchange | undefined,
  intervalMs: number,
): string | undefined {
  const failing = !pbxAnswering(last);
  if (failing === wasFailing) return undefined;
  return failing
    ? `PBX failing (${last?.code ?? 'error'}): readiness says so until it answers again; asking it every ${intervalMs / 1000} s (system/information, never a login)`
    : 'PBX answering again: readiness no longer holds it as failing';
}
