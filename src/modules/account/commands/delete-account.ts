import { audit, deleteCitizen, verifyPassword, type Db, type User } from '../../../kernel/index.ts';

/**
 * Deletes the citizen's account after re-checking the password. Only called when no module reports
 * a retention duty; the audit record keeps that (not who) an account was deleted.
 */
export async function deleteAccount(db: Db, o: { user: User; password: string; now: Date }): Promise<'ok' | 'wrong_password'> {
  if (!(await verifyPassword(o.password, o.user.passwordHash))) return 'wrong_password';
  await db.transaction(async (tx) => {
    await audit(tx, { tenantId: o.user.tenantId, actorId: null, actorKind: 'citizen', action: 'user.deleted', objectType: 'user', objectId: o.user.id }, o.now);
    await deleteCitizen(tx, o.user.tenantId!, o.user.id);
  });
  return 'ok';
}
