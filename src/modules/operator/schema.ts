import { LAENDER, RESERVED_SLUGS, TENANT_KINDS, str, type FieldErrors, type Land, type TenantKind, type Translate } from '../../kernel/index.ts';

export interface NewTenantInput {
  name: string;
  slug: string;
  kind: string;
  land: string;
  ags: string;
  ars: string;
  street: string;
  postalCode: string;
  city: string;
  adminEmail: string;
}

export type ValidTenantInput = NewTenantInput & { kind: TenantKind; land: Land };

const EMAIL = /^[^\s@<>]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** Validates the operator's new-municipality form; AGS and ARS must fit the chosen Land. */
export function parseNewTenant(body: Record<string, unknown>, t: Translate): { input: NewTenantInput; errors: FieldErrors; valid?: ValidTenantInput } {
  const input: NewTenantInput = {
    name: str(body, 'name', 120).trim(),
    slug: str(body, 'slug', 41).trim(),
    kind: str(body, 'kind', 20),
    land: str(body, 'land', 2),
    ags: str(body, 'ags', 8).replace(/\s/g, ''),
    ars: str(body, 'ars', 12).replace(/\s/g, ''),
    street: str(body, 'street', 120).trim(),
    postalCode: str(body, 'postalCode', 5).trim(),
    city: str(body, 'city', 120).trim(),
    adminEmail: str(body, 'adminEmail', 254).trim().toLowerCase(),
  };
  const errors: FieldErrors = {};
  if (input.name.length < 2 || input.name.length > 120 || /[<>]/.test(input.name)) errors.name = t('tenant.error.name');
  if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/.test(input.slug)) errors.slug = t('tenant.error.slug');
  else if (RESERVED_SLUGS.has(input.slug)) errors.slug = t('tenant.error.slugTaken');
  const kindOk = (TENANT_KINDS as readonly string[]).includes(input.kind);
  const landOk = input.land in LAENDER;
  if (!kindOk) errors.kind = t('tenant.error.choice');
  if (!landOk) errors.land = t('tenant.error.choice');
  const key = landOk ? LAENDER[input.land as Land].key : '..';
  if (input.ags) {
    if (!/^[0-9]{8}$/.test(input.ags) || (landOk && !input.ags.startsWith(key))) errors.ags = t('tenant.error.ags', { key });
  } else if (kindOk && input.kind !== 'amt') errors.ags = t('tenant.error.agsRequired');
  if (!/^[0-9]{12}$/.test(input.ars) || (landOk && !input.ars.startsWith(key))) errors.ars = t('tenant.error.ars', { key });
  if (input.postalCode && !/^[0-9]{5}$/.test(input.postalCode)) errors.postalCode = t('tenant.error.postalCode');
  if (!EMAIL.test(input.adminEmail)) errors.adminEmail = t('form.email.invalid');
  if (Object.keys(errors).length) return { input, errors };
  return { input, errors, valid: input as ValidTenantInput };
}
