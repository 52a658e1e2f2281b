import type { Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';

/** The cafeteria: modules a municipality can switch on. */
export const MODULE_IDS = [
  'catalog',
  'forms',
  'applications',
  'account',
  'cases',
  'appointments',
  'council',
  'finance',
  'staff',
] as const;
export type ModuleId = (typeof MODULE_IDS)[number];

export const TENANT_KINDS = ['stadt', 'gemeinde', 'amt'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

/** Länder with their two-digit state key (first digits of AGS/ARS). */
export const LAENDER = {
  SH: { key: '01', name: 'Schleswig-Holstein' },
  HH: { key: '02', name: 'Hamburg' },
  NI: { key: '03', name: 'Niedersachsen' },
  HB: { key: '04', name: 'Bremen' },
  NW: { key: '05', name: 'Nordrhein-Westfalen' },
  HE: { key: '06', name: 'Hessen' },
  RP: { key: '07', name: 'Rheinland-Pfalz' },
  BW: { key: '08', name: 'Baden-Württemberg' },
  BY: { key: '09', name: 'Bayern' },
  SL: { key: '10', name: 'Saarland' },
  BE: { key: '11', name: 'Berlin' },
  BB: { key: '12', name: 'Brandenburg' },
  MV: { key: '13', name: 'Mecklenburg-Vorpommern' },
  SN: { key: '14', name: 'Sachsen' },
  ST: { key: '15', name: 'Sachsen-Anhalt' },
  TH: { key: '16', name: 'Thüringen' },
} as const;
export type Land = keyof typeof LAENDER;

/**
 * Accent colours a tenant may choose. All are KERN-compatible blues/greens/reds whose contrast
 * against white is at least 4.5:1, so links and buttons stay WCAG AA whatever the tenant picks.
 */
export const ACCENTS = {
  blau: '#1f4f9c',
  petrol: '#0f5e6e',
  gruen: '#2b6a2f',
  rot: '#a3231f',
  violett: '#5b3a8c',
  anthrazit: '#383c45',
} as const;
export type Accent = keyof typeof ACCENTS;

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  kind: TenantKind;
  land: Land;
  ags: string | null;
  ars: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  website: string;
  accent: Accent;
  hasArms: boolean;
  impressum: string;
  privacy: string;
  accessibility: string;
  active: boolean;
  version: number;
  modules: ReadonlySet<ModuleId>;
  members: readonly { name: string; ags: string }[];
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  kind: TenantKind;
  land: Land;
  ags: string | null;
  ars: string;
  street: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  website: string;
  accent: Accent;
  has_arms: boolean;
  impressum: string;
  privacy: string;
  accessibility: string;
  active: boolean;
  version: number;
  modules: ModuleId[] | null;
  members: { name: string; ags: string }[] | null;
}

const tenantSelect = sql`
  select t.id, t.slug, t.name, t.kind, t.land, t.ags, t.ars, t.street, t.postal_code, t.city, t.phone, t.email,
         t.website, t.accent, t.arms_svg is not null as has_arms, t.impressum, t.privacy, t.accessibility,
         t.active, t.version,
         (select array_agg(m.module order by m.module) from tenant_modules m where m.tenant_id = t.id and m.enabled) as modules,
         (select json_agg(json_build_object('name', mm.name, 'ags', mm.ags) order by mm.name)
            from member_municipalities mm where mm.tenant_id = t.id) as members
  from tenants t`;

function toTenant(r: TenantRow): Tenant {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    land: r.land,
    ags: r.ags,
    ars: r.ars,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    phone: r.phone,
    email: r.email,
    website: r.website,
    accent: r.accent in ACCENTS ? r.accent : 'blau',
    hasArms: r.has_arms,
    impressum: r.impressum,
    privacy: r.privacy,
    accessibility: r.accessibility,
    active: r.active,
    version: r.version,
    modules: new Set(r.modules ?? []),
    members: r.members ?? [],
  };
}

export async function findTenantBySlug(db: Queryable, slug: string): Promise<Tenant | undefined> {
  const r = await db.one<TenantRow>(sql`${tenantSelect} where t.slug = ${slug}`);
  return r && toTenant(r);
}

export async function findTenantById(db: Queryable, id: string): Promise<Tenant | undefined> {
  const r = await db.one<TenantRow>(sql`${tenantSelect} where t.id = ${id}`);
  return r && toTenant(r);
}

export async function listTenants(db: Queryable): Promise<Tenant[]> {
  return (await db.rows<TenantRow>(sql`${tenantSelect} order by t.name`)).map(toTenant);
}

export async function tenantArms(db: Queryable, tenantId: string): Promise<string | undefined> {
  const r = await db.one<{ arms_svg: string | null }>(sql`select arms_svg from tenants where id = ${tenantId}`);
  return r?.arms_svg ?? undefined;
}

