import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';
import { onApplicationAnswered, onApplicationReceived, onNoticeIssued } from './commands/application-events.ts';
import { caseAdminPolicy, caseWorkerPolicy, casesRoutes } from './routes.ts';
import { inboundPolicy } from './inbound-routes.ts';

/** Opens a case in the caller's transaction, once per source record (also for inbound mail: source 'inbound'). */
export { openCase, type OpenCase } from './commands/open-case.ts';
/** The clerk's worklist (one tenant-scoped, index-backed query per page) and its plan, for benchmarks. */
export { worklist, explainWorklist, scopeOf, PAGE_SIZE, WORKLIST_TABS, type Viewer, type WorklistFilter, type WorklistItem, type WorklistPage, type WorklistTab, type WorklistSort, type Scope } from './queries/worklist.ts';
export { caseById, caseBySource, type Case } from './repository.ts';
export { DEFAULT_APPLICATION_WORKFLOW, parseWorkflow, validateWorkflow, type Workflow } from './workflow.ts';
/** Posteingang (receipt stamp, assignment) and Postausgang (letters to the postbox or into a print batch). */
export { receiveInbound, assignInbound, inboundNumber, type AssignTarget, type AssignResult } from './commands/inbound.ts';
export { sendLetter, createPrintBatch, type LetterResult, type BatchResult } from './commands/letters.ts';

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
    { key: 'module.cases', label: (lang) => (lang === 'en' ? 'Inbound mail' : 'Posteingang'), path: '/verwaltung/posteingang', policy: inboundPolicy },
    { key: 'module.cases', label: (lang) => (lang === 'en' ? 'Print batches' : 'Postausgang: Druckstapel'), path: '/verwaltung/vorgaenge/druck', policy: inboundPolicy },
  ],
  on: {
    'application.received': (tx, e) => onApplicationReceived(tx, e),
    'application.answered': (tx, e) => onApplicationAnswered(tx, e),
    'application.notice_issued': (tx, e) => onNoticeIssued(tx, e),
  },
  routes: casesRoutes,
};
