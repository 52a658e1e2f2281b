import { createHash } from 'node:crypto';
import type { Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores bytes with their SHA-256 in the caller's transaction; never on a path a user chose. */
export async function storeFile(tx: Tx, o: { tenantId: string; name: string; mime: string; bytes: Uint8Array; now: Date }): Promise<StoredFile> {
  if (o.bytes.length > MAX_FILE_BYTES) throw new RangeError('file too large');
  const name = o.name.replace(/[\\/\u0000-\u001f"]/g, '_').slice(0, 200) || 'datei';
  const hash = sha256(o.bytes);
  const r = await tx.one<{ id: string }>(sql`insert into files (tenant_id, name, mime, size, sha256, content, created_at)
    values (${o.tenantId}, ${name}, ${o.mime}, ${o.bytes.length}, ${hash}, ${Buffer.from(o.bytes)}, ${o.now}) returning id`);
  return { id: r!.id, name, mime: o.mime, size: o.bytes.length, sha256: hash };
}

export async function fileMeta(db: Queryable, tenantId: string, id: string): Promise<StoredFile | undefined> {
  return db.one<StoredFile>(sql`select id, name, mime, size, sha256 from files where tenant_id = ${tenantId} and id = ${id}`);
}

export async function fileContent(db: Queryable, tenantId: string, id: string): Promise<(StoredFile & { content: Buffer }) | undefined> {
  const r = await db.one<StoredFile & { content: Uint8Array }>(sql`select id, name, mime, size, sha256, content from files where tenant_id = ${tenantId} and id = ${id}`);
  return r && { ...r, content: Buffer.from(r.content) };
}

/** Removes stored files for good (a disposal at the end of retention); callers first drop their references. */
export async function deleteStoredFiles(tx: Tx, tenantId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return tx.exec(sql`delete from files where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[])`);
}
