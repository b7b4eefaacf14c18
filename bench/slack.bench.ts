import { createHmac } from 'node:crypto';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { SAMPLE_LEGS, SIM_CLIENT_ID, SIM_CLIENT_SECRET, startPbxSimulator } from '../src/simulator/index.js';
import { startFakeSlackApi } from '../test/fakes/slack-api.js';

/**
 * 200 concurrent signed /callsummary commands against the bot on loopback, the PBX simulator at
 * 200 ms latency, the fake Slack API as response_url sink. Ack = the HTTP answer to Slack's POST;
 * answer = the response_url POST for that command. Round 1 is cold (PBX lookups, coalesced), round 2
 * warm (cache hits), side by side.
 */
const CONCURRENCY = 200;
const SECRET = 'bench-signing-secret';

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
  const url = `http://127.0.0.1:${app.port}/slack/events`;
  const legs = Object.values(SAMPLE_LEGS);
  try {
    print(`  ${CONCURRENCY} concurrent commands, PBX latency 200 ms`);
    print('  round      acked  answered  ack p50  ack p99  answer p50  answer p99');
    for (const round of ['cold', 'warm']) {
      const before = slack.callsTo('response_url').length;
      const started = new Map<string, number>();
      const acks = await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, i) => {
          const id = `${round}-${i}`;
          const body = new URLSearchParams({
            command: '/callsummary',
            text: `${legs[i % legs.length]} ${i % 2 === 0 ? 'caller' : 'callee'}`,
            user_id: 'U1',
            channel_id: 'C1',
            team_id: 'T0',
            response_url: slack.responseUrl(id),
            trigger_id: 't',
          }).toString();
          const ts = Math.floor(Date.now() / 1000);
          const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
          const t0 = performance.now();
          started.set(id, Date.now());
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-slack-request-timestamp': String(ts),
              'x-slack-signature': signature,
            },
            body,
          });
          await response.arrayBuffer();
          return { ok: response.status === 200, ms: performance.now() - t0 };
        }),
      );
      const answered = await slack
        .waitFor('response_url', before + CONCURRENCY, 30_000)
        .catch(() => slack.callsTo('response_url'));
      const answerMs = answered
        .slice(before)
        .map((c) => c.at - (started.get(c.path.replace('/response/', '')) ?? c.at));
      const ackMs = acks.map((a) => a.ms);
      print(
        `  ${round.padEnd(9)} ${String(acks.filter((a) => a.ok).length).padStart(6)}  ${String(answerMs.length).padStart(8)}  ${fmt(pct(ackMs, 50))}  ${fmt(pct(ackMs, 99))}  ${fmt(pct(answerMs, 50), 10)}  ${fmt(pct(answerMs, 99), 10)}`,
      );
    }
    print(
      `  PBX summary requests: ${pbx.stats.count('cdr/getaisummary')} (coalescing + cache); target ack p99 < 50 ms`,
    );
  } finally {
    await app.stop();
    await slack.close();
    await pbx.close();
  }
}

function pct(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function fmt(ms: number, width = 7): string {
  return `${ms.toFixed(1)}ms`.padStart(width);
}
