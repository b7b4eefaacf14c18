/**
 * `npm run pbx:sim`: the PBX simulator with sample data, for trying the CLI and the bot without a PBX.
 * A development tool, not the app: it reads its own variables here rather than through config.ts
 * (PBX_SIM_PORT, PBX_SIM_LATENCY_MS, PBX_SIM_CALLS_PER_DAY: a busy floor on demand).
 */
import {
  BUSY_FLOOR_AGENTS,
  BUSY_FLOOR_DAYS,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from './index.js';

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
const callsPerDay = intFromEnv('PBX_SIM_CALLS_PER_DAY', 0, 50_000);

try {
  // The sample legs and a realistic week of calls ending now, so there are recent calls to find.
  const data = sampleData({ week: { endingAt: Date.now() } });
  const sim = await startPbxSimulator({ host: '127.0.0.1', port, latencyMs, callsPerDay, ...data });
  const busiest = busiestOutsideNumber(data.legs.map((leg) => [leg.callFrom, leg.callTo]));
  const longest = [...data.legs].sort((a, b) => (b.transcript?.length ?? 0) - (a.transcript?.length ?? 0))[0];
  const lines = [
    `Yeastar PBX simulator listening on ${sim.url}${latencyMs ? ` (latency ${latencyMs} ms)` : ''}`,
    ...(callsPerDay > 0
      ? [
          `A busy floor: ${callsPerDay} transcribed calls a day over the last ${BUSY_FLOOR_DAYS} days, extensions 6100–${6099 + BUSY_FLOOR_AGENTS}`,
        ]
      : []),
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
    'Recent calls to find (the last 7 days):',
    example('callsummary calls 3202', 'the calls of extension 3202'),
    ...(busiest ? [example(`callsummary calls ${busiest}`, 'the calls with this customer')] : []),
    ...(longest ? [example(`callsummary transcript ${longest.legId}`, 'a long conversation')] : []),
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

function example(command: string, what: string): string {
  return `  ${command.padEnd(45)} ${what}`;
}

/** The outside number in the most calls (the longest list to try). */
function busiestOutsideNumber(parties: readonly (readonly string[])[]): string | undefined {
  const counts = new Map<string, number>();
  for (const number of parties.flat()) {
    if (number.startsWith('+')) counts.set(number, (counts.get(number) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
