// Sample inputs for tests of several modules.

/** An RFC 5322 message with a UTF-8 subject, a text body and an (inert) attachment. */
export function sampleMail(o: { subject: string; body: string; to?: string; date?: string; messageId?: string; attachment?: { name: string; type: string; bytes: Buffer } }): Buffer {
  const lines = [
    'From: Erika Muster <erika@example.org>',
    `To: ${o.to ?? 'rathaus@teststadt.example'}`,
    `Subject: =?UTF-8?B?${Buffer.from(o.subject).toString('base64')}?=`,
    `Date: ${o.date ?? 'Mon, 16 Nov 2026 10:00:00 +0100'}`,
    `Message-ID: <${o.messageId ?? 'test-1@example.org'}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="grenze"',
    '',
    '--grenze',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(o.body).toString('base64'),
  ];
  if (o.attachment) {
    lines.push('--grenze', `Content-Type: ${o.attachment.type}; name="${o.attachment.name}"`, `Content-Disposition: attachment; filename="${o.attachment.name}"`, 'Content-Transfer-Encoding: base64', '', o.attachment.bytes.toString('base64'));
  }
  lines.push('--grenze--', '');
  return Buffer.from(lines.join('\r\n'));
}
