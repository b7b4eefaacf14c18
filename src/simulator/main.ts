/**
 * `npm run pbx:sim`: the PBX simulator with sample data, for trying the CLI and the bot without a PBX.
 * A development tool, not the app: it reads its own two variables here rather than through config.ts.
 */
import { SAMPLE_LEGS, SIM_CLIENT_ID, SIM_CLIENT_SECRET, startPbxSimulator } from './index.js';

function intFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    process.stderr.write(`${name} must be an integer from 0 to ${max} (got "${raw}")\n`);
    process.exit(2);
  }
  return value;
}

const port = intFromEnv('PBX_SIM_PORT', 8088, 65535);
const latencyMs = intFromEnv('PBX_SIM_LATENCY_MS', 0, 600_000);

try {
  const sim = await startPbxSimulator({ host: '127.0.0.1', port, latencyMs });
  const lines = [
    `Yeastar PBX simulator listening on ${sim.url}${latencyMs ? ` (latency ${latencyMs} ms)` : ''}`,
    '',
    'Use it with these environment lines (.env):',
    `YEASTAR_BASE_URL=${sim.url}`,
    `YEASTAR_CLIENT_ID=${SIM_CLIENT_ID}`,
    `YEASTAR_CLIENT_SECRET=${SIM_CLIENT_SECRET}`,
    '',
    'Sample leg ids to try (callsummary get <leg-id> [caller|callee]):',
    `  ${SAMPLE_LEGS.docExample}   the source document's example: outside caller, callee 3202 has a summary`,
    `  ${SAMPLE_LEGS.internalBoth}   internal call 3202 -> 3203, both sides have summaries`,
    `  ${SAMPLE_LEGS.chinese}   inbound call to 3205, Chinese-language summary`,
    `  ${SAMPLE_LEGS.noSummaryYet}   outbound call from 3203, no summary yet (so not in the AI export: give the extension)`,
    '',
    'Ctrl-C stops it.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `the PBX simulator could not start on 127.0.0.1:${port}: ${reason} (set PBX_SIM_PORT)\n`,
  );
  process.exit(1);
}
