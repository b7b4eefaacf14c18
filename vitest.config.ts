import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real loopback servers; give them room on a shared, noisy machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests that need Redis or the simulator use their own ports/namespaces, so files can run in parallel.
    pool: 'forks',
    unstubEnvs: true,
    setupFiles: ['test/helpers/own-tmpdir.ts'],
  },
});
