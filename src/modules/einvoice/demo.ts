// Demo data: organisational units with valid Leitweg-IDs for the demo municipalities, so uploaded test invoices
// can be routed. Called from src/demo/seed.ts in the seeding transaction.
import { audit, type Tx } from '../../kernel/index.ts';
import { parseLeitwegId, withCheckDigit } from './leitweg.ts';
import { insertUnit } from './repository.ts';

/** A German IBAN with correct check digits for a bank code and account number (demo accounts only). */
export function germanIban(blz: string, account: string): string {
  const bban = `${blz}${account.padStart(10, '0')}`;
  // 'DE' = 13 14, then '00' as placeholder check digits; check = 98 − (n mod 97).
  let r = 0;
  for (const ch of `${bban}131400`) r = (r * 10 + Number(ch)) % 97;
  return `DE${String(98 - r).padStart(2, '0')}${bban}`;
}

/** The demo units per demo municipality: name, Grob- and Feinadressierung (check digits are computed). */
export const DEMO_UNITS: Record<string, { name: string; grob: string; fein: string; blz: string; account: string }[]> = {
  'amt-warnowtal': [
    { name: 'Amt Warnowtal – Kämmerei', grob: '13072901', fein: '0001', blz: '13050000', account: '4711000001' },
    { name: 'Amt Warnowtal – Bauamt', grob: '13072901', fein: 'BAU', blz: '13050000', account: '4711000001' },
    { name: 'Gemeinde Ostrau am See', grob: '13072902', fein: '', blz: '13050000', account: '4711000202' },
  ],
  havelwerder: [
    { name: 'Stadt Havelwerder – Kämmerei', grob: '12063990', fein: '0001', blz: '16050000', account: '3600000001' },
    { name: 'Stadt Havelwerder – Bauhof', grob: '12063990', fein: 'BAUHOF', blz: '16050000', account: '3600000001' },
  ],
};

/** Seeds the demo units of one demo municipality (nothing for other slugs); returns their Leitweg-IDs. */
export async function seedEinvoiceDemo(tx: Tx, tenantId: string, o: { slug: string; tenantName: string; now: Date }): Promise<string[]> {
  const out: string[] = [];
  for (const u of DEMO_UNITS[o.slug] ?? []) {
    const parts = parseLeitwegId(withCheckDigit(u.grob, u.fein))!;
    const id = await insertUnit(tx, { tenantId, name: u.name, leitwegId: parts.normalized, leitwegBase: parts.base, payerName: o.tenantName, payerIban: germanIban(u.blz, u.account), payerBic: null, now: o.now });
    await audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'einvoice.unit_created', objectType: 'einvoice_unit', objectId: id, details: { leitwegId: parts.normalized } }, o.now);
    out.push(parts.normalized);
  }
  return out;
}
