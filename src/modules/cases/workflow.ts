// The workflow engine of a case type: states, transitions, who may take them. Pure; no database.
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from '../../kernel/index.ts';

export const STATE_KINDS = ['open', 'waiting', 'closed'] as const;
export type StateKind = (typeof STATE_KINDS)[number];

const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const key = (what: string) => z.string({ error: `${what}: Bitte geben Sie einen Schlüssel an.` }).regex(KEY, { error: `${what}: Der Schlüssel besteht aus 1 bis 40 Kleinbuchstaben, Ziffern, „-“ oder „_“.` });
const label = (what: string) =>
  z.string({ error: `${what}: Bitte geben Sie eine Bezeichnung an.` }).trim().min(1, { error: `${what}: Bitte geben Sie eine Bezeichnung an.` }).max(80, { error: `${what}: Die Bezeichnung ist länger als 80 Zeichen.` });

const stateSchema = z.strictObject(
  {
    key: key('Zustand'),
    label: label('Zustand'),
    kind: z.enum(STATE_KINDS, { error: 'Zustand: Die Art ist „open“ (offen), „waiting“ (wartet auf Bürger/in) oder „closed“ (abgeschlossen).' }),
    initial: z.literal(true, { error: 'Zustand: „initial“ darf nur true sein.' }).optional(),
  },
  { error: 'Zustand: unbekannte Angabe (erlaubt sind key, label, kind, initial).' },
);

const transitionSchema = z.strictObject(
  {
    key: key('Schritt'),
    label: label('Schritt'),
    from: z.array(z.string({ error: 'Schritt: „from“ enthält Schlüssel von Zuständen.' }), { error: 'Schritt: „from“ ist eine Liste von Zuständen.' }).min(1, { error: 'Schritt: „from“ nennt mindestens einen Zustand.' }).max(30),
    to: z.string({ error: 'Schritt: „to“ nennt den Zielzustand.' }),
    roles: z
      .array(z.enum(STAFF_ROLES, { error: `Schritt: Rollen sind ${STAFF_ROLES.join(', ')}.` }), { error: 'Schritt: „roles“ ist eine Liste von Rollen.' })
      .min(1, { error: 'Schritt: Mindestens eine Rolle muss den Schritt gehen dürfen.' }),
    decision: z.literal(true, { error: 'Schritt: „decision“ darf nur true sein.' }).optional(),
    query: z.literal(true, { error: 'Schritt: „query“ darf nur true sein.' }).optional(),
  },
  { error: 'Schritt: unbekannte Angabe (erlaubt sind key, label, from, to, roles, decision, query).' },
);

export const workflowSchema = z.strictObject(
  {
    states: z.array(stateSchema, { error: 'Der Ablauf braucht eine Liste „states“.' }).min(2, { error: 'Der Ablauf braucht mindestens zwei Zustände.' }).max(30, { error: 'Höchstens 30 Zustände.' }),
    transitions: z.array(transitionSchema, { error: 'Der Ablauf braucht eine Liste „transitions“.' }).min(1, { error: 'Der Ablauf braucht mindestens einen Schritt.' }).max(60, { error: 'Höchstens 60 Schritte.' }),
  },
  { error: 'Der Ablauf ist ein Objekt mit „states“ und „transitions“.' },
);

export type Workflow = z.infer<typeof workflowSchema>;
export type WorkflowState = Workflow['states'][number];
export type Transition = Workflow['transitions'][number];

/** The rules zod cannot see: one start, existing states, a way to end, unique keys. German messages. */
function semanticErrors(w: Workflow): string[] {
  const errors: string[] = [];
  const keys = new Map<string, WorkflowState>();
  for (const s of w.states) {
    if (keys.has(s.key)) errors.push(`Der Zustand „${s.key}“ kommt doppelt vor.`);
    keys.set(s.key, s);
  }
  const initial = w.states.filter((s) => s.initial);
  if (initial.length !== 1) errors.push(`Genau ein Zustand muss der Anfangszustand sein („initial“: true); jetzt sind es ${initial.length}.`);
  else if (initial[0]!.kind !== 'open') errors.push('Der Anfangszustand muss offen sein (kind „open“).');
  if (!w.states.some((s) => s.kind === 'closed')) errors.push('Mindestens ein Zustand muss abgeschlossen sein (kind „closed“).');
  const tkeys = new Set<string>();
  for (const t of w.transitions) {
    if (tkeys.has(t.key)) errors.push(`Der Schritt „${t.key}“ kommt doppelt vor.`);
    tkeys.add(t.key);
    for (const f of t.from) if (!keys.has(f)) errors.push(`Schritt „${t.key}“: Der Ausgangszustand „${f}“ gibt es nicht.`);
    const to = keys.get(t.to);
    if (!to) errors.push(`Schritt „${t.key}“: Den Zielzustand „${t.to}“ gibt es nicht.`);
    if (t.from.includes(t.to)) errors.push(`Schritt „${t.key}“: Ziel- und Ausgangszustand sind gleich.`);
    if (t.decision && t.query) errors.push(`Schritt „${t.key}“: Ein Schritt ist entweder eine Entscheidung oder eine Rückfrage.`);
    if (t.query && to && to.kind !== 'waiting') errors.push(`Schritt „${t.key}“: Eine Rückfrage führt in einen wartenden Zustand (kind „waiting“).`);
    if (t.decision && to && to.kind === 'waiting') errors.push(`Schritt „${t.key}“: Eine Entscheidung führt nicht in einen wartenden Zustand.`);
  }
  return errors;
}

