import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';

/**
 * E-Akte: file plan with retention rules, files and documents with immutable versions, German full-text
 * search, access log, disposal with tombstones, file inspection, export. Switched with the back office (cases).
 */
export const recordsModule: ModuleDefinition = {
  id: 'records',
  cafeteria: 'cases',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes() {},
};
