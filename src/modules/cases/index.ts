import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';
import { onApplicationAnswered, onApplicationReceived, onNoticeIssued } from './commands/application-events.ts';
import { caseAdminPolicy, caseWorkerPolicy, casesRoutes } from './routes.ts';

/** Opens a case in the caller's transaction, once per source record (also for inbound mail: source 'inbound'). */
export { openCase, type OpenCase } from './commands/open-case.ts';
/** The clerk's worklist (one tenant-scoped, index-backed query per page) and its plan, for benchmarks. */
export { worklist, explainWorklist, scopeOf, PAGE_SIZE, WORKLIST_TABS, type Viewer, type WorklistFilter, type WorklistItem, type WorklistPage, type WorklistTab, type WorklistSort, type Scope } from './queries/worklist.ts';
export { caseById, caseBySource, type Case } from './repository.ts';
export { DEFAULT_APPLICATION_WORKFLOW, parseWorkflow, validateWorkflow, type Workflow } from './workflow.ts';

/**
 * Vorgangsbearbeitung: case types with a configurable workflow, cases numbered by the tenant's scheme (one per
 * application, opened in the application's transaction), worklists, assignment and substitution, four-eyes
 * decisions; the E-Akte (records) keeps each case's file and documents.
 */
export const casesModule: ModuleDefinition = {
  id: 'cases',
  cafeteria: 'cases',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  adminLinks: [
    { key: 'module.cases', label: (lang) => (lang === 'en' ? 'Cases' : 'Vorgänge'), path: '/verwaltung/vorgaenge', policy: caseWorkerPolicy },
    { key: 'module.cases', label: (lang) => (lang === 'en' ? 'Case types' : 'Vorgangstypen'), path: '/verwaltung/vorgaenge/typen', policy: caseAdminPolicy },
  ],
  on: {
    'application.received': (tx, e) => onApplicationReceived(tx, e),
    'application.answered': (tx, e) => onApplicationAnswered(tx, e),
    'application.notice_issued': (tx, e) => onNoticeIssued(tx, e),
  },
  routes: casesRoutes,
};
