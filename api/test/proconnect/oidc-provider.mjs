// A real OpenID Connect provider (oidc-provider 9) standing in for ProConnect in the tests.
// oidc-provider 9 is ESM-only, which Jest's CommonJS runtime cannot load, so the tests run this
// script in a child process. It behaves like ProConnect where it matters to the portal: the
// authorisation code flow with state, nonce and PKCE, an ID token holding only `sub`, identity
// claims (email, given_name, usual_name) in a signed JWT from the userinfo endpoint, single-use
// codes, and RP-initiated logout.
//
// Configuration comes as JSON in OIDC_TEST_CONFIG:
//   { port, issuer, clients: [{ client_id, client_secret, redirect_uris, post_logout_redirect_uris }],
//     accounts: [{ sub, email, given_name, usual_name, email_verified? }], idTokenTtl? }
// The script prints "READY <issuer>" on stdout once it listens. Tests change the accounts with
// PUT /__test/accounts (a JSON account, replaced by sub).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = new Map((config.accounts ?? []).map((a) => [a.sub, a]));
const SCOPE = 'openid email given_name usual_name';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** A plain French page without outside resources (the test machine has no network). */
const page = (title, body) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(config.issuer, {
  clients: (config.clients ?? []).map((c) => ({
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    // As ProConnect: the userinfo endpoint answers a signed JWT (application/jwt).
    userinfo_signed_response_alg: 'RS256',
    ...c,
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
  },
  scopes: ['openid', 'email', 'given_name', 'usual_name'],
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          'Déconnexion de ProConnect (fournisseur de test)',
          `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Oui, me déconnecter</button>`,
        );
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Vous êtes déconnecté de ProConnect (fournisseur de test)', '');
      },
    },
  },
  pkce: { required: () => false },
  ttl: {
    AccessToken: 60,
    AuthorizationCode: 30,
    IdToken: config.idTokenTtl ?? 60,
    Interaction: 600,
    Session: 12 * 3600,
    Grant: 12 * 3600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // The portal is the only client: consent is implied, as on ProConnect.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const found = await ctx.oidc.provider.Grant.find(grantId);
      if (found) return found;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    return grant;
  },
  findAccount: async (_ctx, sub) => {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        email: account.email,
        email_verified: account.email_verified ?? true,
        given_name: account.given_name ?? 'Camille',
        usual_name: account.usual_name ?? 'Agent',
      }),
    };
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Erreur du fournisseur d’identité de test', `<p>${escape(out.error)} : ${escape(out.error_description ?? '')}</p>`);
  },
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error ${err.stack}\n`));

const loginForm = (uid, error) =>
  page(
    'Connexion à ProConnect (fournisseur de test)',
    `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
  <label for="login">Adresse électronique professionnelle</label>
  <input id="login" name="login" type="email" autocomplete="username" required>
  <button type="submit">Continuer</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Annuler</button></form>`,
  );

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Erreur du fournisseur de test');
  });
});

async function handle(req, res) {
  const url = new URL(req.url ?? '/', config.issuer);
  if (url.pathname === '/__test/accounts' && req.method === 'PUT') {
    const account = JSON.parse(await readBody(req));
    accounts.set(account.sub, account);
    res.writeHead(204).end();
    return;
  }
  const interaction = /^\/interaction\/([^/]+)(\/abort)?$/.exec(url.pathname);
  if (interaction) {
    const details = await provider.interactionDetails(req, res);
    if (interaction[2] && req.method === 'POST') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'L’utilisateur a annulé la connexion.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (req.method === 'POST') {
      const login = new URLSearchParams(await readBody(req)).get('login')?.trim().toLowerCase() ?? '';
      const account = [...accounts.values()].find((a) => a.email.toLowerCase() === login || a.sub === login);
      if (!account) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(loginForm(details.uid, 'Aucun compte de test ne correspond à cette adresse.'));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginForm(details.uid));
    return;
  }
  callback(req, res);
}

server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`READY ${config.issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
