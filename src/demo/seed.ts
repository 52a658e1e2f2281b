import type { Db } from '../kernel/db/db.ts';
import { sql } from '../kernel/db/sql.ts';
import { audit } from '../kernel/audit/audit.ts';
import { hashPassword } from '../kernel/auth/password.ts';
import { insertUser, type StaffRole } from '../kernel/auth/users.ts';
import { insertTenant, type NewTenant } from '../kernel/tenancy/tenancy.ts';
import { seedCatalog } from './catalog.ts';
import { seedForms } from './forms.ts';
import { seedAppointments } from './appointments.ts';
import { seedBackOffice, seedDemoCases } from './cases.ts';
import { seedCouncilDemo, seedCouncilHistory, type CouncilHistory } from '../modules/council/index.ts';
import { seedFinanceDemo } from '../modules/finance/index.ts';
import { seedEinvoiceDemo } from '../modules/einvoice/index.ts';
import { findTenantById } from '../kernel/tenancy/tenancy.ts';

/** The password of every demo account (demo mode only; listed in the README). */
export const DEMO_PASSWORD = 'Amtsstube-Demo-2026';

const ARMS_WARNOWTAL = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120"><path d="M5 5h90v55c0 30-20 50-45 57C25 110 5 90 5 60z" fill="#1f4f9c" stroke="#131525" stroke-width="3"/><path d="M10 70c10-8 20 8 30 0s20 8 30 0 15 6 20 2v8c-5 4-10-2-20-2s-20 8-30 0-20 8-30 0z" fill="#fff"/><circle cx="50" cy="35" r="15" fill="#ffce00"/></svg>`;
const ARMS_HAVELWERDER = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120"><path d="M5 5h90v55c0 30-20 50-45 57C25 110 5 90 5 60z" fill="#a3231f" stroke="#131525" stroke-width="3"/><path d="M30 95V45h-6V30h10v8h8v-8h16v8h8v-8h10v15h-6v50z" fill="#fff"/><rect x="44" y="70" width="12" height="25" fill="#a3231f"/></svg>`;

