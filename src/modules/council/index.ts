import { fileURLToPath } from 'node:url';
import type { ModuleDefinition } from '../../kernel/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { paperRoutes } from './paper-routes.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { minutesRoutes } from './minutes-routes.ts';
import { allowanceRoutes } from './allowance/routes.ts';
import { risRoutes } from './ris-routes.ts';
import { oparlRoutes } from './oparl/routes.ts';
import { allowancePolicy, councilOfficePolicy, councillorPolicy, paperAuthorPolicy } from './policy.ts';

/** Demo data of the Sitzungsdienst (bodies, members, papers, a held and upcoming meetings) for the demo seed. */
export { seedCouncilDemo, seedCouncilHistory, type CouncilHistory } from './demo.ts';

/**
 * Sitzungsdienst and Ratsinformationssystem: bodies and members, papers with sign-off and consultation path, meetings
 * with a notice-period engine and one bookmarked invitation PDF, minutes with quorum and votes, Sitzungsgeld, the
 * public RIS with a publication guard, and OParl 1.1 at /oparl/v1.1.
 */
export const councilModule: ModuleDefinition = {
  id: 'council',
  cafeteria: 'council',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  nav: [{ key: 'module.council', label: (lang) => (lang === 'en' ? 'Council' : 'Ratsinformation'), path: '/rat' }],
  adminLinks: [
    { key: 'module.council', label: (lang) => (lang === 'en' ? 'Council office' : 'Sitzungsdienst'), path: '/verwaltung/sitzungsdienst', policy: councilOfficePolicy },
    { key: 'module.council', label: (lang) => (lang === 'en' ? 'Council papers' : 'Drucksachen'), path: '/verwaltung/sitzungsdienst/drucksachen', policy: paperAuthorPolicy },
    { key: 'module.council', label: (lang) => (lang === 'en' ? 'My mandate' : 'Mein Mandat'), path: '/mandat', policy: councillorPolicy },
    { key: 'module.council', label: (lang) => (lang === 'en' ? 'Attendance allowances' : 'Sitzungsgeld'), path: '/verwaltung/sitzungsgeld', policy: allowancePolicy },
  ],
  routes: (r, p) => {
    adminRoutes(r, p);
    paperRoutes(r, p);
    meetingRoutes(r, p);
    minutesRoutes(r, p);
    allowanceRoutes(r, p);
    risRoutes(r, p);
    oparlRoutes(r, p);
  },
};
