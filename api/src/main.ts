import 'reflect-metadata';
import { createApp, runMigrations } from './bootstrap';
import { ConfigError, loadConfig } from './core/config/config';
import { OutboxWorker } from './core/outbox/outbox.worker';
import { DemoSeeder, ALL_DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-seed';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (config.runMigrationsOnStart) await runMigrations(config);
  const app = await createApp(config);
  if (config.demoMode) await app.get(DemoSeeder).seed();
  app.get(OutboxWorker).start();
  await app.listen(config.port);
  const lines = [
    '',
    `Portail CDLP prêt : ${config.publicUrl}`,
    `API : ${config.publicUrl}/api — documentation : ${config.publicUrl}/api/docs`,
  ];
  if (config.demoMode) {
    lines.push('', `Mode démo. Comptes (mot de passe : ${DEMO_PASSWORD}) :`);
    for (const a of ALL_DEMO_ACCOUNTS) lines.push(`  - ${(a.departement ?? 'national').padEnd(9)}${a.role.padEnd(15)} ${a.email}`);
    if (!config.smtpUrl) lines.push('', `Courriels écrits dans ${config.dataDir}/mail (pas de SMTP_URL).`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`Échec du démarrage : ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
