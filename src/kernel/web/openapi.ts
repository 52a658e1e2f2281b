/** The OpenAPI 3.1 description of the platform's JSON API; modules' endpoints are added as they come. */
export function openApiDocument(baseUrl: string): object {
  const problem = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['status', 'title', 'detail', 'reference'],
        properties: { status: { type: 'integer' }, title: { type: 'string' }, detail: { type: 'string' }, reference: { type: 'string' } },
      },
    },
  };
  const moduleId = { type: 'string', enum: ['catalog', 'forms', 'applications', 'account', 'cases', 'appointments', 'council', 'finance', 'staff'] };
  const tenant = {
    type: 'object',
    required: ['slug', 'name', 'kind', 'land', 'ars', 'modules', 'url'],
    properties: {
      slug: { type: 'string', pattern: '^[a-z0-9-]+$' },
      name: { type: 'string' },
      kind: { type: 'string', enum: ['stadt', 'gemeinde', 'amt'] },
      land: { type: 'string', description: 'Länderkürzel, z. B. MV, BB' },
      ags: { type: ['string', 'null'], pattern: '^[0-9]{8}$', description: 'Amtlicher Gemeindeschlüssel' },
      ars: { type: 'string', pattern: '^[0-9]{12}$', description: 'Amtlicher Regionalschlüssel' },
      address: { type: 'object', properties: { street: { type: 'string' }, postalCode: { type: 'string' }, city: { type: 'string' } } },
      contact: { type: 'object', properties: { phone: { type: 'string' }, email: { type: 'string' }, website: { type: 'string' } } },
      modules: { type: 'array', items: moduleId },
      members: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, ags: { type: 'string' } } } },
      url: { type: 'string', format: 'uri' },
    },
  };
  const tenantParam = { name: 'tenant', in: 'path', required: true, schema: { type: 'string' }, description: 'Kürzel der Kommune (slug)' };
  const errors = {
    '404': { description: 'Unbekannte Kommune oder Modul nicht freigeschaltet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
  };
  const modulesMap = { type: 'object', properties: Object.fromEntries(moduleId.enum.map((m) => [m, { type: 'boolean' }])), additionalProperties: false };
  return {
    openapi: '3.1.0',
    info: { title: 'Amtsstube API', version: '1.0.0', description: 'JSON-Schnittstellen der Amtsstube. Fehler werden als Problem-Objekt mit deutscher Meldung und Referenznummer geliefert.', license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' } },
    servers: [{ url: baseUrl }],
    paths: {
      '/api/v1/tenants': {
        get: { summary: 'Mitgliedskommunen', operationId: 'listTenants', responses: { '200': { description: 'Liste', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Tenant' } } } } } } } } },
      },
      '/api/v1/{tenant}': {
        get: { summary: 'Eine Kommune', operationId: 'getTenant', parameters: [tenantParam], responses: { '200': { description: 'Kommune', content: { 'application/json': { schema: { $ref: '#/components/schemas/Tenant' } } } }, ...errors } },
      },
      '/api/v1/{tenant}/services': {
        get: {
          summary: 'Leistungen der Kommune (Suche mit Tippfehler-Toleranz)',
          operationId: 'listServices',
          parameters: [tenantParam, { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 100 }, description: 'Suchbegriff; ohne q nach Beliebtheit sortiert' }],
          responses: {
            '200': {
              description: 'Leistungen',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      data: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['id', 'slug', 'name', 'fee', 'feeText', 'identityLevel', 'maturity', 'url'],
                          properties: {
                            id: { type: 'string', format: 'uuid' },
                            slug: { type: 'string' },
                            name: { type: 'string' },
                            shortDescription: { type: 'string' },
                            leikaKey: { type: ['string', 'null'], pattern: '^[0-9]{14}$' },
                            fee: { type: 'object', description: 'Gebührenmodell; Beträge in Cent (kind: free | fixed | per_copy | range | per_year | tiers)', required: ['kind'], properties: { kind: { type: 'string' } } },
                            feeText: { type: 'string' },
                            identityLevel: { type: 'string', enum: ['none', 'basic', 'substantial', 'high'] },
                            maturity: { type: 'integer', minimum: 0, maximum: 4, description: 'OZG-Reifegrad 1.1' },
                            categories: { type: 'array', items: { type: 'string' } },
                            url: { type: 'string', format: 'uri' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/zahlung/benachrichtigung': {
        post: {
          summary: 'Benachrichtigung des Zahlungsdienstes (Server an Server)',
          description: 'Signiert mit HMAC-SHA256 über notificationId|txId|reference|amountCents|status|method|timestamp im Header X-Testkasse-Signature. Gleiche notificationId wird nur einmal verarbeitet.',
          operationId: 'paymentNotification',
          parameters: [{ name: 'X-Testkasse-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PaymentNotification' } } } },
          responses: { '200': { description: 'verarbeitet (applied | duplicate | final)' }, '400': { description: 'Signatur, Betrag, Kassenzeichen oder Format ungültig; nichts geändert' } },
        },
      },
      '/testkasse/api/status/{tx}': {
        get: {
          summary: 'Status-Abfrage beim eingebetteten Demo-Zahlungsdienst (Testkasse)',
          operationId: 'testkasseStatus',
          parameters: [{ name: 'tx', in: 'path', required: true, schema: { type: 'string', pattern: '^TK[0-9A-F]{18}$' } }],
          responses: { '200': { description: 'signierter Status', content: { 'application/json': { schema: { type: 'object', properties: { notification: { $ref: '#/components/schemas/PaymentNotification' }, signature: { type: 'string' } } } } } }, '404': { description: 'unbekannt' } },
        },
      },
      '/api/v1/{tenant}/appointments/services': {
        get: { summary: 'Buchbare Leistungen der Terminvergabe', operationId: 'appointmentServices', parameters: [tenantParam], responses: { '200': { description: 'Liste mit id, name, durationMinutes' }, ...errors } },
      },
      '/api/v1/{tenant}/appointments/locations': {
        get: { summary: 'Standorte mit ihren Leistungen', operationId: 'appointmentLocations', parameters: [tenantParam], responses: { '200': { description: 'Liste mit id, name, address, accessibility, services' }, ...errors } },
      },
      '/api/v1/{tenant}/appointments/slots': {
        get: {
          summary: 'Freie Termine',
          operationId: 'appointmentSlots',
          parameters: [
            tenantParam,
            { name: 'service', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'location', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'höchstens 92 Tage nach from' },
            { name: 'persons', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 }, description: 'Personen/Anliegen; die Dauer wächst entsprechend' },
          ],
          responses: {
            '200': { description: 'freie Termine', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { type: 'object', required: ['start', 'location', 'free'], properties: { start: { type: 'string', format: 'date-time', description: 'ISO 8601 mit Zeitzone (Europe/Berlin)' }, end: { type: 'string', format: 'date-time' }, location: { type: 'string', format: 'uuid' }, service: { type: 'string', format: 'uuid' }, free: { type: 'integer', minimum: 1, description: 'freie Schalter für die ganze Dauer' } } } } } } } } },
            '422': { description: 'Parameter fehlen oder sind ungültig', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
            ...errors,
          },
        },
      },
      '/api/v1/{tenant}/appointments': {
        post: {
          summary: 'Termin buchen',
          operationId: 'bookAppointment',
          parameters: [tenantParam],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['service', 'location', 'start', 'name', 'email'], properties: { service: { type: 'string', format: 'uuid' }, location: { type: 'string', format: 'uuid' }, start: { type: 'string', format: 'date-time' }, name: { type: 'string', minLength: 2, maxLength: 120 }, email: { type: 'string', format: 'email' }, persons: { type: 'integer', minimum: 1, default: 1 }, challenge: { type: 'string', description: 'von GET …/appointments/challenge, wenn die Kommune die Rechenaufgabe verlangt' }, solution: { type: 'string', pattern: '^[0-9]{1,12}$' } } } } } },
          responses: {
            '201': { description: 'gebucht (Bestätigung per E-Mail); cancelToken zum Absagen, manageUrl zum Verschieben/Absagen', content: { 'application/json': { schema: { type: 'object', required: ['id', 'start', 'cancelToken'], properties: { id: { type: 'string', format: 'uuid' }, service: { type: 'string' }, location: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, persons: { type: 'integer' }, status: { type: 'string', enum: ['confirmed'] }, cancelToken: { type: 'string' }, manageUrl: { type: 'string', format: 'uri' } } } } } },
            '409': { description: 'Termin nicht mehr frei', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
            '422': { description: 'ungültige Eingabe oder kein buchbarer Termin zu dieser Zeit', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
            '429': { description: 'zu viele Buchungen (Anschluss oder E-Mail-Adresse)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          },
        },
      },
      '/api/v1/{tenant}/appointments/challenge': {
        get: {
          summary: 'Rechenaufgabe (Proof of Work) gegen Buchungsbots',
          description: 'Gesucht ist eine Zahl n (als Text), sodass SHA-256(challenge + ":" + n) mit mindestens difficulty Null-Bits beginnt. Jede Aufgabe gilt 30 Minuten und einmal.',
          operationId: 'appointmentChallenge',
          parameters: [tenantParam],
          responses: { '200': { description: 'Aufgabe', content: { 'application/json': { schema: { type: 'object', required: ['algorithm', 'challenge', 'difficulty', 'expires', 'required'], properties: { algorithm: { type: 'string', enum: ['SHA-256'] }, challenge: { type: 'string' }, difficulty: { type: 'integer', minimum: 0, maximum: 24 }, expires: { type: 'string', format: 'date-time' }, required: { type: 'boolean' } } } } } }, ...errors },
        },
      },
      '/api/v1/{tenant}/appointments/display/{locationId}': {
        get: {
          summary: 'Aufrufanzeige des Wartebereichs (nur Wartenummern und Schalter, keine Namen)',
          operationId: 'appointmentDisplay',
          parameters: [tenantParam, { name: 'locationId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'aufgerufene und wartende Nummern', content: { 'application/json': { schema: { type: 'object', properties: { called: { type: 'array', items: { type: 'object', properties: { ticket: { type: 'string' }, counter: { type: 'integer' }, calledAt: { type: 'string', format: 'date-time' } } } }, waiting: { type: 'array', items: { type: 'string' } } } } } } }, '404': { description: 'Unbekannte Kommune, Modul nicht freigeschaltet oder Standort unbekannt' } },
        },
      },
      '/api/v1/{tenant}/appointments/{id}': {
        delete: {
          summary: 'Termin absagen',
          operationId: 'cancelAppointment',
          parameters: [tenantParam, { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, { name: 'token', in: 'query', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'abgesagt; der Platz wird der Warteliste angeboten' }, '404': { description: 'unbekannt oder Link ungültig' }, '409': { description: 'bereits abgesagt oder schon vorbei' } },
        },
      },
      // OParl 1.1 (council module): documented by the OParl specification; listed here so integrators find it.
      '/oparl/v1.1': {
        get: {
          summary: 'OParl 1.1: Einstieg (oparl:System)',
          description: 'Ratsinformationen aller Kommunen mit Sitzungsdienst nach OParl 1.1 (https://oparl.org/spezifikation/): Body, Organization, Person, Membership, Meeting, AgendaItem, Paper, Consultation, File, Location, LegislativeTerm. Zustandslos (keine Cookies), Access-Control-Allow-Origin: *, Fehler als OParl-Error-Objekt. Alle weiteren URLs stehen in den Objekten.',
          operationId: 'oparlSystem',
          responses: { '200': { description: 'oparl:System', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/oparl/v1.1/body/{body}/{type}': {
        get: {
          summary: 'OParl 1.1: externe Objektliste einer Körperschaft',
          description: 'Seiten zu höchstens 100 Objekten, stabil nach Erstellung sortiert (Cursor in links.next). Mit modified_since erscheinen gelöschte und nicht mehr öffentliche Objekte als {id, type, created, modified, deleted: true}.',
          operationId: 'oparlList',
          parameters: [
            { name: 'body', in: 'path', required: true, schema: { type: 'string' }, description: 'Kürzel der Kommune (slug)' },
            { name: 'type', in: 'path', required: true, schema: { type: 'string', enum: ['organization', 'person', 'membership', 'meeting', 'agendaitem', 'paper', 'consultation', 'file', 'location', 'legislativeterm'] } },
            ...['created_since', 'created_until', 'modified_since', 'modified_until'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string', format: 'date-time' }, description: 'vollständiger Zeitpunkt mit Zeitzone, URL-kodiert' })),
            { name: 'omit_internal', in: 'query', required: false, schema: { type: 'boolean' }, description: 'eingebettete Objekte weglassen' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'aus links.next übernehmen' },
          ],
          responses: { '200': { description: 'Listenseite {data, pagination, links}' }, '400': { description: 'Parameter ungültig (OParl-Error-Objekt)' }, '404': { description: 'Körperschaft unbekannt (OParl-Error-Objekt)' } },
        },
      },
      '/api/v1/{tenant}/admin/modules': {
        get: {
          summary: 'Freigeschaltete Module (Administration der Kommune)',
          operationId: 'getModules',
          security: [{ session: [] }],
          parameters: [tenantParam],
          responses: { '200': { description: 'Module', content: { 'application/json': { schema: { type: 'object', properties: { modules: modulesMap } } } } }, '401': { description: 'Nicht angemeldet' }, '403': { description: 'Keine Berechtigung' }, ...errors },
        },
        put: {
          summary: 'Module schalten',
          operationId: 'putModules',
          security: [{ session: [] }],
          parameters: [tenantParam, { name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['modules'], properties: { modules: modulesMap }, additionalProperties: false } } } },
          responses: { '200': { description: 'Neuer Stand' }, '401': { description: 'Nicht angemeldet' }, '403': { description: 'Keine Berechtigung oder CSRF-Token ungültig' }, '422': { description: 'Ungültige Eingabe' }, ...errors },
        },
      },
      '/api/v1/{tenant}/einvoices': {
        post: {
          summary: 'E-Rechnung einreichen (XRechnung, EN 16931 UBL/CII, ZUGFeRD/Factur-X-PDF)',
          description:
            'Die Datei ist der Rohinhalt des Aufrufs. Zuordnung zur Dienststelle über die Leitweg-ID (BT-10); eine falsche Prüfziffer ist nur ein Hinweis. Dieselben Bytes noch einmal: 200 mit der gespeicherten Rechnung. Ungültige Rechnungen werden mit Prüfbericht gespeichert (state "invalid"), aber nie zur Zahlung freigegeben. Anmeldung wie bei der Administrations-Schnittstelle: Sitzung einer Mitarbeiterin oder eines Mitarbeiters (Rollen admin, clerk, lead) und X-CSRF-Token.',
          operationId: 'postEinvoice',
          security: [{ session: [] }],
          parameters: [tenantParam, { name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' } }, { name: 'dateiname', in: 'query', required: false, schema: { type: 'string' }, description: 'Dateiname für die Ablage des Originals' }],
          requestBody: { required: true, content: { 'application/xml': { schema: { type: 'string' } }, 'text/xml': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          responses: {
            '201': { description: 'Angenommen (auch ungültig gespeichert, siehe invoice.state und invoice.validation)' },
            '200': { description: 'Diese Datei ist bereits eingegangen; die gespeicherte Rechnung' },
            '401': { description: 'Nicht angemeldet' },
            '403': { description: 'Keine Berechtigung oder CSRF-Token ungültig' },
            '409': { description: 'Dublette: dieselbe Rechnung (Verkäufer, Nummer, Bruttobetrag) liegt schon vor (error.duplicateOf)' },
            '413': { description: 'Datei größer als 20 MB' },
            '415': { description: 'Falscher Content-Type' },
            '422': { description: 'Nicht lesbar (kein XML, nicht wohlgeformt, PDF ohne Rechnung …) oder Leitweg-ID fehlt, unbekannt oder gehört zu einer anderen Kommune; nichts gespeichert (error.reason, error.detail)' },
            ...errors,
          },
        },
      },
    },
    components: {
      schemas: {
        Tenant: tenant,
        Problem: problem,
        PaymentNotification: {
          type: 'object',
          additionalProperties: false,
          required: ['notificationId', 'txId', 'reference', 'amountCents', 'status', 'method', 'timestamp'],
          properties: {
            notificationId: { type: 'string' },
            txId: { type: 'string' },
            reference: { type: 'string', description: 'Kassenzeichen' },
            amountCents: { type: 'integer', minimum: 1 },
            status: { type: 'string', enum: ['INITIAL', 'PAYED', 'FAILED', 'CANCELED'] },
            method: { type: 'string' },
            timestamp: { type: 'string', format: 'date-time' },
          },
        },
      },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'amt_sid', description: 'Sitzungs-Cookie nach Anmeldung; schreibende Aufrufe brauchen zusätzlich X-CSRF-Token.' } },
    },
  };
}
