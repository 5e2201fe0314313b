/**
 * The only place that reads process.env. Every variable is validated at startup;
 * a wrong or missing value stops the app with a message naming the variable.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** The schema owner's connection: migrations, and the CLI's maintenance commands. */
  databaseUrl: string;
  /**
   * TENANT-1: the application's own connection, as a role that owns nothing and cannot
   * bypass row-level security. Without it (development, tests) the app connects with
   * DATABASE_URL and takes the role `cdlp_app` at connection time.
   */
  databaseAppUrl: string | null;
  /** Connections of the application's pool (each request holds one for its transaction). */
  databasePoolSize: number;
  demoMode: boolean;
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  dataDir: string;
  webDist: string;
  sessionIdleMinutes: number;
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  /** Login attempts allowed per client address and minute. */
  loginRatePerMinute: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  /** The département of the CLI's commands when none is given (and of a single-département install). */
  departementCode: string;
  outboxPollMs: number;
  outboxMaxAttempts: number;
  runMigrationsOnStart: boolean;
  /** DP-1: AES-256-GCM keys by id; the first one encrypts, all of them decrypt (rotation). */
  encryptionKeys: { id: string; key: Buffer }[];
  /** Where hourly jobs (expiry alerts) run; off in tests, which call them directly. */
  runJobs: boolean;
  /** SIG-1: the PKCS#12 signing certificate; in demo mode a demo certificate is created under DATA_DIR. */
  signingP12Path: string | null;
  signingP12Password: string | null;
  /** ProConnect (OpenID Connect login of State agents); null when not configured (button hidden). */
  proConnect: ProConnectConfig | null;
}

export interface ProConnectConfig {
  /** Issuer URL; discovery reads `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Derived from PUBLIC_URL: the callback to declare to ProConnect. */
  redirectUri: string;
  /** Derived from PUBLIC_URL: where ProConnect sends the browser back after logout. */
  postLogoutRedirectUri: string;
}

