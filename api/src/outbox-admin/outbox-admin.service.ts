import { Inject, Injectable } from '@nestjs/common';

import { OutboxMessageDto, OutboxMessageSummaryDto, PageDto } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { notFound } from '../core/http/errors';
import { OutboxMessageEntity } from '../core/outbox/outbox-message.entity';
import { TenantDb } from '../core/database/tenant-db';

function summary(m: OutboxMessageEntity): OutboxMessageSummaryDto {
  return {
    id: m.id,
    template: m.template,
    recipient: m.recipient,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    relatedType: m.relatedType,
    relatedId: m.relatedId,
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
  };
}

@Injectable()
export class OutboxAdminService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(q: { page: number; pageSize: number; status?: string; relatedType?: string; relatedId?: string }): Promise<PageDto<OutboxMessageSummaryDto>> {
    const qb = this.db.getRepository(OutboxMessageEntity).createQueryBuilder('o');
    if (q.status) qb.andWhere('o.status = :st', { st: q.status });
    if (q.relatedType) qb.andWhere('o.related_type = :rt', { rt: q.relatedType });
    if (q.relatedId) qb.andWhere('o.related_id = :rid', { rid: q.relatedId });
    const [rows, total] = await qb
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'ASC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items: rows.map(summary), total, page: q.page, pageSize: q.pageSize };
  }

  /** The message as sent. E-mails carry pseudonymous references only (DP-2). */
  async get(id: string): Promise<OutboxMessageDto> {
    const m = await this.db.getRepository(OutboxMessageEntity).findOne({ where: { id } });
    if (!m) throw notFound('Message introuvable.');
    // Account e-mails carry one-time links: their body is shown only in demo mode.
    const secret = m.template === 'password-reset';
    return {
      ...summary(m),
      textBody: secret && !this.config.demoMode ? '(contenu masqué : lien à usage unique)' : m.textBody,
      htmlBody: secret && !this.config.demoMode ? '' : m.htmlBody,
    };
  }

  /** Re-sends a message: a failed one goes back to the queue, a sent one is copied. */
  async resend(id: string): Promise<OutboxMessageSummaryDto> {
    return this.db.transaction(async (tx) => {
      const m = await tx.getRepository(OutboxMessageEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!m) throw notFound('Message introuvable.');
      let result: OutboxMessageEntity;
      if (m.status === 'SENT') {
        const copy = tx.create(OutboxMessageEntity, {
          ...m,
          id: undefined,
          status: 'QUEUED',
          attempts: 0,
          lastError: null,
          nextAttemptAt: this.clock.now(),
          createdAt: this.clock.now(),
          sentAt: null,
        });
        result = await tx.save(copy);
      } else {
        Object.assign(m, { status: 'QUEUED', attempts: 0, lastError: null, nextAttemptAt: this.clock.now() });
        result = await tx.save(m);
      }
      await this.audit.record(tx, { action: 'outbox.resent', entityType: 'outbox_message', entityId: result.id, details: { from: id } });
      return summary(result);
    });
  }
}
