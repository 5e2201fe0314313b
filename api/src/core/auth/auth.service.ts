import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException, BadRequestException } from '@nestjs/common';
import * as argon2 from 'argon2';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { CurrentUserDto, NATIONAL_SCOPE, ROLE_PERMISSIONS, SessionDto } from '@cdlp/shared';
import { passwordResetMail } from '@cdlp/templates';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { TenantDb, scopeOf } from '../database/tenant-db';
import { DepartementEntity } from '../../registry/departement.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OutboxService } from '../outbox/outbox.service';
import { AssociationEntity } from '../../registry/association.entity';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { SessionEntity } from './session.entity';
import { DepartementClosedError, SessionService } from './session.service';
import { UserEntity } from './user.entity';
import { newToken, sha256Hex } from './tokens';

export const RESET_VALIDITY_MINUTES = 60;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

@Injectable()
export class AuthService {
  /** Verified when the e-mail is unknown, so that timing does not reveal which accounts exist. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async login(
    email: string,
    password: string,
    userAgent: string | null,
  ): Promise<{ token: string; session: SessionEntity; user: UserEntity }> {
    const account = await this.accountScope(email);
    const user = account
      ? await this.db.run(account.scope, (m) => m.getRepository(UserEntity).findOne({ where: { id: account.userId } }))
      : null;
    const now = this.clock.now();
    if (!account || !user) {
      this.dummyHash ??= hashPassword('not-a-real-password');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      throw new UnauthorizedException('Adresse électronique ou mot de passe incorrect.');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new HttpException(
        {
          statusCode: 429,
          message: `Compte verrouillé après des échecs répétés. Réessayez après ${formatTime(user.lockedUntil)} ou réinitialisez votre mot de passe.`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok || !user.active) {
      // The failure is committed before the refusal is thrown: it must count.
      await this.db.run(account.scope, async (m) => {
        // The count is read again under a row lock, so that concurrent guesses are all
        // counted and cannot bypass the lockout.
        const current = await m
          .getRepository(UserEntity)
          .findOne({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
        const failures = (current?.failedLoginCount ?? user.failedLoginCount) + 1;
        const lock = failures >= this.config.loginMaxFailures;
        await m.update(UserEntity, { id: user.id }, {
          failedLoginCount: lock ? 0 : failures,
          lockedUntil: lock
            ? new Date(now.getTime() + this.config.loginLockoutMinutes * 60_000)
            : current ? current.lockedUntil : user.lockedUntil,
        });
        await this.audit.record(m, {
          action: lock ? 'auth.account_locked' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          actor: null,
        });
      });
      if (!user.active && ok) {
        throw new UnauthorizedException('Ce compte est désactivé. Contactez le secrétariat de la commission.');
      }
      throw new UnauthorizedException('Adresse électronique ou mot de passe incorrect.');
    }
    return this.db.run(account.scope, async (m) => {
      await m.update(UserEntity, { id: user.id }, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
      // TENANT-1: a closed département (said only to whoever knows the password).
      const created = await this.sessions.create(m, user.id, userAgent).catch((err: unknown) => {
        if (err instanceof DepartementClosedError) {
          throw new UnauthorizedException(
            'Le portail n’est plus ouvert pour votre département. Contactez l’administration nationale du portail.',
          );
        }
        throw err;
      });
      const { token, session } = created;
      await this.audit.record(m, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        details: { sessionId: session.id },
        actor: { userId: user.id, role: user.role },
      });
      return { token, session, user };
    });
  }

  /**
   * TENANT-1: the login form names an e-mail before any département is known; the
   * SECURITY DEFINER lookup answers only with the account id and its scope.
   */
  private async accountScope(email: string): Promise<{ userId: string; scope: string } | null> {
    const rows: { user_id: string; departement_code: string | null }[] = await this.db.unscoped.query(
      `SELECT * FROM cdlp_account_scope($1)`,
      [email],
    );
    return rows[0] ? { userId: rows[0].user_id, scope: rows[0].departement_code ?? NATIONAL_SCOPE } : null;
  }

