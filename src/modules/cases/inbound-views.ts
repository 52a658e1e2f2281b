// Pages of the Posteingang (inbound mail), the Postausgang (print batches) and the letter form of the case page.
// German, KERN, no JavaScript needed.
import { alert, descriptionList, errorSummary, field, formatDate, formatDateTime, html, page, paragraphs, postForm, raw, select, textarea, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import type { Case, CaseType } from './repository.ts';
import type { InboundItem, OutgoingLetter, PrintBatch } from './inbound.repository.ts';
import type { WorklistItem } from './queries/worklist.ts';
import { base as casesBase, smallButton, table } from './views.ts';
import { INBOUND_LIMITS, INBOUND_ACCEPT, type AssignForms, type LetterForm, type UploadForm } from './inbound-schema.ts';

export const inboxBase = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/posteingang`;
export const printBase = (c: Ctx) => `${casesBase(c)}/druck`;
const itemUrl = (c: Ctx, id: string) => `${inboxBase(c)}/${id}`;
const fileUrl = (c: Ctx, id: string) => `/${c.tenant!.slug}/verwaltung/akten/${id}`;
const docUrl = (c: Ctx, id: string) => `/${c.tenant!.slug}/verwaltung/akten/dokumente/${id}`;

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');
const KIND_LABELS: Record<InboundItem['kind'], string> = { letter: 'Brief (Scan)', email: 'E-Mail' };

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}

function typeText(mime: string): string {
  return mime === 'application/pdf' ? 'PDF' : mime === 'image/png' ? 'PNG-Bild' : mime === 'image/jpeg' ? 'JPEG-Bild' : mime === 'message/rfc822' ? 'E-Mail' : mime;
}

/** A KERN file input (the kernel's `field` has no file type). */
function fileInput(o: { name: string; label: string; hint: string; error?: string | undefined; accept: string }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [`${id}-hint`, o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${o.label}</label>
<div class="kern-hint" id="${id}-hint">${o.hint}</div>
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="file" accept="${o.accept}" aria-describedby="${described}"${o.error ? raw(' aria-invalid="true"') : ''}>
</div>`;
}

function links(c: Ctx): SafeHtml {
  return html`<ul class="appt-links">
<li><a class="kern-link" href="${inboxBase(c)}">Posteingang</a></li>
<li><a class="kern-link" href="${printBase(c)}">Postausgang: Druckstapel</a></li>
<li><a class="kern-link" href="${casesBase(c)}">Vorgänge</a></li>
</ul>`;
}

function targetOf(c: Ctx, i: InboundItem): SafeHtml {
  if (i.caseId && i.caseNumber) return html`Vorgang <a class="kern-link" href="${casesBase(c)}/${i.caseId}">${i.caseNumber}</a>`;
  if (i.fileId && i.fileNumber) return html`Akte <a class="kern-link" href="${fileUrl(c, i.fileId)}">${i.fileNumber}</a>`;
  return html`–`;
}

