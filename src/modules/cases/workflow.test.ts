import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_APPLICATION_WORKFLOW, initialState, mayTake, parseWorkflow, transitionsFrom, validateWorkflow, type Workflow } from './workflow.ts';

const clone = (): Workflow => structuredClone(DEFAULT_APPLICATION_WORKFLOW);
const errorsOf = (w: unknown): string[] => validateWorkflow(w).errors ?? [];

test('the default application workflow is valid and reads as the issue describes it', () => {
  const r = validateWorkflow(DEFAULT_APPLICATION_WORKFLOW);
  assert.equal(r.errors, undefined);
  const w = r.workflow!;
  assert.equal(initialState(w).key, 'eingegangen');
  assert.deepEqual(transitionsFrom(w, 'eingegangen').map((t) => t.to), ['in_bearbeitung', 'rueckfrage']);
  assert.deepEqual(transitionsFrom(w, 'in_bearbeitung').map((t) => t.key), ['rueckfrage', 'entscheiden']);
  assert.equal(w.states.find((s) => s.key === 'rueckfrage')!.kind, 'waiting');
  assert.ok(w.transitions.find((t) => t.key === 'entscheiden')!.decision);
  assert.deepEqual(transitionsFrom(w, 'entschieden').map((t) => t.to), ['abgeschlossen']);
  assert.equal(w.states.find((s) => s.key === 'abgeschlossen')!.kind, 'closed');
});

test('exactly one initial state', () => {
  const none = clone();
  delete none.states[0]!.initial;
  assert.match(errorsOf(none).join('\n'), /Genau ein Zustand muss der Anfangszustand sein.*jetzt sind es 0/);
  const two = clone();
  two.states[1]!.initial = true;
  assert.match(errorsOf(two).join('\n'), /jetzt sind es 2/);
});

test("every transition's states exist, and keys are unique", () => {
  const w = clone();
  w.transitions[0]!.to = 'gibtsnicht';
  w.transitions[1]!.from = ['eingegangen', 'nirgends'];
  const e = errorsOf(w).join('\n');
  assert.match(e, /Den Zielzustand „gibtsnicht“ gibt es nicht/);
  assert.match(e, /Der Ausgangszustand „nirgends“ gibt es nicht/);
  const dup = clone();
  dup.states.push({ key: 'in_bearbeitung', label: 'doppelt', kind: 'open' });
  dup.transitions.push({ ...dup.transitions[0]! });
  const d = errorsOf(dup).join('\n');
  assert.match(d, /Der Zustand „in_bearbeitung“ kommt doppelt vor/);
  assert.match(d, /Der Schritt „bearbeiten“ kommt doppelt vor/);
});

test('at least one closed state; queries wait, decisions do not', () => {
  const w = clone();
  w.states[4]!.kind = 'open';
  assert.match(errorsOf(w).join('\n'), /Mindestens ein Zustand muss abgeschlossen sein/);
  const q = clone();
  q.transitions[1]!.to = 'in_bearbeitung';
  q.transitions[1]!.from = ['eingegangen'];
  assert.match(errorsOf(q).join('\n'), /Eine Rückfrage führt in einen wartenden Zustand/);
});

test('structure errors are German and name the place', () => {
  assert.match(parseWorkflow('{ states: [] ').errors![0]!, /^Der Ablauf ist kein gültiges JSON/);
  assert.match(errorsOf([]).join('\n'), /Der Ablauf ist ein Objekt mit „states“ und „transitions“/);
  const w = clone() as unknown as { states: Record<string, unknown>[]; transitions: Record<string, unknown>[] };
  w.states[2]!.kind = 'pause';
  w.transitions[0]!.roles = ['hausmeister'];
  w.transitions[3]!.farbe = 'rot';
  const e = errorsOf(w).join('\n');
  assert.match(e, /states\[3\]\.kind: Zustand: Die Art ist „open“/);
  assert.match(e, /transitions\[1\]\.roles\[1\]: Schritt: Rollen sind admin, clerk/);
  assert.match(e, /transitions\[4\]: Schritt: unbekannte Angabe/);
  const empty = clone();
  empty.transitions[0]!.roles = [];
  assert.match(errorsOf(empty).join('\n'), /Mindestens eine Rolle/);
  assert.match(errorsOf({ states: [{ key: 'A B', label: '', kind: 'open', initial: true }], transitions: [] }).join('\n'), /Schlüssel besteht aus 1 bis 40 Kleinbuchstaben/);
});

test('roles: a transition is open to its roles and to the administration', () => {
  const t = DEFAULT_APPLICATION_WORKFLOW.transitions.find((x) => x.key === 'entscheiden')!;
  assert.equal(mayTake(t, ['clerk']), true);
  assert.equal(mayTake(t, ['admin']), true);
  assert.equal(mayTake(t, ['treasury', 'records']), false);
  assert.deepEqual(transitionsFrom(DEFAULT_APPLICATION_WORKFLOW, 'in_bearbeitung', ['council_office']), []);
});
