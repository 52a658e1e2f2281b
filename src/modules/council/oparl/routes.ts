// Placeholder: filled in by the area's implementation.
import type { Platform, Router } from '../../../kernel/index.ts';

export function oparlRoutes(_r: Router, _p: Platform): void {}
