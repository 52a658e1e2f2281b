export const STATUSES = ['awaiting_payment', 'received', 'in_progress', 'query', 'decided', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** What a clerk may do in which status. */
export const TRANSITIONS: Record<string, { from: Status[]; to: Status }> = {
  take: { from: ['received'], to: 'in_progress' },
  query: { from: ['received', 'in_progress', 'query'], to: 'query' },
  decide: { from: ['received', 'in_progress', 'query'], to: 'decided' },
  close: { from: ['decided'], to: 'closed' },
  // A case (Vorgang) continues without the citizen's answer; not offered on the application pages.
  resume: { from: ['query'], to: 'in_progress' },
};
export type Action = keyof typeof TRANSITIONS;
