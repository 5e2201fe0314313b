import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RenderedMail } from '@cdlp/templates';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OutboxAttachment, OutboxMessageEntity } from './outbox-message.entity';
import { TenantDb } from '../database/tenant-db';

export interface EnqueueMail {
  template: string;
  recipient: string;
  mail: RenderedMail;
  attachments?: OutboxAttachment[];
  related?: { type: string; id: string };
}

/**
 * Every e-mail is a row written in the caller's transaction: if the change rolls
 * back, no e-mail leaves; if SMTP is down, the row waits for the worker.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async enqueue(manager: EntityManager, msg: EnqueueMail): Promise<string> {
    const now = this.clock.now();
    const row = manager.create(OutboxMessageEntity, {
      template: msg.template,
      recipient: msg.recipient,
      subject: msg.mail.subject,
      textBody: msg.mail.text,
      htmlBody: msg.mail.html,
      attachments: msg.attachments ?? [],
      status: 'QUEUED',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      relatedType: msg.related?.type ?? null,
      relatedId: msg.related?.id ?? null,
      createdAt: now,
      sentAt: null,
    });
    await manager.save(row);
    return row.id;
  }

  /** Puts a message back in the queue (re-sending to one recipient). */
  async requeue(id: string): Promise<void> {
    await this.db
      .getRepository(OutboxMessageEntity)
      .update({ id }, { status: 'QUEUED', nextAttemptAt: this.clock.now(), attempts: 0, lastError: null });
  }

  /** Exponential backoff: 5 s, 10 s, 20 s… capped at one hour. */
  backoffMs(attempts: number): number {
    return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  }

  get maxAttempts(): number {
    return this.config.outboxMaxAttempts;
  }
}
