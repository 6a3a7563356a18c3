import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Some tests load the 54,145 villages or sweep eight years of calendar days; on a loaded
    // 2-core machine they must not fail for being slow.
    testTimeout: 60_000,
  },
});
