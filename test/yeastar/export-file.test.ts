import { describe, expect, it } from 'vitest';
import { exportFileReader, TRANSCRIPT_KEYS } from '../../src/yeastar/export-file.js';

/** `text` as the network might deliver it: in pieces of `size` bytes (splitting characters too). */
async function* inPieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Reads `text` keeping every row as it reached `keep`. */
async function read(text: string, size = 7) {
  const seen: unknown[] = [];
  const file = await exportFileReader((row) => {
    seen.push(row);
    return row;
  })(inPieces(text, size));
  return { file, seen };
}

const ROWS = [
  {
    leg_id: '20260514091500-A1B2C',
    call_from: '3202',
    call_to: '3203',
    ai_transcription: [{ type: 'speak', content: '你好, a long transcript', source_number: '3202' }],
    ai_summary: '<p>Call Summary</p>',
  },
  { leg_id: '20260514101010-0C0FF', call_from: '+8613800138000', call_to: '3205', transcript: ['x'] },
];

describe('the export file, read as it arrives', () => {
  it('hands each row over without its transcript, whatever the pieces', async () => {
    for (const size of [1, 3, 7, 4096]) {
      const { file, seen } = await read(JSON.stringify(ROWS), size);
      expect(file).toMatchObject({ ok: true, value: { rowCount: 2 } });
      expect(seen).toEqual([
        {
          leg_id: '20260514091500-A1B2C',
          call_from: '3202',
          call_to: '3203',
          ai_summary: '<p>Call Summary</p>',
        },
        { leg_id: '20260514101010-0C0FF', call_from: '+8613800138000', call_to: '3205' },
      ]);
      for (const row of seen) {
        for (const key of TRANSCRIPT_KEYS) expect(row).not.toHaveProperty(key);
      }
    }
  });

  it('reads rows under `data`, after a byte-order mark split across pieces, and names the first row’s fields', async () => {
    const { file } = await read(`\uFEFF \n${JSON.stringify({ errcode: 0, data: ROWS })}`, 1);
    expect(file).toEqual({
      ok: true,
      value: {
        rows: expect.any(Array),
        rowCount: 2,
        firstRowKeys: ['leg_id', 'call_from', 'call_to', 'ai_transcription', 'ai_summary'],
      },
    });
  });

  it('returns an API error answer found in place of the file', async () => {
    const { file } = await read('{"errcode":10004,"errmsg":"TOKEN EXPIRED"}');
    expect(file).toEqual({
      ok: false,
      errcode: 10004,
      errmsg: 'TOKEN EXPIRED',
      body: { errcode: 10004, errmsg: 'TOKEN EXPIRED' },
    });
    await expect(read('{"errcode":0,"errmsg":"SUCCESS","data":[]}')).resolves.toMatchObject({
      file: { ok: true, value: { rows: [], rowCount: 0 } },
    });
  });

  it('refuses what is not a list of rows: cut short, trailing data, another root, nothing', async () => {
    for (const text of ['[{"leg_id":"x"},', '[1] [2]', '"rows"', '{"rows":[]}', '', '  \n']) {
      await expect(read(text)).rejects.toMatchObject({
        code: 'pbx_bad_response',
        details: { problem: 'export_not_list' },
      });
    }
  });
});
