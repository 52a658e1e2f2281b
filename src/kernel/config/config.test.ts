import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: port 3000 on 127.0.0.1, PGlite with demo data, outbox mail, generated secret kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amt-cfg-'));
  const c = loadConfig({ DATA_DIR: dir });
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.baseUrl, 'http://127.0.0.1:3000');
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.demoData, true);
  assert.equal(c.smtpUrl, undefined);
  assert.equal(c.secure, false);
  assert.ok(c.secretKey.length >= 32);
  assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
  assert.equal(loadConfig({ DATA_DIR: dir }).secretKey, c.secretKey, 'generated once, then reused');
  assert.equal(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), c.secretKey);
});

test('a PostgreSQL URL turns demo data off unless asked for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amt-cfg-'));
  assert.equal(loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://u@h/db' }).demoData, false);
  assert.equal(loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://u@h/db', DEMO_DATA: '1' }).demoData, true);
});

test('bad values are refused at start with clear German messages naming the variable', () => {
  try {
    loadConfig({ PORT: 'achtzig', DATABASE_URL: 'mysql://x', BASE_URL: 'kein-url', DEMO_DATA: 'vielleicht', DATA_DIR: tmpdir() });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /PORT: muss eine Zahl sein/);
    assert.match(e.message, /DATABASE_URL: muss mit postgres:\/\//);
    assert.match(e.message, /BASE_URL: muss eine absolute URL sein/);
    assert.match(e.message, /DEMO_DATA: muss einer von/);
  }
});
