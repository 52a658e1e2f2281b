import { createHash } from 'node:crypto';
import type { Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export type ActorKind = 'citizen' | 'staff' | 'operator' | 'system' | 'anonymous';

export interface AuditEntry {
  tenantId: string | null;
  actorId: string | null;
  actorKind: ActorKind;
  /** dotted verb, e.g. `user.login` */
  action: string;
  objectType: string;
  objectId: string | null;
  /** Identifiers and enumerations only: no personal data in free text. */
  details?: Record<string, string | number | boolean | null | string[]>;
}

const GENESIS = '0'.repeat(64);

function chainOf(tenantId: string | null): string {
  return tenantId ?? 'platform';
}

interface Row {
  chain: string;
  seq: number;
  tenant_id: string | null;
  at: Date;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  object_type: string;
  object_id: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** Canonical JSON with sorted keys, so the hash does not depend on key order in jsonb. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function hashOf(r: Omit<Row, 'hash'>): string {
  const body = canonical({
    chain: r.chain,
    seq: r.seq,
    tenant_id: r.tenant_id,
    at: r.at.toISOString(),
    actor_id: r.actor_id,
    actor_kind: r.actor_kind,
    action: r.action,
    object_type: r.object_type,
    object_id: r.object_id,
    details: r.details,
    prev_hash: r.prev_hash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Appends an audit record inside the caller's transaction. The chain head row is locked,
 * so concurrent writers of one tenant line up and the chain stays linear.
 */
export async function audit(tx: Tx, entry: AuditEntry, at: Date): Promise<void> {
  const chain = chainOf(entry.tenantId);
  await tx.exec(sql`insert into audit_heads (chain, seq, hash) values (${chain}, 0, ${GENESIS}) on conflict (chain) do nothing`);
  const head = await tx.one<{ seq: number; hash: string }>(
    sql`select seq, hash from audit_heads where chain = ${chain} for update`,
  );
  if (!head) throw new Error('audit head missing');
  const row: Omit<Row, 'hash'> = {
    chain,
    seq: head.seq + 1,
    tenant_id: entry.tenantId,
    at: new Date(Math.floor(at.getTime())),
    actor_id: entry.actorId,
    actor_kind: entry.actorKind,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    details: entry.details ?? {},
    prev_hash: head.hash,
  };
  const hash = hashOf(row);
  await tx.exec(sql`insert into audit_log
    (chain, seq, tenant_id, at, actor_id, actor_kind, action, object_type, object_id, details, prev_hash, hash)
    values (${row.chain}, ${row.seq}, ${row.tenant_id}, ${row.at}, ${row.actor_id}, ${row.actor_kind},
            ${row.action}, ${row.object_type}, ${row.object_id}, ${JSON.stringify(row.details)}::jsonb, ${row.prev_hash}, ${hash})`);
  await tx.exec(sql`update audit_heads set seq = ${row.seq}, hash = ${hash} where chain = ${chain}`);
}

export interface VerifyProblem {
  chain: string;
  seq: number;
  problem: 'changed' | 'missing' | 'broken_link' | 'head_mismatch';
}

/** Recomputes every chain; reports changed records, gaps (deleted records) and a head that does not match. */
export async function verifyAudit(db: Queryable): Promise<{ records: number; chains: number; problems: VerifyProblem[] }> {
  const problems: VerifyProblem[] = [];
  const heads = await db.rows<{ chain: string; seq: number; hash: string }>(sql`select chain, seq, hash from audit_heads order by chain`);
  const chainNames = new Set(heads.map((h) => h.chain));
  for (const r of await db.rows<{ chain: string }>(sql`select distinct chain from audit_log`)) chainNames.add(r.chain);
  let records = 0;
  for (const chain of [...chainNames].sort()) {
    let expectedSeq = 1;
    let prevHash = GENESIS;
    let after = 0;
    for (;;) {
      const batch = await db.rows<Row>(
        sql`select * from audit_log where chain = ${chain} and seq > ${after} order by seq limit 5000`,
      );
      if (batch.length === 0) break;
      for (const r of batch) {
        records++;
        if (r.seq !== expectedSeq) {
          problems.push({ chain, seq: expectedSeq, problem: 'missing' });
          expectedSeq = r.seq;
        } else if (r.prev_hash !== prevHash) {
          problems.push({ chain, seq: r.seq, problem: 'broken_link' });
        }
        const { hash, ...rest } = r;
        if (hashOf(rest) !== hash) problems.push({ chain, seq: r.seq, problem: 'changed' });
        prevHash = hash;
        expectedSeq++;
        after = r.seq;
      }
    }
    const head = heads.find((h) => h.chain === chain);
    if (!head || head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
      problems.push({ chain, seq: expectedSeq - 1, problem: 'head_mismatch' });
    }
  }
  return { records, chains: chainNames.size, problems };
}
