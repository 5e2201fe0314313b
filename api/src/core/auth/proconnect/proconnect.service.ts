import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { EntityManager, QueryFailedError } from 'typeorm';
import { LoginMethodsDto, NATIONAL_SCOPE, ProConnectRefusal, safeReturnPath } from '@cdlp/shared';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../clock/clock';
import { CryptoService } from '../../crypto/crypto.service';
import { TenantDb } from '../../database/tenant-db';
import { SessionEntity } from '../session.entity';
import { DepartementClosedError, SessionService } from '../session.service';
import { newToken, sha256Hex } from '../tokens';
import { UserEntity } from '../user.entity';
import { ProConnectAccountMatch, ProConnectAccounts } from './proconnect-accounts';
import { ProConnectClient, ProConnectError, ProConnectFailure, ProConnectIdentity } from './proconnect.client';
import { ProConnectLoginAttemptEntity, ProConnectSessionEntity } from './proconnect.entities';

/** A login started on ProConnect must come back within this delay. */
export const PROCONNECT_ATTEMPT_MINUTES = 10;

export type ProConnectStart =
  | { kind: 'redirect'; url: string; binding: string }
  | { kind: 'refused'; refusal: ProConnectRefusal };

export type ProConnectOutcome =
  | { kind: 'session'; token: string; session: SessionEntity; user: UserEntity; returnPath: string }
  | { kind: 'refused'; refusal: ProConnectRefusal };

/**
 * Who may finish a ProConnect login, as a pure decision on the account found (see
 * ProConnectAccounts.findAccount). Accounts are never created here: an identity seen for the
 * first time is only linked to an existing account that an administrator invited.
 */
export function proConnectRefusal(
  match: ProConnectAccountMatch | null,
  identity: Pick<ProConnectIdentity, 'email' | 'emailVerified'>,
): ProConnectRefusal | null {
  if (!match) return identity.email && identity.emailVerified ? 'UNKNOWN_EMAIL' : 'EMAIL_NOT_VERIFIED';
  const user = match.user;
  // Checked even for a linked identity: the role or the state of the account may have changed since.
  if (user.role === 'ASSOCIATION') return 'ASSOCIATION_ACCOUNT';
  if (!user.active) return 'INACTIVE';
  if (match.matchedBy === 'email') {
    if (user.proconnectSub) return 'ALREADY_LINKED';
    if (!user.proconnectInvitedAt) return 'NOT_INVITED';
  }
  return null;
}

class Refused extends Error {
  constructor(
    readonly refusal: ProConnectRefusal,
    readonly userId: string | null,
    readonly failure?: ProConnectFailure,
    /** The scope of the account, when one was found: its audit chain records the refusal. */
    readonly scope?: string,
  ) {
    super(refusal);
  }
}

const idTokenAad = (sessionId: string) => `proconnect_session.id_token:${sessionId}`;

/**
 * The ProConnect login (OpenID Connect authorisation code flow with state, nonce and PKCE) and the
 * end of a ProConnect session at logout. The login in progress is a database row, so that any
 * instance can finish it, bound to the browser by a random cookie whose hash the row keeps.
 */
@Injectable()
export class ProConnectService {
  private readonly logger = new Logger(ProConnectService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly client: ProConnectClient,
    private readonly accounts: ProConnectAccounts,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
  ) {}

  loginMethods(): LoginMethodsDto {
    return { password: true, proConnect: this.client.settings !== null };
  }

