import type { Tx } from '../kernel/db/db.ts';
import { insertCategory, insertService, type NewService } from '../modules/catalog/index.ts';

const CATEGORIES = [
  { slug: 'wohnen-umzug', name: 'Wohnen und Umzug', description: 'Anmelden, ummelden, Meldebescheinigung.' },
  { slug: 'familie-kinder', name: 'Familie und Kinder', description: 'Kita, Schule, Elterngeld.' },
  { slug: 'geburt-urkunden', name: 'Geburt, Ehe und Urkunden', description: 'Urkunden aus dem Standesamt.' },
  { slug: 'arbeit-gewerbe', name: 'Arbeit und Gewerbe', description: 'Gewerbe anmelden, ändern, abmelden.' },
  { slug: 'mobilitaet-verkehr', name: 'Mobilität und Verkehr', description: 'Parken, Straßen, Sondernutzung.' },
  { slug: 'wahlen', name: 'Wahlen', description: 'Briefwahl und Wahlschein.' },
  { slug: 'freizeit-veranstaltungen', name: 'Freizeit und Veranstaltungen', description: 'Feste, Märkte, Veranstaltungen.' },
  { slug: 'tiere', name: 'Tiere und Hundehaltung', description: 'Hundesteuer und Tierhaltung.' },
];

interface TenantFees {
  meldebescheinigung: number;
  geburtsurkunde: [number, number];
  gewerbe: number;
  parken: number;
  veranstaltung: [number, number];
  hunde: [number, number, number];
  kitaLaw: string;
  taxLaw: string;
  unit: (name: string) => string;
  email: string;
  phone: string;
}

export const DEMO_FEES: Record<string, TenantFees> = {
  'amt-warnowtal': {
    meldebescheinigung: 700,
    geburtsurkunde: [700, 700],
    gewerbe: 2600,
    parken: 3070,
    veranstaltung: [2000, 25000],
    hunde: [6000, 9000, 50000],
    kitaLaw: '§ 24 SGB VIII; Kindertagesförderungsgesetz Mecklenburg-Vorpommern (KiföG M-V)',
    taxLaw: '§ 3 Kommunalabgabengesetz M-V in Verbindung mit der Hundesteuersatzung des Amtes Warnowtal',
    unit: (n) => `Amt Warnowtal, ${n}`,
    email: 'buergerbuero@warnowtal.example',
    phone: '038461 4000-20',
  },
  havelwerder: {
    meldebescheinigung: 1000,
    geburtsurkunde: [1200, 600],
    gewerbe: 3000,
    parken: 6000,
    veranstaltung: [2500, 50000],
    hunde: [8400, 12000, 60000],
    kitaLaw: '§ 24 SGB VIII; Kindertagesstättengesetz Brandenburg (KitaG)',
    taxLaw: '§ 3 Kommunalabgabengesetz für das Land Brandenburg in Verbindung mit der Hundesteuersatzung der Stadt Havelwerder',
    unit: (n) => `Stadt Havelwerder, ${n}`,
    email: 'buergerbuero@havelwerder.example',
    phone: '03385 5200-10',
  },
};

