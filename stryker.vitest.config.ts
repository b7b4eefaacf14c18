import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests `npm run mutate` runs against each mutant (stryker.config.mjs): those of the door-guarding
 * modules, from unit tests to the matrix of who sees which call over signed HTTP. Tests that run the
 * CLI as a child process are left out: they run the built dist/, which Stryker does not mutate.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // In place of the base's: merging would run every test file.
    include: [
      'test/slack/access.test.ts',
      'test/slack/server/request-guard.test.ts',
      'test/slack/access-e2e.test.ts',
      'test/slack/view-buttons-let-in.test.ts',
      'test/slack/share-from-notification.test.ts',
      'test/slack/home-access.test.ts',
      'test/slack/command.test.ts',
      'test/slack/listeners/prelude.test.ts',
      'test/slack/listeners/see.test.ts',
      'test/slack/input-edges.test.ts',
      'test/slack/server/*.test.ts',
      'test/use-case/access.test.ts',
      'test/use-case/model/access-rules.test.ts',
      'test/use-case/model/extension-ranges.test.ts',
      'test/use-case/model/call-query.test.ts',
      'test/use-case/model/periods.test.ts',
      'test/events/signature.test.ts',
      'test/render/link-schemes.test.ts',
      'test/render/links.test.ts',
      'test/render/safety.test.ts',
    ],
  },
});
