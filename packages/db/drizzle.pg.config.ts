import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './src/pg/accounts.ts',
    './src/pg/audit.ts',
    './src/pg/catalog.ts',
    './src/pg/counties.ts',
    './src/pg/federation.ts',
    './src/pg/requests.ts',
    './src/pg/records.ts',
    './src/pg/annual-reports.ts',
    './src/pg/records-lifecycle.ts',
  ],
  out: './migrations/pg',
  strict: true,
  verbose: true,
});
