import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { CacheConfig } from '../cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../cache/memory.js';
import { CallSummaryError } from '../shared/errors.js';
import { DEFAULT_LOCALE, LOCALES, type Locale, supportedLocale } from '../shared/i18n/index.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../shared/log.js';
import type { SlackConfig } from '../slack/server/server.js';
import type { FindConfig } from '../use-case/finding/index.js';
import { MAX_PERIOD_DAYS } from '../use-case/model/call-query.js';
import { isTimeZone } from '../use-case/model/pbx-time.js';
import { DEFAULT_PHONE_REGION, isPhoneRegion } from '../use-case/model/phone-number.js';
import type { PbxConfig } from '../yeastar/client.js';
import { formatProblem } from '../yeastar/time-format.js';

/**
 * The one place that reads the environment. Everything is parsed by one zod schema; a missing or
 * malformed variable yields one error listing every problem and what to set. Values are never echoed
 * (several are secrets).
 *
 * (Over 300 lines: one schema on purpose, so every problem is listed at once, followed by the typed
 * configuration each layer reads and the one function that shapes the schema's output into it.)
 */

/** What a command needs: `render` needs nothing, `get`/`doctor` need the PBX, `serve` needs both sides. */
export type ConfigPurpose = 'none' | 'pbx' | 'bot';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s === undefined || s === '' ? undefined : s));

const integer = (name: string, fallback: number, min: number, max: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, `${name} must be a whole number between ${min} and ${max}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(min, `${name} must be at least ${min}`)
          .max(max, `${name} must be at most ${max}`),
      )
      .optional()
      .transform((n) => n ?? fallback),
  );

const boolean = (name: string, fallback: boolean) =>
  optionalString.pipe(
    z
      .string()
      .toLowerCase()
      .refine((s) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(s), {
        message: `${name} must be true or false`,
      })
      .transform((s) => ['true', '1', 'yes', 'on'].includes(s))
      .optional()
      .transform((b) => b ?? fallback),
  );

/** A language the bot writes (`en`, `zh-CN`; `zh_CN`, `zh-Hans` and `en-GB` say the same), else undefined. */
const locale = (name: string) =>
  optionalString.pipe(
    z
      .string()
      .refine((tag) => supportedLocale(tag) !== undefined, {
        message: `${name} must be a language callsummary writes: ${LOCALES.join(' or ')}`,
      })
      .transform((tag) => supportedLocale(tag)!)
      .optional(),
  );

const httpUrl = (name: string, example: string) =>
  optionalString.pipe(
    z
      .string()
      .refine(
        (s) => {
          try {
            const url = new URL(s);
            return (
              (url.protocol === 'https:' || url.protocol === 'http:') &&
              url.username === '' &&
              url.password === ''
            );
          } catch {
            return false;
          }
        },
        { message: `${name} must be an http(s) URL without credentials, e.g. ${example}` },
      )
      .optional(),
  );

/**
 * What the Redis client can connect to; WHATWG URL parsing refuses a port that is not a number, and
 * the path, if any, is the database's number (`redis://host:6379/2`): another path would connect to
 * database 0 and never be ready.
 */
function isRedisUrl(text: string): boolean {
  if (!/^rediss?:\/\/./.test(text)) return false;
  try {
    const url = new URL(text);
    return (
      url.hostname !== '' && (url.port === '' || Number(url.port) > 0) && /^(\/\d{0,5})?$/.test(url.pathname)
    );
  } catch {
    return false;
  }
}

const idList = (name: string) =>
  optionalString.pipe(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      )
      .refine((ids) => ids.every((id) => /^[A-Z0-9]+$/.test(id)), {
        message: `${name} must be a comma-separated list of Slack ids (e.g. C0123ABCD,C0456EFGH)`,
      })
      .optional()
      .transform((ids) => (ids && ids.length > 0 ? ids : undefined)),
  );

const prefixed = (name: string, prefix: string) =>
  optionalString.pipe(
    z
      .string()
      .refine((s) => s.startsWith(prefix), { message: `${name} must start with ${prefix}` })
      .optional(),
  );

