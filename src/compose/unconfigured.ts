/**
 * Whether `serve` should run the demo: a light module, so every CLI start does not load the demo (it decides, so it lives with the configuration).
 */

/** Variables that configure Slack; any of them means a real workspace, never the demo. */
export const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

export const isSet = (env: NodeJS.ProcessEnv, name: string): boolean => (env[name] ?? '').trim() !== '';

/** No Slack and no PBX variable at all: `serve` runs the demo instead of failing. */
export function isUnconfigured(env: NodeJS.ProcessEnv): boolean {
  return !Object.keys(env).some((name) => /^(?:SLACK|YEASTAR)_/.test(name) && isSet(env, name));
}
