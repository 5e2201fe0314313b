// npm start: builds the api and the web (cached by Nx), starts the embedded PostgreSQL
// when DATABASE_URL is not set, then runs the portal on PORT (default 3000).
import { spawn, spawnSync } from 'node:child_process';
import { localEncryptionKeys, startEmbeddedPostgres } from './embedded-db.mjs';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
process.stdout.write('Construction du portail (api et web)…\n');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--output-style=static'], {
  env,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

if (!env.DATA_ENCRYPTION_KEYS && env.NODE_ENV !== 'production') env.DATA_ENCRYPTION_KEYS = localEncryptionKeys();
let db = null;
if (!env.DATABASE_URL) {
  process.stdout.write('DATABASE_URL absent : démarrage de PostgreSQL embarqué (.data/pg)…\n');
  db = await startEmbeddedPostgres();
  env.DATABASE_URL = db.url;
}
const child = spawn(process.execPath, ['dist/api/main.js'], { env, stdio: 'inherit' });
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', async (code) => {
  if (db) await db.stop();
  process.exit(code ?? 0);
});