function pathOf(issuePath: readonly PropertyKey[]): string {
  let s = '';
  for (const p of issuePath) s += typeof p === 'number' ? `[${p + 1}]` : `${s ? '.' : ''}${String(p)}`;
  return s;
}

/** Checks a workflow JSON text; returns the workflow or German error messages (for the admin editor). */
export function parseWorkflow(text: string): { workflow: Workflow; errors?: undefined } | { workflow?: undefined; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { errors: [`Der Ablauf ist kein gültiges JSON: ${(e as Error).message}`] };
  }
  return validateWorkflow(raw);
}

/** Checks a parsed workflow value (see `parseWorkflow`). */
export function validateWorkflow(raw: unknown): { workflow: Workflow; errors?: undefined } | { workflow?: undefined; errors: string[] } {
  const r = workflowSchema.safeParse(raw);
  if (!r.success) return { errors: r.error.issues.slice(0, 20).map((i) => (i.path.length ? `${pathOf(i.path)}: ${i.message}` : i.message)) };
  const errors = semanticErrors(r.data);
  return errors.length ? { errors } : { workflow: r.data };
}

export function initialState(w: Workflow): WorkflowState {
  return w.states.find((s) => s.initial)!;
}

export function stateOf(w: Workflow, key: string): WorkflowState | undefined {
  return w.states.find((s) => s.key === key);
}

export function transitionOf(w: Workflow, key: string): Transition | undefined {
  return w.transitions.find((t) => t.key === key);
}

/** Whether someone with these roles may take the transition (administration may take every step). */
export function mayTake(t: Transition, roles: readonly StaffRole[]): boolean {
  return roles.includes('admin') || t.roles.some((r) => roles.includes(r));
}

/** The transitions leaving a status, optionally only those the roles may take. */
export function transitionsFrom(w: Workflow, status: string, roles?: readonly StaffRole[]): Transition[] {
  return w.transitions.filter((t) => t.from.includes(status) && (!roles || mayTake(t, roles)));
}

/** The label of a status in this workflow (falls back to the key for states removed from an edited workflow). */
export function statusLabel(w: Workflow | undefined, key: string): string {
  return (w && stateOf(w, key)?.label) ?? key;
}

/**
 * The default workflow of an application (Antrag): eingegangen → in Bearbeitung ⇄ Rückfrage → entschieden →
 * abgeschlossen. The Rückfrage goes to the citizen's postbox; the decision produces the notice.
 */
export const DEFAULT_APPLICATION_WORKFLOW: Workflow = {
  states: [
    { key: 'eingegangen', label: 'eingegangen', kind: 'open', initial: true },
    { key: 'in_bearbeitung', label: 'in Bearbeitung', kind: 'open' },
    { key: 'rueckfrage', label: 'Rückfrage', kind: 'waiting' },
    { key: 'entschieden', label: 'entschieden', kind: 'open' },
    { key: 'abgeschlossen', label: 'abgeschlossen', kind: 'closed' },
  ],
  transitions: [
    { key: 'bearbeiten', label: 'Bearbeitung beginnen', from: ['eingegangen'], to: 'in_bearbeitung', roles: ['clerk', 'lead'] },
    { key: 'rueckfrage', label: 'Rückfrage stellen', from: ['eingegangen', 'in_bearbeitung'], to: 'rueckfrage', roles: ['clerk', 'lead'], query: true },
    { key: 'fortsetzen', label: 'Ohne Antwort fortsetzen', from: ['rueckfrage'], to: 'in_bearbeitung', roles: ['clerk', 'lead'] },
    { key: 'entscheiden', label: 'Entscheiden', from: ['in_bearbeitung'], to: 'entschieden', roles: ['clerk', 'lead'], decision: true },
    { key: 'abschliessen', label: 'Abschließen', from: ['entschieden'], to: 'abgeschlossen', roles: ['clerk', 'lead'] },
  ],
};
