import type { Queryable } from '../../kernel/index.ts';
import { searchCurrentVersions, type SearchHit } from './repository.ts';

export const SEARCH_MAX_LIMIT = 100;
export const SEARCH_MAX_OFFSET = 1000;

/**
 * German full-text search over the current versions of a municipality's documents ("Bescheide" finds
 * "Bescheid"; websearch syntax: "exakte Phrase", -ohne, oder). Ranked, with highlighted snippets (none for
 * restricted documents); `more` instead of an exact count keeps large result sets cheap.
 */
export async function searchDocuments(db: Queryable, tenantId: string, q: string, o: { limit?: number; offset?: number } = {}): Promise<{ hits: SearchHit[]; more: boolean }> {
  const text = q.trim().slice(0, 200);
  if (!text) return { hits: [], more: false };
  const limit = Math.max(1, Math.min(SEARCH_MAX_LIMIT, Math.trunc(o.limit ?? 20)));
  const offset = Math.max(0, Math.min(SEARCH_MAX_OFFSET, Math.trunc(o.offset ?? 0)));
  const rows = await searchCurrentVersions(db, tenantId, text, limit, offset);
  return { hits: rows.slice(0, limit), more: rows.length > limit };
}
