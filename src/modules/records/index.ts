import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';
import { PROPOSE_JOB, proposeJob, scheduleProposals } from './commands/disposal.ts';
import { disposalPages } from './disposal.ts';
import { inspectionPages, inspectionSection } from './inspection.ts';
import { allInspectionsOfGrantee } from './inspection.repository.ts';
import { planPages } from './plan.ts';
import { staffPages } from './staff.ts';
import { POLICIES } from './views.ts';

/**
 * E-Akte: file plan with retention rules, files and documents with immutable versions, German full-text
 * search, access log, disposal with tombstones, file inspection, export. Switched with the back office (cases).
 * Other modules (cases) file documents through the functions exported here.
 */
export { openFile, closeFile, addDocument, addVersion, type NewDocument, type DocumentContent, type AddVersionResult } from './commands/files.ts';
export { documentsOfCase, fileById, type RecordDocument, type RecordFile, type SearchHit } from './repository.ts';
export { searchDocuments } from './search.ts';
export { prepareUpload, UPLOAD_MESSAGES, RECORD_UPLOAD_MAX_BYTES, type PreparedContent, type RecordUploadProblem } from './uploads.ts';
export { buildExport, type Manifest } from './commands/export.ts';
export { proposeDueDisposals, PROPOSE_JOB } from './commands/disposal.ts';
export { seedRecords } from './seed.ts';

const label = (de: string, en: string) => (lang: 'de' | 'en') => (lang === 'en' ? en : de);

export const recordsModule: ModuleDefinition = {
  id: 'records',
  cafeteria: 'cases',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  adminLinks: [
    { key: 'module.cases', label: label('E-Akte', 'Electronic files'), path: '/verwaltung/akten', policy: POLICIES.read },
    { key: 'module.cases', label: label('Aktenplan', 'File plan'), path: '/verwaltung/akten/plan', policy: POLICIES.plan },
    { key: 'module.cases', label: label('Aussonderung', 'Disposal'), path: '/verwaltung/akten/aussonderung', policy: POLICIES.dispose },
  ],
  jobs: (p) => ({ [PROPOSE_JOB]: proposeJob(p) }),
  // Hourly; the idempotency key makes it one proposal run per Berlin day.
  maintenance: async (p, now) => ({ disposalRuns: await scheduleProposals(p.db, now) }),
  accountSections: inspectionSection,
  async personalData(c) {
    const list = await allInspectionsOfGrantee(c.platform.db, c.tenant!.id, c.user!.id);
    if (!list.length) return undefined;
    return { title: 'Akteneinsicht', records: list.map((i) => ({ akte: i.fileNumber, titel: i.fileTitle, von: i.validFrom, bis: i.validUntil, widerrufen: i.revokedAt, freigegeben: i.grantedAt })) };
  },
  async deletionBlockers(c) {
    const list = await allInspectionsOfGrantee(c.platform.db, c.tenant!.id, c.user!.id);
    return list.length ? ['Sie hatten Einsicht in eine Akte der Verwaltung. Das Protokoll dieser Akteneinsicht gehört zur Akte und muss mit ihr aufbewahrt werden; das Konto kann deshalb erst danach gelöscht werden.'] : [];
  },
  routes(r, p) {
    planPages(r, p);
    disposalPages(r, p);
    inspectionPages(r, p);
    staffPages(r, p);
  },
};
