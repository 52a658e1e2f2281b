import {
  audit,
  createUserToken,
  findUserByEmail,
  hashPassword,
  insertTenant,
  insertUser,
  newToken,
  queueMail,
  slugOrArsTaken,
  type Db,
  type ModuleId,
  type Translate,
  type User,
} from '../../../kernel/index.ts';
import type { ValidTenantInput } from '../schema.ts';

export const INVITE_TTL_MS = 7 * 86_400_000;
/** A new municipality starts with the citizen account and the service catalogue; it switches on the rest itself. */
export const STARTER_MODULES: ModuleId[] = ['catalog', 'account'];

/**
 * Creates a municipality with its first administrator, who is invited by mail to set a password.
 * The account gets a random password nobody knows until then.
 */
export async function createTenant(
  db: Db,
  o: { input: ValidTenantInput; actor: User; now: Date; baseUrl: string; t: Translate; log2N: number },
): Promise<{ ok: true; tenantId: string } | { ok: false; taken: { slug: boolean; ars: boolean } }> {
  const i = o.input;
  const placeholder = await hashPassword(newToken(), o.log2N);
  return db.transaction(async (tx) => {
    const taken = await slugOrArsTaken(tx, i.slug, i.ars);
    if (taken.slug || taken.ars) return { ok: false as const, taken };
    const tenantId = await insertTenant(tx, {
      slug: i.slug,
      name: i.name,
      kind: i.kind,
      land: i.land,
      ags: i.ags || null,
      ars: i.ars,
      street: i.street,
      postalCode: i.postalCode,
      city: i.city,
      modules: STARTER_MODULES,
    });
    await audit(tx, { tenantId, actorId: o.actor.id, actorKind: 'operator', action: 'tenant.created', objectType: 'tenant', objectId: tenantId }, o.now);
    const adminId = await insertUser(tx, { tenantId, kind: 'staff', email: i.adminEmail, displayName: '', passwordHash: placeholder, roles: ['admin'] });
    const admin = (await findUserByEmail(tx, tenantId, i.adminEmail))!;
    await audit(tx, { tenantId, actorId: o.actor.id, actorKind: 'operator', action: 'user.created', objectType: 'user', objectId: adminId ?? null, details: { roles: ['admin'] } }, o.now);
    const token = await createUserToken(tx, admin, 'reset_password', o.now, INVITE_TTL_MS);
    const name = `${o.t(`kind.${i.kind}`)} ${i.name}`;
    await queueMail(tx, tenantId, {
      to: admin.email,
      subject: o.t('mail.invite.subject', { tenant: name }),
      text: o.t('mail.invite.text', { tenant: name, link: `${o.baseUrl}/${i.slug}/passwort-neu?token=${token}` }),
    }, o.now);
    return { ok: true as const, tenantId };
  });
}