/** The inbox: upload with receipt stamp, new items (oldest first), the latest assigned ones. */
export function inboxPage(c: Ctx, v: { fresh: InboundItem[]; assigned: InboundItem[]; form: UploadForm; key: string; errors?: FieldErrors }): SafeHtml {
  const e = v.errors ?? {};
  const b = inboxBase(c);
  return page(
    c,
    { title: 'Posteingang', wide: true },
    html`<h1 class="kern-heading-large">Posteingang</h1>
${links(c)}
<p class="kern-body">Gescannte Briefe und E-Mails kommen hier an. Jeder Eingang erhält einen Eingangsstempel mit Datum, Uhrzeit und einer fortlaufenden Nummer. Die Datei bleibt unverändert gespeichert. Ordnen Sie den Eingang danach einem Vorgang oder einer Akte zu, oder legen Sie einen neuen Vorgang an.</p>
<section aria-labelledby="erfassen-h" class="narrow"><h2 class="kern-heading-medium" id="erfassen-h">Eingang erfassen</h2>
${errorSummary(c, e)}
<form method="post" action="${b}" enctype="multipart/form-data" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="schluessel" value="${v.key}">
${fileInput({ name: 'datei', label: 'Datei', hint: 'Gescannter Brief als PDF, PNG oder JPEG, oder eine E-Mail als .eml-Datei; höchstens 20 MB. Verschlüsselte PDF-Dateien und E-Mails mit Programmen im Anhang werden abgelehnt.', error: e.datei, accept: INBOUND_ACCEPT })}
${field({ name: 'absender', label: 'Absender', hint: 'Bei Briefen Pflicht, zum Beispiel „Erika Muster, Lindenweg 4, 18249 Lindenhagen“. Bei E-Mails aus der Nachricht übernommen, wenn leer.', value: v.form.absender, error: e.absender, maxlength: INBOUND_LIMITS.sender })}
${field({ name: 'betreff', label: 'Betreff (freiwillig)', hint: 'Bei E-Mails aus der Nachricht übernommen, wenn leer.', value: v.form.betreff, error: e.betreff, maxlength: INBOUND_LIMITS.subject })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Eingang speichern</span></button></div>
</form></section>
<h2 class="kern-heading-medium">Neue Eingänge</h2>
${v.fresh.length
  ? table(
      `Neue Eingänge (${v.fresh.length}${v.fresh.length >= INBOUND_LIMITS.list ? ' oder mehr' : ''}), die ältesten zuerst`,
      ['Eingangsnummer', 'Eingegangen', 'Art', 'Absender', 'Betreff'],
      v.fresh.map((i) => [html`<a class="kern-link" href="${itemUrl(c, i.id)}">${i.number}</a>`, html`${formatDateTime(i.receivedAt, c.lang)}`, html`${KIND_LABELS[i.kind]}`, html`${i.sender || '–'}`, html`${i.subject || '–'}`]),
    )
  : html`<p class="kern-body">Es gibt keine neuen Eingänge.</p>`}
<h2 class="kern-heading-medium">Zuletzt zugeordnet</h2>
${v.assigned.length
  ? table(
      'Zuletzt zugeordnete Eingänge',
      ['Eingangsnummer', 'Zugeordnet', 'Absender', 'Betreff', 'Abgelegt in'],
      v.assigned.map((i) => [html`<a class="kern-link" href="${itemUrl(c, i.id)}">${i.number}</a>`, html`${i.assignedAt ? formatDateTime(i.assignedAt, c.lang) : '–'}`, html`${i.sender || '–'}`, html`${i.subject || '–'}`, targetOf(c, i)]),
    )
  : html`<p class="kern-body">Noch keine Eingänge zugeordnet.</p>`}`,
  );
}

export interface ItemView {
  item: InboundItem;
  text: string;
  /** The case search of "Einem Vorgang zuordnen" (GET ?vorgang=…) and what it found. */
  search: { q: string; results: WorklistItem[] | undefined };
  types: CaseType[];
  forms: AssignForms;
  errors?: FieldErrors;
  notice?: SafeHtml;
}

