// Who may do what in the Sitzungsdienst. Every route names one of these; commands check the tenant themselves.
import { policies } from '../../kernel/index.ts';

/** The council office (Sitzungsdienst) prepares meetings, papers and minutes; admins may too. */
export const councilOfficePolicy = policies.staff('admin', 'council_office');
/** Staff who write papers (Fachämter) and sign them off (Mitzeichnung); the council office releases them. */
export const paperAuthorPolicy = policies.staff('admin', 'council_office', 'clerk', 'lead');
/** Mandatsträger: their Mandatspostfach, invitations, papers incl. non-public ones of their bodies, their Sitzungsgeld. */
export const councillorPolicy = policies.staff('councillor');
/** Payroll view of the Sitzungsgeld run: council office and treasury. */
export const allowancePolicy = policies.staff('admin', 'council_office', 'treasury');
export const M = 'council' as const;
