import { compileForm, type CompiledForm } from './definition.ts';

const cache = new Map<string, CompiledForm>();

/** Versions never change once published, so their compiled validators are cached by version id. */
export function compiledVersion(versionId: string, definition: unknown): CompiledForm {
  let cf = cache.get(versionId);
  if (!cf) {
    cf = compileForm(definition);
    if (cache.size > 500) cache.clear();
    cache.set(versionId, cf);
  }
  return cf;
}
