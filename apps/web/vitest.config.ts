import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests (`src/**\/*.test.ts`) are pure and fast. The real-browser test
 * (`test/*.e2e.test.ts`) starts Postgres-backed hub, a county node and the built web, so it gets
 * its own long timeouts and runs in a single fork.
 */
export default defineConfig({
  plugins: [sveltekit()],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Generous: a browser test on a loaded 2-core machine must not fail for being slow.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
