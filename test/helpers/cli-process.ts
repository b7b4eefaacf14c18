import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built `callsummary` command run as a user runs it: `node bin/callsummary.js …` in its own
 * process, configured only through the environment it is given (nothing inherited from the test
 * process but PATH) and a working directory of its own, so no stray `.env` is read.
 */

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'callsummary.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Default: a fresh empty temporary directory. */
  readonly cwd?: string;
  /** Written to stdin, which is then closed (stdin is closed at once when absent). */
  readonly input?: string;
}

/** A running `callsummary` process. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Output so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when the process has exited, with everything it wrote. */
  readonly exited: Promise<CliResult>;
  /** Whether the process has exited. */
  readonly done: () => boolean;
  /** SIGKILL if still running, then waits for the exit. */
  readonly kill: () => Promise<CliResult>;
}

const running = new Set<CliProcess>();
const tempDirs: string[] = [];

/** A fresh temporary directory, removed by `cleanUpCli`. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callsummary-bb-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * The environment a user's shell would pass: PATH and HOME, plus what the test sets. TMPDIR is the
 * run's own directory, so login-lockout records of earlier runs (kept in the temp dir for 24 h) never
 * meet a simulator that happens to reuse a port.
 */
function childEnv(env: Readonly<Record<string, string>> | undefined, home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, ...env };
}

export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
  const cwd = options.cwd ?? tempDir();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: childEnv(options.env, cwd),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let finished = false;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // A process that exits before reading stdin must not fail the test with EPIPE.
  child.stdin?.on('error', () => undefined);
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    // 'close' (not 'exit'): every byte of stdout and stderr has been read by then.
    child.once('close', (code, signal) => {
      finished = true;
      resolve({ code, signal, stdout, stderr });
    });
  });
  const handle: CliProcess = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    done: () => finished,
    kill: async () => {
      if (!finished) child.kill('SIGKILL');
      return exited;
    },
  };
  running.add(handle);
  void exited.finally(() => running.delete(handle)).catch(() => undefined);
  return handle;
}

/** Runs the command to completion (killed after `timeoutMs`, which then fails). */
export async function runCli(
  args: readonly string[],
  options: CliOptions = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  const cli = startCli(args, options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void cli.kill();
      reject(
        new Error(
          `callsummary ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${cli.stdout()}\nstderr: ${cli.stderr()}`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every process still running and removes the temporary directories (for afterEach). */
export async function cleanUpCli(): Promise<void> {
  await Promise.all([...running].map((cli) => cli.kill()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A loopback port that was free a moment ago. A process given PORT=0 listens somewhere nobody outside
 * can learn, so a black-box test picks the port itself.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
