import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isUuid, alert, enqueueJob, formatCents, html, notFound, page, policies, type JobHandler, type ModuleDefinition, type Platform } from '../../kernel/index.ts';
import { handleNotification, RECONCILE_JOB } from './commands/payments.ts';
import { paymentById } from './repository.ts';
import { queryStatus, testkasseRoutes, TESTKASSE_NOTIFY_JOB, notifyJob } from './testkasse.ts';

export { startPayment } from './commands/payments.ts';
export { policyFor, setPolicy, paymentsOfApplication, type PaymentPolicy } from './repository.ts';
export { kassenzeichen, luhn, validKassenzeichen } from './kassenzeichen.ts';


const notificationSchema = z.strictObject({
  notificationId: z.string().min(8).max(64),
  txId: z.string().max(40),
  reference: z.string().max(40),
  amountCents: z.number().int().positive().max(100_000_000),
  status: z.enum(['INITIAL', 'PAYED', 'FAILED', 'CANCELED']),
  method: z.string().max(40),
  timestamp: z.string().max(40),
});

/** Asks the provider for pending payments' status; tries again with growing pauses for a day. */
function reconcileJob(p: Platform): JobHandler {
  return async (job) => {
    const { paymentId, attempt } = job.payload as { paymentId: string; attempt: number };
    const payment = await paymentById(p.db, job.tenant_id!, paymentId);
    if (!payment || payment.status !== 'INITIAL' || !payment.providerTxId) return;
    const answer = await queryStatus(p, payment.providerTxId);
    if (answer) await handleNotification(p, answer.notification, answer.signature, p.clock.now());
    const after = await paymentById(p.db, job.tenant_id!, paymentId);
    if (after?.status === 'INITIAL' && attempt < 6) {
      await p.db.transaction((tx) => enqueueJob(tx, { tenantId: job.tenant_id, kind: RECONCILE_JOB, payload: { paymentId, attempt: attempt + 1 }, runAt: new Date(p.clock.now().getTime() + 15 * 60_000 * 2 ** attempt), idempotencyKey: `reconcile:${paymentId}:${attempt + 1}` }));
    }
  };
}

/** Online payment: payment port with the embedded Testkasse provider, signed notifications, reconciliation. */
export const paymentsModule: ModuleDefinition = {
  id: 'payments',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  jobs: (p) => ({ [RECONCILE_JOB]: reconcileJob(p), [TESTKASSE_NOTIFY_JOB]: notifyJob(p) }),
  routes(r, p) {
    testkasseRoutes(r, p);
    r.route({
      method: 'POST',
      url: '/zahlung/benachrichtigung',
      policy: policies.public,
      api: true,
      csrfExempt: 'server-to-server notification of the payment provider, authenticated by its HMAC signature',
      handler: async (c) => {
        const parsed = notificationSchema.safeParse(c.req.body);
        const signature = String(c.req.headers['x-testkasse-signature'] ?? '');
        if (!parsed.success) return void c.reply.code(400).send({ outcome: 'malformed' });
        const outcome = await handleNotification(p, parsed.data, signature, c.now);
        const ok = outcome === 'applied' || outcome === 'duplicate' || outcome === 'final';
        return void c.reply.code(ok ? 200 : 400).send({ outcome });
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/zahlung/:id',
      policy: policies.citizen,
      handler: async (c) => {
        const id = c.params.id ?? '';
        const pay = isUuid(id) ? await paymentById(p.db, c.tenant!.id, id) : undefined;
        if (!pay || pay.userId !== c.user!.id) throw notFound();
        // The status in the return URL comes from the browser and is ignored; only our records count.
        const back = pay.applicationId ? `/${c.tenant!.slug}/konto/antraege/${pay.applicationId}` : `/${c.tenant!.slug}/konto`;
        const msg =
          pay.status === 'PAYED'
            ? alert('success', `Ihre Zahlung über ${formatCents(pay.amountCents, c.lang)} ist eingegangen. Kassenzeichen: ${pay.kassenzeichen}.`)
            : pay.status === 'INITIAL'
              ? alert('info', 'Wir warten auf die Bestätigung des Zahlungsdienstes. Das dauert meist nur wenige Sekunden.')
              : alert('warning', 'Die Zahlung wurde abgebrochen oder ist fehlgeschlagen. Sie können es erneut versuchen.');
        return page(
          c,
          { title: 'Zahlung' },
          html`<div class="narrow"><h1 class="kern-heading-large">Zahlung</h1>${msg}
<p class="kern-body">${pay.purpose}</p>
${pay.status === 'INITIAL' ? html`<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/zahlung/${pay.id}">Status aktualisieren</a></p>` : ''}
<p class="kern-body"><a class="kern-link" href="${back}">Zurück zum Antrag</a></p></div>`,
        );
      },
    });
  },
};
