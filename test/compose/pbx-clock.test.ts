import { describe, expect, it } from 'vitest';
import { createPbxClock } from '../../src/compose/pbx-clock.js';
import { SAMPLE_LEGS } from '../../src/demo/pbx-simulator/index.js';
import { parseLegId } from '../../src/use-case/model/leg-id.js';
import { mayBeRecentLeg } from '../../src/use-case/summaries.js';
import { readSystemInformation } from '../../src/yeastar/system-information.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';

/**
 * The PBX's clock read at start (issue 20, part 5): v1.0 system/information's display format adopted
 * when YEASTAR_TIME_FORMAT is unset, its UTC offset used when YEASTAR_TIMEZONE is unset, a warning
 * when either disagrees with what is configured, and the bot carrying on when the PBX does not answer.
 */
const simAndClient = simAndClientPerTest();

describe('system/information as the PBX writes it', () => {
  it("reads the documented example: Yeastar's hh is 24-hour, system_time − timestamp is UTC+08:00", () => {
    // Query PBX Information's response example (Software Edition).
    const info = readSystemInformation({
      device_name: 'PBX',
      model_name: 'P-Series Software Edition',
      firmware_version: 'X.7.0.16',
      system_time: '2025/08/22 16:44:40',
      up_time: 24852,
      system_date_format: 'YYYY/MM/DD',
      system_time_format: 'hh:mm:ss',
      timestamp: 1755852280,
    });
    expect(info).toMatchObject({
      displayFormats: ['YYYY/MM/DD HH:mm:ss'],
      writtenFormat: 'YYYY/MM/DD hh:mm:ss',
      utcOffsetMinutes: 480,
      pbxNowMs: 1755852280_000,
      firmware: 'X.7.0.16',
    });
  });

  it('reads "X or Y" formats, the one system_time is written in first, and tolerates other shapes', () => {
    const info = readSystemInformation({
      date_format: 'DD/MM/YYYY or MM/DD/YYYY',
      time_format: 'hh:mm:ss AM or hh:mm:ss PM',
      system_time: '08/22/2025 04:44:40 PM',
      timestamp: '1755899080000',
    });
    expect(info.displayFormats).toEqual(['MM/DD/YYYY hh:mm:ss A', 'DD/MM/YYYY hh:mm:ss A']);
    expect(info.utcOffsetMinutes).toBe(-300);
  });

  it('gives no offset for a missing or implausible clock, and no format that lacks the seconds', () => {
    expect(readSystemInformation({ system_time: '2025/08/22 16:44:40' }).utcOffsetMinutes).toBeUndefined();
    expect(
      readSystemInformation({ system_time: '2025/08/22 16:44:40', timestamp: 1755852280 + 7 * 60 })
        .utcOffsetMinutes,
    ).toBeUndefined();
    expect(
      readSystemInformation({ system_date_format: 'YYYY/MM/DD', system_time_format: 'hh:mm' }).displayFormats,
    ).toEqual([]);
  });
});

describe('the bot reading the PBX clock at start', () => {
  it('adopts the display format and the offset when neither is configured: exports are exact and need no 40002', async () => {
    // India (+05:30) and a 12-hour display format.
    const { sim, client, clock, logger } = await simAndClient(
      { timeZone: 'Asia/Kolkata', displayFormat: 'MM/DD/YYYY hh:mm:ss A' },
      { timeFormat: undefined },
    );
    const pbxClock = createPbxClock({
      pbx: client,
      configuredFormat: undefined,
      configuredZone: undefined,
      logger,
      now: () => clock.now,
    });
    expect(pbxClock.zone()).toBeUndefined();
    await pbxClock.read();
    expect(pbxClock.zone()).toBe('UTC+05:30');
    expect(client.timeFormat()).toBe('MM/DD/YYYY hh:mm:ss A');
    expect(logger.lines.join('\n')).toContain("The PBX's clock is UTC+05:30");
    expect(logger.lines.filter((l) => l.includes('WARN'))).toEqual([]);

    await client.exportAroundLeg(parseLegId(SAMPLE_LEGS.internalBoth));
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    // The 26-hour widening goes: 12:00 UTC is 17:30 at the PBX, and a leg of 17:00 the day before is old.
    expect(mayBeRecentLeg(parseLegId('20260513170000-00001'), clock.now, pbxClock.zone())).toBe(false);
    expect(mayBeRecentLeg(parseLegId('20260513170000-00001'), clock.now, undefined)).toBe(true);
    expect(mayBeRecentLeg(parseLegId('20260514172000-00001'), clock.now, pbxClock.zone())).toBe(true);
  });

  it('keeps what is configured and warns where the PBX disagrees', async () => {
    const { client, clock, logger } = await simAndClient(
      { timeZone: 'Asia/Shanghai', displayFormat: 'DD/MM/YYYY HH:mm:ss' },
      { timeFormat: 'YYYY/MM/DD HH:mm:ss' },
    );
    const pbxClock = createPbxClock({
      pbx: client,
      configuredFormat: 'YYYY/MM/DD HH:mm:ss',
      configuredZone: 'Europe/Berlin',
      logger,
      now: () => clock.now,
    });
    await pbxClock.read();
    expect(pbxClock.zone()).toBe('Europe/Berlin');
    expect(client.timeFormat()).toBe('YYYY/MM/DD HH:mm:ss');
    const warnings = logger.lines.filter((l) => l.includes('WARN')).join('\n');
    expect(warnings).toContain(
      "YEASTAR_TIMEZONE=Europe/Berlin is UTC+02:00 now, but the PBX's clock reads UTC+08:00 (system/information: system_time − timestamp); keeping YEASTAR_TIMEZONE",
    );
    expect(warnings).toContain(
      'YEASTAR_TIME_FORMAT "YYYY/MM/DD HH:mm:ss" is not the PBX\'s display format "DD/MM/YYYY HH:mm:ss"',
    );
    // Read again (the hourly re-read): the same warnings are not said twice.
    await pbxClock.read();
    expect(logger.lines.filter((l) => l.includes('YEASTAR_TIMEZONE=Europe/Berlin'))).toHaveLength(1);
  });

  it('carries on as before, saying so, when the PBX does not answer system/information (10001)', async () => {
    const { sim, client, clock, logger } = await simAndClient({}, { timeFormat: undefined });
    sim.injectFault('system/information', { errcode: 10001, errmsg: 'INTERFACE NOT EXISTED' });
    const pbxClock = createPbxClock({
      pbx: client,
      configuredFormat: undefined,
      configuredZone: undefined,
      logger,
      now: () => clock.now,
    });
    await pbxClock.read();
    expect(pbxClock.zone()).toBeUndefined();
    expect(client.timeFormat()).toBe('YYYY/MM/DD HH:mm:ss');
    expect(logger.lines.join('\n')).toContain(
      'The PBX\'s system information (v1.0 system/information) could not be read: The PBX refused the system information request (errcode 10001 INTERFACE NOT EXISTED). Carrying on with "YYYY/MM/DD HH:mm:ss" until the PBX names its own format and windows widened by every UTC offset (set YEASTAR_TIMEZONE).',
    );
    // One login for all of it: the token the first request would have taken anyway.
    expect(sim.stats.count('get_token')).toBe(1);
  });
});
