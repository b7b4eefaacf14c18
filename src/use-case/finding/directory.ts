import { CallSummaryError, describeError } from '../../shared/errors.js';
import { ENGLISH } from '../../shared/i18n/index.js';
import type { Logger } from '../../shared/log.js';
import { createSingleFlight } from '../../shared/single-flight.js';
import type { ExtensionRecord, GroupRecord } from '../ports.js';

/**
 * Every extension of the PBX (number, id, name, email) in memory: loaded in the background when the
 * bot starts, refreshed in the background every CACHE_TTL_EXTENSION_SECONDS. It serves every
 * number → id lookup (a summary then costs one PBX request, not an extension search first), the
 * names in call lists and transcripts, and Slack member → extension by email. A number it does not
 * hold (an extension added since the last refresh) falls back to the extension search, and brings
 * the next refresh forward.
 */
export interface Directory {
  readonly size: number;
  byNumber(number: string): ExtensionRecord | undefined;
  /** Case-insensitive; the lowest-numbered extension when several share an email. */
  byEmail(email: string): ExtensionRecord | undefined;
  /** Unix ms when this copy was read from the PBX. */
  readonly loadedAt: number;
  /** The queue or ring group with this number (a queue call's callee is the queue, not an agent). */
  groupByNumber(number: string): GroupRecord | undefined;
}

export interface DirectoryStatus {
  readonly state: 'loading' | 'loaded' | 'failed';
  readonly size: number;
  readonly loadedAt: number | undefined;
  /** Why the last load failed, in words (for the admin's status on the Home tab). */
  readonly lastError: string | undefined;
}

export interface ExtensionDirectory {
  /** Loads now and then every refresh interval, in the background; never throws. */
  start(): void;
  stop(): void;
  /** The directory, waiting for a load in progress (or starting one); undefined when none could be read. */
  current(): Promise<Directory | undefined>;
  /** Number → id from the directory, else from the extension search; undefined when no such extension. */
  findExtensionId(number: string): Promise<number | undefined>;
  status(): DirectoryStatus;
}

export interface ExtensionDirectoryDeps {
  /** Reads every extension from the PBX (paged `extension/list`). */
  readonly load: () => Promise<ExtensionRecord[]>;
  /** Reads the PBX's queues and ring groups; a failure leaves the directory without them. */
  readonly loadGroups?: () => Promise<GroupRecord[]>;
  /** The extension search, for numbers the directory does not hold. */
  readonly search: (number: string) => Promise<number | undefined>;
  readonly refreshSeconds: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** After a failed load, another is tried no sooner than this (the PBX is not asked in a loop). */
export const DIRECTORY_RETRY_MS = 60_000;
/** A miss brings a refresh forward, at most this often. */
const DIRECTORY_MISS_REFRESH_MS = 60_000;

export function createDirectory(
  records: readonly ExtensionRecord[],
  loadedAt: number,
  groups: readonly GroupRecord[] = [],
): Directory {
  const groupNumbers = new Map(groups.map((g) => [g.number, g]));
  const numbers = new Map<string, ExtensionRecord>();
  const emails = new Map<string, ExtensionRecord>();
  const ordered = [...records].sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }));
  for (const record of ordered) {
    if (!numbers.has(record.number)) numbers.set(record.number, record);
    const email = record.email.trim().toLowerCase();
    if (email !== '' && !emails.has(email)) emails.set(email, record);
  }
  return {
    size: numbers.size,
    loadedAt,
    // Exact text: "0123" and "123" are different extensions.
    byNumber: (number) => numbers.get(number.trim()),
    byEmail: (email) => emails.get(email.trim().toLowerCase()),
    groupByNumber: (number) => groupNumbers.get(number.trim()),
  };
}

export function createExtensionDirectory(deps: ExtensionDirectoryDeps): ExtensionDirectory {
  const log = deps.logger;
  const now = deps.now ?? Date.now;
  let directory: Directory | undefined;
  // One load at a time: a refresh, a start and the requests waiting for a first load share it.
  const loading = createSingleFlight();
  let lastFailureAt: number | undefined;
  let lastError: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const load = (): Promise<Directory | undefined> =>
    loading.run('directory', async () => {
      try {
        const [records, groups] = await Promise.all([deps.load(), loadGroups()]);
        directory = createDirectory(records, now(), groups);
        if (lastError !== undefined)
          log.info(`extension directory loaded again (${directory.size} extensions)`);
        else log.debug(`extension directory loaded (${directory.size} extensions)`);
        lastFailureAt = undefined;
        lastError = undefined;
      } catch (error) {
        lastFailureAt = now();
        const { message } = describeError(error, 'cli', ENGLISH);
        // Once per failure streak: a PBX that is down is reported by every request already.
        if (lastError === undefined) {
          log.warn(
            `extension directory could not be read (number lookups use the extension search meanwhile): ${message}`,
            error instanceof CallSummaryError ? undefined : error,
          );
        }
        lastError = message;
      }
      return directory;
    });

  // Queues and ring groups only name numbers better: their failure must not cost the directory.
  async function loadGroups(): Promise<GroupRecord[]> {
    try {
      return (await deps.loadGroups?.()) ?? [];
    } catch (error) {
      log.debug(`queues and ring groups could not be read: ${describeError(error, 'cli', ENGLISH).message}`);
      return [];
    }
  }

  const mayRetry = () => lastFailureAt === undefined || now() - lastFailureAt >= DIRECTORY_RETRY_MS;

  return {
    start() {
      if (timer) return;
      void load();
      timer = setInterval(() => void load(), deps.refreshSeconds * 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    async current() {
      if (loading.size() > 0) return load();
      if (directory) return directory;
      return mayRetry() ? load() : undefined;
    },
    async findExtensionId(number) {
      const known = await this.current();
      const hit = known?.byNumber(number);
      if (hit) return hit.id;
      const id = await deps.search(number);
      if (id !== undefined && known && now() - known.loadedAt >= DIRECTORY_MISS_REFRESH_MS && mayRetry()) {
        // An extension the directory lacks: it is older than the PBX's; read it again, in the background.
        void load();
      }
      return id;
    },
    status() {
      return {
        state: directory ? 'loaded' : lastError === undefined ? 'loading' : 'failed',
        size: directory?.size ?? 0,
        loadedAt: directory?.loadedAt,
        lastError,
      };
    },
  };
}
