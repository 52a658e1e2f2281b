import { policies } from '../../kernel/index.ts';

/** Who works on receivables: the treasury (Kasse) and administrators. */
export const treasuryPolicy = policies.staff('admin', 'treasury');