/** The eight services people want most, with this municipality's fees. */
export function demoServices(f: TenantFees): NewService[] {
  return [
    {
      slug: 'meldebescheinigung',
      name: 'Meldebescheinigung beantragen',
      shortDescription: 'Bescheinigung über Ihre Anmeldung: einfach oder erweitert.',
      description:
        'Mit einer Meldebescheinigung weisen Sie nach, wo Sie gemeldet sind. Die einfache Bescheinigung enthält Namen, Geburtsdatum und -ort sowie die aktuelle Anschrift. Die erweiterte Bescheinigung enthält zusätzlich zum Beispiel Staatsangehörigkeit, frühere Anschriften und Familienstand.\n\nSie erhalten die Bescheinigung als PDF in Ihr Postfach.',
      keywords: 'Meldebestätigung Wohnsitzbescheinigung Aufenthaltsbescheinigung Melderegister',
      leikaKey: '99115003012000',
      legalBasis: '§ 18 Bundesmeldegesetz (BMG); Verwaltungskostenrecht des Landes',
      fee: { kind: 'fixed', cents: f.meldebescheinigung, exemptions: ['Für Zwecke der Rentenversicherung und für Sozialleistungen gebührenfrei'] },
      identityLevel: 'high',
      processingTime: 'in der Regel sofort',
      responsibleUnit: f.unit('Bürgerbüro / Meldebehörde'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 95,
      categories: ['wohnen-umzug'],
    },
    {
      slug: 'briefwahl',
      name: 'Briefwahl und Wahlschein beantragen',
      shortDescription: 'Per Brief wählen: Wahlschein und Briefwahlunterlagen anfordern.',
      description:
        'Wenn Sie am Wahltag nicht ins Wahllokal gehen können oder möchten, beantragen Sie einen Wahlschein. Sie erhalten die Briefwahlunterlagen per Post.\n\nDer Antrag muss bis zum zweiten Tag vor der Wahl, 18 Uhr, bei uns eingehen. Eine telefonische Beantragung ist nicht möglich.',
      keywords: 'Wahlschein Briefwahlunterlagen Wahl Stimmabgabe',
      legalBasis: '§ 17 Bundeswahlgesetz, §§ 25 bis 28 Bundeswahlordnung; Landes- und Kommunalwahlrecht',
      fee: { kind: 'free' },
      identityLevel: 'none',
      processingTime: 'Versand innerhalb von 2 Werktagen nach Druck der Unterlagen',
      responsibleUnit: f.unit('Wahlbüro'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 90,
      categories: ['wahlen'],
    },
    {
      slug: 'bewohnerparkausweis',
      name: 'Bewohnerparkausweis beantragen',
      shortDescription: 'Anwohnerparken in Ihrer Parkzone: online beantragen, bezahlen und zu Hause ausdrucken.',
      description:
        'Wenn Sie in einem Gebiet mit Bewohnerparken mit Hauptwohnsitz gemeldet sind, können Sie einen Bewohnerparkausweis für Ihr Fahrzeug beantragen. Sie brauchen das Kennzeichen und die Zulassungsbescheinigung Teil I. Ist das Fahrzeug nicht auf Sie zugelassen, brauchen Sie eine Bestätigung der Halterin oder des Halters.\n\nDen Ausweis drucken Sie zu Hause aus; der QR-Code darauf lässt sich bei Kontrollen prüfen.',
      keywords: 'Anwohnerparkausweis Parkausweis Anwohnerparken Bewohnerparken Parkplakette Parkberechtigung',
      leikaKey: '99108001000000',
      legalBasis: '§ 45 Abs. 1b Nr. 2a StVO; § 6a Abs. 5a StVG; Gebührenordnung des Landes',
      fee: { kind: 'per_year', cents: f.parken },
      identityLevel: 'basic',
      processingTime: '1 bis 3 Werktage',
      responsibleUnit: f.unit('Straßenverkehrsbehörde'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 85,
      categories: ['mobilitaet-verkehr', 'wohnen-umzug'],
    },
    {
      slug: 'geburtsurkunde',
      name: 'Geburtsurkunde beantragen',
      shortDescription: 'Urkunde aus dem Geburtenregister des Standesamts.',
      description:
        'Eine Geburtsurkunde erhalten Sie für sich selbst, Ihre Ehegattin oder Ihren Ehegatten, Ihre Eltern und Großeltern sowie Ihre Kinder und Enkel. Geschwister und andere Personen müssen ein rechtliches Interesse nachweisen.\n\nZuständig ist das Standesamt des Geburtsorts.',
      keywords: 'Urkunde Standesamt Geburtenregister Abstammungsurkunde',
      legalBasis: '§§ 55, 59, 62 Personenstandsgesetz (PStG); Gebührenrecht des Landes',
      fee: { kind: 'per_copy', firstCents: f.geburtsurkunde[0], extraCents: f.geburtsurkunde[1] },
      identityLevel: 'substantial',
      processingTime: 'etwa 1 Woche',
      responsibleUnit: f.unit('Standesamt'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 80,
      categories: ['geburt-urkunden', 'familie-kinder'],
    },
    {
      slug: 'kita-anmeldung',
      name: 'Kita-Platz anmelden',
      shortDescription: 'Betreuungsplatz in Krippe, Kindergarten oder Hort anmelden.',
      description:
        'Ihr Kind hat ab dem ersten Geburtstag einen Anspruch auf Förderung in einer Tageseinrichtung oder in der Kindertagespflege. Melden Sie den Bedarf möglichst sechs Monate vor dem gewünschten Beginn an.',
      keywords: 'Kindergarten Krippe Hort Kindertagesstätte Betreuung Tagespflege',
      legalBasis: f.kitaLaw,
      fee: { kind: 'free', note: 'Elternbeiträge richten sich nach der Satzung des Trägers.' },
      identityLevel: 'basic',
      processingTime: 'etwa 4 Wochen',
      responsibleUnit: f.unit('Kita-Verwaltung'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 70,
      categories: ['familie-kinder'],
    },
    {
      slug: 'hundesteuer-anmelden',
      name: 'Hund zur Hundesteuer anmelden',
      shortDescription: 'Hundehaltung innerhalb von 14 Tagen anmelden und Steuermarke erhalten.',
      description:
        'Wer einen Hund hält, muss ihn innerhalb von 14 Tagen nach Beginn der Haltung oder nach dem Zuzug anmelden. Die Steuer wird für jeden angefangenen Monat anteilig erhoben. Sie erhalten einen Steuerbescheid und eine Steuermarke.',
      keywords: 'Hundesteuer Hund Steuermarke Hundehaltung Hundemarke',
      legalBasis: f.taxLaw,
      fee: {
        kind: 'tiers',
        period: 'year',
        tiers: [
          { label: 'erster Hund', cents: f.hunde[0] },
          { label: 'jeder weitere Hund', cents: f.hunde[1] },
          { label: 'gefährlicher Hund', cents: f.hunde[2] },
        ],
        exemptions: ['Blindenführhunde und Assistenzhunde', 'Rettungshunde mit Prüfung', 'Hunde aus dem Tierheim im ersten Jahr zur Hälfte'],
      },
      identityLevel: 'basic',
      processingTime: 'etwa 2 Wochen',
      responsibleUnit: f.unit('Steueramt'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 65,
      categories: ['tiere'],
    },
    {
      slug: 'gewerbeanmeldung',
      name: 'Gewerbe anmelden',
      shortDescription: 'Beginn eines Gewerbes anzeigen (Gewerbeanmeldung nach § 14 GewO).',
      description:
        'Wer ein stehendes Gewerbe beginnt, muss dies gleichzeitig der zuständigen Behörde anzeigen. Die Anzeige wird an Finanzamt, Handwerks- oder Industrie- und Handelskammer und weitere Stellen weitergeleitet.',
      keywords: 'Gewerbeanzeige Gewerbeschein Selbstständigkeit Firma gründen',
      legalBasis: '§ 14 Gewerbeordnung (GewO); Gewerbeanzeigeverordnung (GewAnzV)',
      fee: { kind: 'fixed', cents: f.gewerbe },
      identityLevel: 'substantial',
      processingTime: 'in der Regel 3 Werktage',
      responsibleUnit: f.unit('Gewerbeamt'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 60,
      categories: ['arbeit-gewerbe'],
    },
    {
      slug: 'veranstaltung-anmelden',
      name: 'Veranstaltung anmelden',
      shortDescription: 'Fest, Markt oder Umzug im öffentlichen Raum anzeigen und genehmigen lassen.',
      description:
        'Für Veranstaltungen auf öffentlichen Straßen und Plätzen brauchen Sie in der Regel eine Erlaubnis. Melden Sie Ihre Veranstaltung mindestens vier Wochen vorher an. Die Gebühr richtet sich nach Größe und Aufwand.',
      keywords: 'Veranstaltung Fest Straßenfest Markt Umzug Sondernutzung Versammlung Event',
      legalBasis: '§ 29 Abs. 2 StVO; Straßen- und Ordnungsrecht des Landes; Sondernutzungssatzung',
      fee: { kind: 'range', minCents: f.veranstaltung[0], maxCents: f.veranstaltung[1], exemptions: ['Gemeinnützige Vereine auf Antrag ermäßigt'] },
      identityLevel: 'basic',
      processingTime: '2 bis 4 Wochen',
      responsibleUnit: f.unit('Ordnungsamt'),
      contactEmail: f.email,
      contactPhone: f.phone,
      maturity: 3,
      popularity: 40,
      categories: ['freizeit-veranstaltungen'],
    },
  ];
}

/** Seeds Lebenslagen and the eight services for one demo municipality. */
export async function seedCatalog(tx: Tx, tenantId: string, slug: string): Promise<void> {
  let position = 0;
  for (const c of CATEGORIES) await insertCategory(tx, tenantId, { ...c, position: position++ });
  const fees = DEMO_FEES[slug];
  if (!fees) return;
  for (const s of demoServices(fees)) await insertService(tx, tenantId, s);
}
