import { join } from 'node:path';
import type { Config } from './kernel/config/config.ts';
import { openDb, type Db } from './kernel/db/db.ts';
import { kernelMigrationsDir, migrate } from './kernel/db/migrate.ts';
import { systemClock, type Clock } from './kernel/clock.ts';
import { TenantCache } from './kernel/tenancy/cache.ts';
import { moduleEnabled } from './kernel/tenancy/tenancy.ts';
import { clamdScanner, noScan } from './kernel/files/uploads.ts';
import { JobRunner, type JobHandler } from './kernel/jobs/jobs.ts';
import { MAIL_JOB, OutboxTransport, SmtpTransport, mailJobHandler, type MailTransport } from './kernel/mail/mail.ts';
import { createApp, type ModuleDefinition, type Platform } from './kernel/web/app.ts';
import { shellModule } from './kernel/web/shell.ts';
import { publicApiModule } from './kernel/web/api.ts';
import { authModule } from './kernel/auth/routes.ts';
import { accountModule } from './modules/account/index.ts';
import { catalogModule } from './modules/catalog/index.ts';
import { formsModule } from './modules/forms/index.ts';
import { postboxModule } from './modules/postbox/index.ts';
import { applicationsModule } from './modules/applications/index.ts';
import { paymentsModule } from './modules/payments/index.ts';
import { appointmentsModule } from './modules/appointments/index.ts';
import { recordsModule } from './modules/records/index.ts';
import { casesModule } from './modules/cases/index.ts';
import { councilModule } from './modules/council/index.ts';
import { financeModule } from './modules/finance/index.ts';
import { einvoiceModule } from './modules/einvoice/index.ts';
import { administrationModule } from './modules/administration/index.ts';
import { operatorModule } from './modules/operator/index.ts';

/** Every module of the platform, in navigation order. This file and main.ts are the only ones that know them all. */
export const MODULES: readonly ModuleDefinition[] = [
  shellModule,
  authModule,
  publicApiModule,
  catalogModule,
  formsModule,
  applicationsModule,
  accountModule,
  postboxModule,
  paymentsModule,
  appointmentsModule,
  recordsModule,
  casesModule,
  councilModule,
  financeModule,
  einvoiceModule,
  administrationModule,
  operatorModule,
];

export function migrationDirs(): string[] {
  return [kernelMigrationsDir, ...MODULES.flatMap((m) => (m.migrationsDir ? [m.migrationsDir] : []))];
}

export interface Running {
  platform: Platform;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  routes: Awaited<ReturnType<typeof createApp>>['routes'];
  registered: Awaited<ReturnType<typeof createApp>>['registered'];
  jobs: JobRunner;
  close(): Promise<void>;
}

/** Composes kernel and modules on a database; migrates it. Used by main.ts, the CLI and tests. */
export async function buildPlatform(config: Config, o: { db?: Db; clock?: Clock; mail?: MailTransport } = {}): Promise<Running> {
  const db = o.db ?? (await openDb(config));
  await migrate(db, migrationDirs());
  const clock = o.clock ?? systemClock;
  const outbox = config.smtpUrl ? undefined : new OutboxTransport(join(config.dataDir, 'outbox'));
  const mail: MailTransport = o.mail ?? (config.smtpUrl ? new SmtpTransport(config.smtpUrl) : outbox!);
  const handlers = new Map<string, JobHandler>([[MAIL_JOB, mailJobHandler(mail, config.smtpFrom)]]);
  const holder: { jobs?: JobRunner; app?: Awaited<ReturnType<typeof createApp>>['app'] } = {};
  const platform: Platform = {
    config,
    db,
    clock,
    tenants: new TenantCache(db, clock),
    mail,
    outbox,
    modules: MODULES,
    scanner: config.clamavUrl ? clamdScanner(new URL(config.clamavUrl).hostname, Number(new URL(config.clamavUrl).port)) : noScan,
    runJobs: () => holder.jobs!.runDue(),
    async deliver(url, init) {
      if (url.startsWith(config.baseUrl + '/')) {
        const res = await holder.app!.inject({ method: init.method, url: url.slice(config.baseUrl.length), headers: init.headers ?? {}, ...(init.body !== undefined ? { payload: init.body } : {}) });
        return { status: res.statusCode, body: res.body };
      }
      const res = await fetch(url, { method: init.method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}), signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: await res.text() };
    },
    async emit(tx, event, payload) {
      for (const m of MODULES) {
        const handler = m.on?.[event];
        if (!handler) continue;
        // A module switched off for the tenant does not react to its events.
        if (m.cafeteria && typeof payload.tenantId === 'string' && !(await moduleEnabled(tx, payload.tenantId, m.cafeteria))) continue;
        await handler(tx, payload, platform);
      }
    },
  };
  for (const m of MODULES) for (const [k, h] of Object.entries(m.jobs?.(platform) ?? {})) handlers.set(k, h);
  const jobs = (holder.jobs = new JobRunner(db, clock, handlers, (msg, err) => console.error(msg, err)));
  const { app, routes, registered } = await createApp(platform);
  holder.app = app;
  return {
    platform,
    app,
    routes,
    registered,
    jobs,
    async close() {
      await jobs.stop();
      await app.close();
      if (!o.db) await db.close();
    },
  };
}
