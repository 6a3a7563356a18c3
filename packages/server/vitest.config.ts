import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Generous limits: these tests talk to real services on a possibly loaded 2-core machine.
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