export const DEMO_TENANTS: (NewTenant & { domain: string })[] = [
  {
    slug: 'amt-warnowtal',
    domain: 'warnowtal.example',
    name: 'Warnowtal',
    kind: 'amt',
    land: 'MV',
    ags: null,
    ars: '130725599000',
    street: 'Am Markt 1',
    postalCode: '18249',
    city: 'Lindenhagen',
    phone: '038461 4000-0',
    email: 'info@warnowtal.example',
    website: 'https://www.warnowtal.example',
    accent: 'blau',
    armsSvg: ARMS_WARNOWTAL,
    impressum:
      'Amt Warnowtal\nDer Amtsvorsteher\nAm Markt 1\n18249 Lindenhagen\n\nTelefon: 038461 4000-0\nE-Mail: info@warnowtal.example\n\nDas Amt Warnowtal ist eine Körperschaft des öffentlichen Rechts. Es wird vertreten durch den Amtsvorsteher.\n\nDies ist eine fiktive Demo-Kommune.',
    privacy:
      'Verantwortlich für die Verarbeitung Ihrer Daten ist das Amt Warnowtal, Am Markt 1, 18249 Lindenhagen.\n\nWir verarbeiten Ihre Daten nur, soweit dies zur Erfüllung unserer Aufgaben nötig ist (Art. 6 Abs. 1 lit. e DSGVO). E-Mails enthalten keine personenbezogenen Inhalte; Bescheide und Nachrichten erhalten Sie in Ihr Postfach im Bürgerkonto.\n\nSie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie ein Beschwerderecht beim Landesbeauftragten für Datenschutz Mecklenburg-Vorpommern.',
    accessibility:
      'Das Amt Warnowtal ist bemüht, dieses Portal barrierefrei zugänglich zu machen (Barrierefreie-Informationstechnik-Verordnung M-V).\n\nStand der Vereinbarkeit: Dieses Portal ist mit der BITV 2.0 weitgehend vereinbar. Die Prüfung erfolgt automatisiert bei jeder Änderung und ergänzend manuell.\n\nFeedback und Kontakt: Barrieren melden Sie bitte an info@warnowtal.example oder telefonisch unter 038461 4000-0.\n\nSchlichtungsverfahren: Sie können sich an die Schlichtungsstelle nach dem Landesbehindertengleichstellungsgesetz M-V wenden.',
    modules: ['catalog', 'forms', 'applications', 'account', 'cases', 'appointments', 'council', 'finance'],
    members: [
      { name: 'Lindenhagen', ags: '13072901' },
      { name: 'Ostrau am See', ags: '13072902' },
      { name: 'Kleinwarnow', ags: '13072903' },
    ],
  },
  {
    slug: 'havelwerder',
    domain: 'havelwerder.example',
    name: 'Havelwerder',
    kind: 'stadt',
    land: 'BB',
    ags: '12063990',
    ars: '120630000990',
    street: 'Rathausplatz 3',
    postalCode: '14712',
    city: 'Havelwerder',
    phone: '03385 5200-0',
    email: 'buergerbuero@havelwerder.example',
    website: 'https://www.havelwerder.example',
    accent: 'rot',
    armsSvg: ARMS_HAVELWERDER,
    impressum:
      'Stadt Havelwerder\nDie Bürgermeisterin\nRathausplatz 3\n14712 Havelwerder\n\nTelefon: 03385 5200-0\nE-Mail: buergerbuero@havelwerder.example\n\nDies ist eine fiktive Demo-Kommune.',
    privacy:
      'Verantwortlich ist die Stadt Havelwerder, Rathausplatz 3, 14712 Havelwerder.\n\nWir verarbeiten Ihre Daten zur Erfüllung unserer öffentlichen Aufgaben (Art. 6 Abs. 1 lit. e DSGVO). Sie haben ein Beschwerderecht bei der Landesbeauftragten für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg.',
    accessibility:
      'Die Stadt Havelwerder ist bemüht, ihr Portal barrierefrei zu gestalten (Brandenburgische Barrierefreie Informationstechnik-Verordnung).\n\nBarrieren melden Sie bitte an buergerbuero@havelwerder.example.\n\nSchlichtungsverfahren: Landesbeauftragte für die Belange der Menschen mit Behinderungen Brandenburg.',
    modules: ['catalog', 'forms', 'applications', 'account', 'appointments', 'council', 'finance'],
  },
];

export const DEMO_ACCOUNTS: { local: string; name: string; kind: 'citizen' | 'staff'; roles: StaffRole[] }[] = [
  { local: 'admin', name: 'Anna Admin', kind: 'staff', roles: ['admin'] },
  { local: 'sachbearbeitung', name: 'Sven Sachbearbeiter', kind: 'staff', roles: ['clerk'] },
  { local: 'leitung', name: 'Lena Leitung', kind: 'staff', roles: ['lead'] },
  { local: 'sitzungsdienst', name: 'Sabine Sitzungsdienst', kind: 'staff', roles: ['council_office'] },
  { local: 'kasse', name: 'Karl Kasse', kind: 'staff', roles: ['treasury'] },
  { local: 'ratsmitglied', name: 'Rita Ratsmitglied', kind: 'staff', roles: ['councillor'] },
  { local: 'buerger', name: 'Berta Bürgerin', kind: 'citizen', roles: [] },
];
export const DEMO_OPERATOR = 'betrieb@amtsstube.example';

