import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from '../../src/demo/pbx-simulator/index.js';

type Env = Record<string, string>;

/** The variables that point the product at a PBX simulator, with the simulator's credentials. */
export function simulatorEnv(pbx: { readonly url: string }, overrides: Env = {}): Env {
  return {
    YEASTAR_BASE_URL: pbx.url,
    YEASTAR_CLIENT_ID: SIM_CLIENT_ID,
    YEASTAR_CLIENT_SECRET: SIM_CLIENT_SECRET,
    ...overrides,
  };
}

/** A bot's whole environment: the simulator, the Slack stand-in over HTTP, any free port. */
export function botEnv(
  pbx: { readonly url: string },
  slack: { readonly apiUrl: string },
  overrides: Env = {},
): Env {
  return simulatorEnv(pbx, {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'signing-secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    ...overrides,
  });
}
