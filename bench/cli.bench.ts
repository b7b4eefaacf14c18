/**
 * Start-up cost of the command line: `callsummary render` of the source example (its getaisummary
 * answer, and the summary HTML alone) and `callsummary --help`, as new processes beside `node -e 0`
 * (Node starting with nothing), several interleaved runs each.
 * The figure is the ratio of medians to `node -e 0` (target ≤ 3×), with each one's peak memory.
 * CPU time (user + system) is reported beside wall time: on a shared host it is the figure other
 * processes disturb least.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'callsummary.js');
const SOURCE_EXAMPLE = join(ROOT, 'test', 'render', 'fixtures', 'source-example.json');
const SOURCE_EXAMPLE_HTML = join(ROOT, 'test', 'render', 'fixtures', 'source-example.html');
const RUNS = 9;

/** Loaded into every measured process alike: reports its CPU µs and peak RSS KiB on fd 3 as it exits. */
const REPORT_USAGE =
  'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();writeSync(3,(u.userCPUTime+u.systemCPUTime)+" "+u.maxRSS)})';

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakKib: number;
}

function runOnce(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_USAGE, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let usage = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => (usage += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.trim()}`));
        return;
      }
      const [cpuMicros, peakKib] = usage.split(' ').map(Number);
      resolve({ ms, cpuMs: (cpuMicros ?? Number.NaN) / 1000, peakKib: peakKib ?? Number.NaN });
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function run(print: (line: string) => void): Promise<void> {
  const commands: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['callsummary --help', [BIN, '--help']],
    ['callsummary render <source example>', [BIN, 'render', SOURCE_EXAMPLE]],
    ['callsummary render <its summary HTML>', [BIN, 'render', SOURCE_EXAMPLE_HTML]],
  ];
  const runs = new Map<string, Run[]>(commands.map(([name]) => [name, []]));
  await runOnce(['-e', '0']); // warm the file cache before anything counts
  // Interleaved rounds, so a noisy neighbour slows every command alike rather than one.
  for (let round = 0; round < RUNS; round++) {
    for (const [name, args] of commands) runs.get(name)?.push(await runOnce(args));
  }
  const baseline = runs.get('node -e 0') ?? [];
  const wallBase = median(baseline.map((r) => r.ms));
  const cpuBase = median(baseline.map((r) => r.cpuMs));
  print(`  ${RUNS} runs each, medians; ratios to node -e 0 (target ≤ 3× for --help and render)`);
  print('  command                                wall   ratio      CPU   ratio  peak RSS');
  for (const [name] of commands) {
    const measured = runs.get(name) ?? [];
    const ms = median(measured.map((r) => r.ms));
    const cpu = median(measured.map((r) => r.cpuMs));
    const mib = median(measured.map((r) => r.peakKib)) / 1024;
    print(
      `  ${name.padEnd(36)} ${ms.toFixed(0).padStart(5)} ms ${(ms / wallBase).toFixed(2).padStart(5)}×  ${cpu.toFixed(0).padStart(4)} ms ${(cpu / cpuBase).toFixed(2).padStart(5)}×  ${mib.toFixed(0).padStart(4)} MiB`,
    );
  }
}
