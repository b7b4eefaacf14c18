import { describeError, isCallSummaryError } from '../shared/errors.js';
import { ENGLISH } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import { fixedOffsetZone, offsetMinutesAt } from '../use-case/model/pbx-time.js';
import type { PbxClient } from '../yeastar/client.js';
import type { PbxSystemInformation } from '../yeastar/system-information.js';
import { DEFAULT_TIME_FORMAT, normaliseFormat } from '../yeastar/time-format.js';

/**
 * The PBX's clock as the bot learns it at start: v1.0 `system/information` gives the display format
 * (adopted when YEASTAR_TIME_FORMAT is not set) and `system_time` − `timestamp`, the PBX's UTC offset
 * (used when YEASTAR_TIMEZONE is not set, so windows are exact instead of widened by every offset).
 * What is configured wins, with a warning when the PBX says otherwise. When the PBX does not answer it
 * (10001 on some firmware, a permission the API application lacks), the bot carries on as before and
 * says so once.
 *
 * A learnt offset is fixed: a PBX whose zone keeps daylight saving time moves by an hour twice a year,
 * so the bot reads it again every REREAD_MS, but only while it holds a token (a re-read never logs in).
 */
export interface PbxClock {
  /** The PBX's zone as known now: YEASTAR_TIMEZONE, else the offset the PBX gave (`UTC+08:00`). */
  zone(): string | undefined;
  /** Reads system/information and adopts what it says; resolves whatever happens (failures are logged). */
  read(): Promise<void>;
  /** Reads it now, then again every REREAD_MS while a token is held. */
  start(): void;
  stop(): void;
}

export const REREAD_MS = 60 * 60_000;
/** The PBX's clock and this host's more apart than this: "recent" and list windows are off by as much. */
const CLOCK_SKEW_WARN_MS = 5 * 60_000;

export interface PbxClockOptions {
  readonly pbx: Pick<PbxClient, 'systemInformation' | 'useTimeFormat' | 'tokens'>;
  /** YEASTAR_TIME_FORMAT and YEASTAR_TIMEZONE as configured (undefined: unset). */
  readonly configuredFormat: string | undefined;
  readonly configuredZone: string | undefined;
  readonly logger: Logger;
  readonly now?: () => number;
}

