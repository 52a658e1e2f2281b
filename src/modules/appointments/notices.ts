import { formatDateTime, queueMail, type Tx } from '../../kernel/index.ts';

/**
 * Mails of the Terminvergabe. They carry the date, place and the private link, never more personal data
 * than the recipient typed in themselves.
 */
export interface MailTenant {
  id: string;
  slug: string;
  name: string;
}

export interface Appointment {
  id: string;
  start: Date;
  serviceName: string;
  locationName: string;
  locationAddress: string;
}

const at = (d: Date) => `${formatDateTime(d, 'de')} Uhr`;
const sign = (t: MailTenant) => `\n\nIhre Verwaltung ${t.name}`;
export const bookingLink = (baseUrl: string, t: MailTenant, id: string, token: string) => `${baseUrl}/${t.slug}/termine/${id}?token=${token}`;
export const waitlistLink = (baseUrl: string, t: MailTenant, id: string, token: string) => `${baseUrl}/${t.slug}/termine/warteliste/${id}?token=${token}`;

export async function mailReservation(tx: Tx, t: MailTenant, to: string, link: string, minutes: number, now: Date): Promise<void> {
  await queueMail(tx, t.id, { to, subject: `Bitte bestätigen Sie Ihren Termin – ${t.name}`, text: `Guten Tag,\n\nbitte bestätigen Sie Ihren reservierten Termin über diesen Link. Ohne Bestätigung geben wir den Termin nach ${minutes} Minuten wieder frei.\n\n${link}\n\nÜber denselben Link können Sie den Termin später verschieben oder absagen.${sign(t)}` }, now);
}

export async function mailConfirmation(tx: Tx, t: MailTenant, to: string, a: Appointment, link: string, now: Date): Promise<void> {
  await queueMail(tx, t.id, { to, subject: `Terminbestätigung: ${at(a.start)} – ${t.name}`, text: `Guten Tag,\n\nIhr Termin ist gebucht:\n\n${a.serviceName}\n${at(a.start)}\n${a.locationName}, ${a.locationAddress}\n\nKalendereintrag, Verschieben und Absagen:\n${link}${sign(t)}` }, now);
}

export async function mailReminder(tx: Tx, t: MailTenant, to: string, a: Appointment, link: string, now: Date): Promise<void> {
  await queueMail(tx, t.id, { to, subject: `Erinnerung an Ihren Termin am ${at(a.start)} – ${t.name}`, text: `Guten Tag,\n\nwir erinnern Sie an Ihren Termin:\n\n${a.serviceName}\n${at(a.start)}\n${a.locationName}, ${a.locationAddress}\n\nWenn Sie nicht kommen können, sagen Sie bitte ab, damit andere den Termin nutzen können:\n${link}${sign(t)}` }, now);
}

export async function mailWaitlistConfirm(tx: Tx, t: MailTenant, to: string, serviceName: string, link: string, now: Date): Promise<void> {
  await queueMail(tx, t.id, { to, subject: `Bitte bestätigen Sie Ihren Platz auf der Warteliste – ${t.name}`, text: `Guten Tag,\n\nSie möchten auf die Warteliste für „${serviceName}“. Bitte bestätigen Sie das über diesen Link; erst dann bieten wir Ihnen frei werdende Termine an.\n\n${link}\n\nÜber denselben Link können Sie sich wieder abmelden.${sign(t)}` }, now);
}

export async function mailOffer(tx: Tx, t: MailTenant, to: string, a: Appointment, link: string, until: Date, now: Date): Promise<void> {
  await queueMail(tx, t.id, { to, subject: `Ein Termin ist frei geworden – ${t.name}`, text: `Guten Tag,\n\nfür Sie auf der Warteliste ist ein Termin frei geworden. Wir halten ihn bis ${at(until)} für Sie:\n\n${a.serviceName}\n${at(a.start)}\n${a.locationName}, ${a.locationAddress}\n\nBitte bestätigen Sie ihn rechtzeitig über diesen Link, sonst bieten wir ihn der nächsten Person an:\n${link}${sign(t)}` }, now);
}
