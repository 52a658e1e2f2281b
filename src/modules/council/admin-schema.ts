// Form parsing and validation of the council office's master data (bodies, persons, memberships, terms, locations,
// settings). Limits shared by pages and server live here. Checks that need the database (overlaps, names taken) are
// in the commands; lists of allowed ids (bodies, persons, staff users of this tenant) come in as options.
import { str, type FieldErrors } from '../../kernel/index.ts';
import { BODY_KINDS, MEMBERSHIP_ROLES, type BodyData, type BodyKind, type MembershipRole, type PersonData } from './repository.ts';
import { validateNoticeRule, type NoticeRule } from './deadlines.ts';

export const ADMIN_LIMITS = { name: 200, shortName: 40, municipality: 100, personName: 100, title: 50, address: 200, locality: 100, phone: 40, email: 200, personnel: 40, room: 100, location: 300, term: 200 } as const;

/** The Länder whose quorum rule pack exists (quorum.ts). */
export const QUORUM_LAENDER = ['MV', 'BB', 'HE', 'ST', 'RP', 'SL', 'NW'] as const;

/** Kinds of body that vote and therefore need the legal number of members (the base of quorum). */
const VOTING_KINDS: readonly BodyKind[] = ['council', 'committee', 'ortsbeirat', 'amtsausschuss'];

type Body = Record<string, unknown>;
const checked = (b: Body, name: string) => typeof b[name] === 'string' && b[name] !== '';
const opt = (s: string) => (s === '' ? null : s);

