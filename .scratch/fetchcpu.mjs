import http from 'node:http';
import nodeFetch from 'node-fetch';
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type','application/json'); res.end('{"ok":true}'); }); });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/response/x`;
const body = JSON.stringify({ text: 'x'.repeat(500), blocks: Array.from({length: 8}, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(300) } })) });
const agent = new http.Agent({ keepAlive: true });
const impls = {
  globalFetch: async () => { const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }); await r.text(); },
  nodeFetch: async () => { const r = await nodeFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, agent }); await r.text(); },
  httpRequest: () => new Promise((resolve, reject) => { const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => { let s=''; res.setEncoding('utf8'); res.on('data', d => s += d); res.on('end', () => resolve(s)); }); req.on('error', reject); req.end(body); }),
};
for (let round = 0; round < 3; round++) for (const [name, fn] of Object.entries(impls)) {
  for (let i = 0; i < 200; i++) await fn(); // warm
  const c = process.cpuUsage(); const t = performance.now();
  await Promise.all(Array.from({ length: 1000 }, () => fn()));
  const u = process.cpuUsage(c);
  console.log(round, name.padEnd(12), ((u.user + u.system) / 1000).toFixed(0), 'ms CPU (client+server) for 1000 concurrent;', (performance.now() - t).toFixed(0), 'ms wall');
}
server.close(); agent.destroy(); process.exit(0);
