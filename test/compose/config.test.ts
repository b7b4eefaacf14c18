import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/compose/config.js';
import { CallSummaryError } from '../../src/shared/errors.js';

const pbxEnv = {
  YEASTAR_BASE_URL: 'https://acme.yeastarcloud.com/',
  YEASTAR_CLIENT_ID: 'client-id',
  YEASTAR_CLIENT_SECRET: 'super-secret-value-1234',
};

function configError(run: () => unknown): CallSummaryError {
  try {
    run();
  } catch (error) {
    if (error instanceof CallSummaryError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(pbxEnv, 'pbx');
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.logFormat).toBe('text');
    expect(config.metrics).toBe(true);
    expect(config.pbx.baseUrl).toBe('https://acme.yeastarcloud.com');
    // Unset: the PBX's own display format is read at start (system/information).
    expect(config.pbx.timeFormat).toBeUndefined();
    expect(config.pbx.loginCooldownMs).toBe(300_000);
    expect(config.cache).toEqual({
      url: undefined,
      ttlSeconds: { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000, transcript: 300 },
      maxEntries: 50_000,
      maxMb: 64,
    });
    expect(config.events.websocket).toBe(false);
    expect(config.access).toEqual({
      allowedChannelIds: undefined,
      allowedUserIds: undefined,
      file: undefined,
    });
    expect(config.privacy).toEqual({ auditLogFile: undefined, redactNumbersInChannels: false });
  });

  it('takes a Redis database by number, and refuses a CACHE_URL whose database is not one', () => {
    for (const url of [
      'redis://127.0.0.1',
      'redis://127.0.0.1:6379/',
      'redis://127.0.0.1:6379/2',
      'rediss://r.example/15',
    ]) {
      expect(loadConfig({ ...pbxEnv, CACHE_URL: url }, 'pbx').cache.url).toBe(url);
    }
    for (const url of ['redis://127.0.0.1:6379/abc', 'redis://127.0.0.1/1/2', 'redis://h:6379/-1']) {
      const error = configError(() => loadConfig({ ...pbxEnv, CACHE_URL: url }, 'pbx'));
      expect(error.message).toContain('CACHE_URL must be a redis:// or rediss:// URL');
      expect(error.message).toContain('a database number');
      expect(error.message).not.toContain(url);
    }
  });

  it('reads the access and privacy settings, and refuses what they cannot be', () => {
    const config = loadConfig(
      {
        ...pbxEnv,
        AUDIT_LOG_FILE: '/var/log/callsummary/audit.log',
        REDACT_NUMBERS_IN_CHANNELS: 'true',
        CACHE_TTL_TRANSCRIPT_SECONDS: '60',
      },
      'pbx',
    );
    expect(config.privacy).toEqual({
      auditLogFile: '/var/log/callsummary/audit.log',
      redactNumbersInChannels: true,
    });
    expect(config.cache.ttlSeconds.transcript).toBe(60);
    const error = configError(() =>
      loadConfig(
        {
          ...pbxEnv,
          ACCESS_FILE: '/no/such/access.yml',
          REDACT_NUMBERS_IN_CHANNELS: 'sometimes',
          CACHE_TTL_TRANSCRIPT_SECONDS: '0',
        },
        'pbx',
      ),
    );
    expect(error.message).toContain('ACCESS_FILE must name a readable YAML file');
    expect(error.message).toContain('REDACT_NUMBERS_IN_CHANNELS must be true or false');
    expect(error.message).toContain('CACHE_TTL_TRANSCRIPT_SECONDS must be at least 1');
  });

  it('reads the languages: DEFAULT_LOCALE for people, CHANNEL_LOCALE (else DEFAULT_LOCALE) for channels', () => {
    expect(loadConfig(pbxEnv, 'pbx').locales).toEqual({ fallback: 'en', channel: 'en' });
    expect(loadConfig({ ...pbxEnv, DEFAULT_LOCALE: 'zh_CN' }, 'pbx').locales).toEqual({
      fallback: 'zh-CN',
      channel: 'zh-CN',
    });
    expect(
      loadConfig({ ...pbxEnv, DEFAULT_LOCALE: 'zh-CN', CHANNEL_LOCALE: 'en-US' }, 'pbx').locales,
    ).toEqual({
      fallback: 'zh-CN',
      channel: 'en',
    });
    const wrong = configError(() => loadConfig({ ...pbxEnv, CHANNEL_LOCALE: 'ja-JP' }, 'pbx'));
    expect(wrong.message).toContain('CHANNEL_LOCALE must be a language callsummary writes: en or zh-CN');
  });

  it('lists every problem at once, with what to set, for the bot', () => {
    const error = configError(() =>
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', LOG_FORMAT: 'xml', METRICS: 'maybe' }, 'bot'),
    );
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('LOG_FORMAT must be one of text, json');
    expect(error.message).toContain('METRICS must be true or false');
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'YEASTAR_BASE_URL',
      'YEASTAR_CLIENT_ID',
      'YEASTAR_CLIENT_SECRET',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]) {
      expect(error.message).toContain(name);
    }
  });

  it('does not require a signing secret in Socket Mode', () => {
    const config = loadConfig({ ...pbxEnv, SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-2' }, 'bot');
    expect(config.slack.appToken).toBe('xapp-1-2');
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it('never echoes secret values in its messages', () => {
    const error = configError(() =>
      loadConfig(
        {
          ...pbxEnv,
          YEASTAR_BASE_URL: 'https://user:hunter2-password@pbx.example.com',
          SLACK_BOT_TOKEN: 'not-a-bot-token-hunter3',
          SLACK_SIGNING_SECRET: 'hunter4-signing',
          CACHE_URL: 'memcached://hunter5',
        },
        'bot',
      ),
    );
    expect(error.message).toContain('SLACK_BOT_TOKEN must start with xoxb-');
    expect(error.message).toContain('CACHE_URL');
    for (const secret of ['hunter2', 'hunter3', 'hunter4', 'hunter5', 'super-secret-value']) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('parses lists, booleans and numbers', () => {
    const config = loadConfig(
      {
        ...pbxEnv,
        ALLOWED_CHANNEL_IDS: ' C01, C02 ,',
        ALLOWED_USER_IDS: '',
        YEASTAR_WEBSOCKET: 'yes',
        CACHE_URL: 'redis://127.0.0.1:6379',
        CACHE_TTL_SUMMARY_SECONDS: '600',
        LOG_LEVEL: 'DEBUG',
        LOG_FORMAT: 'JSON',
        METRICS: 'off',
      },
      'pbx',
    );
    expect(config.access.allowedChannelIds).toEqual(['C01', 'C02']);
    expect(config.access.allowedUserIds).toBeUndefined();
    expect(config.events.websocket).toBe(true);
    expect(config.cache.url).toBe('redis://127.0.0.1:6379');
    expect(config.cache.ttlSeconds.summary).toBe(600);
    expect(config.logLevel).toBe('debug');
    expect(config.logFormat).toBe('json');
    expect(config.metrics).toBe(false);
  });

  it('rejects malformed ids and paths', () => {
    const error = configError(() =>
      loadConfig({ ...pbxEnv, ALLOWED_USER_IDS: 'U01,@bob', YEASTAR_CA_FILE: '/no/such/file.pem' }, 'pbx'),
    );
    expect(error.message).toContain('ALLOWED_USER_IDS');
    expect(error.message).toContain('YEASTAR_CA_FILE');
  });

  it('reads the settings of finding calls: time zone, user map, default period', () => {
    expect(loadConfig(pbxEnv, 'pbx').find).toEqual({
      userMapFile: undefined,
      recentDays: 7,
      pbxTimeZone: undefined,
    });
    expect(
      loadConfig({ ...pbxEnv, YEASTAR_TIMEZONE: 'Asia/Shanghai', RECENT_DAYS: '14' }, 'pbx').find,
    ).toMatchObject({
      recentDays: 14,
      pbxTimeZone: 'Asia/Shanghai',
    });
    const error = configError(() =>
      loadConfig(
        { ...pbxEnv, YEASTAR_TIMEZONE: '+08:00', RECENT_DAYS: '40', USER_MAP_FILE: '/no/such/users.yml' },
        'pbx',
      ),
    );
    expect(error.message).toContain('YEASTAR_TIMEZONE must be an IANA time zone name');
    expect(error.message).toContain('RECENT_DAYS must be at most 31');
    expect(error.message).toContain('USER_MAP_FILE must name a readable YAML file');
  });
});