/** A calendar day 'YYYY-MM-DD' that exists. */
export function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function dateRange(errors: FieldErrors, form: { startDate: string; endDate: string }, o: { startRequired: boolean; startField?: string; endField?: string }): void {
  const sf = o.startField ?? 'startDate';
  const ef = o.endField ?? 'endDate';
  if (form.startDate === '' ? o.startRequired : !isDay(form.startDate)) errors[sf] = 'Bitte geben Sie das Datum des Beginns an, zum Beispiel 2024-06-09.';
  if (form.endDate !== '' && !isDay(form.endDate)) errors[ef] = 'Bitte geben Sie das Enddatum so an: 2029-06-08.';
  else if (form.endDate !== '' && isDay(form.startDate) && form.endDate < form.startDate) errors[ef] = 'Das Ende liegt vor dem Beginn. Bitte prüfen Sie die Daten.';
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

export interface BodyForm {
  name: string;
  shortName: string;
  kind: string;
  municipality: string;
  legalMembers: string;
  parentId: string;
  startDate: string;
  endDate: string;
}

export const emptyBodyForm = (): BodyForm => ({ name: '', shortName: '', kind: 'committee', municipality: '', legalMembers: '', parentId: '', startDate: '', endDate: '' });

/**
 * `municipalities`: the member Gemeinden of an Amt (empty for a Stadt or Gemeinde, then no municipality is stored);
 * `parents`: ids of this tenant's bodies that may be the parent (not the body itself or one below it).
 */
export function parseBodyForm(b: Body, o: { municipalities: readonly string[]; parents: readonly string[] }): { form: BodyForm; errors: FieldErrors; data?: BodyData } {
  const form: BodyForm = {
    name: str(b, 'name', ADMIN_LIMITS.name).trim(),
    shortName: str(b, 'shortName', ADMIN_LIMITS.shortName).trim(),
    kind: str(b, 'kind', 20),
    municipality: str(b, 'municipality', ADMIN_LIMITS.municipality).trim(),
    legalMembers: str(b, 'legalMembers', 5).trim(),
    parentId: str(b, 'parentId', 40),
    startDate: str(b, 'startDate', 10).trim(),
    endDate: str(b, 'endDate', 10).trim(),
  };
  const errors: FieldErrors = {};
  if (form.name.length < 1 || form.name.length > ADMIN_LIMITS.name) errors.name = `Bitte geben Sie den Namen des Gremiums an (bis ${ADMIN_LIMITS.name} Zeichen).`;
  if (form.shortName.length > ADMIN_LIMITS.shortName) errors.shortName = `Die Kurzbezeichnung ist länger als ${ADMIN_LIMITS.shortName} Zeichen.`;
  if (!(BODY_KINDS as readonly string[]).includes(form.kind)) errors.kind = 'Bitte wählen Sie die Art des Gremiums.';
  if (form.municipality && !o.municipalities.includes(form.municipality)) errors.municipality = 'Bitte wählen Sie eine Gemeinde aus der Liste.';
  const n = /^\d{1,3}$/.test(form.legalMembers) ? Number(form.legalMembers) : NaN;
  if (form.legalMembers !== '' && !(n >= 1 && n <= 500)) errors.legalMembers = 'Die gesetzliche Mitgliederzahl ist eine ganze Zahl von 1 bis 500.';
  else if (form.legalMembers === '' && (VOTING_KINDS as readonly string[]).includes(form.kind)) errors.legalMembers = 'Bitte geben Sie die gesetzliche Mitgliederzahl an. Sie ist die Grundlage der Beschlussfähigkeit.';
  if (form.parentId && !o.parents.includes(form.parentId)) errors.parentId = 'Bitte wählen Sie ein übergeordnetes Gremium aus der Liste (nicht das Gremium selbst oder eines, das darunter hängt).';
  dateRange(errors, form, { startRequired: false });
  if (Object.keys(errors).length) return { form, errors };
  return {
    form,
    errors,
    data: {
      name: form.name,
      shortName: opt(form.shortName),
      kind: form.kind as BodyKind,
      municipality: opt(form.municipality),
      legalMembers: form.legalMembers === '' ? null : n,
      parentId: opt(form.parentId),
      startDate: opt(form.startDate),
      endDate: opt(form.endDate),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Persons

export interface PersonForm {
  familyName: string;
  givenName: string;
  title: string;
  formOfAddress: string;
  gender: string;
  email: string;
  phone: string;
  streetAddress: string;
  postalCode: string;
  locality: string;
  personnelNumber: string;
  delivery: string;
  publishContact: boolean;
  userId: string;
}

export const emptyPersonForm = (): PersonForm => ({
  familyName: '', givenName: '', title: '', formOfAddress: '', gender: '', email: '', phone: '', streetAddress: '', postalCode: '', locality: '', personnelNumber: '', delivery: 'paper', publishContact: false, userId: '',
});

/** `accounts`: ids of this tenant's active staff users with the role councillor. */
export function parsePersonForm(b: Body, o: { accounts: readonly string[] }): { form: PersonForm; errors: FieldErrors; data?: PersonData } {
  const form: PersonForm = {
    familyName: str(b, 'familyName', ADMIN_LIMITS.personName).trim(),
    givenName: str(b, 'givenName', ADMIN_LIMITS.personName).trim(),
    title: str(b, 'title', ADMIN_LIMITS.title).trim(),
    formOfAddress: str(b, 'formOfAddress', ADMIN_LIMITS.title).trim(),
    gender: str(b, 'gender', 10),
    email: str(b, 'email', ADMIN_LIMITS.email).trim(),
    phone: str(b, 'phone', ADMIN_LIMITS.phone).trim(),
    streetAddress: str(b, 'streetAddress', ADMIN_LIMITS.address).trim(),
    postalCode: str(b, 'postalCode', 10).trim(),
    locality: str(b, 'locality', ADMIN_LIMITS.locality).trim(),
    personnelNumber: str(b, 'personnelNumber', ADMIN_LIMITS.personnel).trim(),
    delivery: str(b, 'delivery', 12),
    publishContact: checked(b, 'publishContact'),
    userId: str(b, 'userId', 40),
  };
  const errors: FieldErrors = {};
  if (!form.familyName || form.familyName.length > ADMIN_LIMITS.personName) errors.familyName = `Bitte geben Sie den Familiennamen an (bis ${ADMIN_LIMITS.personName} Zeichen).`;
  if (!form.givenName || form.givenName.length > ADMIN_LIMITS.personName) errors.givenName = `Bitte geben Sie den Vornamen an (bis ${ADMIN_LIMITS.personName} Zeichen).`;
  if (form.title.length > ADMIN_LIMITS.title) errors.title = `Der Titel ist länger als ${ADMIN_LIMITS.title} Zeichen.`;
  if (form.formOfAddress.length > ADMIN_LIMITS.title) errors.formOfAddress = `Die Anrede ist länger als ${ADMIN_LIMITS.title} Zeichen.`;
  if (form.gender && !['female', 'male', 'diverse'].includes(form.gender)) errors.gender = 'Bitte wählen Sie eine Angabe aus der Liste.';
  if (form.email && (form.email.length > ADMIN_LIMITS.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email))) errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org.';
  if (form.phone && (form.phone.length > ADMIN_LIMITS.phone || !/^[0-9+()/ -]{3,}$/.test(form.phone))) errors.phone = 'Die Telefonnummer darf nur Ziffern, Leerzeichen und + ( ) / - enthalten.';
  if (form.streetAddress.length > ADMIN_LIMITS.address) errors.streetAddress = `Die Anschrift ist länger als ${ADMIN_LIMITS.address} Zeichen.`;
  if (form.postalCode && !/^\d{5}$/.test(form.postalCode)) errors.postalCode = 'Die Postleitzahl hat fünf Ziffern.';
  if (form.locality.length > ADMIN_LIMITS.locality) errors.locality = `Der Ort ist länger als ${ADMIN_LIMITS.locality} Zeichen.`;
  if (form.personnelNumber.length > ADMIN_LIMITS.personnel) errors.personnelNumber = `Die Personalnummer ist länger als ${ADMIN_LIMITS.personnel} Zeichen.`;
  if (form.delivery !== 'electronic' && form.delivery !== 'paper') errors.delivery = 'Bitte wählen Sie, wie die Person ihre Einladungen erhält.';
  if (form.userId && !o.accounts.includes(form.userId)) errors.userId = 'Bitte wählen Sie ein Benutzerkonto mit der Rolle Mandatsträger/in aus der Liste.';
  else if (form.delivery === 'electronic' && !form.userId) errors.userId = 'Für die elektronische Zustellung in das Mandatspostfach braucht die Person ein Benutzerkonto. Bitte wählen Sie eines aus oder wählen Sie die Zustellung auf Papier.';
  if (Object.keys(errors).length) return { form, errors };
  return {
    form,
    errors,
    data: {
      familyName: form.familyName,
      givenName: form.givenName,
      title: opt(form.title),
      formOfAddress: opt(form.formOfAddress),
      gender: (opt(form.gender) as PersonData['gender']) ?? null,
      email: opt(form.email),
      phone: opt(form.phone),
      streetAddress: opt(form.streetAddress),
      postalCode: opt(form.postalCode),
      locality: opt(form.locality),
      personnelNumber: opt(form.personnelNumber),
      delivery: form.delivery as 'electronic' | 'paper',
      publishContact: form.publishContact,
      userId: opt(form.userId),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Memberships

export interface MembershipForm {
  personId: string;
  role: string;
  fraktionId: string;
  votingRight: boolean;
  deputyOf: string;
  startDate: string;
  endDate: string;
}

export const emptyMembershipForm = (): MembershipForm => ({ personId: '', role: 'member', fraktionId: '', votingRight: true, deputyOf: '', startDate: '', endDate: '' });

export interface MembershipInput {
  personId: string;
  role: MembershipRole;
  fraktionId: string | null;
  votingRight: boolean;
  deputyOf: string | null;
  startDate: string;
  endDate: string | null;
}

/**
 * Shape checks only: the ids are checked against this tenant's persons, Fraktionen and members by the command
 * (add-membership), which reports them as field errors as well.
 */
export function parseMembershipForm(b: Body): { form: MembershipForm; errors: FieldErrors; input?: MembershipInput } {
  const form: MembershipForm = {
    personId: str(b, 'personId', 40),
    role: str(b, 'role', 20),
    fraktionId: str(b, 'fraktionId', 40),
    votingRight: checked(b, 'votingRight'),
    deputyOf: str(b, 'deputyOf', 40),
    startDate: str(b, 'startDate', 10).trim(),
    endDate: str(b, 'endDate', 10).trim(),
  };
  const errors: FieldErrors = {};
  if (!form.personId) errors.personId = 'Bitte wählen Sie die Person aus der Liste.';
  if (!(MEMBERSHIP_ROLES as readonly string[]).includes(form.role)) errors.role = 'Bitte wählen Sie die Rolle im Gremium.';
  if (form.deputyOf && form.deputyOf === form.personId) errors.deputyOf = 'Eine Person kann nicht ihre eigene Stellvertretung sein.';
  dateRange(errors, form, { startRequired: true });
  if (Object.keys(errors).length) return { form, errors };
  return {
    form,
    errors,
    input: { personId: form.personId, role: form.role as MembershipRole, fraktionId: opt(form.fraktionId), votingRight: form.votingRight, deputyOf: opt(form.deputyOf), startDate: form.startDate, endDate: opt(form.endDate) },
  };
}

/** The end date of a membership; it may not lie before the start. */
export function parseEndForm(b: Body, startDate: string): { value: string; error?: string } {
  const value = str(b, 'endDate', 10).trim();
  if (!isDay(value)) return { value, error: 'Bitte geben Sie das Ende der Mitgliedschaft an, zum Beispiel 2026-12-31.' };
  if (value < startDate) return { value, error: 'Das Ende liegt vor dem Beginn der Mitgliedschaft.' };
  return { value };
}

// ---------------------------------------------------------------------------------------------------------------
// Terms and locations

export interface TermForm {
  name: string;
  startDate: string;
  endDate: string;
}

export function parseTermForm(b: Body): { form: TermForm; errors: FieldErrors; data?: { name: string; startDate: string; endDate: string | null } } {
  const form: TermForm = { name: str(b, 'name', ADMIN_LIMITS.term).trim(), startDate: str(b, 'startDate', 10).trim(), endDate: str(b, 'endDate', 10).trim() };
  const errors: FieldErrors = {};
  if (!form.name || form.name.length > ADMIN_LIMITS.term) errors.name = `Bitte geben Sie die Bezeichnung an, zum Beispiel „Wahlperiode 2024–2029“ (bis ${ADMIN_LIMITS.term} Zeichen).`;
  dateRange(errors, form, { startRequired: true });
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { name: form.name, startDate: form.startDate, endDate: opt(form.endDate) } };
}

export interface LocationForm {
  description: string;
  room: string;
  streetAddress: string;
  postalCode: string;
  locality: string;
}

export function parseLocationForm(b: Body): { form: LocationForm; errors: FieldErrors; data?: { description: string; room: string | null; streetAddress: string | null; postalCode: string | null; locality: string | null } } {
  const form: LocationForm = {
    description: str(b, 'description', ADMIN_LIMITS.location).trim(),
    room: str(b, 'room', ADMIN_LIMITS.room).trim(),
    streetAddress: str(b, 'streetAddress', ADMIN_LIMITS.address).trim(),
    postalCode: str(b, 'postalCode', 10).trim(),
    locality: str(b, 'locality', ADMIN_LIMITS.locality).trim(),
  };
  const errors: FieldErrors = {};
  if (!form.description || form.description.length > ADMIN_LIMITS.location) errors.description = `Bitte beschreiben Sie den Sitzungsort, zum Beispiel „Sitzungssaal im Rathaus“ (bis ${ADMIN_LIMITS.location} Zeichen).`;
  if (form.room.length > ADMIN_LIMITS.room) errors.room = `Die Raumangabe ist länger als ${ADMIN_LIMITS.room} Zeichen.`;
  if (form.streetAddress.length > ADMIN_LIMITS.address) errors.streetAddress = `Die Anschrift ist länger als ${ADMIN_LIMITS.address} Zeichen.`;
  if (form.postalCode && !/^\d{5}$/.test(form.postalCode)) errors.postalCode = 'Die Postleitzahl hat fünf Ziffern.';
  if (form.locality.length > ADMIN_LIMITS.locality) errors.locality = `Der Ort ist länger als ${ADMIN_LIMITS.locality} Zeichen.`;
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { description: form.description, room: opt(form.room), streetAddress: opt(form.streetAddress), postalCode: opt(form.postalCode), locality: opt(form.locality) } };
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

export interface SettingsForm {
  quorumRule: string;
  days: string;
  counting: string;
  countDispatchDay: boolean;
  countMeetingDay: boolean;
  urgentDays: string;
}

export function settingsFormOf(s: { quorumRule: string; noticeRule: NoticeRule }): SettingsForm {
  const r = s.noticeRule;
  return { quorumRule: s.quorumRule, days: String(r.days), counting: r.counting, countDispatchDay: r.countDispatchDay, countMeetingDay: r.countMeetingDay, urgentDays: String(r.urgentDays) };
}

/** The quorum pack and the notice rule of the Geschäftsordnung; the rule is checked by the deadline engine's own validator. */
export function parseSettingsForm(b: Body): { form: SettingsForm; errors: FieldErrors; data?: { quorumRule: string; noticeRule: NoticeRule } } {
  const form: SettingsForm = {
    quorumRule: str(b, 'quorumRule', 4),
    days: str(b, 'days', 4).trim(),
    counting: str(b, 'counting', 10),
    countDispatchDay: checked(b, 'countDispatchDay'),
    countMeetingDay: checked(b, 'countMeetingDay'),
    urgentDays: str(b, 'urgentDays', 4).trim(),
  };
  const errors: FieldErrors = {};
  if (!(QUORUM_LAENDER as readonly string[]).includes(form.quorumRule)) errors.quorumRule = 'Bitte wählen Sie das Land, dessen Regeln zur Beschlussfähigkeit gelten.';
  const rule = validateNoticeRule({ days: form.days, counting: form.counting, countDispatchDay: form.countDispatchDay, countMeetingDay: form.countMeetingDay, urgentDays: form.urgentDays });
  if (!rule.ok) Object.assign(errors, rule.errors);
  if (Object.keys(errors).length || !rule.ok) return { form, errors };
  return { form, errors, data: { quorumRule: form.quorumRule, noticeRule: rule.rule } };
}
