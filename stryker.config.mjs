// Mutation testing of the modules that guard the doors (`npm run mutate`; not part of `npm test` or
// CI): each mutant is a small realistic bug, and a mutant no test kills is a bug the suite would let
// through. Aim: at least 90 % killed. The report is written to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  checkers: [],
  coverageAnalysis: 'perTest',
  mutate: [
    // Requests in: the signature and timestamp (Bolt acknowledges; the guard decides what reaches it).
    'src/slack/server/request-guard.ts',
    // Who is let in, who sees which calls, and how every listener asks.
    'src/slack/access.ts',
    'src/use-case/access.ts',
    'src/use-case/model/access-rules.ts',
    'src/use-case/model/extension-ranges.ts',
    'src/slack/listeners/see.ts',
    'src/slack/listeners/prelude.ts',
    // PBX webhooks, links in what the AI wrote, the command's grammar.
    'src/events/signature.ts',
    'src/render/links.ts',
    'src/use-case/model/call-query.ts',
  ],
  ignoreStatic: true,
  // Half the cores: on a 2-core machine shared with other work, one runner (a starved run times out
  // mutants that would have survived, and a timeout counts as killed).
  concurrency: '50%',
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 80, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
