import { loadConfig, readEnvironment } from '../compose/config.js';
import { adoptClock } from '../compose/pbx-clock.js';
import { describeError, isCallSummaryError } from '../shared/errors.js';
import type { Words } from '../shared/i18n/index.js';
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
  /** The words of the checklist: the process's `cliWords()`; tests choose. */
  readonly words: Words;
  /** Where the login lockout is kept across runs (tests); default `lockoutDir()`. */
  readonly lockoutDir?: string;
}

/** `callsummary doctor` in this process: it takes no arguments. */
export async function main(argv: readonly string[]): Promise<number> {
  const words = cliWords();
  const command = { name: 'doctor', usage: (w: Words) => w.t('cli.doctor.usage'), parse: noArguments };
  const stderr = (text: string) => process.stderr.write(text);
  if (parseCommand(command, argv, { stderr, words }) === undefined) return 2;
  return runDoctor({ env: () => readEnvironment(), stdout: (text) => process.stdout.write(text), words });
}

export async function runDoctor(io: DoctorIo): Promise<number> {
  const { words } = io;
  let failed = 0;
  const fixLine = (fix: string) => (fix === '' ? '' : `\n${words.t('cli.doctor.fix', { fix })}`);
  const report = (ok: boolean, what: string, fix = '') => {
    if (!ok) failed++;
    const line = ok ? words.t('cli.doctor.passed', { what }) : words.t('cli.doctor.failed', { what });
    io.stdout(`${line}${ok ? '' : fixLine(fix)}\n`);
  };
  /** Something to know or fix that does not stop the bot. */
  const note = (what: string, fix = '') =>
    io.stdout(`${words.t('cli.doctor.note', { what })}${fixLine(fix)}\n`);
  const fixFor = (error: unknown) => fixOf(error, words);
  let config: ReturnType<typeof loadConfig>;
  try {
    const env = io.env();
    config = loadConfig(env, 'pbx');
    report(true, words.t('cli.doctor.configuration_pbx'));
    if (config.find.userMapFile !== undefined) {
      try {
        const map = loadUserMapFile(config.find.userMapFile);
        report(true, words.t('cli.doctor.user_map', { count: map?.size ?? 0 }));
      } catch (error) {
        report(false, 'USER_MAP_FILE', fixFor(error));
      }
    }
    if (config.access.file === undefined) {
      note(words.t('cli.doctor.no_access_file'), words.t('cli.doctor.no_access_file.fix'));
    } else {
      try {
        const rules = loadAccessFile(config.access.file)!;
        report(
          true,
          words.t('cli.doctor.access_file', {
            teams: rules.teams.length,
            admins: rules.admins.length,
            sight: rules.defaultSight,
          }),
        );
      } catch (error) {
        report(false, 'ACCESS_FILE', fixFor(error));
      }
    }
  } catch (error) {
    report(false, words.t('cli.doctor.configuration'), fixFor(error));
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
    report(true, words.t('cli.doctor.pbx_login', { url: pbxConfig.baseUrl }));
    try {
      await pbx.probeExtensionSearch();
      report(true, words.t('cli.doctor.extension_search'));
    } catch (error) {
      report(false, words.t('cli.doctor.extension_search'), fixFor(error));
    }
    // Finding calls reads every extension (names, and emails to match Slack members) from the list.
    try {
      await pbx.probeExtensionList();
      report(true, words.t('cli.doctor.extension_list'));
    } catch (error) {
      report(false, words.t('cli.doctor.extension_list'), fixFor(error));
    }
    const pbxNow = await checkPbxClock(pbx, config, { report, note, words });
    await checkExport(pbx, pbxNow, { report, note, words });
  } catch (error) {
    report(false, words.t('cli.doctor.pbx_login', { url: pbxConfig.baseUrl }), fixFor(error));
  } finally {
    await pbx.close({ revoke: true }).catch(() => undefined);
    await cache.close().catch(() => undefined);
  }

  const slack = config.slack;
  if (!slack?.botToken) {
    report(false, words.t('cli.doctor.slack_bot_token'), words.t('cli.doctor.slack_bot_token.fix'));
  } else {
    if (!slack.appToken && !slack.signingSecret) {
      report(false, words.t('cli.doctor.slack_verification'), words.t('cli.doctor.slack_verification.fix'));
    }
    const client = createSlackWebClient(slack, logger);
    try {
      const auth = await client.auth.test();
      report(true, words.t('cli.doctor.slack_auth', { team: auth.team ?? '?', bot: auth.user ?? '?' }));
      const scopes = auth.response_metadata?.scopes ?? [];
      const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
      // Scope names are Slack's, listed as Slack lists them (comma-separated).
      report(
        missing.length === 0,
        words.t('cli.doctor.slack_scopes', {
          scopes: scopes.join(', ') || words.t('cli.doctor.slack_scopes.none'),
        }),
        words.t('cli.doctor.slack_scopes.fix', { missing: missing.join(', ') }),
      );
      const lacking = MEMBER_EMAIL_SCOPES.filter((s) => !scopes.includes(s));
      if (lacking.length === 0) {
        report(true, words.t('cli.doctor.email_scopes', { scopes: MEMBER_EMAIL_SCOPES.join(', ') }));
      } else {
        note(
          words.t('cli.doctor.email_scopes.lacking', { scopes: lacking.join(', ') }),
          words.t('cli.doctor.email_scopes.fix', { scopes: lacking.join(', ') }),
        );
      }
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      report(false, words.t('cli.doctor.slack_auth_failed'), words.t('cli.doctor.slack_auth.fix', { code }));
    }
  }
  return failed === 0 ? 0 : 1;
}

