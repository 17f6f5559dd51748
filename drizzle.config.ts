import { defineConfig } from 'drizzle-kit';

// Migrations are generated once from the schema and applied unchanged by both drivers.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
