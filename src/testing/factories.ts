import { randomInt } from 'node:crypto';
import type { Db } from '../kernel/db/db.ts';
import { hashPassword } from '../kernel/auth/password.ts';
import { insertUser, type StaffRole, type UserKind } from '../kernel/auth/users.ts';
import { insertTenant, MODULE_IDS, type NewTenant } from '../kernel/tenancy/tenancy.ts';
import { uniqueSlug } from './harness.ts';

export const TEST_PASSWORD = 'Test-Passwort-123';

/** A municipality with every module on unless overridden. */
export async function createTenant(db: Db, o: Partial<NewTenant> = {}): Promise<{ id: string; slug: string }> {
  const n = String(randomInt(100, 999));
  // The Verband digits make the ARS unique across the many tenants a test run creates.
  const verband = String(randomInt(0, 10_000)).padStart(4, '0');
  const t: NewTenant = {
    slug: uniqueSlug(),
    name: `Teststadt ${n}`,
    kind: 'stadt',
    land: 'BB',
    ags: `12063${n}`,
    ars: `12063${verband}${n}`,
    street: 'Markt 1',
    postalCode: '14712',
    city: 'Teststadt',
    modules: [...MODULE_IDS],
    ...o,
  };
  const id = await db.transaction((tx) => insertTenant(tx, t));
  return { id, slug: t.slug };
}

let hashed: Promise<string> | undefined;

export async function createUser(
  db: Db,
  tenant: { id: string } | null,
  o: { kind?: UserKind; roles?: StaffRole[]; email?: string; name?: string; verified?: boolean } = {},
): Promise<{ id: string; email: string; password: string }> {
  hashed ??= hashPassword(TEST_PASSWORD, 10);
  const kind = o.kind ?? (tenant ? 'citizen' : 'operator');
  const email = o.email ?? `${kind}-${randomInt(1e9)}@example.org`;
  const id = await db.transaction(async (tx) =>
    insertUser(tx, {
      tenantId: tenant?.id ?? null,
      kind,
      email,
      displayName: o.name ?? 'Erika Mustermann',
      passwordHash: await hashed!,
      roles: o.roles ?? [],
      verifiedAt: o.verified === false ? null : new Date('2026-01-01T00:00:00Z'),
    }),
  );
  return { id: id!, email, password: TEST_PASSWORD };
}
