import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { NATIONAL_SCOPE, Role } from '@cdlp/shared';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../clock/clock';
import { OpenTransaction, TenantDb, scopeOf } from '../database/tenant-db';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';
import { newToken, sha256Hex } from './tokens';

/** TENANT-1: the département of the account is closed on the national instance. */
export class DepartementClosedError extends Error {
  constructor() {
    super('Le portail n’est plus ouvert pour ce département.');
    this.name = 'DepartementClosedError';
  }
}

/**
 * The first statement of a signed-in request (TENANT-1): finds the live session of a cookie's
 * hash and sets the scope of the transaction to its account's département in the same
 * statement. The hash is hexadecimal (sha256Hex), hence safe as a literal.
 */
export function sessionScopeStatement(tokenHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(tokenHash)) throw new Error('Invalid session token hash');
  return `SELECT l.*, set_config('app.departement', coalesce(l.departement_code, '${NATIONAL_SCOPE}'), true) AS scope
            FROM cdlp_session_lookup('${tokenHash}') l`;
}

/** Sessions live in PostgreSQL, so they survive restarts and can be revoked. */
@Injectable()
export class SessionService {
  /** last_seen_at is written at most once a minute per session. */
  private readonly touchEveryMs = 60_000;

  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get idleMs(): number {
    return this.config.sessionIdleMinutes * 60_000;
  }

  async create(
    manager: EntityManager,
    userId: string,
    userAgent: string | null,
  ): Promise<{ token: string; session: SessionEntity }> {
    // TENANT-1: the accounts of a closed département cannot open a session. The row lock
    // orders this check with a closing, which revokes the sessions it finds: a login is
    // either seen by that revocation or waits for it and is refused.
    const dep: { active: boolean }[] = await manager.query(
      `SELECT active FROM departement WHERE code = current_setting('app.departement') FOR SHARE`,
    );
    if (dep[0] && !dep[0].active) throw new DepartementClosedError();
    const token = newToken();
    const now = this.clock.now();
    const session = manager.create(SessionEntity, {
      userId,
      tokenHash: sha256Hex(token),
      csrfToken: sha256Hex(newToken()),
      userAgent: userAgent ? userAgent.slice(0, 300) : null,
      createdAt: now,
      lastSeenAt: now,
      revokedAt: null,
      revokeReason: null,
    });
    await manager.save(session);
    return { token, session };
  }

  /**
   * Finds a live session for a cookie token: not revoked, not idle for longer than the
   * limit, user active. One query (the cookie names its account before any département
   * is known, hence the SECURITY DEFINER lookup, TENANT-1); a write only when the session
   * has just expired or was last touched more than a minute ago.
   */
  async resolve(token: string): Promise<{ session: SessionEntity; user: UserEntity } | null> {
    const rows: SessionLookupRow[] = await this.db.unscoped.query(`SELECT * FROM cdlp_session_lookup($1)`, [
      sha256Hex(token),
    ]);
    const row = rows[0];
    if (!row) return null;
    const { session, user } = fromLookup(row);
    const now = this.clock.now();
    const scope = scopeOf(user.departementCode);
    if (now.getTime() - session.lastSeenAt.getTime() > this.idleMs) {
      await this.db.run(scope, (m) => this.revoke(session.id, 'IDLE_TIMEOUT', m));
      return null;
    }
    if (!user.active) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > this.touchEveryMs) {
      await this.db.run(scope, (m) => m.update(SessionEntity, { id: session.id }, { lastSeenAt: now }));
      session.lastSeenAt = now;
    }
    return { session, user };
  }

  /**
   * The read path of a signed-in request (TENANT-1): resolves the session AND opens the
   * request's transaction in the account's scope, in one round trip. The scope is set by the
   * same statement that finds the session, so a request never runs in a scope its cookie
   * does not name. Returns null (nothing left open) for an unknown, idle or inactive session.
   */
  async beginRequest(
    token: string,
    opts: { genericPlans?: boolean } = {},
  ): Promise<{ session: SessionEntity; user: UserEntity; tx: OpenTransaction } | null> {
    const hash = sha256Hex(token);
    const { tx, rows } = await this.db.begin(sessionScopeStatement(hash), opts);
    const row = rows[0] as unknown as SessionLookupRow | undefined;
    if (!row) {
      await tx.abandon();
      return null;
    }
    const { session, user } = fromLookup(row);
    const now = this.clock.now();
    if (now.getTime() - session.lastSeenAt.getTime() > this.idleMs) {
      await tx.abandon();
      await this.db.run(scopeOf(user.departementCode), (m) => this.revoke(session.id, 'IDLE_TIMEOUT', m));
      return null;
    }
    if (!user.active) {
      await tx.abandon();
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > this.touchEveryMs) {
      // In the request's transaction (its scope is set): a second connection here could wait
      // forever for a pool full of requests doing the same. Lost if the request rolls back,
      // the next request touches it again.
      await tx.manager.update(SessionEntity, { id: session.id }, { lastSeenAt: now });
      session.lastSeenAt = now;
    }
    return { session, user, tx };
  }

  async revoke(sessionId: string, reason: string, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.db.manager;
    await m.update(
      SessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokeReason: reason },
    );
  }

  async revokeAllForUser(userId: string, reason: string, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.db.manager;
    await m.update(
      SessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokeReason: reason },
    );
  }

  async listActive(userId: string): Promise<SessionEntity[]> {
    const cutoff = new Date(this.clock.now().getTime() - this.idleMs);
    const rows = await this.db
      .getRepository(SessionEntity)
      .find({ where: { userId, revokedAt: IsNull() }, order: { lastSeenAt: 'DESC' } });
    return rows.filter((s) => s.lastSeenAt >= cutoff);
  }
}

interface SessionLookupRow {
  session_id: string;
  csrf_token: string;
  session_user_agent: string | null;
  session_created_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  role: Role;
  departement_code: string | null;
  member_id: string | null;
  association_id: string | null;
  active: boolean;
  failed_login_count: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: Date;
  user_created_at: Date;
  user_updated_at: Date;
}

function fromLookup(r: SessionLookupRow): { session: SessionEntity; user: UserEntity } {
  const session = Object.assign(new SessionEntity(), {
    id: r.session_id,
    userId: r.user_id,
    tokenHash: '',
    csrfToken: r.csrf_token,
    userAgent: r.session_user_agent,
    createdAt: r.session_created_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: null,
    revokeReason: null,
  });
  const user = Object.assign(new UserEntity(), {
    id: r.user_id,
    email: r.email,
    passwordHash: r.password_hash,
    firstName: r.first_name,
    lastName: r.last_name,
    role: r.role,
    departementCode: r.departement_code,
    memberId: r.member_id,
    associationId: r.association_id,
    active: r.active,
    failedLoginCount: r.failed_login_count,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    passwordChangedAt: r.password_changed_at,
    createdAt: r.user_created_at,
    updatedAt: r.user_updated_at,
  });
  return { session, user };
}
