import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { enqueueJob, html, page, policies, formatCents, type Ctx, type JobHandler, type Platform, type Router } from '../../kernel/index.ts';
import { findTx, insertTx, settleTx, type TxRow } from './testkasse.repository.ts';

/**
 * "Testkasse": an embedded payment provider that behaves like GiroCheckout / XBezahldienste
 * providers: the citizen is redirected to its page, pays or cancels, the provider sends a signed
 * server-to-server notification and answers signed status queries. It keeps its own books and
 * shares nothing with the platform but the merchant secret.
 */
export const TESTKASSE = 'testkasse';
export const TESTKASSE_NOTIFY_JOB = 'testkasse.notify';

export function merchantSecret(p: Platform): string {
  return createHmac('sha256', p.config.secretKey).update('testkasse-merchant').digest('base64url');
}

export interface ProviderNotification {
  notificationId: string;
  txId: string;
  reference: string;
  amountCents: number;
  status: 'PAYED' | 'FAILED' | 'CANCELED' | 'INITIAL';
  method: string;
  timestamp: string;
}

function canonical(n: ProviderNotification): string {
  return [n.notificationId, n.txId, n.reference, n.amountCents, n.status, n.method, n.timestamp].join('|');
}

export function sign(secret: string, n: ProviderNotification): string {
  return createHmac('sha256', secret).update(canonical(n)).digest('hex');
}

export function verify(secret: string, n: ProviderNotification, signature: string): boolean {
  const expected = Buffer.from(sign(secret, n), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Opens a transaction at the provider; returns where to send the citizen. */
export async function initiate(p: Platform, o: { tenantId: string; amountCents: number; purpose: string; reference: string; notifyUrl: string; returnUrl: string; now: Date }): Promise<{ txId: string; redirectUrl: string }> {
  const txId = `TK${randomBytes(9).toString('hex').toUpperCase()}`;
  await insertTx(p.db, { ...o, txId });
  return { txId, redirectUrl: `${p.config.baseUrl}/testkasse/zahlung/${txId}` };
}

async function txById(p: Platform, id: string): Promise<TxRow | undefined> {
  if (!/^TK[0-9A-F]{18}$/.test(id)) return undefined;
  return findTx(p.db, id);
}

function notificationOf(tx: TxRow, now: Date): ProviderNotification {
  return { notificationId: randomBytes(12).toString('hex'), txId: tx.id, reference: tx.reference, amountCents: tx.amount_cents, status: tx.status, method: 'GIROPAY', timestamp: now.toISOString() };
}

/** Delivers the signed notification; a failed delivery is retried by the job runner with backoff. */
export function notifyJob(p: Platform): JobHandler {
  return async (job) => {
    const tx = await txById(p, String(job.payload.txId));
    if (!tx) return;
    const n = notificationOf(tx, p.clock.now());
    const res = await p.deliver(tx.notify_url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-testkasse-signature': sign(merchantSecret(p), n) }, body: JSON.stringify(n) });
    if (res.status >= 300) throw new Error(`notification refused: ${res.status}`);
  };
}

/** Status query as the provider's API answers it (signed), used by the reconciliation job. */
export async function queryStatus(p: Platform, txId: string): Promise<{ notification: ProviderNotification; signature: string } | undefined> {
  const res = await p.deliver(`${p.config.baseUrl}/testkasse/api/status/${encodeURIComponent(txId)}`, { method: 'GET' });
  if (res.status !== 200) return undefined;
  const body = JSON.parse(res.body) as { notification: ProviderNotification; signature: string };
  return body;
}

function providerPage(c: Ctx, tx: TxRow, body: ReturnType<typeof html>) {
  return page(c, { title: 'Testkasse – Bezahlen' }, html`<div class="narrow"><p class="kern-body kern-body--small">Zahlungsdienst „Testkasse“ (Demo-Zahlungsanbieter, es fließt kein echtes Geld)</p>
<h1 class="kern-heading-large">Bezahlen: ${formatCents(tx.amount_cents, c.lang)}</h1>
<dl class="kern-description-list">
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">Verwendungszweck</dt><dd class="kern-description-list-item__value">${tx.purpose}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">Kassenzeichen</dt><dd class="kern-description-list-item__value">${tx.reference}</dd></div>
</dl>${body}</div>`);
}

export function testkasseRoutes(r: Router, p: Platform): void {
  r.route({
    method: 'GET',
    url: '/testkasse/zahlung/:tx',
    policy: policies.public,
    handler: async (c) => {
      const tx = await txById(p, c.params.tx ?? '');
      if (!tx) return void c.reply.code(404).type('text/plain; charset=utf-8').send('Unbekannte Transaktion');
      if (tx.status !== 'INITIAL') return providerPage(c, tx, html`<p class="kern-body">Diese Zahlung ist abgeschlossen (${tx.status}).</p><p class="kern-body"><a class="kern-link" href="${tx.return_url}">Zurück zur Verwaltung</a></p>`);
      const form = (action: string, label: string, primary: boolean) => html`<form method="post" action="/testkasse/zahlung/${tx.id}/${action}" class="inline-form">
<input type="hidden" name="_csrf" value="${c.csrf()}"><button type="submit" class="kern-btn ${primary ? 'kern-btn--primary' : 'kern-btn--secondary'}"><span class="kern-label">${label}</span></button></form>`;
      return providerPage(c, tx, html`<div class="kern-btn-wrapper">${form('bezahlen', 'Jetzt bezahlen', true)}${form('abbrechen', 'Abbrechen', false)}</div>`);
    },
  });
  for (const [action, status] of [['bezahlen', 'PAYED'], ['abbrechen', 'CANCELED']] as const) {
    r.route({
      method: 'POST',
      url: `/testkasse/zahlung/:tx/${action}`,
      policy: policies.public,
      handler: async (c) => {
        const tx = await txById(p, c.params.tx ?? '');
        if (!tx) return void c.reply.code(404).send();
        await p.db.transaction(async (t) => {
          if (await settleTx(t, tx.id, status)) await enqueueJob(t, { tenantId: null, kind: TESTKASSE_NOTIFY_JOB, payload: { txId: tx.id }, runAt: c.now });
        });
        // The browser comes back with a status the platform must not trust; only the signed notification counts.
        c.redirect(`${tx.return_url}?status=${status}`);
      },
    });
  }
  r.route({
    method: 'GET',
    url: '/testkasse/api/status/:tx',
    policy: policies.public,
    api: true,
    handler: async (c) => {
      const tx = await txById(p, c.params.tx ?? '');
      if (!tx) return void c.reply.code(404).send({ error: 'unknown' });
      const n = notificationOf(tx, c.now);
      return { notification: n, signature: sign(merchantSecret(p), n) };
    },
  });
}
