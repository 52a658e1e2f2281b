import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';

/** Vorgangsbearbeitung: case types and workflows, cases, worklists, substitution, inbound mail, outgoing letters. */
export const casesModule: ModuleDefinition = {
  id: 'cases',
  cafeteria: 'cases',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes() {},
};