/** One inbound item: receipt stamp, original (download, image preview, text), and the three ways to assign it. */
export function itemPage(c: Ctx, v: ItemView): SafeHtml {
  const i = v.item;
  const u = itemUrl(c, i.id);
  const e = v.errors ?? {};
  const image = i.mime === 'image/png' || i.mime === 'image/jpeg';
  return page(
    c,
    { title: `Eingang ${i.number}`, wide: true },
    html`<p class="kern-body"><a class="kern-link" href="${inboxBase(c)}">Zurück zum Posteingang</a></p>
<h1 class="kern-heading-large">Eingang ${i.number}</h1>
${v.notice ?? ''}${errorSummary(c, e)}
${descriptionList([
  ['Eingangsnummer', i.number],
  ['Eingegangen am', formatDateTime(i.receivedAt, c.lang)],
  ['Art', KIND_LABELS[i.kind]],
  ['Absender', i.sender || '–'],
  ['Betreff', i.subject || '–'],
  ...(i.kind === 'email' ? ([['Gesendet am', i.sentAt ? formatDateTime(i.sentAt, c.lang) : 'unbekannt']] as [string, string][]) : []),
  ['Datei', `${i.name} (${typeText(i.mime)}, ${sizeText(i.size)})`],
  ['Prüfsumme (SHA-256) des Originals', html`<code class="hash">${i.sha256}</code>`],
  ['Erfasst von', i.uploadedByName ?? '–'],
  ['Stand', i.status === 'new' ? html`<span class="status-badge">neu</span>` : html`<span class="status-badge">zugeordnet</span> ${targetOf(c, i)}${i.assignedAt ? ` am ${formatDateTime(i.assignedAt, c.lang)}` : ''}${i.assignedByName ? ` von ${i.assignedByName}` : ''}`],
  ...(i.documentId ? ([['Dokument in der E-Akte', html`<a class="kern-link" href="${docUrl(c, i.documentId)}">ansehen</a>`]] as [string, SafeHtml][]) : []),
])}
<h2 class="kern-heading-medium">Original</h2>
<p class="kern-body"><a class="kern-link" href="${u}/original">Original herunterladen<span class="kern-sr-only"> (${i.name})</span></a> – die Datei ist genau so gespeichert, wie sie eingegangen ist.</p>
${image ? html`<p class="kern-body"><img class="inbound-scan" src="${u}/vorschau" alt="Vorschau des gescannten Schreibens ${i.number}" width="700"></p>` : ''}
${i.kind === 'email' && i.attachments.length ? html`<h3 class="kern-heading-small">Anhänge der E-Mail</h3>
<p class="kern-body">Die Anhänge sind in der gespeicherten E-Mail enthalten. Sie werden hier weder geöffnet noch einzeln angeboten.</p>
<ul class="kern-list">${i.attachments.map((a) => html`<li>${a.name} (${typeText(a.mime)}, ${sizeText(a.size)})</li>`)}</ul>` : ''}
${v.text.trim()
  ? i.kind === 'email'
    ? html`<h3 class="kern-heading-small">Inhalt der E-Mail</h3><pre class="mail">${v.text}</pre>`
    : html`<details class="kern-body"><summary>Erkannter Text des Schreibens (Auszug)</summary>${paragraphs(v.text)}</details>`
  : i.kind === 'letter' ? html`<p class="kern-body kern-body--small">Das Schreiben enthält keinen lesbaren Text (zum Beispiel ein Bild ohne Texterkennung).</p>` : ''}
${i.status === 'new' ? assignForms(c, v) : ''}`,
  );
}

function assignForms(c: Ctx, v: ItemView): SafeHtml {
  const u = itemUrl(c, v.item.id);
  const e = v.errors ?? {};
  const f = v.forms;
  const results = v.search.results;
  const usable = v.types.filter((t) => t.active && t.planItemId);
  return html`<h2 class="kern-heading-medium">Zuordnen</h2>
<p class="kern-body">Der Eingang wird als eingehendes Dokument in die Akte abgelegt; Absender und Betreff werden übernommen.</p>
<section aria-labelledby="zu-vorgang-h"><h3 class="kern-heading-small" id="zu-vorgang-h">Einem Vorgang zuordnen</h3>
<form method="get" action="${u}" class="search-form" role="search" aria-label="Vorgang suchen">
${field({ name: 'vorgang', label: 'Aktenzeichen, Betreff oder Name im Vorgang', hint: 'Zum Beispiel 32.20-2026-000001 oder den Anfang davon', value: v.search.q, error: e.vorgang, maxlength: 200 })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Vorgänge suchen</span></button></div>
</form>
${results === undefined
  ? ''
  : results.length
    ? table(
        'Gefundene offene Vorgänge',
        ['Aktenzeichen', 'Betreff', 'Beteiligte', 'Stand', 'Aktion'],
        results.map((r) => [
          html`<a class="kern-link" href="${casesBase(c)}/${r.id}">${r.number}</a>`,
          html`${r.subject}`,
          html`${r.party || '–'}`,
          html`${r.statusLabel}`,
          html`<form method="post" action="${u}/zuordnen" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="vorgang" value="${r.id}">${smallButton('Zuordnen', `Vorgang ${r.number}`, true)}</form>`,
        ]),
      )
    : html`<p class="kern-body" role="status">Kein offener Vorgang gefunden.</p>`}
</section>
<section aria-labelledby="zu-akte-h" class="narrow"><h3 class="kern-heading-small" id="zu-akte-h">Einer Akte ohne Vorgang zuordnen</h3>
${postForm(c, `${u}/akte`, field({ name: 'akte', label: 'Aktenzeichen der Akte', hint: 'Zum Beispiel 1-2026-000003', value: f.akte, error: e.akte, maxlength: 60 }), 'Der Akte zuordnen')}
</section>
<section aria-labelledby="neu-h" class="narrow"><h3 class="kern-heading-small" id="neu-h">Neuen Vorgang anlegen</h3>
${usable.length
  ? postForm(
      c,
      `${u}/vorgang`,
      html`${select({ name: 'typ', label: 'Vorgangstyp', value: f.typ, error: e.typ, options: [{ value: '', label: '– bitte wählen –' }, ...usable.map((t) => ({ value: t.id, label: t.name }))] })}
${field({ name: 'betreff', label: 'Betreff des Vorgangs', value: f.betreff, error: e.betreff, maxlength: INBOUND_LIMITS.subject, required: true })}
${field({ name: 'beteiligte', label: 'Beteiligte Person oder Firma', value: f.beteiligte, error: e.beteiligte, maxlength: INBOUND_LIMITS.sender })}`,
      'Vorgang anlegen und zuordnen',
    )
  : alert('info', 'Es gibt keinen aktiven Vorgangstyp mit Akte. Die Administration richtet ihn unter „Vorgangstypen“ ein.')}
</section>`;
}

