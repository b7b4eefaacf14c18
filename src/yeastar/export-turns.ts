import type { Logger } from '../shared/log.js';
import type { Claims } from '../use-case/ports.js';

/**
 * One AI export at a time per PBX. The PBX runs one export task at a time and refuses another with
 * errcode 70082 OVERLOAD_TASK_RUNNING, and each export builds a file of every transcribed call in its
 * window: two at once only make both slower. So exports take turns, and a turn lasts until the file is
 * read (the download is part of it):
 *
 * - in this process, a queue: each export waits for the one before it, in the order they were asked;
 * - across replicas sharing CACHE_URL, a claim in the cache held for the turn. A replica that finds it
 *   taken asks again every `pollMs`; after `maxWaitMs` (a holder that died keeps its claim until
 *   `claimTtlMs`) it goes ahead anyway, and the PBX's own 70082, waited out by the export, decides.
 *
 * The claim never decides alone: with the cache not answering, the cache's claims are granted by this
 * process (src/cache/claims.ts), and a claim that fails outright is skipped, so an outage leaves the
 * in-process queue, never a stuck export. Nothing here logs in or asks the PBX.
 */
export interface ExportTurns {
  /** Runs `work` when it is this export's turn; the next waits until it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export interface ExportTurnsOptions {
  /** Claims shared by the replicas (CACHE_URL); absent: this process's queue alone. */
  readonly claims?: Claims | undefined;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly claimTtlMs?: number;
  readonly pollMs?: number;
  readonly maxWaitMs?: number;
}

export const EXPORT_CLAIM_KEY = 'pbx-export-turn';
/** Longer than one turn can take: the request and the download with their retries, and the busy waits. */
export const EXPORT_CLAIM_TTL_MS = 120_000;
export const EXPORT_CLAIM_POLL_MS = 250;
export const EXPORT_CLAIM_MAX_WAIT_MS = 60_000;

export function createExportTurns(options: ExportTurnsOptions): ExportTurns {
  const { claims, logger } = options;
  const ttlMs = options.claimTtlMs ?? EXPORT_CLAIM_TTL_MS;
  const pollMs = options.pollMs ?? EXPORT_CLAIM_POLL_MS;
  const maxWaitMs = options.maxWaitMs ?? EXPORT_CLAIM_MAX_WAIT_MS;
  let tail: Promise<void> = Promise.resolve();
  let claimFailureSaid = false;

  /** Takes the replicas' claim; false when there is none to take or it could not be had. */
  async function takeClaim(): Promise<boolean> {
    if (!claims) return false;
    // Counted in tries rather than measured on a clock: bounded whatever `sleep` does (tests).
    const tries = Math.max(1, Math.ceil(maxWaitMs / pollMs));
    for (let attempt = 1; ; attempt++) {
      let won: boolean;
      try {
        won = await claims.claim(EXPORT_CLAIM_KEY, ttlMs);
      } catch (error) {
        if (!claimFailureSaid) {
          claimFailureSaid = true;
          logger.warn(
            "The shared claim on the PBX's export could not be taken; this process's queue alone orders exports",
            error,
          );
        }
        return false;
      }
      if (won) return true;
      if (attempt >= tries) {
        logger.warn(
          `Another replica has held the PBX's export for over ${Math.round(maxWaitMs / 1000)} s; exporting anyway (the PBX answers 70082 if it is still busy)`,
        );
        return false;
      }
      await options.sleep(pollMs);
    }
  }

  return {
    async run(work) {
      const before = tail;
      let done!: () => void;
      tail = new Promise<void>((resolve) => {
        done = resolve;
      });
      try {
        await before;
        const claimed = await takeClaim();
        try {
          return await work();
        } finally {
          if (claimed) await claims?.release(EXPORT_CLAIM_KEY).catch(() => undefined);
        }
      } finally {
        done();
      }
    },
  };
}
