// Shared pieces of the E-Akte pages (German, KERN, no JavaScript needed).
import { formatDateTime, html, policies, raw, type Ctx, type Policy, type SafeHtml } from '../../kernel/index.ts';
import type { AccessEntry, FileStatus } from './repository.ts';
import { statusLabel } from './schema.ts';

/** Who may do what in the E-Akte (routes and the links they show). */
export const POLICIES = {
  read: policies.staff('clerk', 'records', 'admin', 'lead'),
  write: policies.staff('clerk', 'records', 'admin'),
  plan: policies.staff('admin', 'records'),
  dispose: policies.staff('records', 'admin'),
  export: policies.staff('records', 'admin', 'clerk'),
} as const;

export const may = (c: Ctx, p: Policy) => p.check(c.user) === 'allow';

export const base = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/akten`;
export const docUrl = (c: Ctx, id: string) => `${base(c)}/dokumente/${id}`;
export const fileUrl = (c: Ctx, id: string) => `${base(c)}/${id}`;

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

/** A KERN input for the types the kernel's `field` does not offer (date, numbers, file). */
export function input(o: { name: string; id?: string; label: string; value?: string; type?: 'text' | 'date' | 'file' | 'search'; hint?: string; error?: string | undefined; numeric?: boolean; maxlength?: number; accept?: string; required?: boolean }): SafeHtml {
  const id = `f-${o.id ?? o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${o.label}</label>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${o.type !== 'file' ? html` value="${o.value ?? ''}"` : ''}${o.numeric ? raw(' inputmode="numeric"') : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.accept ? html` accept="${o.accept}"` : ''}${o.required ? raw(' required aria-required="true"') : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? raw(' aria-invalid="true"') : ''}>
</div>`;
}

/** A group of radio buttons in a fieldset with legend and inline error. */
export function radios(o: { name: string; legend: string; value: string; options: readonly { value: string; label: string }[]; error?: string | undefined; hint?: string }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="kern-fieldset${o.error ? ' kern-fieldset--error' : ''}" id="${id}"${described ? html` aria-describedby="${described}"` : ''}><legend class="kern-label">${o.legend}</legend>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<div class="kern-fieldset__body">${o.options.map(
    (x) => html`<div class="kern-form-check"><input class="kern-form-check__radio" type="radio" id="${id}-${x.value || 'none'}" name="${o.name}" value="${x.value}"${x.value === o.value ? raw(' checked') : ''}>
<label class="kern-label" for="${id}-${x.value || 'none'}">${x.label}</label></div>`,
  )}</div></fieldset>`;
}

/** A KERN table with caption, column headers and the first cell of each row as row header. */
export function table(caption: string, head: readonly string[], rows: readonly (string | SafeHtml)[][]): SafeHtml {
  return html`<table class="kern-table"><caption class="kern-title">${caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${head.map((h) => html`<th class="kern-table__cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="kern-table__body">${rows.map((r) => html`<tr class="kern-table__row">${r.map((cell, i) => (i === 0 ? html`<th class="kern-table__cell" scope="row">${cell}</th>` : html`<td class="kern-table__cell">${cell}</td>`))}</tr>`)}</tbody></table>`;
}

/** A multipart POST form (uploads) carrying the CSRF token. */
export function uploadForm(c: Ctx, action: string, content: SafeHtml, submit: string): SafeHtml {
  return html`<form method="post" action="${action}" enctype="multipart/form-data" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}">
${content}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${submit}</span></button></div>
</form>`;
}

/** A single-button POST form (close, export, revoke). */
export function buttonForm(c: Ctx, action: string, label: string, o: { secondary?: boolean; hidden?: Record<string, string> } = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}">
${Object.entries(o.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit" class="kern-btn ${o.secondary ? 'kern-btn--secondary' : 'kern-btn--primary'}"><span class="kern-label">${label}</span></button></form>`;
}

export const statusBadge = (s: FileStatus) => html`<span class="status-badge">${statusLabel(s)}</span>`;
export const yesNo = (b: boolean) => (b ? 'ja' : 'nein');

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}

export function typeText(mime: string): string {
  if (mime === 'application/pdf') return 'PDF';
  if (mime === 'image/png') return 'PNG-Bild';
  if (mime === 'image/jpeg') return 'JPEG-Bild';
  if (mime === 'message/rfc822') return 'E-Mail';
  if (mime.startsWith('text/plain')) return 'Text';
  return mime;
}

/** The access log as a table (who, when, how, which version). */
export function accessTable(c: Ctx, caption: string, entries: readonly AccessEntry[], withDocument = false): SafeHtml {
  if (!entries.length) return html`<p class="kern-body">Bisher gibt es keine protokollierten Zugriffe.</p>`;
  const kind = (e: AccessEntry) => (e.kind === 'view' ? 'angesehen' : 'heruntergeladen');
  const channel = (e: AccessEntry) => (e.channel === 'staff' ? 'Verwaltung' : 'Akteneinsicht');
  return table(
    caption,
    withDocument ? ['Zeitpunkt', 'Person', 'Dokument', 'Fassung', 'Zugriff', 'Weg'] : ['Zeitpunkt', 'Person', 'Fassung', 'Zugriff', 'Weg'],
    entries.map((e) => [formatDateTime(e.at, c.lang), e.userName ?? 'unbekannt', ...(withDocument ? [e.documentTitle] : []), String(e.version), kind(e), channel(e)]),
  );
}

/** Content-Disposition for a download: ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}`;
}

/** Sends a stored document: always as a download, never rendered in the portal's origin. */
export function sendDownload(c: Ctx, o: { name: string; mime: string; content: Buffer }): void {
  c.reply.header('Content-Disposition', attachmentHeader(o.name));
  c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  void c.reply.type(o.mime).send(o.content);
}
