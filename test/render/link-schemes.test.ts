import { describe, expect, it } from 'vitest';
import { renderSummaryBlocks } from '../../src/render/index.js';
import { safeUrl } from '../../src/render/links.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { callSummary } from '../helpers/call-summary.js';

/**
 * Only http, https and mailto links survive, and the scheme is what the address starts with: an
 * address that merely contains `https://` or `mailto:` somewhere (after `javascript:`, `data:`,
 * `slack:`) is text.
 */
describe('the link scheme check', () => {
  it.each([
    'https://example.com/a',
    'http://example.com',
    'HTTPS://EXAMPLE.COM',
    'mailto:someone@example.com',
    '  https://example.com/padded  ',
  ])('keeps %s', (url) => {
    expect(safeUrl(url)).toBe(url.trim());
  });

  it.each([
    'javascript:alert(1)//https://example.com',
    "javascript:fetch('https://evil.example')",
    'data:text/html,https://example.com',
    'slack://open?team=T1&url=https://example.com',
    'xhttps://example.com',
    ' javascript:void(0);mailto:someone@example.com',
    'vbscript:msgbox("http://x")',
    '/relative/https://example.com',
  ])('refuses %s', (url) => {
    expect(safeUrl(url)).toBeUndefined();
  });

  it('renders such an address as text, never as a link', () => {
    const { blocks } = renderSummaryBlocks(
      callSummary({ html: '<p>Open <a href="javascript:alert(1)//https://example.com">the portal</a></p>' }),
      { words: ENGLISH, unattributed: true },
    );
    const json = JSON.stringify(blocks);
    expect(json).not.toContain('"type":"link"');
    expect(json).not.toContain('javascript:');
    expect(json).toContain('the portal');
  });
});