  /**
   * Starts a login: a new state, nonce and PKCE verifier, kept in a single-use row, and the URL of
   * ProConnect's authorisation endpoint. `binding` is the browser's binding cookie, reused when
   * present so that two tabs can log in at the same time.
   */
  async start(returnPath: string | undefined, binding: string | null): Promise<ProConnectStart> {
    if (!this.client.settings) return { kind: 'refused', refusal: 'NOT_CONFIGURED' };
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    let authorization: { url: string; pkce: boolean };
    try {
      authorization = await this.client.authorizationUrl({ state, nonce, codeVerifier });
    } catch (err) {
      this.logger.warn(`ProConnect login not started: ${err instanceof Error ? err.message : String(err)}`);
      return { kind: 'refused', refusal: 'UNAVAILABLE' };
    }
    const browser = binding && /^[A-Za-z0-9_-]{43}$/.test(binding) ? binding : newToken();
    const now = this.clock.now();
    await this.db.unscoped.transaction(async (m) => {
      await this.housekeeping(m, now);
      await m.insert(ProConnectLoginAttemptEntity, {
        stateHash: sha256Hex(state),
        browserHash: sha256Hex(browser),
        nonce,
        codeVerifier: authorization.pkce ? codeVerifier : null,
        returnPath: safeReturnPath(returnPath),
        createdAt: now,
        expiresAt: new Date(now.getTime() + PROCONNECT_ATTEMPT_MINUTES * 60_000),
        usedAt: null,
      });
    });
    return { kind: 'redirect', url: authorization.url, binding: browser };
  }

  /**
   * Finishes a login from the callback's query string: the state must name a live, unused attempt
   * started by this browser; the provider's answer must pass every OpenID Connect check; the
   * identity must match an account allowed to use ProConnect. Every refusal is audited.
   */
  async complete(query: URLSearchParams, binding: string | null, userAgent: string | null): Promise<ProConnectOutcome> {
    try {
      if (!this.client.settings) throw new Refused('NOT_CONFIGURED', null);
      const attempt = await this.consumeAttempt(query.get('state'), binding);
      let identity: ProConnectIdentity;
      try {
        identity = await this.client.identify(query, {
          state: query.get('state') ?? '',
          nonce: attempt.nonce,
          codeVerifier: attempt.codeVerifier,
        });
      } catch (err) {
        const failure: ProConnectFailure = err instanceof ProConnectError ? err.failure : 'INVALID_RESPONSE';
        if (failure !== 'CANCELLED') {
          this.logger.warn(`ProConnect answer refused (${failure}): ${err instanceof Error ? err.message : String(err)}`);
        }
        const refusal: ProConnectRefusal =
          failure === 'CANCELLED' ? 'CANCELLED' : failure === 'UNAVAILABLE' ? 'UNAVAILABLE' : 'FAILED';
        throw new Refused(refusal, null, failure);
      }
      return await this.openSession(identity, attempt.returnPath, userAgent);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      // TENANT-1: in the chain of the account's département when one was found, else the national one.
      await this.db.run(err.scope ?? NATIONAL_SCOPE, (m) =>
        this.audit.record(m, {
          action: 'auth.proconnect_refused',
          entityType: 'user',
          entityId: err.userId,
          details: { reason: err.refusal, ...(err.failure ? { cause: err.failure } : {}) },
          actor: null,
        }),
      );
      return { kind: 'refused', refusal: err.refusal };
    }
  }

