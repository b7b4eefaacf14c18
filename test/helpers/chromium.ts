/**
 * How the browser test and the demo benchmark start Debian's Chromium (playwright-core downloads no
 * browser): headless, no sandbox (CI runs as root), and nothing that reaches the network by itself.
 */
/** Debian's chromium package; the test and the benchmark take CALLSUMMARY_CHROMIUM instead when set. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
