import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MailTransport, createMailTransport } from './mail-transport';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

/**
 * Sends queued messages. Rows are claimed with FOR UPDATE SKIP LOCKED so that
 * several app instances never send the same message twice.
 */
@Injectable()
export class OutboxWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private transport: MailTransport;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {
    this.transport = createMailTransport(config);
  }

  /** Test support: send through another transport. */
  useTransport(transport: MailTransport): void {
    this.transport.close();
    this.transport = transport;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.processDue().finally(() => {
        this.running = null;
      });
    }, this.config.outboxPollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => 0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    this.transport.close();
  }

  /** A sitting page shows each member's delivery status live: tell it when a convocation changes state. */
  private async notifyRelated(m: import('typeorm').EntityManager, msg: OutboxMessageEntity): Promise<void> {
    if (msg.relatedType === 'sitting' && msg.relatedId) await m.query(`SELECT pg_notify('sitting_events', $1)`, [msg.relatedId]);
  }

  /** Sends every due message once; returns how many were sent. */
  async processDue(batchSize = 20): Promise<number> {
    let sent = 0;
    try {
      await this.dataSource.transaction(async (m) => {
        const due = await m
          .getRepository(OutboxMessageEntity)
          .createQueryBuilder('o')
          .where(`o.status = 'QUEUED' AND o.next_attempt_at <= :now`, { now: this.clock.now() })
          .orderBy('o.next_attempt_at', 'ASC')
          .limit(batchSize)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const msg of due) {
          try {
            await this.transport.send(msg, this.config.mailFrom);
            await m.update(OutboxMessageEntity, { id: msg.id }, {
              status: 'SENT',
              attempts: msg.attempts + 1,
              sentAt: this.clock.now(),
              lastError: null,
            });
            sent++;
            await this.notifyRelated(m, msg);
          } catch (err) {
            const attempts = msg.attempts + 1;
            const error = err instanceof Error ? err.message : String(err);
            const failed = attempts >= this.outbox.maxAttempts;
            await m.update(OutboxMessageEntity, { id: msg.id }, {
              status: failed ? 'FAILED' : 'QUEUED',
              attempts,
              lastError: error.slice(0, 1000),
              nextAttemptAt: new Date(this.clock.now().getTime() + this.outbox.backoffMs(attempts)),
            });
            this.logger.warn({ outboxId: msg.id, attempts, failed }, 'mail delivery failed');
            await this.notifyRelated(m, msg);
          }
        }
      });
    } catch (err) {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'outbox batch failed');
    }
    return sent;
  }
}
