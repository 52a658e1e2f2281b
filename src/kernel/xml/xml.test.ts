import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, decodeXml, descendants, parseXml, textAt, XmlError } from './xml.ts';

test('parses namespaces, attributes and text as strings; amounts are never numbers', () => {
  const doc = parseXml('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><Stmt><Ntry><Amt Ccy="EUR">0012.50</Amt></Ntry><Ntry><Amt Ccy="EUR">7</Amt></Ntry></Stmt></Document>');
  assert.equal(doc.name, 'Document');
  assert.equal(doc.ns, 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02');
  assert.equal(textAt(doc, 'Stmt', 'Ntry', 'Amt'), '0012.50');
  assert.equal(at(doc, 'Stmt', 'Ntry', 'Amt')?.attrs.Ccy, 'EUR');
  assert.deepEqual(descendants(doc, 'Amt').map((a) => a.text), ['0012.50', '7']);
  const ubl = parseXml('<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:cbc"><cbc:ID>R-1 &amp; 2</cbc:ID></ubl:Invoice>');
  assert.equal(ubl.name, 'Invoice');
  assert.equal(ubl.ns, 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2');
  assert.equal(ubl.children[0]!.ns, 'urn:cbc');
  assert.equal(textAt(ubl, 'ID'), 'R-1 & 2');
});

test('refuses DTDs (external entities, entity expansion), non-XML, malformed and oversized input with German messages', () => {
  const bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<a>&lol2;</a>';
  assert.throws(() => parseXml(bomb), (e: unknown) => e instanceof XmlError && /DOCTYPE/.test(e.message) && e.line === 2);
  const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
  assert.throws(() => parseXml(xxe), /Sicherheitsgründen/);
  assert.throws(() => parseXml(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), /kein XML-Dokument/);
  assert.throws(() => parseXml('<a><b></a>'), (e: unknown) => e instanceof XmlError && /Zeile 1, Spalte/.test(e.message));
  assert.throws(() => parseXml('<a>' + 'x'.repeat(2000) + '</a>', { maxBytes: 1000 }), /zu groß/);
  assert.throws(() => parseXml(''), /leer/);
});

test('decodes ISO-8859-1 with and without a declaration, UTF-8 with BOM', () => {
  const latin = Buffer.from('<a>Müller Straße</a>', 'latin1');
  assert.equal(decodeXml(latin), '<a>Müller Straße</a>');
  assert.equal(parseXml(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>'), latin])).text, 'Müller Straße');
  assert.equal(parseXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>Grüße</a>')])).text, 'Grüße');
  assert.throws(() => decodeXml(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>'), latin])), /ungültige UTF-8/);
});

test('decodes numeric character references; names the end of a truncated file; refuses absurd nesting', () => {
  assert.equal(parseXml('<a>M&#252;ller &#x41; &amp;#252;</a>').text, 'Müller A &#252;');
  assert.throws(() => parseXml('<a>\n<b>text</b>\n<c>tru'), (e: unknown) => e instanceof XmlError && e.line === 3 && /endet unerwartet.*a › c/.test(e.message));
  assert.throws(() => parseXml('<a>'.repeat(300) + '</a>'.repeat(300)), /zu tief verschachtelt/);
});
