// The e-invoice module as the platform sees it: routes, migrations and the administration links; switched on and
// off with the finance module of the cafeteria.
import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';
import { einvoiceAdminPolicy, einvoiceReadPolicy, einvoiceRoutes, treasuryPolicy } from './routes.ts';

/**
 * E-Rechnung: intake (upload, API, CLI) routed by the Leitweg-ID, validation, approval by different persons
 * (sachlich richtig → rechnerisch richtig → Anordnung) and SEPA payment files for the treasury.
 */
export const einvoiceModule: ModuleDefinition = {
  id: 'einvoice',
  cafeteria: 'finance',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  adminLinks: [
    { key: 'module.finance', label: (lang) => (lang === 'en' ? 'Incoming e-invoices' : 'Eingangsrechnungen (E-Rechnung)'), path: '/verwaltung/erechnung', policy: einvoiceReadPolicy },
    { key: 'module.finance', label: (lang) => (lang === 'en' ? 'Payment files (SEPA)' : 'Zahlungsdateien (SEPA)'), path: '/verwaltung/erechnung/zahlungen', policy: treasuryPolicy },
    { key: 'module.finance', label: (lang) => (lang === 'en' ? 'Units and Leitweg-IDs' : 'Dienststellen und Leitweg-IDs'), path: '/verwaltung/erechnung/dienststellen', policy: einvoiceAdminPolicy },
  ],
  routes: einvoiceRoutes,
};