/** Seeds the demo municipalities and accounts into an empty database; returns false if there was data already. */
export async function seedDemo(db: Db, o: { log2N: number; now?: Date; baseUrl?: string }): Promise<boolean> {
  const existing = await db.one<{ n: number }>(sql`select count(*)::int as n from tenants`);
  if ((existing?.n ?? 0) > 0) return false;
  const now = o.now ?? new Date();
  const hash = await hashPassword(DEMO_PASSWORD, o.log2N);
  const histories: { tenantId: string; officeUserId: string; history: CouncilHistory }[] = [];
  const seeded = await db.transaction(async (tx) => {
    await tx.exec(sql`select pg_advisory_xact_lock(7270002)`);
    const again = await tx.one<{ n: number }>(sql`select count(*)::int as n from tenants`);
    if ((again?.n ?? 0) > 0) return false;
    for (const t of DEMO_TENANTS) {
      const tenantId = await insertTenant(tx, t);
      await audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'tenant.created', objectType: 'tenant', objectId: tenantId }, now);
      await seedCatalog(tx, tenantId, t.slug);
      await seedForms(tx, tenantId, now);
      await seedAppointments(
        tx,
        tenantId,
        t.slug === 'havelwerder'
          ? [{ name: 'Bürgerbüro im Rathaus', address: 'Rathausplatz 3, 14712 Havelwerder', counters: 3 }]
          : [
              { name: 'Bürgerbüro Lindenhagen', address: 'Am Markt 1, 18249 Lindenhagen', counters: 2 },
              { name: 'Außenstelle Ostrau am See', address: 'Seestraße 2, 18249 Ostrau am See', counters: 1 },
            ],
      );
      const ids = new Map<string, string>();
      for (const a of DEMO_ACCOUNTS) {
        const id = await insertUser(tx, { tenantId, kind: a.kind, email: `${a.local}@${t.domain}`, displayName: a.name, passwordHash: hash, roles: a.roles, verifiedAt: now });
        if (id) ids.set(a.local, id);
        await audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'user.created', objectType: 'user', objectId: id ?? null }, now);
      }
      // Back office: Aktenplan, team "Bürgerbüro" (clerk and head of section), case types for the online forms, a few cases.
      const office = await seedBackOffice(tx, tenantId, { members: [ids.get('sachbearbeitung')!, ids.get('leitung')!], now });
      await seedDemoCases(tx, tenantId, { office, clerkId: ids.get('sachbearbeitung')!, now });
      // Sitzungsdienst: council, committees, Fraktionen, papers and meetings; the demo councillor is a member.
      if (t.modules.includes('council')) {
        const history = await seedCouncilDemo(tx, tenantId, { slug: t.slug, councillorUserId: ids.get('ratsmitglied') ?? null, now });
        histories.push({ tenantId, officeUserId: ids.get('sitzungsdienst')!, history });
      }
      // Forderungen: the demo citizen's Grundsteuer, Hundesteuer, a settled and an overdue claim, notices in the postbox.
      if (t.modules.includes('finance')) await seedFinanceDemo(tx, tenantId, { citizenUserId: ids.get('buerger') ?? null, now, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}) });
      // E-Rechnung: units with Leitweg-IDs (valid check digits), so test invoices can be routed.
      if (t.modules.includes('finance')) await seedEinvoiceDemo(tx, tenantId, { slug: t.slug, tenantName: `${{ amt: 'Amt', stadt: 'Stadt', gemeinde: 'Gemeinde' }[t.kind]} ${t.name}`, now });
    }
    const op = await insertUser(tx, { tenantId: null, kind: 'operator', email: DEMO_OPERATOR, displayName: 'Betrieb Rechenzentrum', passwordHash: hash, verifiedAt: now });
    await audit(tx, { tenantId: null, actorId: null, actorKind: 'system', action: 'user.created', objectType: 'user', objectId: op ?? null }, now);
    return true;
  });
  if (!seeded) return false;
  // The council's past meeting goes through the real commands (invitation, minutes, release), each at its own time.
  for (const h of histories) {
    const tenant = await findTenantById(db, h.tenantId);
    if (tenant) await seedCouncilHistory(db, { tenant, baseUrl: o.baseUrl ?? 'http://127.0.0.1:3000', officeUserId: h.officeUserId, history: h.history });
  }
  return true;
}
