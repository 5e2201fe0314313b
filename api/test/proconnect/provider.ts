import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

/** An identity known to the test provider (a ProConnect account). */
export interface TestIdentity {
  sub: string;
  email: string;
  given_name?: string;
  usual_name?: string;
  email_verified?: boolean;
}

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: TestIdentity[];
  /** Host name in the issuer URL (the provider always listens on 127.0.0.1). */
  host?: string;
  idTokenTtl?: number;
}

export interface TestProvider {
  issuer: string;
  setAccount(identity: TestIdentity): Promise<void>;
  output(): string;
  close(): Promise<void>;
}

export const PROVIDER_SCRIPT = join(__dirname, 'oidc-provider.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real OpenID Connect provider of oidc-provider-9 in a child process (it is ESM-only,
 * which Jest's CommonJS runtime cannot import) and waits until it listens.
 */
export async function startTestProvider(opts: TestProviderOptions): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  const config = {
    port,
    issuer,
    idTokenTtl: opts.idTokenTtl,
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
      },
    ],
    accounts: opts.accounts,
  };
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [PROVIDER_SCRIPT], {
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
    output: () => log,
    setAccount: async (identity) => {
      const res = await fetch(`http://127.0.0.1:${port}/__test/accounts`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(identity),
      });
      if (res.status !== 204) throw new Error(`setAccount: ${res.status}`);
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The browser's side at the provider: follows its redirects with its own cookie jar, fills in the
 * login form, and stops at the redirect back to the portal.
 */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  /** `portalUrl`: the browser stops at any address of the portal (the callback, the login page). */
  constructor(private readonly portalUrl: string) {}

  /** Logs in at the provider from an authorisation URL; returns the portal callback URL it redirects to. */
  async signIn(authorizationUrl: string, login: string): Promise<URL> {
    let page = await this.follow(authorizationUrl);
    if (page.kind === 'callback') return page.url;
    const action = /<form method="post" action="([^"]+)">/.exec(page.html)?.[1];
    if (!action) throw new Error(`No login form at the provider:\n${page.html}`);
    page = await this.follow(new URL(action, page.url).href, new URLSearchParams({ login }));
    if (page.kind !== 'callback') throw new Error(`The provider did not send the browser back:\n${page.html}`);
    return page.url;
  }

  /** Cancels at the provider's login form; returns the callback URL carrying the error. */
  async cancel(authorizationUrl: string): Promise<URL> {
    const page = await this.follow(authorizationUrl);
    if (page.kind === 'callback') throw new Error('Already logged in at the provider');
    const abort = /action="([^"]+\/abort)"/.exec(page.html)?.[1];
    if (!abort) throw new Error('No cancel form');
    const back = await this.follow(new URL(abort, page.url).href, new URLSearchParams());
    if (back.kind !== 'callback') throw new Error('The provider did not send the browser back');
    return back.url;
  }

  /** Follows a URL (the provider's end-session page, for example) and returns the final page. */
  async follow(
    start: string,
    form?: URLSearchParams,
  ): Promise<{ kind: 'callback'; url: URL } | { kind: 'page'; url: URL; html: string; status: number }> {
    // 'callback': the provider sent the browser back to the portal (the callback or another page).
    let url = new URL(start);
    let body: URLSearchParams | undefined = form;
    for (let hops = 0; hops < 10; hops++) {
      if (url.href.startsWith(this.portalUrl)) return { kind: 'callback', url };
      const res = await fetch(url, {
        method: body ? 'POST' : 'GET',
        headers: {
          ...(this.cookieHeader() ? { cookie: this.cookieHeader() } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: body?.toString(),
        redirect: 'manual',
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const idx = pair.indexOf('=');
        const value = pair.slice(idx + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, idx));
        else this.cookies.set(pair.slice(0, idx), value);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        body = undefined;
        continue;
      }
      return { kind: 'page', url, html: await res.text(), status: res.status };
    }
    throw new Error('Too many redirects');
  }

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