export interface NewTenant {
  slug: string;
  name: string;
  kind: TenantKind;
  land: Land;
  ags: string | null;
  ars: string;
  street?: string;
  postalCode?: string;
  city?: string;
  phone?: string;
  email?: string;
  website?: string;
  accent?: Accent;
  armsSvg?: string | null;
  impressum?: string;
  privacy?: string;
  accessibility?: string;
  modules: readonly ModuleId[];
  members?: readonly { name: string; ags: string }[];
}

export async function insertTenant(tx: Tx, t: NewTenant): Promise<string> {
  const row = await tx.one<{ id: string }>(sql`
    insert into tenants (slug, name, kind, land, ags, ars, street, postal_code, city, phone, email, website, accent,
                         arms_svg, impressum, privacy, accessibility)
    values (${t.slug}, ${t.name}, ${t.kind}, ${t.land}, ${t.ags}, ${t.ars}, ${t.street ?? ''}, ${t.postalCode ?? ''},
            ${t.city ?? ''}, ${t.phone ?? ''}, ${t.email ?? ''}, ${t.website ?? ''}, ${t.accent ?? 'blau'},
            ${t.armsSvg ?? null}, ${t.impressum ?? ''}, ${t.privacy ?? ''}, ${t.accessibility ?? ''})
    returning id`);
  const id = row!.id;
  for (const m of MODULE_IDS) {
    await tx.exec(sql`insert into tenant_modules (tenant_id, module, enabled) values (${id}, ${m}, ${t.modules.includes(m)})`);
  }
  for (const mm of t.members ?? []) {
    await tx.exec(sql`insert into member_municipalities (tenant_id, name, ags) values (${id}, ${mm.name}, ${mm.ags})`);
  }
  return id;
}

/** Switches one module; bumps the tenant version so caches on every node notice. */
export async function setModule(tx: Tx, tenantId: string, module: ModuleId, enabled: boolean): Promise<boolean> {
  const n = await tx.exec(
    sql`update tenant_modules set enabled = ${enabled} where tenant_id = ${tenantId} and module = ${module} and enabled <> ${enabled}`,
  );
  if (n > 0) await bumpTenantVersion(tx, tenantId);
  return n > 0;
}

export async function bumpTenantVersion(tx: Tx, tenantId: string): Promise<void> {
  await tx.exec(sql`update tenants set version = version + 1, updated_at = now() where id = ${tenantId}`);
}

export async function tenantVersions(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.rows<{ slug: string; version: number }>(sql`select slug, version from tenants`);
  return new Map(rows.map((r) => [r.slug, r.version]));
}

export function isValidAgsForLand(ags: string, land: Land): boolean {
  return /^[0-9]{8}$/.test(ags) && ags.startsWith(LAENDER[land].key);
}

export interface TenantSettings {
  accent: Accent;
  phone: string;
  email: string;
  impressum: string;
  privacy: string;
  accessibility: string;
}

export async function updateTenantSettings(tx: Tx, tenantId: string, s: TenantSettings): Promise<void> {
  await tx.exec(sql`update tenants set accent = ${s.accent}, phone = ${s.phone}, email = ${s.email}, impressum = ${s.impressum},
    privacy = ${s.privacy}, accessibility = ${s.accessibility}, version = version + 1, updated_at = now()
    where id = ${tenantId}`);
}

/** Path words of the platform itself; no municipality may take them as its slug. */
export const RESERVED_SLUGS = new Set(['api', 'assets', 'betrieb', 'health', 'static', 'admin', 'login', 'favicon.ico', 'robots.txt', 'well-known']);

export async function slugOrArsTaken(db: Queryable, slug: string, ars: string): Promise<{ slug: boolean; ars: boolean }> {
  const r = await db.one<{ slug: boolean; ars: boolean }>(
    sql`select exists(select 1 from tenants where slug = ${slug}) as slug, exists(select 1 from tenants where ars = ${ars}) as ars`,
  );
  return { slug: RESERVED_SLUGS.has(slug) || !!r?.slug, ars: !!r?.ars };
}

export async function setTenantActive(tx: Tx, tenantId: string, active: boolean): Promise<boolean> {
  const n = await tx.exec(sql`update tenants set active = ${active}, version = version + 1, updated_at = now() where id = ${tenantId} and active <> ${active}`);
  return n > 0;
}

export async function moduleEnabled(db: Queryable, tenantId: string, module: ModuleId): Promise<boolean> {
  const r = await db.one<{ enabled: boolean }>(sql`select enabled from tenant_modules where tenant_id = ${tenantId} and module = ${module}`);
  return r?.enabled ?? false;
}
