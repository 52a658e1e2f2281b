// Pages of the Mandatsträger's area (/mandat): the Mandatspostfach, upcoming meetings and the member view of a meeting
// with the non-public part. German, KERN, no JavaScript needed.
import { alert, descriptionList, formatDate, formatDateTime, html, page, type Ctx, type SafeHtml } from '../../kernel/index.ts';
import type { MailboxItem, MailboxKind } from './mailbox.repository.ts';
import type { AgendaItem, Body, CouncilFile, Location, Paper, Person } from './repository.ts';
import type { MeetingDetail, PersonMeeting } from './meetings.repository.ts';
import { locationText, meetingWhen } from './invitation.ts';
import { berlinTime, mandateBase, MEETING_STATE_LABELS, PAPER_TYPE_LABELS, personName, table } from './ui.ts';

const KIND_LABELS: Record<MailboxKind, string> = { invitation: 'Einladung', minutes: 'Niederschrift', statement: 'Abrechnung', notice: 'Mitteilung' };

function when(m: Pick<MeetingDetail, 'startsAt' | 'endsAt'>): string {
  return `${formatDate(m.startsAt)}, ${berlinTime(m.startsAt)}–${berlinTime(m.endsAt)} Uhr`;
}

function mailboxTable(c: Ctx, items: MailboxItem[], caption: string): SafeHtml {
  const b = mandateBase(c);
  return table(
    caption,
    ['Eingang', 'Betreff', 'Art', 'Gelesen'],
    items.map((i) => [
      html`${formatDateTime(i.deliveredAt)}`,
      i.storedFileId
        ? html`<a class="kern-link" href="${b}/postfach/${i.id}">${i.openedAt ? i.subject : html`<strong>${i.subject}</strong>`}</a>`
        : html`${i.openedAt ? i.subject : html`<strong>${i.subject}</strong>`}`,
      html`${KIND_LABELS[i.kind]}`,
      html`${i.openedAt ? `geöffnet am ${formatDateTime(i.openedAt)}` : html`<strong>Neu</strong> – noch nicht geöffnet`}`,
    ]),
  );
}

/** The councillor's start page; without a linked council person, a friendly explanation instead. */
export function mandateHome(c: Ctx, o: { person: Person | undefined; items: MailboxItem[]; meetings: PersonMeeting[] }): SafeHtml {
  const b = mandateBase(c);
  if (!o.person) {
    return page(
      c,
      { title: 'Mein Mandat' },
      html`<div class="narrow"><h1 class="kern-heading-large">Mein Mandat</h1>
${alert('info', 'Ihr Zugang ist noch keinem Mitglied eines Gremiums zugeordnet. Sobald der Sitzungsdienst Ihr Benutzerkonto mit Ihrer Person verknüpft hat, finden Sie hier Ihr Mandatspostfach mit Einladungen und Unterlagen sowie Ihre nächsten Sitzungen. Bitte wenden Sie sich dazu an den Sitzungsdienst.', 'Noch nicht zugeordnet')}</div>`,
    );
  }
  const unread = o.items.filter((i) => !i.openedAt).length;
  return page(
    c,
    { title: 'Mein Mandat', wide: true },
    html`<h1 class="kern-heading-large">Mein Mandat</h1>
<p class="kern-body">Angemeldet als ${personName(o.person)}.</p>
<h2 class="kern-heading-medium">Mandatspostfach</h2>
<p class="kern-body">${unread ? `${unread} ${unread === 1 ? 'neues Dokument' : 'neue Dokumente'}.` : 'Keine neuen Dokumente.'} Mit dem ersten Öffnen eines Dokuments gilt es als zugestellt.</p>
${o.items.length ? mailboxTable(c, o.items, 'Dokumente im Mandatspostfach, neueste zuerst') : html`<p class="kern-body">Ihr Mandatspostfach ist leer.</p>`}
<h2 class="kern-heading-medium">Meine nächsten Sitzungen</h2>
${o.meetings.length
  ? table(
      'Sitzungen der Gremien, denen Sie angehören',
      ['Termin', 'Sitzung', 'Gremium', 'Stand'],
      o.meetings.map((m) => [html`${when(m)}`, html`<a class="kern-link" href="${b}/sitzungen/${m.id}">${m.name}</a>`, html`${m.bodyName}`, html`<span class="status-badge">${MEETING_STATE_LABELS[m.state]}</span>`]),
    )
  : html`<p class="kern-body">Es sind keine Sitzungen Ihrer Gremien geplant.</p>`}
<p class="kern-body"><a class="kern-link" href="${b}/termine.ics">Meine Sitzungstermine als Kalenderdatei (iCalendar)</a></p>`,
  );
}

export interface MemberMeetingView {
  meeting: MeetingDetail;
  body: Body;
  location: Location | undefined;
  agenda: AgendaItem[];
  papers: Map<string, Paper>;
  files: Map<string, CouncilFile[]>;
  items: MailboxItem[];
}

/** The member view of a meeting: the whole agenda with the non-public part and the papers' files. */
export function memberMeetingPage(c: Ctx, v: MemberMeetingView): SafeHtml {
  const b = `${mandateBase(c)}/sitzungen/${v.meeting.id}`;
  const m = v.meeting;
  const part = (items: AgendaItem[], caption: string) =>
    items.length
      ? table(
          caption,
          ['Nr.', 'Gegenstand', 'Unterlagen'],
          items.map((i) => {
            const p = i.paperId ? v.papers.get(i.paperId) : undefined;
            const files = p ? (v.files.get(p.id) ?? []) : [];
            return [
              html`${i.number}`,
              html`${i.name}${p ? html`<br><span class="kern-body--small">${PAPER_TYPE_LABELS[p.paperType]} ${p.reference}</span>` : ''}`,
              files.length ? html`<ul class="kern-list">${files.map((f) => html`<li><a class="kern-link" href="${b}/dateien/${f.id}">${f.name}</a></li>`)}</ul>` : html`–`,
            ];
          }),
        )
      : html`<p class="kern-body">${caption}: keine Punkte.</p>`;
  const rows: [string, string][] = [
    ['Gremium', v.body.name],
    ['Termin', `${meetingWhen(m)} bis ${berlinTime(m.endsAt)} Uhr`],
    ['Ort', locationText(v.location)],
    ['Stand', MEETING_STATE_LABELS[m.state]],
  ];
  if (m.urgent && m.urgencyReason) rows.push(['Dringlichkeit', m.urgencyReason]);
  if (m.state === 'cancelled') rows.push(['Grund der Absage', m.cancellationReason ?? '–']);
  return page(
    c,
    { title: m.name, wide: true },
    html`<h1 class="kern-heading-large">${m.name}</h1>
${m.state === 'cancelled' ? alert('warning', 'Diese Sitzung ist abgesagt.') : ''}
${descriptionList(rows)}
${v.items.length ? html`<h2 class="kern-heading-medium">Ihre Unterlagen zu dieser Sitzung</h2>${mailboxTable(c, v.items, 'Einladung und Mitteilungen im Mandatspostfach')}` : ''}
<h2 class="kern-heading-medium">Tagesordnung</h2>
${part(v.agenda.filter((i) => i.public), 'Öffentlicher Teil')}
${part(v.agenda.filter((i) => !i.public), 'Nichtöffentlicher Teil (vertraulich)')}
<p class="kern-body"><a class="kern-link" href="${mandateBase(c)}">Zurück zu Mein Mandat</a></p>`,
  );
}
