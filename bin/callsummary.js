#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install`/`npm run build`).
import { main } from '../dist/src/cli/index.js';

const argv = process.argv.slice(2);
const code = await main(argv);
process.exitCode = code;
// A stopped bot exits now: an idle keep-alive socket or a Redis reconnect timer must not keep it alive.
// (Other commands end on their own, so piped stdout is flushed before exit.)
if (argv[0] === 'serve') process.exit(code);
