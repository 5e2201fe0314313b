import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, WORKSPACE_ROOT } from './app-server';

/** The test OpenID Connect provider standing in for ProConnect (the same script as the api's integration tests). */
const PROVIDER_SCRIPT = join(WORKSPACE_ROOT, 'api', 'test', 'proconnect', 'oidc-provider.mjs');

export interface E2eProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * Starts the provider on `localhost` while the app is on 127.0.0.1: two different sites for the
 * browser, as ProConnect and the portal are, so that the SameSite rules of the cookies are exercised.
 */
export async function startProvider(opts: {
  appUrl: string;
  clientId: string;
  clientSecret: string;
  accounts: { sub: string; email: string; given_name?: string; usual_name?: string }[];
}): Promise<E2eProvider> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const config = {
    port,
    issuer,
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [`${opts.appUrl}/api/auth/proconnect/callback`],
        post_logout_redirect_uris: [`${opts.appUrl}/connexion`],
      },
    ],
    accounts: opts.accounts,
  };
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [PROVIDER_SCRIPT], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', OIDC_TEST_CONFIG: JSON.stringify(config), NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stderr?.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The test OIDC provider did not start:\n${log}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (log.includes('READY ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The test OIDC provider stopped (exit ${code}):\n${log}`));
    });
  });
  return {
    issuer,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
