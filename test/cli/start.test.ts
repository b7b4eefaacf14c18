import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm start` builds only when the build is out of date (scripts/build-if-stale.mjs). */
const ROOT = join(import.meta.dirname, '..', '..');
const BUILT = join(ROOT, 'dist', 'src', 'cli', 'index.js');

describe('npm start', () => {
  it('does not rebuild when the build is current (npm test built it just now)', () => {
    const before = statSync(BUILT).mtimeMs;
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: ROOT });
    expect(statSync(BUILT).mtimeMs).toBe(before);
  });
});