const envSchema = z.object({
  SLACK_BOT_TOKEN: prefixed('SLACK_BOT_TOKEN', 'xoxb-'),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: prefixed('SLACK_APP_TOKEN', 'xapp-'),
  SLACK_API_URL: httpUrl('SLACK_API_URL', 'https://slack.com/api/'),
  PORT: integer('PORT', 3000, 0, 65535),

  YEASTAR_BASE_URL: httpUrl('YEASTAR_BASE_URL', 'https://acme.yeastarcloud.com or https://10.0.0.5:8088'),
  YEASTAR_CLIENT_ID: optionalString,
  YEASTAR_CLIENT_SECRET: optionalString,
  YEASTAR_CA_FILE: optionalString.refine((path) => path === undefined || existsSync(path), {
    message: 'YEASTAR_CA_FILE must name a readable PEM file',
  }),
  YEASTAR_TIMEOUT_MS: integer('YEASTAR_TIMEOUT_MS', 10_000, 100, 120_000),
  YEASTAR_MAX_RETRIES: integer('YEASTAR_MAX_RETRIES', 2, 0, 5),
  YEASTAR_LOGIN_COOLDOWN_SECONDS: integer('YEASTAR_LOGIN_COOLDOWN_SECONDS', 300, 1, 86_400),
  // Unset: the PBX's own display format (system/information at start, or named by a 40002).
  YEASTAR_TIME_FORMAT: optionalString.superRefine((format, context) => {
    const problem = format === undefined ? undefined : formatProblem(format);
    if (problem !== undefined) {
      context.addIssue({
        code: 'custom',
        message: `YEASTAR_TIME_FORMAT must be the PBX's display format (System > Date and Time), with the date and the time to the second, e.g. YYYY/MM/DD HH:mm:ss or MM/DD/YYYY hh:mm:ss AM; ${problem} (or leave it unset to use the PBX's own)`,
      });
    }
  }),
  YEASTAR_EXPORT_WINDOW_MINUTES: integer('YEASTAR_EXPORT_WINDOW_MINUTES', 30, 1, 1440),
  YEASTAR_TIMEZONE: optionalString.refine((name) => name === undefined || isTimeZone(name), {
    message: 'YEASTAR_TIMEZONE must be an IANA time zone name such as Europe/Berlin or Asia/Shanghai',
  }),
  YEASTAR_WEBHOOK_SECRET: optionalString,
  YEASTAR_WEBSOCKET: boolean('YEASTAR_WEBSOCKET', false),
  THREAD_DAYS: integer('THREAD_DAYS', 7, 1, 90),
  ROUTING_FILE: optionalString.refine((path) => path === undefined || existsSync(path), {
    message: 'ROUTING_FILE must name a readable YAML or JSON file',
  }),
  USER_MAP_FILE: optionalString.refine((path) => path === undefined || existsSync(path), {
    message: 'USER_MAP_FILE must name a readable YAML file (U0123ABCD: "3202" per line)',
  }),
  ACCESS_FILE: optionalString.refine((path) => path === undefined || existsSync(path), {
    message: 'ACCESS_FILE must name a readable YAML file (default, admins, teams, transcripts)',
  }),
  AUDIT_LOG_FILE: optionalString,
  REDACT_NUMBERS_IN_CHANNELS: boolean('REDACT_NUMBERS_IN_CHANNELS', false),
  RECENT_DAYS: integer('RECENT_DAYS', 7, 1, MAX_PERIOD_DAYS),
  DEFAULT_LOCALE: locale('DEFAULT_LOCALE'),
  CHANNEL_LOCALE: locale('CHANNEL_LOCALE'),
  PHONE_REGION: optionalString.pipe(
    z
      .string()
      .toUpperCase()
      .refine(isPhoneRegion, {
        message:
          'PHONE_REGION must be a two-letter country code such as US, GB or DE (the country of numbers the PBX writes without one)',
      })
      .optional()
      .transform((code) => code ?? DEFAULT_PHONE_REGION),
  ),

  CACHE_URL: optionalString.pipe(
    z
      .string()
      .refine(isRedisUrl, {
        message:
          'CACHE_URL must be a redis:// or rediss:// URL with a host and, if any, a numeric port and a database number, e.g. redis://127.0.0.1:6379/0 (leave it unset for the in-memory cache)',
      })
      .optional(),
  ),
  CACHE_TTL_SUMMARY_SECONDS: integer('CACHE_TTL_SUMMARY_SECONDS', 1800, 1, 604_800),
  CACHE_TTL_TRANSCRIPT_SECONDS: integer('CACHE_TTL_TRANSCRIPT_SECONDS', 300, 1, 86_400),
  CACHE_TTL_NO_SUMMARY_SECONDS: integer('CACHE_TTL_NO_SUMMARY_SECONDS', 60, 1, 86_400),
  CACHE_TTL_EXTENSION_SECONDS: integer('CACHE_TTL_EXTENSION_SECONDS', 3600, 1, 604_800),
  CACHE_TTL_LEG_SECONDS: integer('CACHE_TTL_LEG_SECONDS', 2_592_000, 60, 31_536_000),
  CACHE_TTL_POSTED_SECONDS: integer('CACHE_TTL_POSTED_SECONDS', 604_800, 60, 2_592_000),
  NOTIFY_MAX_PER_PERSON: integer('NOTIFY_MAX_PER_PERSON', 20, 1, 1000),
  NOTIFY_MAX_WATCHES: integer('NOTIFY_MAX_WATCHES', 2000, 1, 1_000_000),
  CACHE_MAX_ENTRIES: integer('CACHE_MAX_ENTRIES', CACHE_LIMIT_DEFAULTS.maxEntries, 100, 100_000_000),
  CACHE_MAX_MB: integer('CACHE_MAX_MB', CACHE_LIMIT_DEFAULTS.maxMb, 1, 1_048_576),

  ALLOWED_CHANNEL_IDS: idList('ALLOWED_CHANNEL_IDS'),
  ALLOWED_USER_IDS: idList('ALLOWED_USER_IDS'),
  LOG_LEVEL: optionalString.pipe(
    z
      .string()
      .toLowerCase()
      .pipe(z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }))
      .optional()
      .transform((level) => level ?? 'info'),
  ),
  LOG_FORMAT: optionalString.pipe(
    z
      .string()
      .toLowerCase()
      .pipe(z.enum(LOG_FORMATS, { message: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` }))
      .optional()
      .transform((format) => format ?? 'text'),
  ),
  METRICS: boolean('METRICS', true),
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 300_000),
});

type Env = z.output<typeof envSchema>;

export interface EventsConfig {
  readonly webhookSecret: string | undefined;
  readonly websocket: boolean;
  readonly routingFile: string | undefined;
  /** THREAD_DAYS: how long a customer thread (`thread_by: customer`) takes that customer's calls. */
  readonly threadDays: number;
}

/** Late summaries: "Notify me" watches and posted copies kept up to date (src/late). */
export interface NotifyConfig {
  /** Open watches one person may hold (NOTIFY_MAX_PER_PERSON). */
  readonly maxPerPerson: number;
  /** Open watches in all (NOTIFY_MAX_WATCHES). */
  readonly maxWatches: number;
  /** How long where a summary was posted is remembered, to update it (CACHE_TTL_POSTED_SECONDS). */
  readonly postedTtlSeconds: number;
}

export interface Config {
  readonly port: number;
  readonly logLevel: LogLevel;
  /** `text` (readable lines) or `json` (one object a line, for a log pipeline). */
  readonly logFormat: LogFormat;
  /** GET /metrics is served (METRICS, default true). */
  readonly metrics: boolean;
  readonly shutdownTimeoutMs: number;
  /** Present when the purpose needs the PBX (`pbx`, `bot`). */
  readonly pbx: PbxConfig | undefined;
  /** Present when the purpose is `bot`. */
  readonly slack: SlackConfig | undefined;
  readonly cache: CacheConfig;
  readonly events: EventsConfig;
  readonly notify: NotifyConfig;
  /** Finding calls: who is whose extension, and how far back a list looks by default. */
  readonly find: FindConfig;
  /** PHONE_REGION: the country of numbers the PBX writes without one (ISO 3166 alpha-2). */
  readonly phoneRegion: string;
  /**
   * The language of what one person reads when Slack does not say theirs (DEFAULT_LOCALE), and of
   * channel posts, which many read (CHANNEL_LOCALE, default DEFAULT_LOCALE).
   */
  readonly locales: { readonly fallback: Locale; readonly channel: Locale };
  readonly access: {
    readonly allowedChannelIds: readonly string[] | undefined;
    readonly allowedUserIds: readonly string[] | undefined;
    /** ACCESS_FILE: who may see which calls; undefined: everyone let in sees every call. */
    readonly file: string | undefined;
  };
  /** What the bot keeps and shows of customers' data. */
  readonly privacy: {
    /** AUDIT_LOG_FILE: the audit trail is also appended here (created 0600). */
    readonly auditLogFile: string | undefined;
    /** REDACT_NUMBERS_IN_CHANNELS: outside numbers masked in channel posts. */
    readonly redactNumbersInChannels: boolean;
  };
}

export type BotConfig = Config & { readonly pbx: PbxConfig; readonly slack: SlackConfig };
export type PbxOnlyConfig = Config & { readonly pbx: PbxConfig };

const HOW_TO_SET: Readonly<Record<string, string>> = {
  YEASTAR_BASE_URL: "the PBX's address, e.g. https://acme.yeastarcloud.com or https://10.0.0.5:8088",
  YEASTAR_CLIENT_ID: 'the Client ID from PBX > Integrations > API',
  YEASTAR_CLIENT_SECRET: 'the Client Secret from PBX > Integrations > API',
  SLACK_BOT_TOKEN: 'the xoxb- Bot User OAuth Token from your Slack app > OAuth & Permissions',
  SLACK_SIGNING_SECRET:
    'the Signing Secret from your Slack app > Basic Information (or set SLACK_APP_TOKEN for Socket Mode)',
};

/** Reads `.env` (when present) into the environment, then returns a snapshot of it. */
export function readEnvironment(envFile = '.env'): NodeJS.ProcessEnv {
  if (existsSync(envFile)) {
    try {
      process.loadEnvFile(envFile);
    } catch (error) {
      throw new CallSummaryError('config_invalid', {
        problems: [`${envFile} could not be read: ${(error as Error).message}`],
      });
    }
  }
  return { ...process.env };
}

export function loadConfig(env: NodeJS.ProcessEnv, purpose: 'bot'): BotConfig;
export function loadConfig(env: NodeJS.ProcessEnv, purpose: 'pbx'): PbxOnlyConfig;
export function loadConfig(env: NodeJS.ProcessEnv, purpose?: ConfigPurpose): Config;
export function loadConfig(env: NodeJS.ProcessEnv, purpose: ConfigPurpose = 'none'): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => issue.message || `${String(issue.path[0])} is invalid`);

  const required = requiredFor(purpose, env);
  for (const name of required) {
    if ((env[name] ?? '').trim() === '') problems.push(`${name} is missing: set it to ${HOW_TO_SET[name]}`);
  }

  if (problems.length > 0 || !parsed.success) {
    throw new CallSummaryError('config_invalid', { problems });
  }
  return toConfig(parsed.data, purpose);
}

function requiredFor(purpose: ConfigPurpose, env: NodeJS.ProcessEnv): string[] {
  if (purpose === 'none') return [];
  const pbx = ['YEASTAR_BASE_URL', 'YEASTAR_CLIENT_ID', 'YEASTAR_CLIENT_SECRET'];
  if (purpose === 'pbx') return pbx;
  const socketMode = (env.SLACK_APP_TOKEN ?? '').trim() !== '';
  return [...pbx, 'SLACK_BOT_TOKEN', ...(socketMode ? [] : ['SLACK_SIGNING_SECRET'])];
}

function toConfig(env: Env, purpose: ConfigPurpose): Config {
  const pbx: PbxConfig | undefined =
    purpose === 'none' && !(env.YEASTAR_BASE_URL && env.YEASTAR_CLIENT_ID && env.YEASTAR_CLIENT_SECRET)
      ? undefined
      : {
          baseUrl: env.YEASTAR_BASE_URL!.replace(/\/+$/, ''),
          clientId: env.YEASTAR_CLIENT_ID!,
          clientSecret: env.YEASTAR_CLIENT_SECRET!,
          caFile: env.YEASTAR_CA_FILE,
          timeoutMs: env.YEASTAR_TIMEOUT_MS,
          maxRetries: env.YEASTAR_MAX_RETRIES,
          loginCooldownMs: env.YEASTAR_LOGIN_COOLDOWN_SECONDS * 1000,
          timeFormat: env.YEASTAR_TIME_FORMAT,
          exportWindowMinutes: env.YEASTAR_EXPORT_WINDOW_MINUTES,
        };
  const slack: SlackConfig | undefined =
    purpose === 'bot' || env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN ?? '',
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
        }
      : undefined;
  return {
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    metrics: env.METRICS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    pbx,
    slack,
    cache: {
      url: env.CACHE_URL,
      maxEntries: env.CACHE_MAX_ENTRIES,
      maxMb: env.CACHE_MAX_MB,
      ttlSeconds: {
        summary: env.CACHE_TTL_SUMMARY_SECONDS,
        noSummary: env.CACHE_TTL_NO_SUMMARY_SECONDS,
        extension: env.CACHE_TTL_EXTENSION_SECONDS,
        leg: env.CACHE_TTL_LEG_SECONDS,
        transcript: env.CACHE_TTL_TRANSCRIPT_SECONDS,
      },
    },
    events: {
      webhookSecret: env.YEASTAR_WEBHOOK_SECRET,
      websocket: env.YEASTAR_WEBSOCKET,
      routingFile: env.ROUTING_FILE,
      threadDays: env.THREAD_DAYS,
    },
    notify: {
      maxPerPerson: env.NOTIFY_MAX_PER_PERSON,
      maxWatches: env.NOTIFY_MAX_WATCHES,
      postedTtlSeconds: env.CACHE_TTL_POSTED_SECONDS,
    },
    find: { userMapFile: env.USER_MAP_FILE, recentDays: env.RECENT_DAYS, pbxTimeZone: env.YEASTAR_TIMEZONE },
    phoneRegion: env.PHONE_REGION,
    locales: {
      fallback: env.DEFAULT_LOCALE ?? DEFAULT_LOCALE,
      channel: env.CHANNEL_LOCALE ?? env.DEFAULT_LOCALE ?? DEFAULT_LOCALE,
    },
    access: {
      allowedChannelIds: env.ALLOWED_CHANNEL_IDS,
      allowedUserIds: env.ALLOWED_USER_IDS,
      file: env.ACCESS_FILE,
    },
    privacy: {
      auditLogFile: env.AUDIT_LOG_FILE,
      redactNumbersInChannels: env.REDACT_NUMBERS_IN_CHANNELS,
    },
  };
}
