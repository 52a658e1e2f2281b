import { fileURLToPath } from 'node:url';
import { isUuid, alert, errorSummary, fileContent, formatDate, formatDateTime, html, notFound, page, paragraphs, policies, postForm, str, textarea, type Ctx, type ModuleDefinition, type Platform } from '../../kernel/index.ts';
import { messages, type PostboxMessage } from './messages.ts';
import { documentById, documentsOfThread, messagesOf, noticeByToken, noticesOfDocuments, threadById, threadsOf, unreadCount } from './repository.ts';
import { markRead, recordDocumentRetrieval, replyInThread, REPLY_MAX } from './commands/citizen-actions.ts';
import { NOTIFY_JOB } from './commands/post-to-citizen.ts';
import { notifyHandler } from './notify.ts';

export { postToCitizen, newVerifyToken, type OutgoingDocument } from './commands/post-to-citizen.ts';
export { messagesOf as threadMessages, noticesOfThread } from './repository.ts';
export { bekanntgabeDate, type BekanntgabeRule } from './bekanntgabe.ts';


async function ownThread(p: Platform, c: Ctx) {
  const id = c.params.id ?? '';
  const t = isUuid(id) ? await threadById(p.db, c.tenant!.id, id) : undefined;
  if (!t || t.userId !== c.user!.id) throw notFound();
  return t;
}

async function threadPage(p: Platform, c: Ctx, thread: Awaited<ReturnType<typeof ownThread>>, o: { reply?: string; error?: string } = {}) {
  const m = messages(c.lang);
  const [msgs, docs] = await Promise.all([messagesOf(p.db, c.tenant!.id, thread.id), documentsOfThread(p.db, c.tenant!.id, thread.id)]);
  const tokens = new Map((await noticesOfDocuments(p.db, c.tenant!.id, docs.map((d) => d.id))).map((n) => [n.documentId, n.verifyToken]));
  const base = `/${c.tenant!.slug}/konto`;
  return page(
    c,
    { title: thread.subject },
    html`<div class="narrow"><h1 class="kern-heading-large">${thread.subject}</h1>
${thread.reference ? html`<p class="kern-body kern-body--small">${m('reference')}: ${thread.reference}</p>` : ''}
${o.error ? errorSummary(c, { body: o.error }) : ''}
<ol class="message-list">${msgs.map((msg) => {
      const attached = docs.filter((d) => d.messageId === msg.id);
      return html`<li class="message message--${msg.sender}"><p class="kern-body kern-body--small"><strong>${msg.sender === 'citizen' ? m('you') : m('authority')}</strong> · ${formatDateTime(msg.createdAt, c.lang)}</p>
${paragraphs(msg.body)}
${attached.length ? html`<ul class="kern-list">${attached.map((d) => html`<li><a class="kern-link" href="${base}/dokumente/${d.id}">${m(`kind.${d.kind}` as PostboxMessage)}: ${d.title} – ${m('download')}</a>${tokens.has(d.id) ? html` · <a class="kern-link" href="/${c.tenant!.slug}/pruefen/${tokens.get(d.id)!}">${m('verifyLink')}<span class="kern-sr-only">: ${d.title}</span></a>` : ''}</li>`)}</ul>` : ''}</li>`;
    })}</ol>
<h2 class="kern-heading-medium">${m('reply')}</h2>
${postForm(c, `${base}/postfach/${thread.id}`, textarea({ name: 'body', label: m('replyLabel'), hint: m('replyHint'), value: o.reply ?? '', error: o.error, rows: 5 }), m('send'))}
<p class="kern-body"><a class="kern-link" href="${base}/postfach">${m('back')}</a></p></div>`,
  );
}