export interface LetterPanel {
  c: Case;
  channel: 'postbox' | 'print';
  fileOpen: boolean;
  citizenName: string | undefined;
  letters: OutgoingLetter[];
  candidates: { id: string; title: string }[];
  batches: Map<string, PrintBatch>;
  form: LetterForm;
  key: string;
  errors?: FieldErrors;
}

/** The "Schreiben versenden" part of the case page: form, where the letter goes, letters sent so far. */
export function letterSection(c: Ctx, v: LetterPanel): SafeHtml {
  const e = v.errors ?? {};
  const f = v.form;
  const way = (l: OutgoingLetter) => {
    if (l.channel === 'postbox') return 'Postfach im Bürgerkonto';
    if (!l.batchId) return 'Druck: wartet auf den Druckstapel';
    const b = v.batches.get(l.batchId);
    return b ? `Druck: im Druckstapel vom ${formatDateTime(b.createdAt, c.lang)}` : 'Druck: im Druckstapel';
  };
  return html`<section aria-labelledby="schreiben-h"><h2 class="kern-heading-medium" id="schreiben-h">Schreiben versenden</h2>
${v.letters.length
  ? table(
      `Schreiben zum Vorgang ${v.c.number}`,
      ['Betreff', 'Datum', 'Weg', 'Dokument'],
      v.letters.map((l) => [html`${l.subject}`, html`${formatDate(new Date(`${l.letterDate}T12:00:00Z`), c.lang)}`, html`${way(l)}`, html`<a class="kern-link" href="${docUrl(c, l.documentId)}">in der E-Akte<span class="kern-sr-only">: ${l.subject}</span></a>`]),
    )
  : ''}
${!v.fileOpen
  ? html`<p class="kern-body">Schreiben werden in der Akte des Vorgangs abgelegt. Dieser Vorgang hat keine offene Akte; deshalb kann hier kein Schreiben versendet werden.</p>`
  : html`<div class="narrow">
<p class="kern-body">${v.channel === 'postbox'
      ? `Das Schreiben geht als PDF in das Postfach von ${v.citizenName ?? 'der Antragstellerin oder dem Antragsteller'} im Bürgerkonto; eine E-Mail sagt nur, dass etwas im Postfach liegt.`
      : 'Zu diesem Vorgang gibt es kein Bürgerkonto. Das Schreiben kommt in den Druckstapel für den Postversand; bitte geben Sie die Anschrift an.'} Eine Kopie wird in der E-Akte abgelegt.</p>
${errorSummary(c, e)}
${postForm(
  c,
  `${casesBase(c)}/${v.c.id}/schreiben`,
  html`<input type="hidden" name="schluessel" value="${v.key}">
${field({ name: 'brief_betreff', label: 'Betreff des Schreibens', value: f.betreff, error: e.brief_betreff, required: true, maxlength: INBOUND_LIMITS.letterSubject })}
${textarea({ name: 'brief_text', label: 'Text des Schreibens', hint: 'Mit Anrede, zum Beispiel „Sehr geehrte Frau Muster,“. Absätze trennen Sie mit einer Leerzeile. Gruß und Ihr Name werden angefügt.', value: f.text, error: e.brief_text, rows: 8 })}
${textarea({ name: 'brief_anschrift', label: v.channel === 'postbox' ? 'Anschrift (freiwillig)' : 'Anschrift', hint: 'Name, Straße und Hausnummer, Postleitzahl und Ort – jede Angabe in einer eigenen Zeile.', value: f.anschrift, error: e.brief_anschrift, rows: 4 })}
${v.candidates.length ? select({ name: 'brief_anlage', label: 'Anlage (freiwillig)', hint: v.channel === 'postbox' ? 'Das Dokument aus der E-Akte wird mitgeschickt.' : 'Das Dokument wird im Schreiben als Anlage genannt und beim Druckstapel zum Beilegen aufgeführt.', value: f.anlage, error: e.brief_anlage, options: [{ value: '', label: 'keine' }, ...v.candidates.map((d) => ({ value: d.id, label: d.title }))] }) : ''}`,
  'Schreiben versenden',
)}</div>`}
</section>`;
}

