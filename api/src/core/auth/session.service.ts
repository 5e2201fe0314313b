import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../clock/clock';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';
import { newToken, sha256Hex } from './tokens';

/** Sessions live in PostgreSQL, so they survive restarts and can be revoked. */
@Injectable()
export class SessionService {
  /** last_seen_at is written at most once a minute per session. */
  private readonly touchEveryMs = 60_000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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

  /** Finds a live session for a cookie token: not revoked, not idle for longer than the limit, user active. */
  async resolve(token: string): Promise<{ session: SessionEntity; user: UserEntity } | null> {
    const session = await this.dataSource.getRepository(SessionEntity).findOne({
      where: { tokenHash: sha256Hex(token), revokedAt: IsNull() },
    });
    if (!session) return null;
    const now = this.clock.now();
    if (now.getTime() - session.lastSeenAt.getTime() > this.idleMs) {
      await this.revoke(session.id, 'IDLE_TIMEOUT');
      return null;
    }
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: session.userId } });
    if (!user || !user.active) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > this.touchEveryMs) {
      await this.dataSource.getRepository(SessionEntity).update({ id: session.id }, { lastSeenAt: now });
      session.lastSeenAt = now;
    }
    return { session, user };
  }

  async revoke(sessionId: string, reason: string, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.dataSource.manager;
    await m.update(SessionEntity, { id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokeReason: reason });
  }

  async revokeAllForUser(userId: string, reason: string, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.dataSource.manager;
    await m.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokeReason: reason });
  }

  async listActive(userId: string): Promise<SessionEntity[]> {
    const cutoff = new Date(this.clock.now().getTime() - this.idleMs);
    const rows = await this.dataSource
      .getRepository(SessionEntity)
      .find({ where: { userId, revokedAt: IsNull() }, order: { lastSeenAt: 'DESC' } });
    return rows.filter((s) => s.lastSeenAt >= cutoff);
  }
}
