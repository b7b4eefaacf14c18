import type { Logger } from '../../shared/log.js';
import { parseLegId } from '../model/leg-id.js';
import type { ReadThrough, TranscriptAnswer, TranscriptPageKey } from '../ports.js';
import type { Directory } from './directory.js';

/**
 * A leg's transcript, page by page: who spoke, how far into the call, and what they said. The use
 * case behind the **Transcript** modal and `callsummary transcript`; pages are cached like
 * summaries (CACHE_TTL_SUMMARY_SECONDS). No Slack and no HTTP here.
 */

/** Lines per page: a modal shows a page with room to spare under its 100 blocks. */
export const TRANSCRIPT_PAGE_LINES = 20;

export interface TranscriptLine {
  /**
   * Who spoke: the PBX's name for them, the extension's name, or their number; '' when the PBX gave
   * none of them (each surface says "unknown speaker" in its reader's words).
   */
  readonly speaker: string;
  readonly number: string;
  /** Seconds into the call, when the PBX's timestamps allow it. */
  readonly atSeconds: number | null;
  readonly text: string;
}

export interface TranscriptPage {
  readonly legId: string;
  /** From 1. */
  readonly page: number;
  readonly lines: readonly TranscriptLine[];
  readonly hasNext: boolean;
}

export interface TranscriptDeps {
  readonly fetchPage: (legId: string, page: number, limit: number) => Promise<TranscriptAnswer>;
  /** Pages as the PBX gave them, fetched once across replicas. */
  readonly cache: ReadThrough<TranscriptPageKey, TranscriptAnswer>;
  readonly directory: () => Promise<Directory | undefined>;
  readonly logger: Logger;
}

export interface TranscriptService {
  /** Throws `bad_leg_id` for a malformed leg id; a leg without a transcript is a page without lines. */
  page(legId: string, page?: number, options?: { readonly refresh?: boolean }): Promise<TranscriptPage>;
}

/**
 * Timestamps are documented only as milliseconds (reference §4): below this they are taken as time
 * into the recording, above it as instants (Unix ms), measured from the transcript's first line.
 */
const INSTANT_THRESHOLD_MS = 10_000_000_000;

export function createTranscriptService(deps: TranscriptDeps): TranscriptService {
  const raw = (legId: string, page: number, refresh: boolean) =>
    deps.cache.getOrLoad({ legId, page }, () => deps.fetchPage(legId, page, TRANSCRIPT_PAGE_LINES), {
      refresh,
    });

  return {
    async page(legIdText, pageNumber = 1, options = {}) {
      const legId = parseLegId(legIdText).value;
      const page = Math.max(1, Math.floor(pageNumber));
      const refresh = options.refresh ?? false;
      const current = await raw(legId, page, refresh);
      const first = current.items.find((item) => item.timestamp !== null)?.timestamp ?? null;
      let origin = 0;
      if (first !== null && first >= INSTANT_THRESHOLD_MS) {
        // Instants: the call starts at the first line of page 1 (cached when this page was reached).
        const firstPage = page === 1 ? current : await raw(legId, 1, false);
        origin = firstPage.items.find((item) => item.timestamp !== null)?.timestamp ?? first;
      }
      const directory = await deps.directory();
      const lines = current.items.map((item) => ({
        speaker: item.name || directory?.byNumber(item.number)?.name || item.number || '',
        number: item.number,
        atSeconds: item.timestamp === null ? null : Math.max(0, Math.floor((item.timestamp - origin) / 1000)),
        text: item.text,
      }));
      deps.logger.debug(`transcript ${legId} page ${page}: ${lines.length} lines`);
      return { legId, page, lines, hasNext: current.nextPage !== null };
    },
  };
}

/** `0:05`, `12:40`, `1:02:03`: time into a call. */
export function formatCallOffset(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(s % 60)}` : `${minutes}:${pad(s % 60)}`;
}
