import type { Db, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { Clock } from '../clock.ts';

export interface JobRow {
  id: string;
  tenant_id: string | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export type JobHandler = (job: JobRow) => Promise<void>;

/** Queues work in the caller's transaction: it runs only if the transaction commits. */
export async function enqueueJob(
  tx: Tx,
  job: { tenantId: string | null; kind: string; payload: Record<string, unknown>; runAt: Date; idempotencyKey?: string },
): Promise<void> {
  await tx.exec(sql`insert into jobs (tenant_id, kind, payload, run_at, idempotency_key)
    values (${job.tenantId}, ${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.runAt}, ${job.idempotencyKey ?? null})
    on conflict (idempotency_key) do nothing`);
}

const MAX_ATTEMPTS = 8;

/**
 * A database-backed job runner: any number of app nodes poll, `FOR UPDATE SKIP LOCKED` hands each
 * job to exactly one of them, a crashed node's claim expires, failures retry with backoff.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly handlers: ReadonlyMap<string, JobHandler>,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.runDue().catch((e) => this.log('job poll failed', e)), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs every job that is due now; returns how many ran. Tests call this directly. */
  async runDue(limit = 20): Promise<number> {
    if (this.running) return this.running;
    this.running = this.claimAndRun(limit).finally(() => (this.running = undefined));
    return this.running;
  }

  private async claimAndRun(limit: number): Promise<number> {
    const now = this.clock.now();
    const jobs = await this.db.transaction((tx) =>
      tx.rows<JobRow>(sql`update jobs set locked_until = ${new Date(now.getTime() + 5 * 60_000)}, attempts = attempts + 1
        where id in (select id from jobs where done_at is null and run_at <= ${now}
                       and (locked_until is null or locked_until < ${now}) and attempts < ${MAX_ATTEMPTS}
                     order by run_at limit ${limit} for update skip locked)
        returning id, tenant_id, kind, payload, attempts`),
    );
    for (const job of jobs) {
      const handler = this.handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job);
        await this.db.exec(sql`update jobs set done_at = ${this.clock.now()}, locked_until = null, payload = '{}'::jsonb, last_error = null where id = ${job.id}`);
      } catch (err) {
        const backoff = Math.min(2 ** job.attempts * 1000, 3_600_000);
        await this.db.exec(sql`update jobs set locked_until = null, run_at = ${new Date(this.clock.now().getTime() + backoff)},
          last_error = ${String(err instanceof Error ? err.message : err).slice(0, 500)} where id = ${job.id}`);
        this.log(`job ${job.kind} ${job.id} failed`, err);
      }
    }
    return jobs.length;
  }
}