  /**
   * At logout: the URL that ends the ProConnect session too, when this session was opened with
   * ProConnect. The stored ID token is used once (id_token_hint) and deleted.
   */
  async endSessionUrl(sessionId: string): Promise<string | null> {
    const repo = this.db.getRepository(ProConnectSessionEntity);
    const row = await repo.findOne({ where: { sessionId } });
    if (!row) return null;
    await repo.delete({ sessionId });
    try {
      const idToken = this.crypto.decrypt(row.idToken, idTokenAad(sessionId)).toString('utf8');
      return await this.client.endSessionUrl(idToken, oidc.randomState());
    } catch (err) {
      // The portal session still ends; only the ProConnect one stays open.
      this.logger.warn(`ProConnect logout URL unavailable: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  /** Marks the attempt used (single use, even when a later check fails) and checks its binding. */
  private async consumeAttempt(state: string | null, binding: string | null): Promise<ProConnectLoginAttemptEntity> {
    if (!state) throw new Refused('INVALID_STATE', null, 'PROVIDER_ERROR');
    const now = this.clock.now();
    // Marked used in its own transaction, committed before the checks below: a refused attempt
    // cannot be tried again, by this browser or another.
    const row = await this.db.unscoped.transaction(async (m) => {
      const found = await m.getRepository(ProConnectLoginAttemptEntity).findOne({
        where: { stateHash: sha256Hex(state) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found || found.usedAt) return null;
      await m.update(ProConnectLoginAttemptEntity, { id: found.id }, { usedAt: now });
      return found;
    });
    if (!row) throw new Refused('INVALID_STATE', null);
    if (row.expiresAt.getTime() <= now.getTime()) throw new Refused('INVALID_STATE', null);
    // A callback carried to another browser (login CSRF) does not match the cookie of that browser.
    if (!binding || sha256Hex(binding) !== row.browserHash) throw new Refused('INVALID_STATE', null);
    return row;
  }

  private async openSession(identity: ProConnectIdentity, returnPath: string, userAgent: string | null): Promise<ProConnectOutcome> {
    const now = this.clock.now();
    const email = identity.emailVerified ? identity.email : null;
    const account = await this.accounts.scopeOf(identity.sub, email);
    if (!account) throw new Refused(proConnectRefusal(null, identity) ?? 'UNKNOWN_EMAIL', null);
    try {
      return await this.db.run(account.scope, async (m) => {
        const match = await this.accounts.findAccount(m, identity.sub, email);
        const refusal = proConnectRefusal(match, identity);
        if (refusal || !match) throw new Refused(refusal ?? 'UNKNOWN_EMAIL', match?.user.id ?? null, undefined, account.scope);
        const user = match.user;
        if (match.matchedBy === 'email') {
          if (!(await this.accounts.linkSub(m, user.id, identity.sub, now))) throw new Refused('ALREADY_LINKED', user.id, undefined, account.scope);
          user.proconnectSub = identity.sub;
          user.proconnectLinkedAt = now;
          await this.audit.record(m, {
            action: 'auth.proconnect_linked',
            entityType: 'user',
            entityId: user.id,
            actor: { userId: user.id, role: user.role },
          });
        }
        await m.update(UserEntity, { id: user.id }, { lastLoginAt: now });
        const { token, session } = await this.sessions.create(m, user.id, userAgent).catch((err: unknown) => {
          // TENANT-1: the département of the account is closed: the account cannot log in.
          if (err instanceof DepartementClosedError) throw new Refused('INACTIVE', user.id, undefined, account.scope);
          throw err;
        });
        await m.insert(ProConnectSessionEntity, {
          sessionId: session.id,
          idToken: this.crypto.encrypt(Buffer.from(identity.idToken, 'utf8'), idTokenAad(session.id)),
          createdAt: now,
        });
        await this.audit.record(m, {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          details: { sessionId: session.id, method: 'PROCONNECT' },
          actor: { userId: user.id, role: user.role },
        });
        return { kind: 'session' as const, token, session, user, returnPath };
      });
    } catch (err) {
      // Two first logins racing for one identity: the unique constraint keeps one account.
      if (err instanceof QueryFailedError && (err as unknown as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new Refused('ALREADY_LINKED', null);
      }
      throw err;
    }
  }

  /**
   * Deletes logins abandoned for an hour, and the ID tokens of sessions that can no longer log out
   * (revoked, or idle past the limit), so that nothing personal is kept longer than needed.
   */
  private async housekeeping(m: EntityManager, now: Date): Promise<void> {
    await m.query(`DELETE FROM proconnect_login_attempt WHERE expires_at < $1`, [new Date(now.getTime() - 3_600_000)]);
    // Sessions of every département: a SECURITY DEFINER function (TENANT-1).
    await m.query(`SELECT cdlp_proconnect_housekeeping($1)`, [new Date(now.getTime() - this.sessions.idleMs)]);
  }
}
