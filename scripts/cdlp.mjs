// npm run cdlp -- <command>: builds the api if needed, then runs its CLI against
// DATABASE_URL, or against the embedded PostgreSQL when DATABASE_URL is not set.
import { spawn, spawnSync } from 'node:child_process';
import { localEncryptionKeys, startEmbeddedPostgres } from './embedded-db.mjs';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
const build = spawnSync('npx', ['nx', 'run', 'api:build', '--output-style=static'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
if (build.status !== 0) {
  process.stderr.write(build.stdout?.toString() ?? '');
  process.exit(build.status ?? 1);
}
if (!env.DATA_ENCRYPTION_KEYS && env.NODE_ENV !== 'production') env.DATA_ENCRYPTION_KEYS = localEncryptionKeys();
let db = null;
if (!env.DATABASE_URL) {
  db = await startEmbeddedPostgres({ quiet: true });
  env.DATABASE_URL = db.url;
}
const child = spawn(process.execPath, ['dist/api/cli.js', ...process.argv.slice(2)], { env, stdio: 'inherit' });
child.on('exit', async (code) => {
  if (db) await db.stop();
  process.exit(code ?? 1);
});
