import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserDto, proConnectInvitationRefusal } from '@cdlp/shared';
import { proConnectInvitationMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { SessionService } from '../core/auth/session.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { OutboxService } from '../core/outbox/outbox.service';
import { fieldError, notFound } from '../core/http/errors';
import { MemberEntity } from '../registry/member.entity';
import { MEMBER_WITHOUT_EMAIL, toUserDto } from './users.service';
import { TenantDb } from '../core/database/tenant-db';

/**
 * Invitations to ProConnect. ProConnect never creates an account: an administrator invites an
 * existing State agent's account, and the first ProConnect login whose e-mail matches links the
 * identity to it. Inviting again forgets a previous link (the agent changed identity provider).
 */
@Injectable()
export class ProConnectInvitationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async invite(id: string): Promise<UserDto> {
    return this.db.transaction(async (m) => {
      const user = await this.find(m, id);
      const member = user.memberId ? await m.getRepository(MemberEntity).findOne({ where: { id: user.memberId } }) : null;
      const refusal = proConnectInvitationRefusal(user.role, member?.categoryCode ?? null);
      if (refusal) throw fieldError('role', refusal);
      if (member && member.email === null) throw fieldError('email', MEMBER_WITHOUT_EMAIL);
      if (!user.active) throw fieldError('active', 'Un compte désactivé ne peut pas être invité à ProConnect. Activez-le d’abord.');
      const relinked = user.proconnectSub !== null;
      user.proconnectInvitedAt = this.clock.now();
      user.proconnectSub = null;
      user.proconnectLinkedAt = null;
      await m.save(user);
      // Sessions opened with the forgotten identity end with it.
      if (relinked) await this.sessions.revokeAllForUser(user.id, 'PROCONNECT_RELINK', m);
      await this.outbox.enqueue(m, {
        template: 'proconnect-invitation',
        recipient: user.email,
        mail: proConnectInvitationMail({ loginUrl: `${this.config.publicUrl}/connexion`, email: user.email }),
        related: { type: 'user', id: user.id },
      });
      await this.audit.record(m, {
        action: 'user.proconnect_invited',
        entityType: 'user',
        entityId: user.id,
        details: { previousLinkForgotten: relinked },
      });
      return toUserDto(user);
    });
  }

  async withdraw(id: string): Promise<UserDto> {
    return this.db.transaction(async (m) => {
      const user = await this.find(m, id);
      const wasLinked = user.proconnectSub !== null;
      user.proconnectInvitedAt = null;
      user.proconnectSub = null;
      user.proconnectLinkedAt = null;
      await m.save(user);
      if (wasLinked) await this.sessions.revokeAllForUser(user.id, 'PROCONNECT_WITHDRAWN', m);
      await this.audit.record(m, {
        action: 'user.proconnect_withdrawn',
        entityType: 'user',
        entityId: user.id,
        details: { wasLinked },
      });
      return toUserDto(user);
    });
  }

  private async find(m: EntityManager, id: string): Promise<UserEntity> {
    const u = await m.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!u) throw notFound('Compte introuvable.');
    return u;
  }
}