  async logout(session: SessionEntity, user: UserEntity): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.sessions.revoke(session.id, 'LOGOUT', m);
      await this.audit.record(m, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: user.id,
        details: { sessionId: session.id },
      });
    });
  }

  async me(user: UserEntity): Promise<CurrentUserDto> {
    // After a login the request has no scope yet: open the account's own.
    const { association, departement } = await this.db.run(scopeOf(user.departementCode), async (m) => ({
      association: user.associationId
        ? await m.getRepository(AssociationEntity).findOne({ where: { id: user.associationId } })
        : null,
      departement: user.departementCode
        ? await m.getRepository(DepartementEntity).findOne({ where: { code: user.departementCode } })
        : null,
    }));
    return {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      role: user.role,
      permissions: [...ROLE_PERMISSIONS[user.role]],
      memberId: user.memberId,
      associationId: user.associationId,
      associationName: association?.name ?? null,
      departementCode: user.departementCode,
      departementName: departement?.name ?? null,
      sessionIdleSeconds: this.config.sessionIdleMinutes * 60,
    };
  }

  /** Always answers the same way, whether or not the address is known. */
  async requestPasswordReset(email: string): Promise<void> {
    const account = await this.accountScope(email);
    if (!account) return;
    await this.db.run(account.scope, async (m) => {
      const user = await m.getRepository(UserEntity).findOne({ where: { id: account.userId } });
      if (!user || !user.active) return;
      // TENANT-1: no e-mail for the accounts of a closed département.
      if (user.departementCode) {
        const dep = await m.getRepository(DepartementEntity).findOne({ where: { code: user.departementCode } });
        if (dep && !dep.active) return;
      }
      await this.issueResetToken(m, user, 'auth.password_reset_requested');
    });
  }

  /** Creates a one-time token and queues the e-mail; used for resets and for new accounts. */
  async issueResetToken(
    m: import('typeorm').EntityManager,
    user: UserEntity,
    action: string,
    mail: (url: string) => import('@cdlp/templates').RenderedMail = (url) =>
      passwordResetMail({ resetUrl: url, validityMinutes: RESET_VALIDITY_MINUTES }),
  ): Promise<void> {
    const token = newToken();
    const now = this.clock.now();
    await m.insert(PasswordResetTokenEntity, {
      userId: user.id,
      tokenHash: sha256Hex(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_VALIDITY_MINUTES * 60_000),
      usedAt: null,
    });
    const url = `${this.config.publicUrl}/reinitialiser-mot-de-passe?token=${encodeURIComponent(token)}`;
    await this.outbox.enqueue(m, {
      template: 'password-reset',
      recipient: user.email,
      mail: mail(url),
      related: { type: 'user', id: user.id },
    });
    await this.audit.record(m, { action, entityType: 'user', entityId: user.id });
  }

  async resetPassword(token: string, newPassword: string): Promise<void> {
    const now = this.clock.now();
    // TENANT-1: the link names its account's département (a SECURITY DEFINER lookup).
    const scopes: { departement_code: string | null }[] = await this.db.unscoped.query(
      `SELECT * FROM cdlp_reset_token_scope($1)`,
      [sha256Hex(token)],
    );
    const scope = scopes[0] ? (scopes[0].departement_code ?? NATIONAL_SCOPE) : null;
    await this.runIn(scope, async (m) => {
      const row = await m.getRepository(PasswordResetTokenEntity).findOne({
        where: { tokenHash: sha256Hex(token), usedAt: IsNull(), expiresAt: MoreThan(now) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) {
        throw new BadRequestException({
          statusCode: 400,
          message: 'Ce lien de réinitialisation est invalide ou a expiré. Demandez-en un nouveau.',
          errors: [{ field: 'token', message: 'Lien invalide ou expiré.' }],
        });
      }
      // This link and every other pending link of the account stop working.
      await m.update(PasswordResetTokenEntity, { userId: row.userId, usedAt: IsNull() }, { usedAt: now });
      await m.update(UserEntity, { id: row.userId }, {
        passwordHash: await hashPassword(newPassword),
        passwordChangedAt: now,
        failedLoginCount: 0,
        lockedUntil: null,
      });
      await this.sessions.revokeAllForUser(row.userId, 'PASSWORD_RESET', m);
      await this.audit.record(m, {
        action: 'auth.password_reset',
        entityType: 'user',
        entityId: row.userId,
        actor: { userId: row.userId, role: null },
      });
    });
  }

  /** Runs in the scope when there is one; otherwise without any (every lookup then finds nothing). */
  private runIn<T>(scope: string | null, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return scope ? this.db.run(scope, work) : this.db.unscoped.transaction(work);
  }

  async changePassword(user: UserEntity, session: SessionEntity, current: string, next: string): Promise<void> {
    const ok = await argon2.verify(user.passwordHash, current).catch(() => false);
    if (!ok) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'Le mot de passe actuel est incorrect.',
        errors: [{ field: 'currentPassword', message: 'Mot de passe incorrect.' }],
      });
    }
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, { id: user.id }, { passwordHash: await hashPassword(next), passwordChangedAt: now });
      // Other sessions may have been opened with the old password: end them.
      await m
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: now, revokeReason: 'PASSWORD_CHANGED' })
        .where('user_id = :userId AND revoked_at IS NULL AND id <> :sid', { userId: user.id, sid: session.id })
        .execute();
      await this.audit.record(m, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
    });
  }

  async listSessions(user: UserEntity, current: SessionEntity): Promise<SessionDto[]> {
    const rows = await this.sessions.listActive(user.id);
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      userAgent: s.userAgent,
      current: s.id === current.id,
    }));
  }

  async revokeOwnSession(user: UserEntity, sessionId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const res = await m.update(
        SessionEntity,
        { id: sessionId, userId: user.id, revokedAt: IsNull() },
        { revokedAt: this.clock.now(), revokeReason: 'REVOKED_BY_USER' },
      );
      if (!res.affected) {
        throw new HttpException({ statusCode: 404, message: 'Session introuvable.' }, HttpStatus.NOT_FOUND);
      }
      await this.audit.record(m, {
        action: 'auth.session_revoked',
        entityType: 'user',
        entityId: user.id,
        details: { sessionId },
      });
    });
  }
}

function formatTime(d: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(d);
}
