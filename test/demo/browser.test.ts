import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, runDemo } from '../../src/demo/index.js';
import type { SimLeg } from '../../src/demo/pbx-simulator/index.js';
import { SUPPORT_CHANNEL } from '../../src/demo/setup.js';
import { wordsFor } from '../../src/shared/i18n/index.js';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM_PATH } from '../helpers/chromium.js';

/**
 * The demo in a real browser, used as a person would: Debian's Chromium, headless, driven by
 * playwright-core (no browser download). Outside CI a machine without Chromium skips with a message;
 * CI sets CALLSUMMARY_REQUIRE_BROWSER=1 so a missing browser fails instead.
 */

const CHROMIUM = process.env.CALLSUMMARY_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
const REQUIRED = process.env.CALLSUMMARY_REQUIRE_BROWSER === '1';
const HAVE_BROWSER = existsSync(CHROMIUM);
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'demo');
if (!HAVE_BROWSER && !REQUIRED) {
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CALLSUMMARY_CHROMIUM)`,
  );
}

/** Summaries written to attack the page: each is rendered by the bot, then drawn by the page. */
const HOSTILE: Record<string, string> = {
  mentions:
    '<p>Mentions</p><ul><li>Say <!channel> <!here> <!everyone> <@U123> <#C123> <!subteam^S1> now</li></ul>',
  'encoded mentions': '<ul><li>&lt;!channel&gt; &amp;lt;!here&amp;gt; &lt;@U123&gt;</li></ul>',
  'disguised link':
    '<ul><li><a href="https://evil.example/">bank.com</a> and &lt;https://evil.example|bank&gt;</li></ul>',
  script: '<p>Notes</p><ul><li>before<script>window.__pwned = "script"</script>after</li></ul>',
  'img onerror':
    '<ul><li><img src="https://evil.example/x.png" onerror="window.__pwned = \'img\'">image</li></ul>',
  'javascript link': '<ul><li><a href="javascript:window.__pwned=\'link\'">click me</a></li></ul>',
  'iframe and style':
    '<iframe src="https://evil.example/"></iframe><style>@import url(https://evil.example/x.css);</style><ul><li>framed</li></ul>',
  'svg onload': '<ul><li><svg onload="window.__pwned=\'svg\'"><circle r="4"/></svg>shape</li></ul>',
  '10,000 nested tags': `<ul><li>${'<b>'.repeat(10_000)}deep${'</b>'.repeat(10_000)}</li></ul>`,
  '1 MB': `<p>Big</p><ul>${'<li>This line repeats to make the summary one megabyte long.</li>'.repeat(14_000)}</ul>`,
};

function hostileLeg(index: number, html: string): SimLeg {
  return {
    legId: `202606010000${String(index).padStart(2, '0')}-BAD${index.toString(16).toUpperCase().padStart(2, '0')}`,
    uid: `1780000000.${index}`,
    callType: 'Inbound',
    callFrom: '+15550000000',
    callTo: '3202',
    time: `2026/06/01 00:00:${String(index).padStart(2, '0')}`,
    summaries: {
      callee: {
        id: 900 + index,
        html,
        createdAt: 1780000000,
        updatedAt: 1780000000,
        name: 'Human Agent - Leo Ball',
        extNum: '3202',
      },
    },
  };
}

describe.skipIf(!HAVE_BROWSER && !REQUIRED)('the demo in a real browser', () => {
  let demo: RunningDemo;
  let stop: (signal: string) => void;
  let exited: Promise<number>;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const outside: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const ready = new Promise<RunningDemo>((resolve) => {
      exited = runDemo(['--port', '0'], {
        env: () => ({ LOG_LEVEL: 'warn' }),
        stdout: () => undefined,
        stderr: () => undefined,
        stopSignal,
        onReady: resolve,
      });
      void exited.then((code) => {
        if (code !== 0) throw new Error(`the demo exited ${code}`);
      });
    });
    demo = await ready;
    profile = mkdtempSync(join(tmpdir(), 'callsummary-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: [...CHROMIUM_FLAGS],
    });
    const origin = new URL(demo.url).origin;
    // Anything the page asks of another origin is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(demo.url);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    stop?.('SIGTERM');
    expect(await exited).toBe(0);
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const type = async (text: string) => {
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
  };

  it('#support starts with a call alert, its emoji shortcode drawn as an emoji', async () => {
    await expect.poll(() => page.locator('#title').textContent()).toBe('# support');
    const alert = page.locator('#messages article').filter({ hasText: 'Call alert' }).first();
    await alert.waitFor();
    expect(await alert.textContent()).toContain('📞');
    expect(await alert.textContent()).not.toContain(':telephone_receiver:');
    expect(await alert.textContent()).toContain('20260513223234-3EE9E');
  });

  it('answers /callsummary with the summary, privately, with its headings and bullets', async () => {
    await expect.poll(() => page.locator('#title').textContent()).toBe('# support');
    await type('/callsummary 20260513223234-3EE9E');
    const answer = page.locator('#messages article.ephemeral').last();
    await answer
      .getByText('Kristin Hale was transferred to a human agent regarding a login issue.')
      .waitFor();
    await answer.getByText('Only visible to you').waitFor();
    for (const heading of ['Key Points', 'Follow-Up Actions']) {
      expect(await answer.getByText(heading, { exact: false }).count()).toBeGreaterThan(0);
    }
    expect(await answer.locator('li').count()).toBeGreaterThanOrEqual(9);
    await shot('01-command');
  });

  it('answers a mistyped command as Slack does, without sending it to the app', async () => {
    await type('/callsumary 20260513223234-3EE9E');
    await page
      .locator('#messages article.ephemeral')
      .filter({ hasText: '/callsumary is not a valid command' })
      .getByText('Slackbot')
      .waitFor();
  });

  it('shows the other side in place, then shares it for everyone in the channel', async () => {
    await type('/callsummary 20260514091500-A1B2C callee');
    const answer = page.locator('#messages article.ephemeral').last();
    await answer.getByText('check the server logs', { exact: false }).waitFor();
    await answer.getByRole('button', { name: /Show caller/ }).click();
    await answer.getByText('Leo Ball asked Kristin Hale to review the login escalation.').waitFor();
    await answer.getByRole('button', { name: 'Share in channel' }).click();
    const shared = page
      .locator('#messages article:not(.ephemeral)')
      .filter({ hasText: 'Leo Ball asked Kristin Hale' });
    await shared.first().waitFor();
    await shared.first().getByText('Shared by', { exact: false }).waitFor();
    await shot('02-shared');
  });

  it('answers the message shortcut on a pasted alert with a modal, then a reply in its thread', async () => {
    await type('Missed-call alert: leg 20260514091500-A1B2C needs a follow-up');
    const alert = page.locator('#messages article').filter({ hasText: 'Missed-call alert' }).last();
    await alert.hover();
    await alert.getByRole('button', { name: 'More actions' }).click();
    await alert.getByRole('menuitem', { name: 'Get call summary' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText('Which summary to post in the thread').waitFor();
    await shot('03-modal');
    // The choices name the person and the side, not the leg id.
    const callee = await modal
      .locator('option')
      .filter({ hasText: 'Kristin Hale (3203), callee · ' })
      .textContent();
    await modal.locator('select').selectOption({ label: callee ?? '' });
    await modal.getByRole('button', { name: 'Post in thread' }).click();
    await modal.waitFor({ state: 'detached' });
    const thread = page.locator('#thread-messages');
    await thread.getByText('Kristin Hale agreed to check the server logs', { exact: false }).waitFor();
    await alert.getByRole('button', { name: '1 reply' }).waitFor();
    await shot('04-thread');
  });

  it('keeps the header and the composer in view while the messages scroll', async () => {
    const sizes = (await page.evaluate(`({
      window: document.scrollingElement.scrollHeight,
      viewport: window.innerHeight,
      pane: document.getElementById('messages').scrollHeight,
      paneShown: document.getElementById('messages').clientHeight,
      composerBottom: document.getElementById('composer').getBoundingClientRect().bottom,
      headerTop: document.querySelector('.channel-header').getBoundingClientRect().top,
    })`)) as Record<string, number>;
    expect(sizes.window).toBeLessThanOrEqual(sizes.viewport!);
    expect(sizes.pane).toBeGreaterThan(sizes.paneShown!);
    expect(sizes.composerBottom).toBeLessThanOrEqual(sizes.viewport!);
    expect(sizes.headerTop).toBeGreaterThanOrEqual(0);
    // The newest answer is in view.
    await expect.poll(() => page.locator('#messages article').last().isVisible()).toBe(true);
  });

  it('posts a simulated finished call in its routed channel by itself, marked unread there', async () => {
    await page.getByRole('button', { name: 'Simulate a finished call' }).click();
    // The PBX writes and reports the summary 12 s after the CDR; the bot posts it through the real intake.
    const routed = page.locator('#channels button').filter({ hasText: 'call-summaries' });
    await expect.poll(() => routed.getAttribute('class'), { timeout: 40_000 }).toContain('unread');
    await shot('05a-unread');
    await routed.click();
    await page
      .locator('#messages')
      .getByText('Dana Whitfield called about a', { exact: false })
      .waitFor({ timeout: 40_000 });
    // Which call it is, above the summary, and its buttons.
    await page.locator('#messages').getByText('Incoming call', { exact: false }).first().waitFor();
    await page.locator('#messages').getByRole('button', { name: 'Transcript' }).first().waitFor();
    expect((await routed.getAttribute('class')) ?? '').not.toContain('unread');
    await shot('05-automatic-post');
    await page.getByRole('button', { name: '# support' }).click();
  }, 60_000);

  it('the app’s Messages tab is read-only, and Home has no composer', async () => {
    await page.getByRole('button', { name: 'callsummary', exact: true }).click();
    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.getByText('Sending messages to this app has been turned off.').waitFor();
    expect(await page.locator('#composer').isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'Home' }).click();
    expect(await page.locator('#composer').isVisible()).toBe(false);
    expect(await page.locator('#read-only').isVisible()).toBe(false);
    await page.getByRole('button', { name: '# support' }).click();
  });

  it('draws the app’s Home tab when opened: your calls, a Summary in a modal, its Transcript', async () => {
    await page.getByRole('button', { name: 'callsummary', exact: true }).click();
    await page.getByRole('tab', { name: 'Home' }).click();
    const home = page.locator('#messages .home');
    await home.getByText('matched to extension', { exact: false }).waitFor();
    await home.getByText('Your calls, extension 3202', { exact: false }).waitFor();
    await shot('05b-home');
    await home.getByRole('button', { name: 'Summary' }).first().click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('button', { name: 'Transcript' }).click();
    await modal.getByText('page 1', { exact: false }).waitFor();
    await shot('05c-transcript');
    // Close goes back to the summary, then closes it.
    await modal.getByRole('button', { name: 'Close' }).click();
    await modal.getByRole('button', { name: 'Transcript' }).waitFor();
    await modal.getByRole('button', { name: 'Close' }).click();
    await modal.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '# support' }).click();
  });

  it('the language switch: the bot answers you in Chinese at once, and the DM comes in Chinese', async () => {
    const language = page.locator('#language');
    expect(await language.inputValue()).toBe('en');
    expect(await language.locator('option').allTextContents()).toEqual(['English', '中文']);
    try {
      // The switch is disabled until the bot has the new language: then the next command is answered in it.
      await language.selectOption('zh-CN');
      await expect.poll(() => language.isEnabled()).toBe(true);
      // The new call's leg, from the page's own request (the composer may still hold an earlier call's).
      const simulated = page.waitForResponse((r) => r.url().endsWith('/demo/act/simulate-call'));
      await page.getByRole('button', { name: 'Simulate a finished call' }).click();
      const { legId } = (await (await simulated).json()) as { legId: string };
      const composer = page.locator('#composer-input');
      await expect.poll(() => composer.inputValue()).toBe(`/callsummary ${legId}`);
      await type(`/callsummary ${legId} callee`);
      // "No summary yet" (the PBX writes it 12 s after the call) offers Notify me, in Chinese. Found by
      // its words: the last article naming the leg may still be the simulated call's own notice.
      const notify = page
        .locator('#messages article.ephemeral')
        .filter({ hasText: legId })
        .getByRole('button', { name: wordsFor('zh-CN').t('summary.notify.button') })
        .last();
      await notify.waitFor();
      await notify.click();
      await page.locator('#messages').getByText('摘要生成后我会在这里发给你', { exact: false }).waitFor();
      await shot('07-language-zh');
      await page.getByRole('button', { name: 'callsummary', exact: true }).click();
      await page.getByRole('tab', { name: 'Messages' }).click();
      await page
        .locator('#messages')
        .getByText('你让我留意的通话摘要已生成。', { exact: false })
        .waitFor({ timeout: 40_000 });
      await shot('08-language-zh-dm');
    } finally {
      // Back to English whatever happened: the tests after this one read English words.
      await language.selectOption('en');
      await expect.poll(() => language.isEnabled()).toBe(true);
      await expect.poll(() => language.inputValue()).toBe('en');
    }
    await page.getByRole('button', { name: '# support' }).click();
  }, 60_000);

  it('draws every hostile summary as text: no script runs, nothing loads from elsewhere', async () => {
    const cases = Object.entries(HOSTILE);
    for (const [index, [, html]] of cases.entries()) demo.simulator!.addLeg(hostileLeg(index, html));
    for (const [index, [name]] of cases.entries()) {
      const legId = hostileLeg(index, '').legId;
      await type(`/callsummary ${legId} callee`);
      // The bot's own rendering of that summary, drawn: its context line names the leg.
      const answer = page.locator('#messages article.ephemeral').filter({ hasText: `Leg ${legId}` });
      await answer
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => {
          throw new Error(`no summary drawn for the "${name}" case`);
        });
    }
    // Hostile text typed by a person, and hostile Block Kit straight from the app's token.
    await type(
      '<img src=x onerror="window.__pwned=\'typed\'"> <javascript:window.__pwned=1|click> <https://evil.example|bank.com>',
    );
    const token = demo.app.core.config.slack.botToken;
    const post = await fetch(`${demo.url}api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: SUPPORT_CHANNEL,
        text: 'hostile blocks',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: '<script>window.__pwned="header"</script>' } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: '<javascript:window.__pwned=1|tap> &lt;b onclick=x&gt; *bold*' },
          },
          { type: 'image', image_url: 'https://evil.example/tracker.png', alt_text: 'tracker' },
          {
            type: 'rich_text',
            elements: [
              {
                type: 'rich_text_section',
                elements: [{ type: 'link', url: 'javascript:window.__pwned=2', text: 'rich' }],
              },
            ],
          },
          { type: 'table', rows: [[{ type: 'raw_text', text: '<img src=x onerror=alert(1)>' }]] },
        ],
      }),
    });
    expect(((await post.json()) as { ok: boolean }).ok).toBe(true);
    await page.locator('#messages').getByText('Block the demo does not draw (table)').waitFor();
    await page.locator('#messages').getByText('<script>window.__pwned="header"</script>').waitFor();
    await shot('06-hostile');

    // Strings: these run in the page (the tests compile without DOM types).
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(dialogs).toEqual([]);
    expect(outside).toEqual([]);
    const live = (await page.evaluate(`({
      dangerous: document.querySelectorAll('#messages img, #messages script, #messages iframe, #messages svg, #messages style').length,
      links: [...document.querySelectorAll('#messages a')].map((a) => a.href),
    })`)) as { dangerous: number; links: string[] };
    expect(live.dangerous).toBe(0);
    expect(live.links.every((href) => /^(?:https?:|mailto:)/.test(href))).toBe(true);
    // What the person typed is shown as they typed it, as text.
    expect(await page.locator('#messages').textContent()).toContain(
      `<img src=x onerror="window.__pwned='typed'">`,
    );
  });
});
