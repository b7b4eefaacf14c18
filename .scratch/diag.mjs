import { createHmac } from 'node:crypto';
import { startApp } from '../dist/src/app.js';
import { loadConfig } from '../dist/src/config.js';
import { startFakeSlackApi } from '../dist/src/local-slack/index.js';
import { createLogger } from '../dist/src/log.js';
import { SAMPLE_LEGS, SIM_CLIENT_ID, SIM_CLIENT_SECRET, startPbxSimulator } from '../dist/src/simulator/index.js';
const pbx = await startPbxSimulator({ latencyMs: 200 });
const slack = await startFakeSlackApi();
const SECRET='s';
const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0', YEASTAR_BASE_URL: pbx.url, YEASTAR_CLIENT_ID: SIM_CLIENT_ID, YEASTAR_CLIENT_SECRET: SIM_CLIENT_SECRET }, 'bot');
const app = await startApp(config, { logger: createLogger({ level: 'error' }), botId: 'BBOT', botUserId: 'UBOT' });
const url = `http://127.0.0.1:${app.port}/slack/events`;
const eps=['get_token','cdr/getaisummary','extension/search','extension/list','api/download','cdr/aiexport','cdr/getaicontext'];
async function cmd(text, id) {
  const body = new URLSearchParams({ token:'x', team_id:'T1', team_domain:'t', channel_id:'C1', channel_name:'c', user_id:'U1', user_name:'u', command:'/callsummary', text, response_url: slack.responseUrl(id), trigger_id:'1.2.3', api_app_id:'A1' }).toString();
  const ts = Math.floor(Date.now()/1000);
  const sig = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  const before = slack.callsTo('response_url').length;
  const t=performance.now(); pbx.stats.reset();
  const r = await fetch(url,{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded','x-slack-request-timestamp':String(ts),'x-slack-signature':sig},body});
  await r.text();
  const calls = await slack.waitFor('response_url', before+1, 10000);
  const last = calls.at(-1);
  const counts = Object.fromEntries(eps.map(e=>[e,pbx.stats.count(e)]).filter(([,c])=>c));
  console.log(text.padEnd(32), (performance.now()-t).toFixed(0).padStart(5)+'ms', JSON.stringify(counts), String(JSON.stringify(last.body)).slice(0,120));
}
const legs=Object.values(SAMPLE_LEGS);
for (let round=0; round<3; round++) for (let i=0;i<4;i++) await cmd(`${legs[i]} ${i%2===0?'caller':'callee'}`, `r${round}-${i}`);
await app.stop(); await slack.close(); await pbx.close();
