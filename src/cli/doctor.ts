import { loadConfig, readEnvironment } from '../compose/config.js';
import { adoptClock } from '../compose/pbx-clock.js';
import { describeError, isCallSummaryError } from '../shared/errors.js';
import { createLogger } from '../shared/log.js';
import { createSlackWebClient } from '../slack/send/web-client.js';
import { loadAccessFile } from '../use-case/model/access-rules.js';
import { addSeconds, type WallClock } from '../use-case/model/leg-id.js';
import { fixedOffsetZone, utcWallClock, wallClockAt } from '../use-case/model/pbx-time.js';
import { loadUserMapFile } from '../use-case/model/user-map.js';
import { createPbxClient, type PbxClient } from '../yeastar/client.js';
import { PbxApiError } from '../yeastar/errcodes.js';
import { createMemoryTokenStore, withLoginLockouts } from '../yeastar/token-store.js';
import { noArguments, parseCommand } from './args.js';
import { cliWords } from './words.js';

/**
 * `callsummary doctor`: each check printed as passed or failed with the fix (or a note: something to
 * know that does not stop the bot). Exit 0 when all pass, 1 otherwise. Uses one PBX token and revokes
 * it (the PBX allows few at once). Beyond the login: extension search and list, the PBX's clock
 * (system/information, as the bot reads it at start) and one AI export over the last minute.
 */
const REQUIRED_SCOPES = ['commands', 'chat:write', 'chat:write.public'] as const;
/**
 * Scopes added for "my calls" and the Home tab (users.info and the member's email). An installation
 * without them still works; only matching members by email is off, so their absence is a note, not a
 * failure.
 */
const MEMBER_EMAIL_SCOPES = ['users:read', 'users:read.email'] as const;

export interface DoctorIo {
  readonly env: () => NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  /** Where the login lockout is kept across runs (tests); default `lockoutDir()`. */
  readonly lockoutDir?: string;
}

/** `callsummary doctor` in this process: it takes no arguments. */
export async function main(argv: readonly string[]): Promise<number> {
  const command = { name: 'doctor', usage: 'usage: callsummary doctor', parse: noArguments };
  if (parseCommand(command, argv, (text) => process.stderr.write(text)) === undefined) return 2;
  return runDoctor({ env: () => readEnvironment(), stdout: (text) => process.stdout.write(text) });
}