/** The postbox of the Bürgerkonto: threads, documents, notices with Bekanntgabe, public verification of documents. */
export const postboxModule: ModuleDefinition = {
  id: 'postbox',
  cafeteria: 'account',
  nav: [{ key: 'nav.account', label: (lang) => messages(lang)('title'), path: '/konto/postfach', policy: policies.citizen }],
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  jobs: (p) => ({ [NOTIFY_JOB]: notifyHandler(p) }),
  async personalData(c) {
    const threads = await threadsOf(c.platform.db, c.tenant!.id, c.user!.id, 10_000);
    const records: Record<string, unknown>[] = [];
    for (const t of threads) {
      const msgs = await messagesOf(c.platform.db, c.tenant!.id, t.id);
      records.push({ betreff: t.subject, zeichen: t.reference, nachrichten: msgs.map((x) => ({ von: x.sender === 'citizen' ? 'Sie' : 'Verwaltung', zeit: x.createdAt, text: x.body })) });
    }
    return { title: messages(c.lang)('title'), records };
  },
  async accountSections(c) {
    if (c.user?.kind !== 'citizen') return undefined;
    const m = messages(c.lang);
    const { unread } = await unreadCount(c.platform.db, c.tenant!.id, c.user.id);
    return html`<h2 class="kern-heading-medium">${m('title')}</h2>
${unread ? alert('info', m('newMessages', { n: unread })) : ''}
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto/postfach">${m('open')}</a></p>`;
  },
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/:tenant/konto/postfach',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const m = messages(c.lang);
        const threads = await threadsOf(p.db, c.tenant!.id, c.user!.id, 50);
        return page(
          c,
          { title: m('title') },
          html`<h1 class="kern-heading-large">${m('title')}</h1><p class="kern-body">${m('intro')}</p>
${threads.length === 0 ? html`<p class="kern-body">${m('empty')}</p>` : html`<ul class="service-list">${threads.map(
            (t) => html`<li><a class="kern-link" href="/${c.tenant!.slug}/konto/postfach/${t.id}">${t.citizenUnread ? html`<strong>${t.subject}</strong>` : t.subject}</a>
<p class="kern-body kern-body--small">${t.reference ? `${m('reference')}: ${t.reference} · ` : ''}${formatDateTime(t.lastMessageAt, c.lang)}${t.citizenUnread ? ` · ${m('unread', { n: t.citizenUnread })}` : ''}</p></li>`,
          )}</ul>`}`,
        );
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/konto/postfach/:id',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const t = await ownThread(p, c);
        if (t.citizenUnread) await markRead(p.db, { tenantId: c.tenant!.id, user: c.user!, threadId: t.id, now: c.now });
        return threadPage(p, c, t);
      },
    });
    r.route({
      method: 'POST',
      url: '/:tenant/konto/postfach/:id',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const m = messages(c.lang);
        const t = await ownThread(p, c);
        const body = str(c.body, 'body', REPLY_MAX + 1).trim();
        const error = !body ? m('replyEmpty') : body.length > REPLY_MAX ? m('replyTooLong') : undefined;
        if (error) {
          c.reply.code(422);
          return threadPage(p, c, t, { reply: body, error });
        }
        await replyInThread(p, { tenantId: c.tenant!.id, user: c.user!, thread: t, body, now: c.now });
        c.redirect(`/${c.tenant!.slug}/konto/postfach/${t.id}`, 'postbox.sent');
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/konto/dokumente/:id',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const id = c.params.id ?? '';
        const d = isUuid(id) ? await documentById(p.db, c.tenant!.id, id) : undefined;
        if (!d || d.userId !== c.user!.id) throw notFound();
        const file = await fileContent(p.db, c.tenant!.id, d.fileId);
        if (!file) throw notFound();
        await recordDocumentRetrieval(p.db, { tenantId: c.tenant!.id, user: c.user!, documentId: d.id, now: c.now });
        c.reply.header('Content-Disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`);
        return void c.reply.type(file.mime).send(file.content);
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/pruefen/:token',
      policy: policies.public,
      handler: async (c) => {
        const m = messages(c.lang);
        const token = c.params.token ?? '';
        const n = /^[A-Za-z0-9_-]{43}$/.test(token) ? await noticeByToken(p.db, c.tenant!.id, token) : undefined;
        const authority = `${c.t(`kind.${c.tenant!.kind}`)} ${c.tenant!.name}`;
        if (!n) {
          c.reply.code(404);
          return page(c, { title: m('verifyTitle') }, html`<h1 class="kern-heading-large">${m('verifyTitle')}</h1>${alert('danger', m('verifyUnknown'))}`);
        }
        return page(
          c,
          { title: m('verifyTitle') },
          html`<h1 class="kern-heading-large">${m('verifyTitle')}</h1>
${n.status === 'valid' ? alert('success', m('verifyValid', { authority })) : alert('danger', m('verifyRevoked'))}
<dl class="kern-description-list">
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${m('kind.notice')}</dt><dd class="kern-description-list-item__value">${n.subject}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${m('reference')}</dt><dd class="kern-description-list-item__value">${n.reference}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${m('issuedAt')}</dt><dd class="kern-description-list-item__value">${formatDate(n.providedAt, c.lang)}</dd></div>
${Object.entries(n.publicDetails).map(([k, v]) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${k}</dt><dd class="kern-description-list-item__value">${v}</dd></div>`)}
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${m('hash')}</dt><dd class="kern-description-list-item__value"><code class="hash">${n.sha256}</code></dd></div>
</dl>`,
        );
      },
    });
  },
};
