import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException, BadRequestException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { CurrentUserDto, ROLE_PERMISSIONS, SessionDto } from '@cdlp/shared';
import { passwordResetMail } from '@cdlp/templates';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OutboxService } from '../outbox/outbox.service';
import { AssociationEntity } from '../../registry/association.entity';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { SessionEntity } from './session.entity';
import { SessionService } from './session.service';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const users = this.dataSource.getRepository(UserEntity);
    const user = await users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
    const now = this.clock.now();
    if (!user) {
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
      await this.dataSource.transaction(async (m) => {
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
    return this.dataSource.transaction(async (m) => {
      await m.update(UserEntity, { id: user.id }, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
      const { token, session } = await this.sessions.create(m, user.id, userAgent);
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

  async logout(session: SessionEntity, user: UserEntity): Promise<void> {
    await this.dataSource.transaction(async (m) => {
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
    const association = user.associationId
      ? await this.dataSource.getRepository(AssociationEntity).findOne({ where: { id: user.associationId } })
      : null;
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
      sessionIdleSeconds: this.config.sessionIdleMinutes * 60,
    };
  }

  /** Always answers the same way, whether or not the address is known. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
    if (!user || !user.active) return;
    await this.dataSource.transaction(async (m) => {
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
    await this.dataSource.transaction(async (m) => {
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
    await this.dataSource.transaction(async (m) => {
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
    await this.dataSource.transaction(async (m) => {
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
