import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import { feeSchema, type Fee } from './fees.ts';

export type IdentityLevel = 'none' | 'basic' | 'substantial' | 'high';
export const IDENTITY_LEVELS: readonly IdentityLevel[] = ['none', 'basic', 'substantial', 'high'];

export interface Category {
  id: string;
  slug: string;
  name: string;
  description: string;
}

export interface Service {
  id: string;
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  keywords: string;
  leikaKey: string | null;
  legalBasis: string;
  fee: Fee;
  identityLevel: IdentityLevel;
  processingTime: string;
  responsibleUnit: string;
  contactEmail: string;
  contactPhone: string;
  maturity: number;
  popularity: number;
  published: boolean;
  version: number;
  categories: string[];
}

interface Row {
  id: string;
  slug: string;
  name: string;
  short_description: string;
  description: string;
  keywords: string;
  leika_key: string | null;
  legal_basis: string;
  fee: unknown;
  identity_level: IdentityLevel;
  processing_time: string;
  responsible_unit: string;
  contact_email: string;
  contact_phone: string;
  maturity: number;
  popularity: number;
  published: boolean;
  version: number;
  categories: string[] | null;
}

const cols = sql`s.id, s.slug, s.name, s.short_description, s.description, s.keywords, s.leika_key, s.legal_basis, s.fee,
  s.identity_level, s.processing_time, s.responsible_unit, s.contact_email, s.contact_phone, s.maturity, s.popularity,
  s.published, s.version,
  (select array_agg(c.slug order by c.position) from catalog_service_categories sc join catalog_categories c on c.id = sc.category_id
    where sc.service_id = s.id and sc.tenant_id = s.tenant_id) as categories`;

function toService(r: Row): Service {
  const fee = feeSchema.safeParse(r.fee);
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    shortDescription: r.short_description,
    description: r.description,
    keywords: r.keywords,
    leikaKey: r.leika_key,
    legalBasis: r.legal_basis,
    fee: fee.success ? fee.data : { kind: 'free' },
    identityLevel: r.identity_level,
    processingTime: r.processing_time,
    responsibleUnit: r.responsible_unit,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    maturity: r.maturity,
    popularity: r.popularity,
    published: r.published,
    version: r.version,
    categories: r.categories ?? [],
  };
}

const visible = (all: boolean) => (all ? sql`` : sql`and s.published`);

export async function listCategories(db: Queryable, tenantId: string): Promise<Category[]> {
  return db.rows<Category>(sql`select id, slug, name, description from catalog_categories where tenant_id = ${tenantId} order by position, name`);
}

export async function categoryBySlug(db: Queryable, tenantId: string, slug: string): Promise<Category | undefined> {
  return db.one<Category>(sql`select id, slug, name, description from catalog_categories where tenant_id = ${tenantId} and slug = ${slug}`);
}

export async function listServices(db: Queryable, tenantId: string, o: { all?: boolean; categoryId?: string; limit?: number; order?: 'name' | 'popular' } = {}): Promise<Service[]> {
  const rows = await db.rows<Row>(sql`select ${cols} from catalog_services s
    where s.tenant_id = ${tenantId} ${visible(!!o.all)}
    ${o.categoryId ? sql`and exists (select 1 from catalog_service_categories sc where sc.service_id = s.id and sc.tenant_id = ${tenantId} and sc.category_id = ${o.categoryId})` : sql``}
    order by ${o.order === 'popular' ? sql`s.popularity desc, s.name` : sql`s.name`}
    limit ${o.limit ?? 500}`);
  return rows.map(toService);
}

export async function serviceBySlug(db: Queryable, tenantId: string, slug: string, o: { all?: boolean } = {}): Promise<Service | undefined> {
  const r = await db.one<Row>(sql`select ${cols} from catalog_services s where s.tenant_id = ${tenantId} and s.slug = ${slug} ${visible(!!o.all)}`);
  return r && toService(r);
}

export async function serviceById(db: Queryable, tenantId: string, id: string): Promise<Service | undefined> {
  const r = await db.one<Row>(sql`select ${cols} from catalog_services s where s.tenant_id = ${tenantId} and s.id = ${id}`);
  return r && toService(r);
}

