// `npm start`'s pre-step: builds only when the build is missing or older than a source it is made
// from, so a start after `npm ci` (whose `prepare` built already) does not spend seconds rebuilding.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'dist', 'src', 'cli', 'index.js');

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

const builtAt = newest(built);
const sources = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const changedAt = Math.max(...sources.map((source) => newest(join(root, source))));
if (builtAt === 0 || changedAt > builtAt) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
