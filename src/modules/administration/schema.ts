import { ACCENTS, MODULE_IDS, str, type Accent, type FieldErrors, type TenantSettings, type Translate } from '../../kernel/index.ts';
import { z } from 'zod';

export const TEXT_MAX = 20_000;

export function parseSettings(body: Record<string, unknown>, t: Translate): { settings: TenantSettings; errors: FieldErrors } {
  const accent = str(body, 'accent', 20);
  const settings: TenantSettings = {
    accent: (accent in ACCENTS ? accent : 'blau') as Accent,
    phone: str(body, 'phone', 60).trim(),
    email: str(body, 'email', 254).trim(),
    impressum: str(body, 'impressum', TEXT_MAX),
    privacy: str(body, 'privacy', TEXT_MAX),
    accessibility: str(body, 'accessibility', TEXT_MAX),
  };
  const errors: FieldErrors = {};
  if (!(accent in ACCENTS)) errors.accent = t('form.required');
  if (settings.phone.length > 50) errors.phone = t('form.tooLong', { max: 50 });
  if (settings.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(settings.email)) errors.email = t('form.email.invalid');
  for (const k of ['impressum', 'privacy', 'accessibility'] as const) {
    if (settings[k].length > TEXT_MAX) errors[k] = t('form.tooLong', { max: TEXT_MAX });
  }
  return { settings, errors };
}

/** JSON body of PUT /api/v1/{tenant}/admin/modules. */
export const modulesPutSchema = z.strictObject({
  modules: z.partialRecord(z.enum(MODULE_IDS), z.boolean()),
});
export type ModulesPut = z.infer<typeof modulesPutSchema>;
