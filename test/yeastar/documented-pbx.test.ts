import { describe, expect, it } from 'vitest';
import { SAMPLE_LEGS, type SimExtension } from '../../src/demo/pbx-simulator/index.js';
import { parseLegId } from '../../src/use-case/model/leg-id.js';
import { partiesOf } from '../../src/use-case/summaries.js';
import type { PbxClient } from '../../src/yeastar/client.js';
import { PbxApiError } from '../../src/yeastar/errcodes.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';

/**
 * The client against PBX behaviour taken from Yeastar's documentation where the simulator's defaults
 * do not exercise it: a base URL with a path, substring extension search beyond one page, an answer
 * holding both sides, the official blocklist errcode, and an error answer in place of a download.
 */
const setup = simAndClientPerTest();

/** The parties of a leg, from the export around it. */
async function partiesAround(client: PbxClient, legId: string) {
  const leg = parseLegId(legId);
  return partiesOf(await client.exportAroundLeg(leg), leg);
}

describe('PBX client against documented behaviour', () => {
  it('keeps the path of a base URL (a reverse proxy prefix) for API calls and the export download', async () => {
    const { client, sim } = await setup({ pathPrefix: '/pbx' });
    expect(sim.url).toMatch(/\/pbx$/);
    expect(await client.findExtensionId('3202')).toBe(42);
    const summary = await client.fetchSummary(SAMPLE_LEGS.docExample, 'callee', 42);
    expect(summary?.extNum).toBe('3202');
    await expect(partiesAround(client, SAMPLE_LEGS.docExample)).resolves.toEqual({
      caller: '+14155550123',
      callee: '3202',
    });
    expect(sim.stats.count('api/download')).toBe(1);
  });

  it('accepts a base URL with a trailing slash or a pasted /openapi/v1.0 path', async () => {
    for (const suffix of ['/', '/openapi/v1.0', '/openapi/']) {
      const { client, sim } = await setup({}, {});
      const suffixed = await setup({}, { baseUrl: `${sim.url}${suffix}` });
      expect(await suffixed.client.findExtensionId('3202')).toBe(42);
      expect(suffixed.sim.stats.count()).toBe(0);
      expect(sim.stats.count('extension/search')).toBe(1);
      expect(await client.findExtensionId('3203')).toBe(57);
    }
  });

  it('finds an exact extension number beyond the first page of substring matches', async () => {
    // search_value is a keyword (substring): "100" also matches 1000, 1001, …, 100149, listed first.
    const extensions: SimExtension[] = [];
    for (let i = 0; i < 150; i++) extensions.push({ id: 1000 + i, number: `100${i}`, name: `E${i}` });
    extensions.push({ id: 7, number: '100', name: 'Reception' });
    extensions.push({ id: 8, number: '0100', name: 'Leading zero' });
    const { client, sim } = await setup({ extensions, legs: [] });
    expect(await client.findExtensionId('100')).toBe(7);
    expect(sim.stats.count('extension/search')).toBe(2);
    expect(await client.findExtensionId('0100')).toBe(8);
    sim.stats.reset();
    // Not there at all: every page read once, then "no such extension".
    expect(await client.findExtensionId('10')).toBeUndefined();
    expect(sim.stats.count('extension/search')).toBe(2);
  });

  it('takes the summary of the side asked for when the answer holds both src and dst', async () => {
    const { client, sim } = await setup();
    sim.summaryKey = 'both';
    const callee = await client.fetchSummary(SAMPLE_LEGS.internalBoth, 'callee', 57);
    expect([callee?.side, callee?.extNum]).toEqual(['callee', '3203']);
    const caller = await client.fetchSummary(SAMPLE_LEGS.internalBoth, 'caller', 42);
    expect([caller?.side, caller?.extNum]).toEqual(['caller', '3202']);
  });

  it('renews the token when the export download answers 10004 instead of the file', async () => {
    const { client, sim } = await setup();
    sim.injectFault('api/download', { errcode: 10004, errmsg: 'TOKEN EXPIRED' });
    await expect(partiesAround(client, SAMPLE_LEGS.internalBoth)).resolves.toEqual({
      caller: '3202',
      callee: '3203',
    });
    expect(sim.stats.count('get_token')).toBe(2);
    expect(sim.stats.count('api/download')).toBe(2);
  });

  it('raises any other error answer in place of the file as the PBX error it is', async () => {
    const { client, sim } = await setup();
    sim.injectFault('api/download', { errcode: 60001, errmsg: 'DATA NOT FOUND' }, 2);
    const error = await partiesAround(client, SAMPLE_LEGS.internalBoth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PbxApiError);
    expect(error).toMatchObject({ errcode: 60001, errmsg: 'DATA NOT FOUND' });
  });

  it('after 5 bad logins the PBX answers 70004 ACCOUNT IP BLOCKED; the client says how to unblock', async () => {
    const { client, sim } = await setup({}, { clientSecret: 'wrong' });
    // Someone else (another tool behind the same IP) already failed 5 times.
    for (let i = 0; i < 5; i++) {
      await fetch(`${sim.url}/openapi/v1.0/get_token`, {
        method: 'POST',
        headers: { 'User-Agent': 'OpenAPI', 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'x', password: 'y' }),
      });
    }
    const error = await client.tokens.token().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pbx_ip_blocked', errcode: 70004 });
    expect((error as Error).message).toContain('Blocked IPs');
  });

  it('resolves a leg through the export when the time format is written as the docs write it', async () => {
    // "YYYY/MM/DD HH:mm:ss AM" is the docs' wording of a 12-hour display format.
    const format = 'YYYY/MM/DD HH:mm:ss AM';
    const { client, sim } = await setup({ displayFormat: format }, { timeFormat: format });
    await expect(partiesAround(client, SAMPLE_LEGS.internalBoth)).resolves.toEqual({
      caller: '3202',
      callee: '3203',
    });
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
  });

  it('reads a transcript grouped by call leg (leg_1, leg_2) as "Get AI Call Transcript" documents it', async () => {
    const { client, sim } = await setup();
    const raw = await client.tokens.withToken(async (token) => {
      const url = `${sim.url}/openapi/v2.0/cdr/getaicontext?cdr_ids=${SAMPLE_LEGS.docExample}&access_token=${token}`;
      return (await (await fetch(url, { headers: { 'User-Agent': 'OpenAPI' } })).json()) as { data: object };
    });
    // The simulator speaks the documented shape, so the client is tested against it everywhere.
    expect(Object.keys(raw.data)).toEqual(['leg_1']);
    const page = await client.fetchTranscriptPage(SAMPLE_LEGS.docExample, 1, 50);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0]).toMatchObject({ text: expect.any(String), number: expect.any(String) });
  });

  it('reads every leg group in leg order, still accepts groups keyed by the leg id, and skips items that are not speech', async () => {
    const { client, sim } = await setup();
    const item = (content: string, type?: string) => ({
      id: 1,
      content,
      timestamp: 1000,
      source_number: '3202',
      name: 'Leo Ball',
      ...(type === undefined ? {} : { type }),
    });
    sim.injectFault('cdr/getaicontext', {
      json: {
        errcode: 0,
        errmsg: 'SUCCESS',
        offset: -1,
        data: {
          leg_10: { context: [item('tenth')] },
          leg_2: { context: [item('second'), item('a note', 'system')] },
          leg_1: { context: [item('first', 'speak'), item('untyped')] },
        },
      },
    });
    const grouped = await client.fetchTranscriptPage(SAMPLE_LEGS.docExample, 1, 50);
    expect(grouped.items.map((i) => i.text)).toEqual(['first', 'untyped', 'second', 'tenth']);

    sim.injectFault('cdr/getaicontext', {
      json: {
        errcode: 0,
        errmsg: 'SUCCESS',
        offset: -1,
        data: {
          [SAMPLE_LEGS.docExample.toLowerCase()]: { context: [item('mine')] },
          '20260101000000-00000': { context: [item('another leg')] },
        },
      },
    });
    const keyed = await client.fetchTranscriptPage(SAMPLE_LEGS.docExample, 1, 50);
    expect(keyed.items.map((i) => i.text)).toEqual(['mine']);
  });
});
