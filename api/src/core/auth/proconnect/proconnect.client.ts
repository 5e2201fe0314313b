import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { Clock } from '../../clock/clock';
import { APP_CONFIG, AppConfig, ProConnectConfig } from '../../config/config';

/** ProConnect's scopes for the identity the portal needs: the e-mail and the names. */
export const PROCONNECT_SCOPE = 'openid email given_name usual_name';

/** Why the provider's answer was refused, for the audit trail (never shown as such to the user). */
export type ProConnectFailure =
  | 'PROVIDER_ERROR'
  | 'CANCELLED'
  | 'CODE_REJECTED'
  | 'ID_TOKEN_EXPIRED'
  | 'NONCE_MISMATCH'
  | 'INVALID_RESPONSE'
  | 'UNAVAILABLE';

export class ProConnectError extends Error {
  constructor(
    public readonly failure: ProConnectFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProConnectError';
  }
}

export interface ProConnectIdentity {
  sub: string;
  email: string | null;
  /** false only when the provider says so; ProConnect's identity providers vouch for the e-mail. */
  emailVerified: boolean;
  idToken: string;
}

/**
 * The only user of openid-client. Discovery runs once, on first use, so that the app starts even
 * when ProConnect is down; a failed discovery is retried on the next login. Validations use the
 * injectable Clock (through openid-client's clock skew), so tests move time instead of waiting.
 */
@Injectable()
export class ProConnectClient {
  private readonly logger = new Logger(ProConnectClient.name);
  private server: Promise<oidc.ServerMetadata> | null = null;
  private jwksCache: oidc.ExportedJWKSCache | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get settings(): ProConnectConfig | null {
    return this.config.proConnect;
  }

  /** The authorisation URL, and whether PKCE is used (only when the provider advertises S256). */
  async authorizationUrl(checks: {
    state: string;
    nonce: string;
    codeVerifier: string;
  }): Promise<{ url: string; pkce: boolean }> {
    const config = await this.configuration();
    const pkce = config.serverMetadata().supportsPKCE('S256');
    const params: Record<string, string> = {
      redirect_uri: this.required().redirectUri,
      scope: PROCONNECT_SCOPE,
      state: checks.state,
      nonce: checks.nonce,
    };
    if (pkce) {
      params['code_challenge'] = await oidc.calculatePKCECodeChallenge(checks.codeVerifier);
      params['code_challenge_method'] = 'S256';
    }
    return { url: oidc.buildAuthorizationUrl(config, params).href, pkce };
  }

  /**
   * Exchanges the code (back channel) and validates the answer: state, issuer, signature and
   * lifetime of the ID token, nonce, PKCE; then reads the identity from the userinfo endpoint,
   * whose answer must be about the same `sub` (ProConnect signs it as a JWT).
   */
  async identify(
    query: URLSearchParams,
    checks: { state: string; nonce: string; codeVerifier: string | null },
  ): Promise<ProConnectIdentity> {
    const config = await this.configuration();
    const callbackUrl = new URL(this.required().redirectUri);
    callbackUrl.search = query.toString();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
        ...(checks.codeVerifier ? { pkceCodeVerifier: checks.codeVerifier } : {}),
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new ProConnectError('INVALID_RESPONSE', 'no ID token');
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      return {
        sub: claims.sub,
        email: typeof userinfo.email === 'string' && userinfo.email.includes('@') ? userinfo.email.trim() : null,
        emailVerified: userinfo.email_verified !== false,
        idToken: tokens.id_token,
      };
    } catch (err) {
      throw classify(err);
    } finally {
      this.jwksCache = oidc.getJwksCache(config) ?? this.jwksCache;
    }
  }

  /** RP-initiated logout at ProConnect, as a browser redirect (it clears ProConnect's cookies). */
  async endSessionUrl(idToken: string, state: string): Promise<string | null> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      state,
      post_logout_redirect_uri: this.required().postLogoutRedirectUri,
    }).href;
  }

  private required(): ProConnectConfig {
    const settings = this.config.proConnect;
    if (!settings) throw new ProConnectError('UNAVAILABLE', 'ProConnect is not configured');
    return settings;
  }

  /**
   * A fresh Configuration per use, from the cached server metadata, so that its clock skew follows
   * the injectable Clock; the JWKS cache is carried over so that keys are not fetched every time.
   */
  private async configuration(): Promise<oidc.Configuration> {
    const settings = this.required();
    const server = await this.discover(settings);
    const skewSeconds = Math.round((this.clock.now().getTime() - Date.now()) / 1000);
    const config = new oidc.Configuration(
      server,
      settings.clientId,
      { client_secret: settings.clientSecret, [oidc.clockSkew]: skewSeconds },
      oidc.ClientSecretPost(settings.clientSecret),
    );
    config.timeout = 10;
    if (new URL(settings.issuer).protocol === 'http:') oidc.allowInsecureRequests(config);
    if (this.jwksCache) oidc.setJwksCache(config, this.jwksCache);
    return config;
  }

  private discover(settings: ProConnectConfig): Promise<oidc.ServerMetadata> {
    this.server ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        timeout: 10,
        ...(new URL(settings.issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .then((c) => ({ ...c.serverMetadata() }))
      .catch((err: unknown) => {
        // Retried on the next login: ProConnect may only have been briefly unreachable.
        this.server = null;
        this.logger.warn(`ProConnect discovery failed: ${err instanceof Error ? err.message : String(err)}`);
        throw new ProConnectError('UNAVAILABLE', 'ProConnect discovery failed', { cause: err });
      });
    return this.server;
  }
}

function classify(err: unknown): ProConnectError {
  if (err instanceof ProConnectError) return err;
  // First: openid-client wraps some network failures in its own errors.
  if (isNetworkFailure(err)) {
    return new ProConnectError('UNAVAILABLE', err instanceof Error ? err.message : String(err), { cause: err });
  }
  if (err instanceof oidc.AuthorizationResponseError) {
    return new ProConnectError(err.error === 'access_denied' ? 'CANCELLED' : 'PROVIDER_ERROR', err.message, { cause: err });
  }
  if (err instanceof oidc.ResponseBodyError) {
    return new ProConnectError(err.error === 'invalid_grant' ? 'CODE_REJECTED' : 'PROVIDER_ERROR', err.message, { cause: err });
  }
  if (err instanceof oidc.ClientError) {
    const detail = (err.cause as { cause?: { claim?: unknown } } | undefined)?.cause;
    if (err.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return new ProConnectError('ID_TOKEN_EXPIRED', err.message, { cause: err });
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && detail?.claim === 'nonce') {
      return new ProConnectError('NONCE_MISMATCH', err.message, { cause: err });
    }
  }
  return new ProConnectError('INVALID_RESPONSE', err instanceof Error ? err.message : String(err), { cause: err });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * fetch() failures: a TypeError "fetch failed" whose cause names the system error, or a timeout.
 * Compared by name rather than instanceof, as errors may come from another realm (test runners).
 */
function isNetworkFailure(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || e.code.startsWith('UND_ERR_'))) return true;
  return isNetworkFailure(e.cause, depth + 1);
}
