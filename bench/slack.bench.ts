import { fork } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../src/compose/bot.js';
import { loadConfig } from '../src/compose/config.js';
import { startFakeSlackApi } from '../src/demo/local-slack/index.js';
import {
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  startPbxSimulator,
} from '../src/demo/pbx-simulator/index.js';
import { createLogger } from '../src/shared/log.js';
import type { LoadCommand, LoadRequest, LoadResult } from './slack-load.js';

/**
 * 200 concurrent signed /callsummary commands against the bot on loopback, the PBX simulator at
 * 200 ms latency, the fake Slack API as response_url sink. Ack = the HTTP answer to Slack's POST
 * (Bolt's receiver, the listener's `await ack()`); answer = the response_url POST for that command.
 * Round 1 is cold (PBX lookups, coalesced; also the process's first requests, so JIT warm-up and new
 * connections), then five warm rounds (cache hits, connections kept alive; several, because one
 * burst's p99 is close to its maximum and moves with whatever else the machine is doing); a last round
 * sends warm commands one at a time, to show what one command costs with nothing queued in front of it.
 *
 * The bot, the PBX simulator and the fake Slack run in this process; the load generator
 * (bench/slack-load.ts) runs in a forked process, so the figures do not include the generator's own
 * CPU. The two processes still share this machine's cores: on a 2-core box the burst's p99 is bounded
 * by how fast one core can accept, parse, verify and answer 200 requests queued at once.
 *
 * "server" is the bot's own view (diagnostics_channel): from the request's headers being parsed to
 * its response being flushed. The difference to the client's ack time is spent before the bot sees
 * the request (connection accept, kernel queues) or getting the answer back to the generator.
 */
const CONCURRENCY = 200;
const SEQUENTIAL = 50;
const WARM_BURSTS = 5;
const SECRET = 'bench-signing-secret';
const EVENTS_PATH = '/slack/events';

interface RoundFigures {
  readonly ackP50: number;
  readonly ackP99: number;
}

