/**
 * Renderer cost against html-to-text's own plain-text conversion of the same input, side by side in
 * one run: the ratio is the figure (target ≤ 2×), plus the time for a 1 MB document (target < 100 ms).
 */
import { convert } from 'html-to-text';
import { fitMessage, renderSummary } from '../src/render/index.js';
import { ENGLISH } from '../src/shared/i18n/index.js';
import type { CallSummary } from '../src/use-case/model/call-summary.js';

const SOURCE_EXAMPLE =
  '<p>Call Summary</p>\n<ul>\n<li>Kristin Hale was transferred to a human agent regarding a login issue.</li>\n<li>She reported that 60% of users cannot log in and keep seeing an error message.</li>\n<li>The human agent offered to check server logs and escalate to the engineering team.</li>\n</ul>\n<p>Key Points</p>\n<ul>\n<li>60% of users are affected by the login issue.</li>\n<li>The page refreshes after password entry with no error code.</li>\n<li>The human agent escalated the issue to the engineering team.</li>\n</ul>\n<p>Follow-Up Actions</p>\n<ul>\n<li>Check server logs for login failure records.</li>\n<li>Investigate the login loop issue.</li>\n<li>Provide Kristin Hale with an estimated resolution time.</li>\n</ul>\n';

function megabyteDocument(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const part = `<p>Section ${i}</p><ul><li>Point <strong>${i}</strong> about the customer&#39;s issue &amp; what was agreed.</li><li>Another <em>point</em> with a <a href="https://example.com/${i}">link</a>.</li></ul>`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

function summaryOf(html: string): CallSummary {
  return {
    legId: '20260513223234-3EE9E',
    side: 'callee',
    html,
    name: 'Leo Ball',
    extNum: '3202',
    avatar: '',
    id: 1,
    createdAt: 1778682824,
    updatedAt: null,
  };
}

/** Operations per second, running `fn` for about `ms` milliseconds after a short warm-up. */
function opsPerSecond(fn: () => unknown, ms: number): number {
  const warmUntil = performance.now() + ms / 4;
  while (performance.now() < warmUntil) fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    n++;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (n * 1000) / elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(print: (line: string) => void): Promise<void> {
  const htmlToText = (html: string) => convert(html, { wordwrap: 100 });
  const rows: [string, string, number][] = [];
  for (const [name, html, ms] of [
    ['source example (1.0 KB)', SOURCE_EXAMPLE, 2000],
    ['1 MB document', megabyteDocument(), 5000],
  ] as const) {
    const summary = summaryOf(html);
    const ours = opsPerSecond(() => renderSummary(summary, { words: ENGLISH }), ms);
    const theirs = opsPerSecond(() => htmlToText(html), ms);
    rows.push([name, `${fmt(ours)}/s vs html-to-text ${fmt(theirs)}/s`, theirs / ours]);
  }
  print(
    '  input                      renderSummary (blocks + text) vs html-to-text   cost ratio (target ≤ 2)',
  );
  for (const [name, figures, ratio] of rows)
    print(`  ${name.padEnd(26)} ${figures.padEnd(46)} ${ratio.toFixed(2)}×`);

  const big = summaryOf(megabyteDocument());
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    renderSummary(big, { words: ENGLISH });
    times.push(performance.now() - start);
  }
  print(
    `  1 MB render time: median ${median(times).toFixed(1)} ms over ${times.length} runs (target < 100 ms)`,
  );

  // fitMessage runs before every send: what it costs on a message that fits, and on one that does not.
  const one = renderSummary(summaryOf(SOURCE_EXAMPLE), { words: ENGLISH });
  const six = {
    text: one.text,
    blocks: Array.from({ length: 6 }, () => renderSummary(big, { words: ENGLISH }).blocks).flat(),
  };
  const fitting = opsPerSecond(() => fitMessage(one, 'message', ENGLISH), 1000);
  const cutting = opsPerSecond(() => fitMessage(six, 'message', ENGLISH), 1000);
  print(
    `  fitMessage: source example (fits) ${fmt(fitting)}/s; six full summaries (${six.blocks.length} blocks, cut) ${fmt(cutting)}/s`,
  );
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}
