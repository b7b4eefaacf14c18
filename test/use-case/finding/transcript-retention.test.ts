import { afterEach, describe, expect, it } from 'vitest';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
} from '../../../src/demo/pbx-simulator/index.js';
import { TRANSCRIPT_CACHE_SECONDS } from '../../../src/use-case/finding/index.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { testFinding } from '../../helpers/slack-deps.js';

/**
 * Transcripts are what was said on a call: a page is kept at most CACHE_TTL_TRANSCRIPT_SECONDS
 * (300 s by default), only while someone pages through it, whatever CACHE_TTL_SUMMARY_SECONDS says.
 */
let sim: PbxSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('transcript retention', () => {
  it('keeps a page 300 s by default, then asks the PBX again', async () => {
    expect(TRANSCRIPT_CACHE_SECONDS).toBe(300);
    sim = await startPbxSimulator(sampleData());
    let now = 1_800_000_000_000;
    const finding = testFinding(createMemoryLogger('error'), { pbxUrl: sim.url, now: () => now });
    const fetches = () => sim!.stats.count('cdr/getaicontext');
    await finding.transcripts.page(SAMPLE_LEGS.docExample, 1);
    const first = fetches();
    expect(first).toBeGreaterThan(0);
    now += 299_000;
    await finding.transcripts.page(SAMPLE_LEGS.docExample, 1);
    expect(fetches()).toBe(first);
    now += 2000;
    await finding.transcripts.page(SAMPLE_LEGS.docExample, 1);
    expect(fetches()).toBe(first + 1);
  });

  it('keeps it as long as CACHE_TTL_TRANSCRIPT_SECONDS says', async () => {
    sim = await startPbxSimulator(sampleData());
    let now = 1_800_000_000_000;
    const finding = testFinding(createMemoryLogger('error'), {
      pbxUrl: sim.url,
      now: () => now,
      transcriptSeconds: 30,
    });
    const fetches = () => sim!.stats.count('cdr/getaicontext');
    await finding.transcripts.page(SAMPLE_LEGS.docExample, 1);
    const first = fetches();
    now += 31_000;
    await finding.transcripts.page(SAMPLE_LEGS.docExample, 1);
    expect(fetches()).toBe(first + 1);
  });
});
