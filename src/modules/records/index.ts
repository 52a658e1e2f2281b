import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';

/**
 * E-Akte: file plan with retention rules, files and documents with immutable versions, German full-text
 * search, access log, disposal with tombstones, file inspection, export. Switched with the back office (cases).
 * Other modules (cases) file documents through the functions exported here.
 */
export { openFile, closeFile, addDocument, type NewDocument } from './commands/files.ts';
export { documentsOfCase, fileById, type RecordDocument, type RecordFile } from './repository.ts';

export const recordsModule: ModuleDefinition = {
  id: 'records',
  cafeteria: 'cases',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes() {},
};
