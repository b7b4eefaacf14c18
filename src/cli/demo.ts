import { processServeIo } from './serve.js';

/**
 * `callsummary demo [--port N]` in this process: the demo reads its own arguments (`serve` runs it
 * too, with none). Loaded only here, so the demo is no cost to the other commands.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const { runDemo } = await import('../demo/index.js');
  const io = processServeIo();
  return runDemo(argv, {
    env: io.env,
    stdout: (text) => process.stdout.write(text),
    stderr: io.stderr,
    stopSignal: io.stopSignal,
  });
}