/** Letters waiting for postal dispatch, the batch button, and earlier batches. */
export function printPage(c: Ctx, v: { pending: OutgoingLetter[]; more: boolean; batches: PrintBatch[]; key: string; shown?: { batch: PrintBatch; letters: OutgoingLetter[] }; notice?: SafeHtml }): SafeHtml {
  const b = printBase(c);
  const enclosures = v.shown?.letters.filter((l) => l.enclosureDocumentId) ?? [];
  return page(
    c,
    { title: 'Postausgang: Druckstapel', wide: true },
    html`<h1 class="kern-heading-large">Postausgang: Druckstapel</h1>
${links(c)}
${v.notice ?? ''}
${v.shown
  ? html`<section aria-labelledby="stapel-h" class="kern-alert kern-alert--success"><div class="kern-alert__header"><span class="kern-icon kern-icon--success" aria-hidden="true"></span><h2 class="kern-title" id="stapel-h">Druckstapel vom ${formatDateTime(v.shown.batch.createdAt, c.lang)}</h2></div>
<div class="kern-alert__body"><p class="kern-body">${v.shown.batch.letters === 1 ? 'Ein Schreiben' : `${v.shown.batch.letters} Schreiben`} in einer PDF-Datei, jedes auf eigenen Seiten.</p>
<p class="kern-body"><a class="kern-link" href="${b}/${v.shown.batch.id}">Druckstapel herunterladen (PDF)</a></p>
${enclosures.length ? html`<p class="kern-body">Bitte legen Sie diese Anlagen bei:</p><ul class="kern-list">${enclosures.map((l) => html`<li>${l.caseNumber}, „${l.subject}“: <a class="kern-link" href="${docUrl(c, l.enclosureDocumentId!)}">${l.enclosureTitle ?? 'Anlage'}</a></li>`)}</ul>` : ''}
</div></section>`
  : ''}
<h2 class="kern-heading-medium">Schreiben für den Postversand</h2>
${v.pending.length
  ? html`${table(
      `Wartende Schreiben (${v.pending.length}${v.more ? ' und weitere' : ''})`,
      ['Vorgang', 'Betreff', 'Empfänger', 'Seiten', 'Anlage', 'Geschrieben'],
      v.pending.map((l) => [
        html`<a class="kern-link" href="${casesBase(c)}/${l.caseId}">${l.caseNumber}</a>`,
        html`${l.subject}`,
        html`${l.address.split('\n')[0] ?? '–'}`,
        html`${l.pages}`,
        html`${l.enclosureTitle ?? '–'}`,
        html`${formatDateTime(l.createdAt, c.lang)}`,
      ]),
    )}
<form method="post" action="${b}" novalidate class="stack"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="schluessel" value="${v.key}">
<p class="kern-body">Alle wartenden Schreiben${v.more ? ' (bis zu 200)' : ''} kommen in eine PDF-Datei zum Drucken und gelten danach als gedruckt.</p>
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Druckstapel erstellen</span></button></div></form>`
  : html`<p class="kern-body">Es warten keine Schreiben auf den Postversand.</p>`}
<h2 class="kern-heading-medium">Frühere Druckstapel</h2>
${v.batches.length
  ? table(
      'Druckstapel, die neuesten zuerst',
      ['Erstellt', 'Schreiben', 'Erstellt von', 'Datei'],
      v.batches.map((x) => [html`<a class="kern-link" href="${b}?stapel=${x.id}">${formatDateTime(x.createdAt, c.lang)}</a>`, html`${x.letters}`, html`${x.createdByName ?? '–'}`, html`<a class="kern-link" href="${b}/${x.id}">herunterladen<span class="kern-sr-only"> (Druckstapel vom ${formatDateTime(x.createdAt, c.lang)})</span></a>`]),
    )
  : html`<p class="kern-body">Es wurde noch kein Druckstapel erstellt.</p>`}`,
  );
}