/** Only for demo mode without DATA_ENCRYPTION_KEYS: a fixed, public key. Never for real data. */
const DEMO_KEY = { id: 'demo-public', key: Buffer.from('cdlp-demo-key-not-secret-32bytes', 'utf8') };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string, fallback?: string): string => {
    const v = env[name];
    if (v === undefined || v === '') {
      if (fallback === undefined) {
        problems.push(`${name} est obligatoire.`);
        return '';
      }
      return fallback;
    }
    return v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} doit valoir true ou false (reçu « ${raw} »).`);
    return fallback;
  };
  const url = (name: string, value: string, protocols: string[]): void => {
    if (!value) return;
    try {
      const u = new URL(value);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} doit commencer par ${protocols.join(' ou ')} (reçu « ${u.protocol} »).`);
      }
    } catch {
      problems.push(`${name} n'est pas une URL valide.`);
    }
  };

  const nodeEnvRaw = str('NODE_ENV', 'development');
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV doit valoir development, production ou test (reçu « ${nodeEnvRaw} »).`);
  }
  const nodeEnv = (['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as
    AppConfig['nodeEnv'];
  const port = int('PORT', 3000, 1, 65535);
  const databaseUrl = str('DATABASE_URL');
  url('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  const databaseAppUrl = env['DATABASE_APP_URL'] ? env['DATABASE_APP_URL'] : null;
  if (databaseAppUrl) url('DATABASE_APP_URL', databaseAppUrl, ['postgres:', 'postgresql:']);
  if (!databaseAppUrl && nodeEnv === 'production') {
    problems.push(
      "DATABASE_APP_URL est obligatoire en production : l'application se connecte avec un rôle distinct du propriétaire du schéma, soumis à la sécurité au niveau des lignes (voir README).",
    );
  }
  const demoMode = bool('DEMO_MODE', nodeEnv !== 'production');
  if (demoMode && nodeEnv === 'production') {
    problems.push('DEMO_MODE ne peut pas être activé quand NODE_ENV=production.');
  }
  const publicUrl = str('PUBLIC_URL', `http://localhost:${port}`).replace(/\/$/, '');
  url('PUBLIC_URL', publicUrl, ['http:', 'https:']);
  const smtpUrl = env['SMTP_URL'] ? env['SMTP_URL'] : null;
  if (smtpUrl) url('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  if (!smtpUrl && !demoMode) {
    problems.push("SMTP_URL est obligatoire hors mode démo (les courriels ne peuvent pas être envoyés).");
  }
  const logLevel = str('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info') as AppConfig['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL est invalide (reçu « ${logLevel} »).`);
  }
  const mailFrom = str('MAIL_FROM', 'CDLP <ne-pas-repondre@cdlp.localhost>');
  if (!/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(mailFrom.trim())) {
    problems.push(
      `MAIL_FROM doit être une adresse électronique, éventuellement précédée d'un nom : « Nom <adresse@domaine> » (reçu « ${mailFrom} »).`,
    );
  }
  const departementCode = str('DEPARTEMENT_CODE', '86');
  if (!/^(\d{2}|2A|2B|97\d)$/.test(departementCode)) {
    problems.push(`DEPARTEMENT_CODE doit être un code de département (reçu « ${departementCode} »).`);
  }

  const encryptionKeys: { id: string; key: Buffer }[] = [];
  const rawKeys = env['DATA_ENCRYPTION_KEYS'];
  if (rawKeys) {
    for (const part of rawKeys.split(',').map((p) => p.trim()).filter(Boolean)) {
      const idx = part.indexOf(':');
      const id = idx > 0 ? part.slice(0, idx) : '';
      const key = idx > 0 ? Buffer.from(part.slice(idx + 1), 'base64') : Buffer.alloc(0);
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(id) || key.length !== 32) {
        problems.push(
          'DATA_ENCRYPTION_KEYS doit être une liste « identifiant:clé » séparée par des virgules, chaque clé faisant 32 octets en base64.',
        );
        break;
      }
      encryptionKeys.push({ id, key });
    }
    // Data written by an earlier demo start with the public demo key stays readable.
    if (demoMode && !encryptionKeys.some((k) => k.id === DEMO_KEY.id)) encryptionKeys.push(DEMO_KEY);
  } else if (demoMode) {
    encryptionKeys.push(DEMO_KEY);
  } else {
    problems.push('DATA_ENCRYPTION_KEYS est obligatoire hors mode démo (chiffrement des dossiers, DP-1).');
  }

  const signingP12Path = env['SIGNING_P12_PATH'] || null;
  const signingP12Password = env['SIGNING_P12_PASSWORD'] ?? null;
  if (!demoMode && !signingP12Path) {
    problems.push('SIGNING_P12_PATH est obligatoire hors mode démo (signature électronique, SIG-1).');
  }
  if (signingP12Path && signingP12Password === null) {
    problems.push('SIGNING_P12_PASSWORD est obligatoire quand SIGNING_P12_PATH est défini.');
  }

  const proConnect = proConnectConfig(env, nodeEnv, publicUrl, problems);

  const config: AppConfig = {
    nodeEnv,
    port,
    databaseUrl,
    databaseAppUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', 20, 1, 500),
    demoMode,
    publicUrl,
    smtpUrl,
    mailFrom,
    dataDir: str('DATA_DIR', '.data'),
    webDist: str('WEB_DIST', 'dist/web/browser'),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockoutMinutes: int('LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    loginRatePerMinute: int('LOGIN_RATE_PER_MINUTE', 20, 1, 100_000),
    logLevel,
    trustProxy: bool('TRUST_PROXY', false),
    departementCode,
    outboxPollMs: int('OUTBOX_POLL_MS', 1000, 50, 600_000),
    outboxMaxAttempts: int('OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
    runMigrationsOnStart: bool('RUN_MIGRATIONS_ON_START', true),
    encryptionKeys,
    runJobs: bool('RUN_JOBS', nodeEnv !== 'test'),
    signingP12Path,
    signingP12Password,
    proConnect,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET come together or not at all.
 * The issuer must use https, except outside production (a local test provider).
 */
function proConnectConfig(
  env: Env,
  nodeEnv: AppConfig['nodeEnv'],
  publicUrl: string,
  problems: string[],
): ProConnectConfig | null {
  const names = ['PROCONNECT_ISSUER', 'PROCONNECT_CLIENT_ID', 'PROCONNECT_CLIENT_SECRET'] as const;
  const values = names.map((n) => env[n]?.trim() || '');
  const given = names.filter((_, i) => values[i] !== '');
  if (given.length === 0) return null;
  if (given.length < names.length) {
    for (const [i, name] of names.entries()) {
      if (values[i] === '') {
        problems.push(
          `${name} est obligatoire quand ${given.join(' et ')} ${given.length > 1 ? 'sont définis' : 'est défini'} (connexion ProConnect : les trois variables vont ensemble).`,
        );
      }
    }
    return null;
  }
  const [issuerRaw, clientId, clientSecret] = values;
  let issuer: URL;
  try {
    issuer = new URL(issuerRaw);
  } catch {
    problems.push(`PROCONNECT_ISSUER n'est pas une URL valide (reçu « ${issuerRaw} »).`);
    return null;
  }
  const allowed = nodeEnv === 'production' ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(issuer.protocol)) {
    problems.push(
      nodeEnv === 'production'
        ? `PROCONNECT_ISSUER doit commencer par https: en production (reçu « ${issuer.protocol} »).`
        : `PROCONNECT_ISSUER doit commencer par https: ou http: (reçu « ${issuer.protocol} »).`,
    );
    return null;
  }
  if (issuer.search || issuer.hash) {
    problems.push('PROCONNECT_ISSUER ne doit contenir ni paramètres (?…) ni fragment (#…).');
    return null;
  }
  return {
    issuer: issuer.href.replace(/\/$/, ''),
    clientId,
    clientSecret,
    redirectUri: `${publicUrl}/api/auth/proconnect/callback`,
    postLogoutRedirectUri: `${publicUrl}/connexion`,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
