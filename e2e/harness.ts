/**
 * Browser-test harness: starts the real app (fresh data dir, demo data) on a free port,
 * launches the system Chromium (never downloads one) and checks pages with axe-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_PASSWORD = 'Amtsstube-Demo-2026';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface RunningApp {
  baseUrl: string;
  /** Everything the app printed so far (for failure messages). */
  output(): string;
  /** The app's DATA_DIR (mails land in DATA_DIR/outbox without SMTP_URL). */
  dataDir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (!addr || typeof addr === 'string') return reject(new Error('no port'));
      srv.close(() => resolve(addr.port));
    });
  });
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if `after` never runs: the test process going away takes the app with it.
  process.once('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
}

/**
 * Starts `src/main.ts` in a child process. The child also watches its stdin pipe and shuts
 * down when it closes, so it dies even if the test process is killed hard.
 */
export async function startApp(opts: { timeoutMs?: number } = {}): Promise<RunningApp> {
  installExitHook();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsstube-e2e-'));
  const mainUrl = pathToFileURL(join(ROOT, 'src/main.ts')).href;
  // CommonJS eval (no --input-type): worker threads inherit the exec arguments, and --input-type would stop them
  // from loading their own files (the E-Akte's PDF text extraction runs in one).
  const boot = [
    "process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));",
    'process.stdin.resume();',
    `import(${JSON.stringify(mainUrl)}).then((m) => m.main()).catch((e) => { console.error(e); process.exit(1); });`,
  ].join('\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: '1',
    LOG_LEVEL: 'warn',
    PASSWORD_SCRYPT_LOG2N: '12',
    JOBS: '1',
  };
  // Settings that must not leak in from the developer's shell.
  for (const k of ['DATABASE_URL', 'BASE_URL', 'SMTP_URL', 'SECRET_KEY', 'TRUST_PROXY', 'NODE_TEST_CONTEXT', 'NODE_OPTIONS']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', boot], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    children.delete(child);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  try {
    while (!out.includes('Amtsstube läuft auf')) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('app exited during start');
      if (Date.now() > deadline) throw new Error('app did not report readiness in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (;;) {
      try {
        const res = await fetch(`${baseUrl}/health`);
        if (res.status === 200) break;
      } catch {
        /* not yet listening */
      }
      if (Date.now() > deadline) throw new Error('GET /health did not answer 200 in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- app output ---\n${out}`, { cause: e });
  }
  return { baseUrl, output: () => out, dataDir, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs axe (WCAG 2.1 A/AA) on the current page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, label?: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 10)
      .map((n) => `      - ${n.target.map(String).join(' > ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
      .join('\n');
    const more = v.nodes.length > 10 ? `\n      … and ${v.nodes.length - 10} more` : '';
    return `  * [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
  });
  assert.fail(`axe found ${results.violations.length} violation(s) on ${label ?? page.url()}:\n${lines.join('\n')}`);
}
