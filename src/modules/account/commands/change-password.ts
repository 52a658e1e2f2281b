import { audit, destroyOtherSessions, hashPassword, queueMail, setPassword, verifyPassword, type Db, type Translate, type User } from '../../../kernel/index.ts';

/** Changes the password after re-checking the current one; other devices are logged out, the owner is told by mail. */
export async function changePassword(
  db: Db,
  o: { user: User; sessionIdHash: string; current: string; next: string; now: Date; t: Translate; tenantName: string; log2N: number },
): Promise<'ok' | 'wrong_current'> {
  if (!(await verifyPassword(o.current, o.user.passwordHash))) return 'wrong_current';
  const hash = await hashPassword(o.next, o.log2N);
  await db.transaction(async (tx) => {
    await setPassword(tx, o.user.tenantId, o.user.id, hash);
    await destroyOtherSessions(tx, o.user.id, o.sessionIdHash);
    await audit(tx, { tenantId: o.user.tenantId, actorId: o.user.id, actorKind: o.user.kind, action: 'user.password_changed', objectType: 'user', objectId: o.user.id }, o.now);
    await queueMail(tx, o.user.tenantId, { to: o.user.email, subject: o.t('mail.resetDone.subject', { tenant: o.tenantName }), text: o.t('mail.resetDone.text', { tenant: o.tenantName }) }, o.now);
  });
  return 'ok';
}