export function createPbxClock(options: PbxClockOptions): PbxClock {
  const { pbx, logger } = options;
  const now = options.now ?? Date.now;
  let learnt: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const said = new Set<string>();
  // A re-read says again only what changed: the same warning every hour would be noise.
  const once = (level: 'info' | 'warn', line: string) => {
    if (said.has(line)) return;
    said.add(line);
    logger[level](line);
  };

  async function read(): Promise<void> {
    let info: PbxSystemInformation;
    try {
      info = await pbx.systemInformation();
    } catch (error) {
      once('warn', systemInformationFailed(error, options));
      return;
    }
    const adopted = adoptClock(info, { ...options, nowMs: now() });
    if (adopted.format !== undefined) pbx.useTimeFormat(adopted.format);
    if (adopted.zone !== undefined) learnt = adopted.zone;
    for (const line of adopted.infos) once('info', line);
    for (const line of adopted.warnings) once('warn', line);
  }

  return {
    zone: () => options.configuredZone ?? learnt,
    read,
    start() {
      void read();
      timer = setInterval(() => {
        if (pbx.tokens.state().valid) void read();
      }, REREAD_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export interface AdoptedClock {
  /** The display format to write export times in, when it is the PBX's and none is configured. */
  readonly format: string | undefined;
  /** The PBX's fixed-offset zone, when YEASTAR_TIMEZONE is not set and the offset could be read. */
  readonly zone: string | undefined;
  /** The PBX's offset, whether or not it is used. */
  readonly offsetMinutes: number | undefined;
  readonly infos: readonly string[];
  readonly warnings: readonly string[];
}

/** What the bot takes from a system/information answer, and what it says about it. Pure. */
export function adoptClock(
  info: PbxSystemInformation,
  options: {
    readonly configuredFormat: string | undefined;
    readonly configuredZone: string | undefined;
    readonly nowMs: number;
  },
): AdoptedClock {
  const infos: string[] = [];
  const warnings: string[] = [];
  const pbxFormat = info.displayFormats[0];
  const written = info.writtenFormat === undefined ? '' : ` (written "${info.writtenFormat}")`;
  let format: string | undefined;
  if (options.configuredFormat === undefined) {
    if (pbxFormat !== undefined) {
      format = pbxFormat;
      infos.push(
        `Export times are written in the PBX's display format "${pbxFormat}"${written}, from system/information`,
      );
    } else {
      warnings.push(
        `The PBX's system/information names no display format with the date and the time to the second${written}; export times stay "${DEFAULT_TIME_FORMAT}" until the PBX names its own (set YEASTAR_TIME_FORMAT to choose)`,
      );
    }
  } else if (
    pbxFormat !== undefined &&
    !info.displayFormats.includes(normaliseFormat(options.configuredFormat))
  ) {
    warnings.push(
      `YEASTAR_TIME_FORMAT "${options.configuredFormat}" is not the PBX's display format "${pbxFormat}"${written} (system/information); keeping YEASTAR_TIME_FORMAT: if the PBX refuses export times (40002), set YEASTAR_TIME_FORMAT=${pbxFormat} or leave it unset`,
    );
  }

  const offset = info.utcOffsetMinutes;
  let zone: string | undefined;
  if (offset === undefined) {
    if (options.configuredZone === undefined) {
      warnings.push(
        `The PBX's system/information does not give its UTC offset (system_time ${info.systemTime === undefined ? 'missing' : `"${info.systemTime}"`}, timestamp ${info.pbxNowMs === undefined ? 'missing' : 'given'}); windows stay widened by every UTC offset: set YEASTAR_TIMEZONE to the PBX's time zone`,
      );
    }
  } else if (options.configuredZone === undefined) {
    zone = fixedOffsetZone(offset);
    infos.push(
      `The PBX's clock is ${zone} (system/information: system_time − timestamp); export windows are exact (YEASTAR_TIMEZONE would name its zone)`,
    );
  } else {
    const configured = offsetMinutesAt(options.nowMs, options.configuredZone);
    if (configured !== offset) {
      warnings.push(
        `YEASTAR_TIMEZONE=${options.configuredZone} is ${fixedOffsetZone(configured)} now, but the PBX's clock reads ${fixedOffsetZone(offset)} (system/information: system_time − timestamp); keeping YEASTAR_TIMEZONE. Check the PBX's time zone (System > Date and Time) or YEASTAR_TIMEZONE`,
      );
    }
  }
  if (info.pbxNowMs !== undefined && Math.abs(info.pbxNowMs - options.nowMs) > CLOCK_SKEW_WARN_MS) {
    const minutes = Math.round(Math.abs(info.pbxNowMs - options.nowMs) / 60_000);
    warnings.push(
      `The PBX's clock and this host's differ by ${minutes} minutes (system/information's timestamp); "recent" calls and list windows are off by as much: check NTP on both`,
    );
  }
  return { format, zone, offsetMinutes: offset, infos, warnings };
}

/** The warning when system/information is not answered: what the bot carries on with. */
function systemInformationFailed(
  error: unknown,
  options: Pick<PbxClockOptions, 'configuredFormat' | 'configuredZone'>,
): string {
  const { message } = describeError(error, 'cli', ENGLISH);
  if (
    isCallSummaryError(error, 'pbx_credentials_rejected') ||
    isCallSummaryError(error, 'pbx_ip_blocked') ||
    isCallSummaryError(error, 'pbx_token_limit')
  ) {
    return `PBX token not obtained at start: ${message}`;
  }
  const format =
    options.configuredFormat === undefined
      ? `"${DEFAULT_TIME_FORMAT}" until the PBX names its own format`
      : 'YEASTAR_TIME_FORMAT';
  const zone =
    options.configuredZone === undefined
      ? 'windows widened by every UTC offset (set YEASTAR_TIMEZONE)'
      : 'YEASTAR_TIMEZONE';
  return `The PBX's system information (v1.0 system/information) could not be read: ${message} Carrying on with ${format} and ${zone}.`;
}
