import { ConfigError, loadConfig } from './config';

const BASE = { DATABASE_URL: 'postgres://cdlp@127.0.0.1:5432/cdlp' };
/** Two valid DP-1 keys (32 bytes each, base64). */
const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const KEYS = { DATA_ENCRYPTION_KEYS: `k2026:${KEY_A}` };
/** What production (demo off) requires besides SMTP_URL: DP-1 keys and the SIG-1 certificate. */
const PROD_REQUIRED = {
  ...KEYS,
  SIGNING_P12_PATH: '/etc/cdlp/signature.p12',
  SIGNING_P12_PASSWORD: 'secret',
  DATABASE_APP_URL: 'postgres://cdlp_api@127.0.0.1:5432/cdlp',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('loadConfig accepted an invalid configuration');
}

describe('loadConfig', () => {
  describe('defaults', () => {
    it('fills every optional variable with a documented default (development, demo on)', () => {
      expect(loadConfig({ ...BASE })).toMatchObject({
        nodeEnv: 'development',
        port: 3000,
        databaseUrl: BASE.DATABASE_URL,
        demoMode: true,
        publicUrl: 'http://localhost:3000',
        smtpUrl: null,
        mailFrom: 'CDLP <ne-pas-repondre@cdlp.localhost>',
        dataDir: '.data',
        webDist: 'dist/web/browser',
        sessionIdleMinutes: 30,
        loginMaxFailures: 5,
        loginLockoutMinutes: 15,
        loginRatePerMinute: 20,
        logLevel: 'info',
        trustProxy: false,
        departementCode: '86',
        outboxPollMs: 1000,
        outboxMaxAttempts: 10,
        runMigrationsOnStart: true,
        encryptionKeys: [{ id: 'demo-public', key: expect.any(Buffer) }],
        runJobs: true,
        signingP12Path: null,
        signingP12Password: null,
        proConnect: null,
      });
    });

    it('does not run the hourly jobs by default under NODE_ENV=test', () => {
      expect(loadConfig({ ...BASE, NODE_ENV: 'test' }).runJobs).toBe(false);
      expect(loadConfig({ ...BASE, NODE_ENV: 'test', RUN_JOBS: 'true' }).runJobs).toBe(true);
    });

    it('is silent by default under NODE_ENV=test', () => {
      expect(loadConfig({ ...BASE, NODE_ENV: 'test' }).logLevel).toBe('silent');
    });

    it('treats an empty variable as unset', () => {
      const c = loadConfig({ ...BASE, PORT: '', SMTP_URL: '', LOG_LEVEL: '', DEMO_MODE: '' });
      expect(c.port).toBe(3000);
      expect(c.smtpUrl).toBeNull();
      expect(c.logLevel).toBe('info');
      expect(c.demoMode).toBe(true);
    });

    it('derives PUBLIC_URL from PORT and strips a trailing slash', () => {
      expect(loadConfig({ ...BASE, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
      expect(loadConfig({ ...BASE, PUBLIC_URL: 'https://cdlp.vienne.gouv.fr/' }).publicUrl).toBe('https://cdlp.vienne.gouv.fr');
    });

    it('reads every variable when given', () => {
      const c = loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgresql://app@db/cdlp',
        DATABASE_APP_URL: 'postgresql://cdlp_api@db/cdlp',
        DATABASE_POOL_SIZE: '40',
        PORT: '8080',
        PUBLIC_URL: 'https://cdlp.example.fr',
        SMTP_URL: 'smtps://user:pw@smtp.example.fr:465',
        MAIL_FROM: 'ne-pas-repondre@example.fr',
        DATA_DIR: '/var/lib/cdlp',
        WEB_DIST: '/srv/web',
        SESSION_IDLE_MINUTES: '20',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCKOUT_MINUTES: '30',
        LOGIN_RATE_PER_MINUTE: '7',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'TRUE',
        DEPARTEMENT_CODE: '2A',
        OUTBOX_POLL_MS: '500',
        OUTBOX_MAX_ATTEMPTS: '4',
        RUN_MIGRATIONS_ON_START: 'no',
        DATA_ENCRYPTION_KEYS: `new-key:${KEY_B}, old-key:${KEY_A}`,
        SIGNING_P12_PATH: '/etc/cdlp/signature.p12',
        SIGNING_P12_PASSWORD: 'secret',
      });
      expect(c).toMatchObject({
        nodeEnv: 'production',
        databaseAppUrl: 'postgresql://cdlp_api@db/cdlp',
        databasePoolSize: 40,
        demoMode: false,
        port: 8080,
        smtpUrl: 'smtps://user:pw@smtp.example.fr:465',
        mailFrom: 'ne-pas-repondre@example.fr',
        sessionIdleMinutes: 20,
        loginMaxFailures: 3,
        loginLockoutMinutes: 30,
        loginRatePerMinute: 7,
        logLevel: 'warn',
        trustProxy: true,
        departementCode: '2A',
        outboxPollMs: 500,
        outboxMaxAttempts: 4,
        runMigrationsOnStart: false,
      });
      // DP-1: the first key encrypts, the others still decrypt.
      expect(c.encryptionKeys.map((k) => k.id)).toEqual(['new-key', 'old-key']);
      expect(c.encryptionKeys[0].key.equals(Buffer.alloc(32, 2))).toBe(true);
    });
  });

  describe('each invalid variable stops the start with a French message naming it', () => {
    it.each([
      ['DATABASE_URL', undefined, 'DATABASE_URL est obligatoire.'],
      ['DATABASE_URL', 'mysql://root@localhost/cdlp', 'DATABASE_URL doit commencer par postgres: ou postgresql:'],
      ['DATABASE_URL', 'pas une url', "DATABASE_URL n'est pas une URL valide."],
      ['NODE_ENV', 'staging', 'NODE_ENV doit valoir development, production ou test (reçu « staging »).'],
      ['PORT', '70000', 'PORT doit être un entier entre 1 et 65535 (reçu « 70000 »).'],
      ['PORT', 'http', 'PORT doit être un entier'],
      ['PUBLIC_URL', 'ftp://cdlp.example.fr', 'PUBLIC_URL doit commencer par http: ou https:'],
      ['PUBLIC_URL', 'pas une url', "PUBLIC_URL n'est pas une URL valide."],
      ['SMTP_URL', 'http://smtp.example.fr', 'SMTP_URL doit commencer par smtp: ou smtps:'],
      ['SMTP_URL', 'pas une url', "SMTP_URL n'est pas une URL valide."],
      ['MAIL_FROM', 'pas-une-adresse', 'MAIL_FROM'],
      ['MAIL_FROM', 'CDLP <ne-pas-repondre>', 'MAIL_FROM'],
      ['DEMO_MODE', 'peut-être', 'DEMO_MODE doit valoir true ou false (reçu « peut-être »).'],
      ['TRUST_PROXY', 'oui', 'TRUST_PROXY doit valoir true ou false'],
      ['RUN_MIGRATIONS_ON_START', '2', 'RUN_MIGRATIONS_ON_START doit valoir true ou false'],
      ['SESSION_IDLE_MINUTES', '0', 'SESSION_IDLE_MINUTES doit être un entier entre 1 et 1440 (reçu « 0 »).'],
      ['SESSION_IDLE_MINUTES', '2000', 'SESSION_IDLE_MINUTES doit être un entier entre 1 et 1440'],
      ['LOGIN_MAX_FAILURES', 'cinq', 'LOGIN_MAX_FAILURES doit être un entier entre 1 et 100 (reçu « cinq »).'],
      ['LOGIN_LOCKOUT_MINUTES', '-5', 'LOGIN_LOCKOUT_MINUTES doit être un entier entre 1 et 1440'],
      ['LOGIN_RATE_PER_MINUTE', '1.5', 'LOGIN_RATE_PER_MINUTE doit être un entier'],
      ['OUTBOX_POLL_MS', '10', 'OUTBOX_POLL_MS doit être un entier entre 50 et 600000'],
      ['OUTBOX_MAX_ATTEMPTS', '1000', 'OUTBOX_MAX_ATTEMPTS doit être un entier entre 1 et 100'],
      ['LOG_LEVEL', 'verbose', 'LOG_LEVEL est invalide (reçu « verbose »).'],
      ['DEPARTEMENT_CODE', '860', 'DEPARTEMENT_CODE doit être un code de département (reçu « 860 »).'],
      ['DEPARTEMENT_CODE', '2C', 'DEPARTEMENT_CODE doit être un code de département'],
      ['RUN_JOBS', 'parfois', 'RUN_JOBS doit valoir true ou false'],
      ['DATA_ENCRYPTION_KEYS', 'k1:dHJvcC1jb3VydGU=', 'DATA_ENCRYPTION_KEYS doit être une liste « identifiant:clé »'],
      ['DATA_ENCRYPTION_KEYS', Buffer.alloc(32).toString('base64'), 'DATA_ENCRYPTION_KEYS doit être une liste'],
      ['DATA_ENCRYPTION_KEYS', `id avec espace:${Buffer.alloc(32).toString('base64')}`, 'DATA_ENCRYPTION_KEYS doit être une liste'],
    ])('%s=%s is refused', (name, value, message) => {
      const problems = problemsOf({ ...BASE, [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(name);
      expect(problems[0]).toContain(message);
    });

    it('throws a ConfigError whose message lists every problem, not only the first', () => {
      let error: unknown;
      try {
        loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', DEPARTEMENT_CODE: 'XX' });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.problems).toHaveLength(4);
      expect(e.message).toMatch(/^Configuration invalide :/);
      for (const name of ['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'DEPARTEMENT_CODE']) expect(e.message).toContain(name);
    });

    it('accepts a sender written as an address or as a name and an address', () => {
      expect(loadConfig({ ...BASE, MAIL_FROM: 'secretariat@vienne.gouv.fr' }).mailFrom).toBe('secretariat@vienne.gouv.fr');
      expect(loadConfig({ ...BASE, MAIL_FROM: 'CDLP de la Vienne <cdlp@vienne.gouv.fr>' }).mailFrom).toBe(
        'CDLP de la Vienne <cdlp@vienne.gouv.fr>',
      );
    });
  });

  describe('demo mode and mail', () => {
    it('TENANT-1: production requires the application role connection DATABASE_APP_URL', () => {
      const { DATABASE_APP_URL: _app, ...withoutApp } = PROD_REQUIRED;
      expect(problemsOf({ ...BASE, ...withoutApp, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' })).toEqual([
        expect.stringMatching(/^DATABASE_APP_URL est obligatoire en production/),
      ]);
      expect(problemsOf({ ...BASE, DATABASE_APP_URL: 'mysql://x@y/z' })).toEqual([expect.stringMatching(/^DATABASE_APP_URL doit commencer par/)]);
      expect(problemsOf({ ...BASE, DATABASE_POOL_SIZE: '0' })).toEqual([expect.stringMatching(/^DATABASE_POOL_SIZE doit être un entier/)]);
    });

    it('forbids DEMO_MODE with NODE_ENV=production', () => {
      const problems = problemsOf({ ...BASE, ...PROD_REQUIRED, NODE_ENV: 'production', DEMO_MODE: 'true', SMTP_URL: 'smtp://mail:25' });
      expect(problems).toEqual(['DEMO_MODE ne peut pas être activé quand NODE_ENV=production.']);
    });

    it('turns demo mode off by default in production', () => {
      const c = loadConfig({ ...BASE, ...PROD_REQUIRED, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' });
      expect(c.demoMode).toBe(false);
    });

    it('requires SMTP_URL in production (demo off)', () => {
      const problems = problemsOf({ ...BASE, ...PROD_REQUIRED, NODE_ENV: 'production' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^SMTP_URL est obligatoire hors mode démo/);
    });

    it('requires SMTP_URL whenever demo mode is off, even in development', () => {
      const problems = problemsOf({ ...BASE, ...PROD_REQUIRED, DEMO_MODE: 'false' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('SMTP_URL');
    });

    it('DP-1: requires DATA_ENCRYPTION_KEYS outside demo mode, and never falls back to the public demo key', () => {
      const { DATA_ENCRYPTION_KEYS: _keys, ...withoutKeys } = PROD_REQUIRED;
      const problems = problemsOf({ ...BASE, ...withoutKeys, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' });
      expect(problems).toEqual(['DATA_ENCRYPTION_KEYS est obligatoire hors mode démo (chiffrement des dossiers, DP-1).']);
    });

    it('SIG-1: requires the signing certificate outside demo mode, and its password with it', () => {
      const { SIGNING_P12_PATH: _path, SIGNING_P12_PASSWORD: _pw, ...withoutCert } = PROD_REQUIRED;
      const problems = problemsOf({ ...BASE, ...withoutCert, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' });
      expect(problems).toEqual(['SIGNING_P12_PATH est obligatoire hors mode démo (signature électronique, SIG-1).']);
      const { SIGNING_P12_PASSWORD: _pw2, ...withoutPassword } = PROD_REQUIRED;
      expect(problemsOf({ ...BASE, ...withoutPassword, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' })).toEqual([
        'SIGNING_P12_PASSWORD est obligatoire quand SIGNING_P12_PATH est défini.',
      ]);
    });

    it('does not require SMTP_URL in demo mode (mails are written to files)', () => {
      expect(loadConfig({ ...BASE, DEMO_MODE: 'true' }).smtpUrl).toBeNull();
    });
  });

  describe('ProConnect', () => {
    const PC = {
      PROCONNECT_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
      PROCONNECT_CLIENT_ID: 'client-cdlp',
      PROCONNECT_CLIENT_SECRET: 'secret-cdlp',
    };
    const PROD = { ...BASE, ...PROD_REQUIRED, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' };

    it('is off when none of the three variables is set (the button is hidden)', () => {
      expect(loadConfig({ ...BASE }).proConnect).toBeNull();
      expect(loadConfig({ ...BASE, PROCONNECT_ISSUER: '', PROCONNECT_CLIENT_ID: ' ' }).proConnect).toBeNull();
    });

    it('reads the three variables and derives the redirect addresses from PUBLIC_URL', () => {
      const c = loadConfig({ ...PROD, ...PC, PUBLIC_URL: 'https://cdlp.vienne.gouv.fr/' });
      expect(c.proConnect).toEqual({
        issuer: 'https://auth.agentconnect.gouv.fr/api/v2',
        clientId: 'client-cdlp',
        clientSecret: 'secret-cdlp',
        redirectUri: 'https://cdlp.vienne.gouv.fr/api/auth/proconnect/callback',
        postLogoutRedirectUri: 'https://cdlp.vienne.gouv.fr/connexion',
      });
    });

    it('strips a trailing slash from the issuer', () => {
      const c = loadConfig({ ...BASE, ...PC, PROCONNECT_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2/' });
      expect(c.proConnect?.issuer).toBe('https://auth.agentconnect.gouv.fr/api/v2');
    });

    it.each(['PROCONNECT_ISSUER', 'PROCONNECT_CLIENT_ID', 'PROCONNECT_CLIENT_SECRET'] as const)(
      'refuses a partial configuration without %s, naming it',
      (missing) => {
        const problems = problemsOf({ ...BASE, ...PC, [missing]: undefined });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(new RegExp(`^${missing} est obligatoire quand`));
        expect(problems[0]).toContain('ProConnect');
      },
    );

    it('names both missing variables when only one is set', () => {
      const problems = problemsOf({ ...BASE, PROCONNECT_CLIENT_ID: 'client-cdlp' });
      expect(problems).toEqual([
        'PROCONNECT_ISSUER est obligatoire quand PROCONNECT_CLIENT_ID est défini (connexion ProConnect : les trois variables vont ensemble).',
        'PROCONNECT_CLIENT_SECRET est obligatoire quand PROCONNECT_CLIENT_ID est défini (connexion ProConnect : les trois variables vont ensemble).',
      ]);
    });

    it('requires https in production', () => {
      const problems = problemsOf({ ...PROD, ...PC, PROCONNECT_ISSUER: 'http://proconnect.example.fr' });
      expect(problems).toEqual(['PROCONNECT_ISSUER doit commencer par https: en production (reçu « http: »).']);
    });

    it('accepts http outside production, for a local test provider', () => {
      const c = loadConfig({ ...BASE, ...PC, NODE_ENV: 'test', PROCONNECT_ISSUER: 'http://127.0.0.1:4000' });
      expect(c.proConnect?.issuer).toBe('http://127.0.0.1:4000');
    });

    it.each([
      ['pas une url', "PROCONNECT_ISSUER n'est pas une URL valide"],
      ['ftp://proconnect.example.fr', 'PROCONNECT_ISSUER doit commencer par https: ou http:'],
      ['https://proconnect.example.fr/?x=1', 'PROCONNECT_ISSUER ne doit contenir ni paramètres'],
    ])('refuses PROCONNECT_ISSUER=%s', (issuer, message) => {
      const problems = problemsOf({ ...BASE, ...PC, PROCONNECT_ISSUER: issuer });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(message);
    });
  });
});