export async function runDoctor(io: DoctorIo): Promise<number> {
  let failed = 0;
  const report = (ok: boolean, what: string, fix = '') => {
    if (!ok) failed++;
    io.stdout(`${ok ? 'passed' : 'FAILED'}  ${what}${ok || fix === '' ? '' : `\n        fix: ${fix}`}\n`);
  };
  /** Something to know or fix that does not stop the bot. */
  const note = (what: string, fix = '') =>
    io.stdout(`note    ${what}${fix === '' ? '' : `\n        fix: ${fix}`}\n`);
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
    const pbxNow = await checkPbxClock(pbx, config, report, note);
    await checkExport(pbx, pbxNow, report, note);
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

type Report = (ok: boolean, what: string, fix?: string) => void;
type Note = (what: string, fix?: string) => void;

/**
 * v1.0 `system/information`, as the bot reads it at start: the display format it adopts and the UTC
 * offset it uses, or why it will do without (some firmware answers 10001). Returns the PBX's wall
 * clock now, when known, for the export probe.
 */
async function checkPbxClock(
  pbx: PbxClient,
  config: ReturnType<typeof loadConfig>,
  report: Report,
  note: Note,
): Promise<WallClock | undefined> {
  const what = 'PBX clock (system/information)';
  const configuredZone = config.find.pbxTimeZone;
  try {
    const info = await pbx.systemInformation();
    const nowMs = Date.now();
    const adopted = adoptClock(info, { configuredFormat: config.pbx?.timeFormat, configuredZone, nowMs });
    if (adopted.format !== undefined) pbx.useTimeFormat(adopted.format);
    const offset =
      adopted.offsetMinutes === undefined ? 'UTC offset not given' : fixedOffsetZone(adopted.offsetMinutes);
    const format =
      info.displayFormats[0] === undefined
        ? 'no usable display format'
        : `display format "${info.displayFormats[0]}"`;
    const firmware = info.firmware === undefined ? '' : `, firmware ${info.firmware}`;
    report(true, `${what}: ${format}, ${offset}${firmware}`);
    for (const warning of adopted.warnings) note(warning);
    const zone = configuredZone ?? adopted.zone;
    return zone === undefined ? undefined : wallClockAt(nowMs, zone);
  } catch (error) {
    const carryOn = `the bot carries on with ${config.pbx?.timeFormat === undefined ? 'the default time format until the PBX names its own' : 'YEASTAR_TIME_FORMAT'} and ${configuredZone === undefined ? 'windows widened by every UTC offset' : 'YEASTAR_TIMEZONE'}`;
    const fix =
      configuredZone === undefined
        ? "set YEASTAR_TIMEZONE to the PBX's time zone (System > Date and Time) so windows are exact."
        : '';
    if (error instanceof PbxApiError && error.errcode === 10001) {
      note(`${what}: this PBX does not answer it (errcode 10001 ${error.errmsg}); ${carryOn}`, fix);
    } else if (isCallSummaryError(error, 'pbx_permission')) {
      note(
        `${what}: the API application may not read it (errcode ${error.details.errcode} ${error.details.errmsg}); ${carryOn}`,
        `grant the API application System read permission (PBX > Integrations > API), or ${fix || 'keep YEASTAR_TIMEZONE.'}`,
      );
    } else {
      note(`${what}: ${describeError(error, 'doctor', cliWords()).message} ${carryOn}`, fix);
    }
    return configuredZone === undefined ? undefined : wallClockAt(Date.now(), configuredZone);
  }
}

/**
 * One export over the last minute, as finding calls asks it: 60001 (nothing in it) is as good as
 * rows. What each refusal means, in a line the admin can act on.
 */
async function checkExport(
  pbx: PbxClient,
  pbxNow: WallClock | undefined,
  report: Report,
  note: Note,
): Promise<void> {
  const what = 'PBX AI transcription export (cdr/aidownload, the last minute)';
  // Without the PBX's clock any minute tells whether the export is allowed: UTC's.
  const end = pbxNow ?? utcWallClock(Date.now());
  const before = pbx.timeFormat();
  try {
    const rows = await pbx.exportCalls({ start: addSeconds(end, -60), end });
    report(
      true,
      `${what}: ${rows.length === 0 ? 'answered, no transcribed call in it' : `${rows.length} transcribed calls`}`,
    );
    if (pbx.timeFormat() !== before) {
      note(
        `the PBX refused export times written "${before}" and named its display format "${pbx.timeFormat()}" (errcode 40002); the bot adopts it too, after one refused export`,
        `set YEASTAR_TIME_FORMAT=${pbx.timeFormat()}, or leave it unset: the bot reads the PBX's own format at start.`,
      );
    }
  } catch (error) {
    if (isCallSummaryError(error, 'pbx_busy')) {
      note(
        `${what}: the PBX is busy with another export (errcode ${error.details.errcode}); run doctor again in a minute.`,
      );
      return;
    }
    report(false, what, exportFix(error));
  }
}

function exportFix(error: unknown): string {
  if (isCallSummaryError(error, 'pbx_permission')) {
    return `The API application lacks the CDR/AI permission (errcode ${error.details.errcode} ${error.details.errmsg}): on the PBX, Integrations > API > Permissions, grant CDR and AI call transcription read.`;
  }
  if (error instanceof PbxApiError && error.errcode === 40002) {
    return `The PBX refused the export's times (errcode 40002 ${error.errmsg}) without naming its format: set YEASTAR_TIME_FORMAT to the PBX's display format (System > Date and Time > Display Format), e.g. YYYY/MM/DD HH:mm:ss.`;
  }
  if (error instanceof PbxApiError && error.errcode === 10001) {
    return 'The PBX has no AI transcription export (errcode 10001): it needs API v2.0 and AI call transcription (current firmware, Enterprise or Ultimate plan).';
  }
  return fixFor(error);
}

/** The fix for a failed check, without the (here circular) advice to run `callsummary doctor`. */
function fixFor(error: unknown): string {
  const { message, hint } = describeError(error, 'doctor', cliWords());
  return hint === '' ? message : `${message} ${hint}`;
}
