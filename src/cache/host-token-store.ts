import { randomUUID } from 'node:crypto';
import { chmod, lstat, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  createMemoryLoginLockouts,
  createMemoryTokenStore,
  type LoginLockout,
  type LoginLockoutStore,
  type TokenStore,
  withLoginLockouts,
} from '../yeastar/token-store.js';

/**
 * The login lockout of every process on this host, on disk, used whenever no Redis is configured:
 * `serve` restarts (a crash loop, a deploy), `callsummary get` and `doctor` each run as a new process,
 * so a per-process count would let a few of them with a wrong secret get the IP blocked (the PBX
 * blocks it after 5 failed logins). One small JSON file per set of credentials, named by their digest (never the
 * secret), in `<tmpdir>/callsummary-<uid>/` (0700, files 0600). A record lasts a day after its last
 * failure. Anything wrong with the file (corrupt, unreadable, a directory someone else owns) reads as
 * no record and never fails the command; the run still keeps its own in-process count.
 *
 * Logins are serialised across concurrent runs by a lock file with a timeout, so runs started together
 * see each other's failures instead of all trying at once.
 */

const recordSchema = z.object({
  failures: z.number().int().positive(),
  lockedUntil: z.number(),
  lastFailureAt: z.number(),
});

const DEFAULT_FILE_LOCKOUT_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface FileLockoutOptions {
  /** Default `lockoutDir()`. */
  readonly dir?: string;
  /** How long a record lasts after the last failure (default 24 h). */
  readonly retentionMs?: number;
  /** A lock file older than this is a dead run's and is taken over (default 30 s). */
  readonly lockMs?: number;
  readonly pollMs?: number;
  readonly now?: () => number;
}

/** `<tmpdir>/callsummary-<uid>`: per user, so one user's runs never read or block another's. */
export function lockoutDir(): string {
  const user = process.getuid?.() ?? userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_');
  return join(tmpdir(), `callsummary-${user}`);
}

/** The directory, made if missing; undefined when it is not safely ours (then nothing is kept on disk). */
async function ownDir(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await lstat(dir);
    const uid = process.getuid?.();
    if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) return undefined;
    if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
    return dir;
  } catch {
    return undefined;
  }
}

export function createFileLoginLockouts(options: FileLockoutOptions = {}): LoginLockoutStore {
  const dir = options.dir ?? lockoutDir();
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? DEFAULT_FILE_LOCKOUT_RETENTION_MS;
  // In force even when the disk is not usable: this run never makes more failed logins than a bot would.
  const own = createMemoryLoginLockouts();
  const fileOf = (base: string, credentials: string) => join(base, `login-${credentials}.json`);

  async function readRecord(credentials: string): Promise<LoginLockout | undefined> {
    const base = await ownDir(dir);
    if (!base) return undefined;
    try {
      const parsed = recordSchema.safeParse(JSON.parse(await readFile(fileOf(base, credentials), 'utf8')));
      if (!parsed.success || now() - parsed.data.lastFailureAt > retentionMs) return undefined;
      return { failures: parsed.data.failures, lockedUntil: parsed.data.lockedUntil };
    } catch {
      return undefined; // missing, unreadable or not JSON: no record
    }
  }

  async function writeRecord(credentials: string, record: LoginLockout): Promise<void> {
    const base = await ownDir(dir);
    if (!base) return;
    const target = fileOf(base, credentials);
    const temp = `${target}.${randomUUID()}.tmp`;
    try {
      // A fresh file (wx, 0600) renamed over the old one: readers never see half a record.
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify({ ...record, lastFailureAt: now() }));
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch {
      await unlink(temp).catch(() => undefined);
    }
  }

  const stricter = (a: LoginLockout | undefined, b: LoginLockout | undefined): LoginLockout | undefined =>
    a && b
      ? { failures: Math.max(a.failures, b.failures), lockedUntil: Math.max(a.lockedUntil, b.lockedUntil) }
      : (a ?? b);

  return {
    loginLockout: async (credentials) =>
      stricter(await readRecord(credentials), await own.loginLockout(credentials)),
    recordLoginFailure: async (credentials, lockedUntil) => {
      const mine = await own.recordLoginFailure(credentials, lockedUntil);
      const onDisk = await readRecord(credentials);
      const record = stricter({ failures: (onDisk?.failures ?? 0) + 1, lockedUntil }, mine)!;
      await writeRecord(credentials, record);
      return record;
    },
    clearLoginLockout: async (credentials) => {
      await own.clearLoginLockout(credentials);
      const base = await ownDir(dir);
      if (base) await unlink(fileOf(base, credentials)).catch(() => undefined);
    },
  };
}

/**
 * Runs `work` holding `<dir>/login.lock` (O_EXCL create). A lock older than `lockMs` belongs to a run
 * that died and is taken over; after `2 × lockMs` of waiting, or when the directory is not usable, the
 * work runs anyway (a stuck lock must not stop the CLI for good).
 */
async function withFileLock<T>(
  dir: string,
  options: { lockMs: number; pollMs: number },
  work: () => Promise<T>,
): Promise<T> {
  const base = await ownDir(dir);
  if (!base) return work();
  const lockFile = join(base, 'login.lock');
  const owner = randomUUID();
  // Real time, not an injected clock: it is compared with the lock file's mtime.
  const deadline = Date.now() + options.lockMs * 2;
  let held = false;
  while (!held && Date.now() < deadline) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      try {
        await handle.writeFile(owner);
      } finally {
        await handle.close();
      }
      held = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') break;
      const age = await stat(lockFile).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > options.lockMs) await unlink(lockFile).catch(() => undefined);
      else await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  }
  try {
    return await work();
  } finally {
    if (held) {
      const still = await readFile(lockFile, 'utf8').catch(() => '');
      if (still === owner) await unlink(lockFile).catch(() => undefined);
    }
  }
}

/**
 * The token store without Redis: the token in this process's memory, the login lockout on disk,
 * shared by every process of this user on the host. With `lockLogins`, renewals also hold the lock
 * file, so CLI runs started together see each other's failure instead of all trying at once. The bot
 * does without it: its restarts follow one another, and a lock file left by a killed process would
 * hold up its logins for the lock's timeout.
 */
export function createHostTokenStore(
  options: FileLockoutOptions & { readonly lockLogins?: boolean } = {},
): TokenStore {
  const dir = options.dir ?? lockoutDir();
  const lock = { lockMs: options.lockMs ?? 30_000, pollMs: options.pollMs ?? 50 };
  const inMemory = createMemoryTokenStore();
  const store = withLoginLockouts(inMemory, createFileLoginLockouts({ ...options, dir }));
  if (!options.lockLogins) return store;
  return {
    ...store,
    withRenewalLock: (renew) => inMemory.withRenewalLock(() => withFileLock(dir, lock, renew)),
  };
}
