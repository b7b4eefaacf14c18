import { fork } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import nodeFetch from 'node-fetch';
if (process.argv[2] === 'u7') createRequire(import.meta.url)('undici'); // as Bolt's socket-mode does
const child = fork(new URL('./srv.mjs', import.meta.url));
const port = await new Promise((r) => child.once('message', r));
const url = `http://127.0.0.1:${port}/response/x`;
const body = JSON.stringify({ text: 'x'.repeat(500), blocks: Array.from({length: 8}, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(300) } })) });
const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
const impls = {
  globalFetch: async () => { const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5000) }); await r.text(); },
  nodeFetch: async () => { const r = await nodeFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, agent, signal: AbortSignal.timeout(5000) }); await r.text(); },
};
for (let round = 0; round < 3; round++) for (const [name, fn] of Object.entries(impls)) {
  for (let i = 0; i < 200; i++) await fn();
  const c = process.cpuUsage();
  for (let b = 0; b < 5; b++) await Promise.all(Array.from({ length: 200 }, () => fn()));
  const u = process.cpuUsage(c);
  console.log(process.argv[2] ?? 'node-undici', round, name.padEnd(12), ((u.user + u.system) / 1000 / 1000).toFixed(3), 'ms client CPU per POST');
}
child.kill(); process.exit(0);
