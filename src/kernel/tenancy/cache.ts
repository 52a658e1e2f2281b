import type { Db } from '../db/db.ts';
import type { Clock } from '../clock.ts';
import { findTenantBySlug, listTenants, tenantVersions, type Tenant } from './tenancy.ts';

/**
 * Tenants are read on every request, so each node keeps them in memory. Another node's change is
 * noticed within `refreshMs` through the tenant's version column; a local change calls `invalidate`.
 */
export class TenantCache {
  private bySlug = new Map<string, Tenant>();
  private all: Tenant[] | undefined;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly refreshMs = 5_000,
  ) {}

  async get(slug: string): Promise<Tenant | undefined> {
    await this.maybeRefresh();
    const hit = this.bySlug.get(slug);
    if (hit) return hit;
    if (!/^[a-z0-9-]{1,40}$/.test(slug)) return undefined;
    const t = await findTenantBySlug(this.db, slug);
    if (t) this.bySlug.set(slug, t);
    return t;
  }

  async list(): Promise<Tenant[]> {
    await this.maybeRefresh();
    this.all ??= await listTenants(this.db);
    return this.all;
  }

  /** A tenant by id (for jobs); a tenant created since the last refresh is loaded on a miss. */
  async byId(id: string | null): Promise<Tenant | undefined> {
    if (!id) return undefined;
    const hit = (await this.list()).find((t) => t.id === id);
    if (hit) return hit;
    this.all = undefined;
    return (await this.list()).find((t) => t.id === id);
  }

  invalidate(): void {
    this.bySlug.clear();
    this.all = undefined;
  }

  private async maybeRefresh(): Promise<void> {
    if (this.clock.now().getTime() - this.checkedAt < this.refreshMs) return;
    this.refreshing ??= (async () => {
      try {
        const versions = await tenantVersions(this.db);
        for (const [slug, t] of this.bySlug) {
          if (versions.get(slug) !== t.version) {
            this.bySlug.delete(slug);
            this.all = undefined;
          }
        }
        if (this.all && this.all.length !== versions.size) this.all = undefined;
        this.checkedAt = this.clock.now().getTime();
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }
}