/** Words of a search as a German prefix query ("meldebeschei" finds "Meldebescheinigung"); only letters and digits pass. */
export function prefixQuery(q: string): string | undefined {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : undefined;
}

/**
 * German full-text search with prefix matching, plus trigram word similarity for compounds and typos
 * ("Parkausweis" finds "Bewohnerparkausweis", "Hundesteur" finds "Hundesteuer"); popular services win ties.
 */
export async function searchServices(db: Queryable, tenantId: string, q: string, limit = 30): Promise<Service[]> {
  const tsq = prefixQuery(q);
  if (!tsq) return [];
  const text = q.toLowerCase().trim().slice(0, 100);
  const rows = await db.rows<Row>(sql`
    with query as (select to_tsquery('german', ${tsq}) as tsq)
    select ${cols},
      (case when s.search @@ query.tsq then 1 + ts_rank(s.search, query.tsq) else 0 end) + word_similarity(${text}, s.search_text) as score
    from catalog_services s, query
    where s.tenant_id = ${tenantId} and s.published
      and (s.search @@ query.tsq or word_similarity(${text}, s.search_text) >= 0.45)
    order by score desc, s.popularity desc, s.name
    limit ${limit}`);
  return rows.map(toService);
}

export interface NewService {
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  keywords?: string;
  leikaKey?: string | null;
  legalBasis?: string;
  fee: Fee;
  identityLevel: IdentityLevel;
  processingTime?: string;
  responsibleUnit?: string;
  contactEmail?: string;
  contactPhone?: string;
  maturity: number;
  popularity?: number;
  categories?: string[];
}

export async function insertCategory(tx: Tx, tenantId: string, c: { slug: string; name: string; description?: string; position: number }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into catalog_categories (tenant_id, slug, name, description, position)
    values (${tenantId}, ${c.slug}, ${c.name}, ${c.description ?? ''}, ${c.position}) returning id`);
  return r!.id;
}

export async function insertService(tx: Tx, tenantId: string, s: NewService): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into catalog_services
    (tenant_id, slug, name, short_description, description, keywords, leika_key, legal_basis, fee, identity_level,
     processing_time, responsible_unit, contact_email, contact_phone, maturity, popularity)
    values (${tenantId}, ${s.slug}, ${s.name}, ${s.shortDescription}, ${s.description}, ${s.keywords ?? ''}, ${s.leikaKey ?? null},
      ${s.legalBasis ?? ''}, ${JSON.stringify(s.fee)}::jsonb, ${s.identityLevel}, ${s.processingTime ?? ''}, ${s.responsibleUnit ?? ''},
      ${s.contactEmail ?? ''}, ${s.contactPhone ?? ''}, ${s.maturity}, ${s.popularity ?? 0})
    returning id`);
  const id = r!.id;
  for (const slug of s.categories ?? []) {
    await tx.exec(sql`insert into catalog_service_categories (tenant_id, service_id, category_id)
      select ${tenantId}, ${id}, id from catalog_categories where tenant_id = ${tenantId} and slug = ${slug}`);
  }
  return id;
}

export type ServiceUpdate = Omit<NewService, 'slug' | 'popularity' | 'categories'> & { published: boolean };

/** Optimistic concurrency: the update only lands on the version the editor saw. */
export async function updateService(tx: Tx, tenantId: string, id: string, expectedVersion: number, u: ServiceUpdate): Promise<boolean> {
  const n = await tx.exec(sql`update catalog_services set name = ${u.name}, short_description = ${u.shortDescription},
      description = ${u.description}, keywords = ${u.keywords ?? ''}, leika_key = ${u.leikaKey ?? null}, legal_basis = ${u.legalBasis ?? ''},
      fee = ${JSON.stringify(u.fee)}::jsonb, identity_level = ${u.identityLevel}, processing_time = ${u.processingTime ?? ''},
      responsible_unit = ${u.responsibleUnit ?? ''}, contact_email = ${u.contactEmail ?? ''}, contact_phone = ${u.contactPhone ?? ''},
      maturity = ${u.maturity}, published = ${u.published}, version = version + 1, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} and version = ${expectedVersion}`);
  return n === 1;
}
