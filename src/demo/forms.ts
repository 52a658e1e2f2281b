import type { Tx } from '../kernel/db/db.ts';
import { insertForm } from '../modules/forms/index.ts';
import { setPolicy } from '../modules/payments/index.ts';

const ADDRESS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    street: { type: 'string', minLength: 3, maxLength: 120 },
    postalCode: { type: 'string', pattern: '^[0-9]{5}$' },
    city: { type: 'string', minLength: 2, maxLength: 80 },
  },
  required: ['street', 'postalCode', 'city'],
};

/** Bewohnerparkausweis: person and address, vehicle (with holder's confirmation when not the holder), start date. */
export const PARKING_FORM = {
  title: 'Bewohnerparkausweis beantragen',
  intro: 'Der Ausweis gilt für ein Jahr in der Parkzone Ihrer Wohnung. Sie können ihn nach der Entscheidung zu Hause ausdrucken.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 120 },
      email: { type: 'string', format: 'email', maxLength: 254 },
      anschrift: ADDRESS,
      hauptwohnsitz: { type: 'boolean', const: true },
      kennzeichen: { type: 'string', maxLength: 12, pattern: '^[A-ZÄÖÜa-zäöü]{1,3}-[A-Za-z]{1,2} ?[1-9][0-9]{0,3}[EHeh]?$' },
      halter: { type: 'string', enum: ['ja', 'nein'] },
      halterName: { type: 'string', minLength: 2, maxLength: 120 },
      nutzung: { type: 'string', enum: ['dienstwagen', 'leasing', 'familie'] },
      nachweis: {
        type: 'object',
        additionalProperties: false,
        properties: { id: { type: 'string' }, name: { type: 'string' }, size: { type: 'integer' }, type: { type: 'string', enum: ['pdf', 'png', 'jpeg'] } },
        required: ['id', 'name', 'size', 'type'],
      },
      beginn: { type: 'string', format: 'date' },
    },
    required: ['name', 'email', 'anschrift', 'hauptwohnsitz', 'kennzeichen', 'halter', 'halterName', 'nutzung', 'nachweis', 'beginn'],
  },
  steps: [
    {
      title: 'Angaben zu Ihrer Person',
      fields: [
        { name: 'name', widget: 'text', label: 'Vor- und Nachname', autocomplete: 'name' },
        { name: 'email', widget: 'email', label: 'E-Mail-Adresse', help: 'Wir schreiben Ihnen nur, dass eine Nachricht in Ihrem Postfach liegt.', autocomplete: 'email' },
        { name: 'anschrift', widget: 'address', label: 'Anschrift in der Parkzone' },
        { name: 'hauptwohnsitz', widget: 'checkbox', label: 'Ich bin unter dieser Anschrift mit Hauptwohnsitz gemeldet.' },
      ],
    },
    {
      title: 'Fahrzeug',
      fields: [
        { name: 'kennzeichen', widget: 'text', label: 'Amtliches Kennzeichen', help: 'Zum Beispiel HVL-AB 123', patternMessage: 'Bitte geben Sie das Kennzeichen so ein: Ortskürzel, Bindestrich, Buchstaben, Zahl – zum Beispiel HVL-AB 123.' },
        { name: 'halter', widget: 'radio', label: 'Ist das Fahrzeug auf Sie zugelassen?', options: [{ value: 'ja', label: 'Ja' }, { value: 'nein', label: 'Nein' }] },
        { name: 'halterName', widget: 'text', label: 'Name der Halterin oder des Halters', showIf: { field: 'halter', equals: 'nein' } },
        {
          name: 'nutzung',
          widget: 'select',
          label: 'Warum nutzen Sie das Fahrzeug dauerhaft?',
          showIf: { field: 'halter', equals: 'nein' },
          options: [
            { value: 'dienstwagen', label: 'Dienstwagen, auch privat genutzt' },
            { value: 'leasing', label: 'Leasing- oder Mietfahrzeug' },
            { value: 'familie', label: 'Fahrzeug eines Familienmitglieds' },
          ],
        },
        {
          name: 'nachweis',
          widget: 'file',
          label: 'Bestätigung der Halterin oder des Halters',
          help: 'Ein Schreiben, dass Sie das Fahrzeug dauerhaft nutzen dürfen, zum Beispiel eine Bestätigung des Arbeitgebers oder der Leasinggesellschaft.',
          showIf: { field: 'halter', equals: 'nein' },
        },
      ],
    },
    {
      title: 'Gültigkeit',
      fields: [{ name: 'beginn', widget: 'date', label: 'Ab wann soll der Ausweis gelten?', help: 'Der Ausweis gilt ab diesem Tag für ein Jahr.' }],
    },
  ],
  prefill: { name: 'displayName', email: 'email' },
};

export const MELDEBESCHEINIGUNG_FORM = {
  title: 'Meldebescheinigung beantragen',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      art: { type: 'string', enum: ['einfach', 'erweitert'] },
      zweck: { type: 'string', enum: ['arbeitgeber', 'vermieter', 'behoerde', 'sonstiges'] },
      zweckText: { type: 'string', minLength: 3, maxLength: 200 },
      name: { type: 'string', minLength: 2, maxLength: 120 },
      geburtsdatum: { type: 'string', format: 'date' },
      anschrift: ADDRESS,
    },
    required: ['art', 'zweck', 'zweckText', 'name', 'geburtsdatum', 'anschrift'],
  },
  steps: [
    {
      title: 'Art der Bescheinigung',
      fields: [
        { name: 'art', widget: 'radio', label: 'Welche Bescheinigung brauchen Sie?', options: [{ value: 'einfach', label: 'Einfache Meldebescheinigung' }, { value: 'erweitert', label: 'Erweiterte Meldebescheinigung' }] },
        { name: 'zweck', widget: 'select', label: 'Wofür brauchen Sie die Bescheinigung?', options: [{ value: 'arbeitgeber', label: 'für den Arbeitgeber' }, { value: 'vermieter', label: 'für die Vermieterin oder den Vermieter' }, { value: 'behoerde', label: 'für eine Behörde' }, { value: 'sonstiges', label: 'Sonstiges' }] },
        { name: 'zweckText', widget: 'text', label: 'Bitte beschreiben Sie den Zweck', showIf: { field: 'zweck', equals: 'sonstiges' } },
      ],
    },
    {
      title: 'Angaben zu Ihrer Person',
      fields: [
        { name: 'name', widget: 'text', label: 'Vor- und Nachname', autocomplete: 'name' },
        { name: 'geburtsdatum', widget: 'date', label: 'Geburtsdatum', autocomplete: 'bday' },
        { name: 'anschrift', widget: 'address', label: 'Aktuelle Anschrift' },
      ],
    },
  ],
  prefill: { name: 'displayName' },
};

/** Seeds the demo forms for a municipality; both municipalities start from the same definitions. */
export async function seedForms(tx: Tx, tenantId: string, now: Date): Promise<void> {
  await insertForm(tx, { tenantId, key: 'bewohnerparkausweis', serviceSlug: 'bewohnerparkausweis', definition: PARKING_FORM, now, actorId: null });
  await insertForm(tx, { tenantId, key: 'meldebescheinigung', serviceSlug: 'meldebescheinigung', definition: MELDEBESCHEINIGUNG_FORM, now, actorId: null });
  // Apply, pay and print at home: both are paid before the clerk starts.
  await setPolicy(tx, tenantId, 'bewohnerparkausweis', 'before');
  await setPolicy(tx, tenantId, 'meldebescheinigung', 'before');
}
