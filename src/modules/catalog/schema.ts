import { str, type FieldErrors } from '../../kernel/index.ts';
import { parseEuro, type Fee } from './fees.ts';
import { IDENTITY_LEVELS, type IdentityLevel, type Service, type ServiceUpdate } from './repository.ts';
import type { messages } from './messages.ts';

type M = ReturnType<typeof messages>;

export const EDITABLE_FEE_KINDS = ['free', 'fixed', 'per_copy', 'range', 'per_year'] as const;

export interface ServiceForm {
  name: string;
  shortDescription: string;
  description: string;
  keywords: string;
  leikaKey: string;
  legalBasis: string;
  feeKind: string;
  amount: string;
  amount2: string;
  exemptions: string;
  processingTime: string;
  responsibleUnit: string;
  contactEmail: string;
  contactPhone: string;
  identityLevel: string;
  maturity: string;
  published: boolean;
  version: string;
}

const LIMITS = { name: 200, shortDescription: 500, description: 10_000, keywords: 500, legalBasis: 1000, processingTime: 200, responsibleUnit: 200, contactPhone: 50 } as const;

/** Reads the edit form; amounts are parsed to exact cents; tiers (Hundesteuer) are kept as they are. */
export function parseServiceForm(body: Record<string, unknown>, current: Service, m: M): { form: ServiceForm; errors: FieldErrors; update?: ServiceUpdate; version: number } {
  const form: ServiceForm = {
    name: str(body, 'name', LIMITS.name + 1).trim(),
    shortDescription: str(body, 'shortDescription', LIMITS.shortDescription + 1).trim(),
    description: str(body, 'description', LIMITS.description + 1).trim(),
    keywords: str(body, 'keywords', LIMITS.keywords + 1).trim(),
    leikaKey: str(body, 'leikaKey', 20).replace(/\s/g, ''),
    legalBasis: str(body, 'legalBasis', LIMITS.legalBasis + 1).trim(),
    feeKind: str(body, 'feeKind', 20),
    amount: str(body, 'amount', 20),
    amount2: str(body, 'amount2', 20),
    exemptions: str(body, 'exemptions', 4000),
    processingTime: str(body, 'processingTime', LIMITS.processingTime + 1).trim(),
    responsibleUnit: str(body, 'responsibleUnit', LIMITS.responsibleUnit + 1).trim(),
    contactEmail: str(body, 'contactEmail', 255).trim(),
    contactPhone: str(body, 'contactPhone', LIMITS.contactPhone + 1).trim(),
    identityLevel: str(body, 'identityLevel', 20),
    maturity: str(body, 'maturity', 2),
    published: body.published === 'ja',
    version: str(body, 'version', 12),
  };
  const errors: FieldErrors = {};
  if (form.name.length < 2 || form.name.length > LIMITS.name) errors.name = m('error.name');
  for (const k of ['shortDescription', 'description', 'keywords', 'legalBasis', 'processingTime', 'responsibleUnit', 'contactPhone'] as const) {
    if (form[k].length > LIMITS[k]) errors[k] = m('error.tooLong', { max: LIMITS[k] });
  }
  if (form.leikaKey && !/^[0-9]{14}$/.test(form.leikaKey)) errors.leikaKey = m('error.leika');
  if (form.contactEmail && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(form.contactEmail)) errors.contactEmail = m('error.email');
  if (!(IDENTITY_LEVELS as readonly string[]).includes(form.identityLevel)) errors.identityLevel = m('error.choice');
  if (!/^[0-4]$/.test(form.maturity)) errors.maturity = m('error.choice');

  const exemptions = form.exemptions.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 20).map((l) => l.slice(0, 200));
  let fee: Fee | undefined;
  const a = parseEuro(form.amount);
  const b = parseEuro(form.amount2);
  const ex = exemptions.length ? { exemptions } : {};
  switch (form.feeKind) {
    case 'free':
      fee = { kind: 'free' };
      break;
    case 'fixed':
    case 'per_year':
      if (a === undefined) errors.amount = m('error.amount');
      else fee = { kind: form.feeKind, cents: a, ...ex };
      break;
    case 'per_copy':
    case 'range':
      if (a === undefined) errors.amount = m('error.amount');
      if (b === undefined) errors.amount2 = m('error.amount');
      if (a !== undefined && b !== undefined) {
        if (form.feeKind === 'per_copy') fee = { kind: 'per_copy', firstCents: a, extraCents: b, ...ex };
        else if (b < a) errors.amount2 = m('error.range');
        else fee = { kind: 'range', minCents: a, maxCents: b, ...ex };
      }
      break;
    case 'tiers':
      if (current.fee.kind === 'tiers') fee = current.fee;
      else errors.feeKind = m('error.choice');
      break;
    default:
      errors.feeKind = m('error.choice');
  }
  const version = Number(form.version);
  if (Object.keys(errors).length || !fee) return { form, errors, version };
  return {
    form,
    errors,
    version,
    update: {
      name: form.name,
      shortDescription: form.shortDescription,
      description: form.description,
      keywords: form.keywords,
      leikaKey: form.leikaKey || null,
      legalBasis: form.legalBasis,
      fee,
      identityLevel: form.identityLevel as IdentityLevel,
      processingTime: form.processingTime,
      responsibleUnit: form.responsibleUnit,
      contactEmail: form.contactEmail,
      contactPhone: form.contactPhone,
      maturity: Number(form.maturity),
      published: form.published,
    },
  };
}
