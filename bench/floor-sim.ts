import { startPbxSimulator } from '../src/demo/pbx-simulator/index.js';

/**
 * The busy floor's PBX simulator in a process of its own (`bench/floor.bench.ts` forks it), so the
 * time a list takes is the bot's and the PBX's latency, not the simulator making up its 35,000 calls a
 * week on the bot's own thread. Answers `{ stats }` messages over IPC: requests per endpoint, bytes.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as {
  callsPerDay: number;
  latencyMs: number;
  now: number;
};
const sim = await startPbxSimulator({
  extensions: [],
  legs: [],
  callsPerDay: options.callsPerDay,
  latencyMs: options.latencyMs,
  now: () => options.now,
});

type Ask = { readonly id: number; readonly ask: 'reset' | 'stats' | 'close' };

process.on('message', async (message: Ask) => {
  if (message.ask === 'reset') sim.stats.reset();
  const stats = {
    exports: sim.stats.count('cdr/aidownload'),
    requests: sim.stats.count(),
    bytes: sim.stats.bytes('api/download'),
  };
  if (message.ask === 'close') await sim.close();
  process.send?.({ id: message.id, url: sim.url, stats });
  if (message.ask === 'close') process.disconnect();
});
process.send?.({ id: 0, url: sim.url });
