#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install`/`npm run build`).
import { main } from '../dist/src/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
