import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './kernel/config/config.ts';
import { buildPlatform } from './platform.ts';
import { seedDemo } from './demo/seed.ts';
import { runMaintenance } from './kernel/maintenance.ts';

/** Starts the whole platform: config → database → migrations → demo data → HTTP + job runner. */
export async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const t0 = Date.now();
  const running = await buildPlatform(config);
  if (config.demoData) {
    const seeded = await seedDemo(running.platform.db, { log2N: config.scryptLog2N, baseUrl: config.baseUrl });
    if (seeded) console.log('Demo-Daten angelegt (zwei Kommunen, Demo-Konten siehe README).');
  }
  if (config.jobs) {
    running.jobs.start();
    const { db, clock } = running.platform;
    const tidy = async () => {
      try {
        await runMaintenance(db, clock.now(), { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs });
        for (const m of running.platform.modules) await m.maintenance?.(running.platform, clock.now());
      } catch (e) {
        console.error('maintenance failed', e);
      }
    };
    setInterval(tidy, 3_600_000).unref();
    void tidy();
  }
  await running.app.listen({ port: config.port, host: config.host });
  console.log(`Amtsstube läuft auf ${config.baseUrl} (Datenbank: ${running.platform.db.engine}, Start in ${Date.now() - t0} ms)`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
