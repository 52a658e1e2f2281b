import type { Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export const STAFF_ROLES = ['admin', 'clerk', 'council_office', 'treasury', 'councillor', 'lead', 'records'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type UserKind = 'citizen' | 'staff' | 'operator';

export interface User {
  id: string;
  tenantId: string | null;
  kind: UserKind;
  email: string;
  displayName: string;
  passwordHash: string;
  emailVerified: boolean;
  roles: StaffRole[];
  disabled: boolean;
}

interface UserRow {
  id: string;
  tenant_id: string | null;
  kind: UserKind;
  email: string;
  display_name: string;
  password_hash: string;
  email_verified_at: Date | null;
  roles: StaffRole[];
  disabled: boolean;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  email: r.email,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  emailVerified: r.email_verified_at !== null,
  roles: r.roles,
  disabled: r.disabled,
});

const cols = sql`id, tenant_id, kind, email, display_name, password_hash, email_verified_at, roles, disabled`;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Users of one tenant (citizens, staff) or, with tenantId null, the Zweckverband's operators. */
export async function findUserByEmail(db: Queryable, tenantId: string | null, email: string): Promise<User | undefined> {
  const r = await db.one<UserRow>(
    tenantId === null
      ? sql`select ${cols} from users where tenant_id is null and email = ${normalizeEmail(email)}`
      : sql`select ${cols} from users where tenant_id = ${tenantId} and email = ${normalizeEmail(email)}`,
  );
  return r && toUser(r);
}

export async function findUserById(db: Queryable, tenantId: string | null, id: string): Promise<User | undefined> {
  const r = await db.one<UserRow>(
    tenantId === null
      ? sql`select ${cols} from users where tenant_id is null and id = ${id}`
      : sql`select ${cols} from users where tenant_id = ${tenantId} and id = ${id}`,
  );
  return r && toUser(r);
}

export async function insertUser(
  tx: Tx,
  u: { tenantId: string | null; kind: UserKind; email: string; displayName: string; passwordHash: string; roles?: StaffRole[]; verifiedAt?: Date | null },
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`
    insert into users (tenant_id, kind, email, display_name, password_hash, roles, email_verified_at)
    values (${u.tenantId}, ${u.kind}, ${normalizeEmail(u.email)}, ${u.displayName}, ${u.passwordHash}, ${u.roles ?? []}, ${u.verifiedAt ?? null})
    on conflict do nothing
    returning id`);
  return r?.id;
}

export async function setPassword(tx: Tx, tenantId: string | null, userId: string, hash: string): Promise<void> {
  await tx.exec(
    tenantId === null
      ? sql`update users set password_hash = ${hash}, updated_at = now() where tenant_id is null and id = ${userId}`
      : sql`update users set password_hash = ${hash}, updated_at = now() where tenant_id = ${tenantId} and id = ${userId}`,
  );
}

export async function markVerified(tx: Tx, tenantId: string | null, userId: string, at: Date): Promise<void> {
  await tx.exec(
    tenantId === null
      ? sql`update users set email_verified_at = coalesce(email_verified_at, ${at}) where tenant_id is null and id = ${userId}`
      : sql`update users set email_verified_at = coalesce(email_verified_at, ${at}) where tenant_id = ${tenantId} and id = ${userId}`,
  );
}

export async function listStaff(db: Queryable, tenantId: string): Promise<User[]> {
  return (await db.rows<UserRow>(sql`select ${cols} from users where tenant_id = ${tenantId} and kind = 'staff' order by email`)).map(toUser);
}

/** Deletes a citizen account; drafts, sessions and links go with it (ON DELETE CASCADE). */
export async function deleteCitizen(tx: Tx, tenantId: string, userId: string): Promise<boolean> {
  return (await tx.exec(sql`delete from users where tenant_id = ${tenantId} and id = ${userId} and kind = 'citizen'`)) === 1;
}
