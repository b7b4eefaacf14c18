import { loadConfig } from '../compose/config.js';
import { describeError } from '../shared/errors.js';
import { createLogger } from '../shared/log.js';
import { createSlackWebClient } from '../slack/send/web-client.js';
import { loadAccessFile } from '../use-case/model/access-rules.js';
import { loadUserMapFile } from '../use-case/model/user-map.js';
import { createPbxClient } from '../yeastar/client.js';
import { createMemoryTokenStore, withLoginLockouts } from '../yeastar/token-store.js';

/**
 * `callsummary doctor`: each check printed as passed or failed with the fix. Exit 0 when all pass,
 * 1 otherwise. Uses one PBX token and revokes it (the PBX allows few at once).
 */
export const REQUIRED_SCOPES = ['commands', 'chat:write', 'chat:write.public'] as const;
/**
 * Scopes added for "my calls" and the Home tab (users.info and the member's email). An installation
 * without them still works; only matching members by email is off, so their absence is a note, not a
 * failure.
 */
export const MEMBER_EMAIL_SCOPES = ['users:read', 'users:read.email'] as const;

export interface DoctorIo {
  readonly env: () => NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  /** Where the login lockout is kept across runs (tests); default `lockoutDir()`. */
  readonly lockoutDir?: string;
}

export async function runDoctor(io: DoctorIo): Promise<number> {
  let failed = 0;
  const report = (ok: boolean, what: string, fix = '') => {
    if (!ok) failed++;
    io.stdout(`${ok ? 'passed' : 'FAILED'}  ${what}${ok || fix === '' ? '' : `\n        fix: ${fix}`}\n`);
  };
  let config: ReturnType<typeof loadConfig>;
  try {
    const env = io.env();
    config = loadConfig(env, 'pbx');
    report(true, 'configuration (PBX)');
    if (config.find.userMapFile !== undefined) {
      try {
        const map = loadUserMapFile(config.find.userMapFile);
        report(true, `USER_MAP_FILE (${map?.size ?? 0} members)`);
      } catch (error) {
        report(false, 'USER_MAP_FILE', fixFor(error));
      }
    }
    if (config.access.file === undefined) {
      io.stdout(
        "note    no ACCESS_FILE: everyone let in (ALLOWED_CHANNEL_IDS, ALLOWED_USER_IDS) sees every call, its summaries and its transcript\n        fix: to let agents see their own calls and leads their team's, set ACCESS_FILE (docs/configuration.md)\n",
      );
    } else {
      try {
        const rules = loadAccessFile(config.access.file)!;
        const teams = rules.teams.length;
        const admins = rules.admins.length;
        report(
          true,
          `ACCESS_FILE (${teams} team${teams === 1 ? '' : 's'}, ${admins} admin${admins === 1 ? '' : 's'}; members in no team see ${rules.defaultSight === 'own' ? 'their own calls' : rules.defaultSight === 'none' ? 'no calls' : 'every call'})`,
        );
      } catch (error) {
        report(false, 'ACCESS_FILE', fixFor(error));
      }
    }
  } catch (error) {
    report(false, 'configuration', fixFor(error));
    return 1;
  }
  const pbxConfig = config.pbx!;
  const logger = createLogger({ level: 'error', secrets: [pbxConfig.clientSecret], sink: () => undefined });
  // The bot's login lockout (Redis, or the host's file without it): repeated doctor runs, restarts and
  // `get` together with a wrong secret must not get the IP blocked. The token is doctor's own: the
  // login is what it checks, and it is revoked at the end without touching a token the bot shares.
  const { createCache } = await import('../cache/index.js');
  const cache = await createCache(config.cache, {
    logger,
    pbxBaseUrl: pbxConfig.baseUrl,
    lockLoginsOnHost: true,
    ...(io.lockoutDir === undefined ? {} : { lockoutDir: io.lockoutDir }),
  });
  const store = {
    ...withLoginLockouts(createMemoryTokenStore(), cache.tokenStore),
    withRenewalLock: cache.tokenStore.withRenewalLock,
  };
  let pbx: ReturnType<typeof createPbxClient>;
  try {
    pbx = createPbxClient(pbxConfig, { logger, store });
  } catch (error) {
    await cache.close();
    throw error;
  }
  try {
    await pbx.tokens.token();
    report(true, `PBX login at ${pbxConfig.baseUrl}`);
    try {
      await pbx.probeExtensionSearch();
      report(true, 'PBX extension search');
    } catch (error) {
      report(false, 'PBX extension search', fixFor(error));
    }
    // Finding calls reads every extension (names, and emails to match Slack members) from the list.
    try {
      await pbx.probeExtensionList();
      report(true, 'PBX extension list (the directory for finding calls)');
    } catch (error) {
      report(false, 'PBX extension list (the directory for finding calls)', fixFor(error));
    }
  } catch (error) {
    report(false, `PBX login at ${pbxConfig.baseUrl}`, fixFor(error));
  } finally {
    await pbx.close({ revoke: true }).catch(() => undefined);
    await cache.close().catch(() => undefined);
  }

  const slack = config.slack;
  if (!slack?.botToken) {
    report(
      false,
      'Slack bot token',
      'Set SLACK_BOT_TOKEN to the xoxb- token from your Slack app > OAuth & Permissions.',
    );
  } else {
    if (!slack.appToken && !slack.signingSecret) {
      report(
        false,
        'Slack request verification',
        'Set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).',
      );
    }
    const client = createSlackWebClient(slack, logger);
    try {
      const auth = await client.auth.test();
      report(true, `Slack auth.test (team ${auth.team ?? '?'}, bot ${auth.user ?? '?'})`);
      const scopes = auth.response_metadata?.scopes ?? [];
      const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
      report(
        missing.length === 0,
        `Slack scopes (${scopes.join(', ') || 'none reported'})`,
        `Add ${missing.join(', ')} under OAuth & Permissions (or recreate the app from manifest.yml), then reinstall the app.`,
      );
      const lacking = MEMBER_EMAIL_SCOPES.filter((s) => !scopes.includes(s));
      io.stdout(
        lacking.length === 0
          ? `passed  Slack scopes for "my calls" by email (${MEMBER_EMAIL_SCOPES.join(', ')})\n`
          : `note    "my calls" and the Home tab cannot match members by email: the app lacks ${lacking.join(', ')} (only USER_MAP_FILE matches them)\n        fix: add ${lacking.join(', ')} under OAuth & Permissions (manifest.yml has them), then reinstall the app.\n`,
      );
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      report(
        false,
        'Slack auth.test',
        `Slack answered "${code}": check SLACK_BOT_TOKEN (and SLACK_API_URL if set).`,
      );
    }
  }
  return failed === 0 ? 0 : 1;
}

/** The fix for a failed check, without the (here circular) advice to run `callsummary doctor`. */
function fixFor(error: unknown): string {
  const { message, hint } = describeError(error, 'doctor');
  return hint === '' ? message : `${message} ${hint}`;
}