/** How a check says what it found, in the checklist's words. */
interface Checklist {
  readonly report: (ok: boolean, what: string, fix?: string) => void;
  readonly note: (what: string, fix?: string) => void;
  readonly words: Words;
}

/**
 * v1.0 `system/information`, as the bot reads it at start: the display format it adopts and the UTC
 * offset it uses, or why it will do without (some firmware answers 10001). Returns the PBX's wall
 * clock now, when known, for the export probe.
 */
async function checkPbxClock(
  pbx: PbxClient,
  config: ReturnType<typeof loadConfig>,
  { report, note, words }: Checklist,
): Promise<WallClock | undefined> {
  const what = words.t('cli.doctor.clock');
  const configuredZone = config.find.pbxTimeZone;
  try {
    const info = await pbx.systemInformation();
    const nowMs = Date.now();
    const adopted = adoptClock(info, { configuredFormat: config.pbx?.timeFormat, configuredZone, nowMs });
    if (adopted.format !== undefined) pbx.useTimeFormat(adopted.format);
    const offset =
      adopted.offsetMinutes === undefined
        ? words.t('cli.doctor.clock.no_offset')
        : fixedOffsetZone(adopted.offsetMinutes);
    const format =
      info.displayFormats[0] === undefined
        ? words.t('cli.doctor.clock.no_format')
        : words.t('cli.doctor.clock.format', { format: info.displayFormats[0] });
    report(
      true,
      info.firmware === undefined
        ? words.t('cli.doctor.clock.passed', { what, format, offset })
        : words.t('cli.doctor.clock.passed_firmware', { what, format, offset, firmware: info.firmware }),
    );
    // The clock's warnings are the bot's log lines too (English, as logs are).
    for (const warning of adopted.warnings) note(warning);
    const zone = configuredZone ?? adopted.zone;
    return zone === undefined ? undefined : wallClockAt(nowMs, zone);
  } catch (error) {
    const carryOn = words.t('cli.doctor.clock.carry_on', {
      format: config.pbx?.timeFormat === undefined ? 'default' : 'configured',
      zone: configuredZone === undefined ? 'widened' : 'configured',
    });
    const fix = configuredZone === undefined ? words.t('cli.doctor.clock.zone.fix') : '';
    if (error instanceof PbxApiError && error.errcode === 10001) {
      note(words.t('cli.doctor.clock.unsupported', { what, errmsg: error.errmsg, carryOn }), fix);
    } else if (isCallSummaryError(error, 'pbx_permission')) {
      const errcode = words.t('error.errcode', {
        errcode: `${error.details.errcode} ${error.details.errmsg}`.trim(),
      });
      note(
        words.t('cli.doctor.clock.no_permission', { what, errcode, carryOn }),
        configuredZone === undefined
          ? words.t('cli.doctor.clock.no_permission.fix')
          : words.t('cli.doctor.clock.no_permission.fix_keep'),
      );
    } else {
      const { message } = describeError(error, 'doctor', words);
      note(words.t('cli.doctor.clock.failed', { what, message, carryOn }), fix);
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
  { report, note, words }: Checklist,
): Promise<void> {
  const what = words.t('cli.doctor.export');
  // Without the PBX's clock any minute tells whether the export is allowed: UTC's.
  const end = pbxNow ?? utcWallClock(Date.now());
  const before = pbx.timeFormat();
  try {
    const rows = await pbx.exportCalls({ start: addSeconds(end, -60), end });
    report(
      true,
      rows.length === 0
        ? words.t('cli.doctor.export.empty', { what })
        : words.t('cli.doctor.export.rows', { what, count: rows.length }),
    );
    if (pbx.timeFormat() !== before) {
      const after = pbx.timeFormat();
      note(
        words.t('cli.doctor.export.format_adopted', { before, after }),
        words.t('cli.doctor.export.format_adopted.fix', { after }),
      );
    }
  } catch (error) {
    if (isCallSummaryError(error, 'pbx_busy')) {
      note(words.t('cli.doctor.export.busy', { what, errcode: String(error.details.errcode) }));
      return;
    }
    report(false, what, exportFix(error, words));
  }
}

function exportFix(error: unknown, words: Words): string {
  if (isCallSummaryError(error, 'pbx_permission')) {
    const errcode = words.t('error.errcode', {
      errcode: `${error.details.errcode} ${error.details.errmsg}`.trim(),
    });
    return words.t('cli.doctor.export.no_permission', { errcode });
  }
  if (error instanceof PbxApiError && error.errcode === 40002) {
    return words.t('cli.doctor.export.bad_times', { errmsg: error.errmsg });
  }
  if (error instanceof PbxApiError && error.errcode === 10001) {
    return words.t('cli.doctor.export.unsupported');
  }
  return fixOf(error, words);
}

/** The fix for a failed check, without the (here circular) advice to run `callsummary doctor`. */
function fixOf(error: unknown, words: Words): string {
  const { message, hint } = describeError(error, 'doctor', words);
  return hint === '' ? message : words.t('cli.doctor.fix_for', { message, hint });
}