export async function run(print: (line: string) => void): Promise<void> {
  const pbx = await startPbxSimulator({ latencyMs: 200 });
  const slack = await startFakeSlackApi();
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      YEASTAR_BASE_URL: pbx.url,
      YEASTAR_CLIENT_ID: SIM_CLIENT_ID,
      YEASTAR_CLIENT_SECRET: SIM_CLIENT_SECRET,
      SHUTDOWN_TIMEOUT_MS: '5000',
    },
    'bot',
  );
  const app = await startApp(config, {
    logger: createLogger({ level: 'error' }),
    botId: 'BBOT',
    botUserId: 'UBOT',
  });
  const url = `http://127.0.0.1:${app.port}${EVENTS_PATH}`;
  const legs = Object.values(SAMPLE_LEGS);
  const here = dirname(fileURLToPath(import.meta.url));
  const generator = fork(join(here, 'slack-load.js'), [], { execArgv: [], stdio: 'inherit' });
  const server = serverSideTimes();

  const load = (request: LoadRequest) =>
    new Promise<LoadResult>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      generator.once('exit', exited);
      generator.once('message', (result) => {
        generator.off('exit', exited);
        resolve(result as LoadResult);
      });
      generator.send(request);
    });

  let serial = 0;
  const round = async (name: string, mode: LoadRequest['mode'], count: number): Promise<RoundFigures> => {
    const before = slack.callsTo('response_url').length;
    serial += 1;
    const commands: LoadCommand[] = Array.from({ length: count }, (_, i) => ({
      id: `r${serial}-${i}`,
      text: `${legs[i % legs.length]} ${i % 2 === 0 ? 'caller' : 'callee'}`,
      responseUrl: slack.responseUrl(`r${serial}-${i}`),
    }));
    server.reset(count);
    const cpu = process.cpuUsage();
    const result = await load({ url, signingSecret: SECRET, commands, mode });
    if (result.error !== undefined) throw new Error(`load generator: ${result.error}`);
    const answered = await slack
      .waitFor('response_url', before + count, 30_000)
      .catch(() => slack.callsTo('response_url'));
    const used = process.cpuUsage(cpu);
    const sentAt = new Map(result.acks.map((a) => [a.id, a.sentAt]));
    const answerMs = answered
      .slice(before)
      .map((c) => c.at - (sentAt.get(c.path.replace('/response/', '')) ?? c.at));
    const ackMs = result.acks.map((a) => a.ackMs);
    const cpuPerCmd = (used.user + used.system) / 1000 / count;
    const figures = { ackP50: pct(ackMs, 50), ackP99: pct(ackMs, 99) };
    print(
      `  ${name.padEnd(13)} ${String(result.acks.filter((a) => a.status === 200).length).padStart(6)}  ${String(answerMs.length).padStart(8)}  ${fmt(figures.ackP50)}  ${fmt(figures.ackP99)}  ${fmt(pct(server.times, 99), 10)}  ${fmt(pct(answerMs, 50), 10)}  ${fmt(pct(answerMs, 99), 10)}  ${mode === 'burst' ? fmt(server.cpuPerAck(), 7, 2) : '      -'}  ${fmt(cpuPerCmd, 7, 2)}`,
    );
    return figures;
  };

  try {
    print(`  ${CONCURRENCY} concurrent commands, PBX latency 200 ms, load generator in its own process`);
    // Acks under a burst are CPU-bound: say what the machine had to give while this ran.
    print(
      `  ${availableParallelism()} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at start`,
    );
    print(
      '  round          acked  answered  ack p50  ack p99  server p99  answer p50  answer p99  CPU/ack  CPU/cmd',
    );
    await round('cold burst', 'burst', CONCURRENCY);
    const warm: RoundFigures[] = [];
    for (let i = 1; i <= WARM_BURSTS; i++) warm.push(await round(`warm burst ${i}`, 'burst', CONCURRENCY));
    await round('warm 1-by-1', 'sequential', SEQUENTIAL);
    print(
      `  warm bursts, median [range]: ack p50 ${spread(warm.map((f) => f.ackP50))}, ack p99 ${spread(warm.map((f) => f.ackP99))}`,
    );
    print(
      `  PBX summary requests: ${pbx.stats.count('cdr/getaisummary')} (coalescing + cache); Slack allows 3 s for an ack`,
    );
    print('  server: the bot from headers parsed to ack flushed (the rest of "ack" is queueing before that)');
    print('  CPU/ack: this process, first request to last ack, per ack; CPU/cmd: the whole round, per');
    print('  command (bot + PBX simulator + fake Slack, user + system)');
  } finally {
    server.close();
    generator.disconnect();
    await app.stop();
    await slack.close();
    await pbx.close();
  }
}

/**
 * The bot's own view of /slack/events: per request, headers parsed → ack flushed; per round, the CPU
 * this process used from the first request's headers to the last ack (divided by the acks, that is
 * what one ack costs when they queue; answer work that slips in between is counted too).
 */
function serverSideTimes() {
  const started = new WeakMap<IncomingMessage, number>();
  const times: number[] = [];
  let firstCpu: NodeJS.CpuUsage | undefined;
  let lastCpu: NodeJS.CpuUsage | undefined;
  let expected = 0;
  const onStart = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url !== EVENTS_PATH) return;
    firstCpu ??= process.cpuUsage();
    started.set(request, performance.now());
  };
  const onFinish = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const t0 = started.get(request);
    if (t0 === undefined) return;
    times.push(performance.now() - t0);
    // Read once, at the round's last ack, so the measuring costs the bot nothing per request.
    if (times.length === expected) lastCpu = process.cpuUsage();
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    times,
    /** Milliseconds of CPU per ack, first request to last ack of the round. */
    cpuPerAck: () => {
      if (firstCpu === undefined || lastCpu === undefined || times.length === 0) return Number.NaN;
      const used = lastCpu.user + lastCpu.system - firstCpu.user - firstCpu.system;
      return used / 1000 / times.length;
    },
    /** Starts a round of `count` requests. */
    reset: (count: number) => {
      expected = count;
      times.length = 0;
      firstCpu = undefined;
      lastCpu = undefined;
    },
    close: () => {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}

function pct(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function spread(values: readonly number[]): string {
  return `${pct(values, 50).toFixed(1)} ms [${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}]`;
}

function fmt(ms: number, width = 7, digits = 1): string {
  return `${ms.toFixed(digits)}ms`.padStart(width);
}
